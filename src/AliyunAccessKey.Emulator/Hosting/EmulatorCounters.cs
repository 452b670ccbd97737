using System.Collections.Concurrent;

namespace AliyunAccessKey.Emulator;

/// <summary>What the emulator has seen since start or the last reset.</summary>
public sealed record CountersSnapshot
{
    /// <summary>API requests received (control and metadata requests not included).</summary>
    public long Requests { get; init; }

    /// <summary>API requests whose signature was verified.</summary>
    public long Verified { get; init; }

    /// <summary>API requests answered with success.</summary>
    public long Succeeded { get; init; }

    /// <summary>Requests refused with Throttling.User.</summary>
    public long Throttled { get; init; }

    /// <summary>Error answers by code (faults and throttling included).</summary>
    public IReadOnlyDictionary<string, long> Rejected { get; init; } = new Dictionary<string, long>();

    /// <summary>Injected faults by kind name ("503", "reset"…).</summary>
    public IReadOnlyDictionary<string, long> Faults { get; init; } = new Dictionary<string, long>();

    /// <summary>Verified requests by action.</summary>
    public IReadOnlyDictionary<string, long> Actions { get; init; } = new Dictionary<string, long>();

    /// <summary>AccessKeys whose CreateAccessKey answer never reached the client and that still exist, live or restorable from a recycle bin.</summary>
    public int OrphanKeys { get; init; }

    /// <summary>Requests to the instance metadata service.</summary>
    public long MetadataRequests { get; init; }
}

/// <summary>One fault the emulator injected.</summary>
/// <param name="Ordinal">Position in the fault-eligible request sequence (0-based, restarts when knobs are set).</param>
/// <param name="Action">The action of the request.</param>
/// <param name="Kind">The fault.</param>
/// <param name="RequestId">The request id the request was given.</param>
public sealed record FaultEvent(long Ordinal, string Action, FaultKind Kind, string RequestId);

/// <summary>Thread-safe counters behind <see cref="CountersSnapshot"/>.</summary>
internal sealed class EmulatorCounters
{
    private const int FaultLogSize = 1000;
    private readonly ConcurrentDictionary<string, long> _rejected = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _actions = new(StringComparer.Ordinal);
    private readonly Queue<FaultEvent> _faultLog = new();
    private readonly Lock _faultLogLock = new();
    private long _requests;
    private long _verified;
    private long _succeeded;
    private long _throttled;
    private long _metadata;

    public void Request() => Interlocked.Increment(ref _requests);

    public void Verified(string action)
    {
        Interlocked.Increment(ref _verified);
        _actions.AddOrUpdate(action, 1, static (_, n) => n + 1);
    }

    public void Succeeded() => Interlocked.Increment(ref _succeeded);

    public void Throttled() => Interlocked.Increment(ref _throttled);

    public void Metadata() => Interlocked.Increment(ref _metadata);

    public void Rejected(string code) => _rejected.AddOrUpdate(code, 1, static (_, n) => n + 1);

    public void Fault(FaultEvent fault)
    {
        _faults.AddOrUpdate(FaultKinds.ToName(fault.Kind), 1, static (_, n) => n + 1);
        lock (_faultLogLock)
        {
            if (_faultLog.Count == FaultLogSize)
            {
                _faultLog.Dequeue();
            }

            _faultLog.Enqueue(fault);
        }
    }

    public IReadOnlyList<FaultEvent> FaultLog()
    {
        lock (_faultLogLock)
        {
            return _faultLog.ToArray();
        }
    }

    public CountersSnapshot Snapshot(int orphanKeys) => new()
    {
        Requests = Interlocked.Read(ref _requests),
        Verified = Interlocked.Read(ref _verified),
        Succeeded = Interlocked.Read(ref _succeeded),
        Throttled = Interlocked.Read(ref _throttled),
        MetadataRequests = Interlocked.Read(ref _metadata),
        Rejected = new SortedDictionary<string, long>(_rejected, StringComparer.Ordinal),
        Faults = new SortedDictionary<string, long>(_faults, StringComparer.Ordinal),
        Actions = new SortedDictionary<string, long>(_actions, StringComparer.Ordinal),
        OrphanKeys = orphanKeys,
    };

    public void Reset()
    {
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _verified, 0);
        Interlocked.Exchange(ref _succeeded, 0);
        Interlocked.Exchange(ref _throttled, 0);
        Interlocked.Exchange(ref _metadata, 0);
        _rejected.Clear();
        _faults.Clear();
        _actions.Clear();
        lock (_faultLogLock)
        {
            _faultLog.Clear();
        }
    }
}
