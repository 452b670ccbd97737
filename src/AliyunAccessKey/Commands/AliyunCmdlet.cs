using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using AliyunAccessKey.Client;
using AliyunAccessKey.Model;
using AliyunAccessKey.Session;

namespace AliyunAccessKey.Commands;

/// <summary>Where a unit of work sends its results: straight to the pipeline, or through a queue the pipeline thread drains.</summary>
internal interface IWorkOutput
{
    void Object(object value);

    void Error(ErrorRecord record);

    void Verbose(string message);

    void Warning(string message);

    /// <summary>Runs <paramref name="action"/> on the pipeline thread (e.g. to call other commands in this runspace).</summary>
    void OnPipeline(Action action);
}

/// <summary>
/// Base of every cmdlet that calls Alibaba Cloud. Owns the session lookup, cancellation (Ctrl+C
/// cancels the token every request carries), the exception→ErrorRecord mapping, Verbose tracing
/// of requests, and bounded concurrency (-ThrottleLimit) with output written only on the pipeline thread.
/// </summary>
public abstract class AliyunCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly ConcurrentQueue<Action> _pending = new();
    private readonly AutoResetEvent _signal = new(false);
    private readonly List<Thread> _workers = [];
    private readonly Stopwatch _progressClock = Stopwatch.StartNew();
    private BlockingCollection<Action>? _queue;
    private int _outstanding;
    private AliyunSession? _session;
    private int _completed;
    private bool _progressShown;

    /// <summary>The connection to use instead of the current one (from Connect-AliyunAccount -PassThru or Get-AliyunContext).</summary>
    [Parameter]
    [ValidateNotNull]
    public AliyunContext? Context { get; set; }

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    protected CancellationToken CancelToken => _cancel.Token;

    /// <summary>How many requests this invocation may have in flight; 1 runs inline.</summary>
    private protected virtual int Concurrency => 1;

    /// <summary>The Write-Progress activity for bulk work; null for none.</summary>
    private protected virtual string? ProgressActivity => null;

    internal AliyunSession Session => _session ??= ResolveSession();

    /// <summary>True once this invocation has used its session (so end-of-work steps have something to do).</summary>
    private protected bool HasSession => _session is not null;

    private AliyunSession ResolveSession()
    {
        var session = Context?.Session ?? SessionStore.Get(Runspace.DefaultRunspace);
        if (session is null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException("Not connected to Alibaba Cloud. Run Connect-AliyunAccount first."),
                "NotConnected",
                ErrorCategory.ConnectionError,
                null)
            {
                ErrorDetails = new ErrorDetails("Not connected to Alibaba Cloud. Run Connect-AliyunAccount first.")
                {
                    RecommendedAction = "Connect-AliyunAccount -Credential (Get-Credential) # user name = AccessKey ID, password = secret",
                },
            });
        }

        return session!;
    }

    /// <summary>
    /// True when <paramref name="parameter"/> came from the command line or the pipeline but holds
    /// nothing usable (an empty CSV cell, $null, a row without the column): such input must never
    /// fall back to what an omitted parameter means ("the caller", "every user").
    /// </summary>
    private protected bool GivenButBlank(string parameter, bool blank) =>
        blank && (MyInvocation.ExpectingInput || MyInvocation.BoundParameters.ContainsKey(parameter));

    /// <summary>True when -WhatIf is in effect, so that -Force never turns it into a real change.</summary>
    private protected bool WhatIfRequested =>
        (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) && ((SwitchParameter)w).IsPresent) ||
        (GetVariableValue("WhatIfPreference") is { } pref && LanguagePrimitives.IsTrue(pref));

    /// <summary>
    /// Runs <paramref name="work"/> for one input: inline when Concurrency is 1, otherwise on a
    /// worker once a slot is free. Results reach the pipeline in completion order.
    /// </summary>
    private protected void Submit(object? target, Action<IWorkOutput, CancellationToken> work)
    {
        if (Concurrency <= 1)
        {
            RunOne(new DirectOutput(this), target, work);
            Completed(target);
            return;
        }

        StartWorkers();
        var output = new QueuedOutput(this);
        Interlocked.Increment(ref _outstanding);
        Action unit = () =>
        {
            try
            {
                RunOne(output, target, work);
            }
            finally
            {
                _pending.Enqueue(() => Completed(target));
                Interlocked.Decrement(ref _outstanding);
                _signal.Set();
            }
        };

        // A full queue means every worker is busy: write what is done while waiting for room.
        while (!_queue!.TryAdd(unit))
        {
            WaitHandle.WaitAny([_signal, CancelToken.WaitHandle], 50);
            CancelToken.ThrowIfCancellationRequested();
            Drain();
        }

        Drain();
    }

    /// <summary>
    /// Concurrency worker threads fed by a queue as long as the concurrency. Requests block their
    /// thread (the synchronous send is cheaper per request), so these are threads of our own: the
    /// thread pool grows too slowly for many blocking requests, and a thread per request costs more.
    /// </summary>
    private void StartWorkers()
    {
        if (_queue is not null)
        {
            return;
        }

        _queue = new BlockingCollection<Action>(new ConcurrentQueue<Action>(), Concurrency);
        for (var i = 0; i < Concurrency; i++)
        {
            var worker = new Thread(WorkerLoop) { IsBackground = true, Name = "AliyunAccessKey worker" };
            _workers.Add(worker);
            worker.Start();
        }
    }

    private void WorkerLoop()
    {
        try
        {
            foreach (var unit in _queue!.GetConsumingEnumerable(CancelToken))
            {
                unit();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: units still queued never started, so nothing of theirs exists.
        }
    }

    /// <summary>Ends the workers: nothing new starts, requests in flight are cancelled, and their threads are joined.</summary>
    private protected void StopWorkers()
    {
        if (_queue is null)
        {
            return;
        }

        _queue.CompleteAdding();
        if (Volatile.Read(ref _outstanding) > 0)
        {
            _cancel.Cancel();
        }

        foreach (var worker in _workers)
        {
            worker.Join(TimeSpan.FromSeconds(10));
        }

        _workers.Clear();
    }

    /// <summary>Waits for every submitted unit and writes what is left; call from EndProcessing.</summary>
    private protected void WaitForAll()
    {
        _queue?.CompleteAdding();
        while (Volatile.Read(ref _outstanding) > 0)
        {
            Drain();
            WaitHandle.WaitAny([_signal, CancelToken.WaitHandle], 250);
            CancelToken.ThrowIfCancellationRequested();
        }

        Drain();
        if (_progressShown && ProgressActivity is { } activity)
        {
            WriteProgress(new ProgressRecord(ActivityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    private int ActivityId => GetType().Name.GetHashCode() & 0x7FFF;

    private void Completed(object? target)
    {
        _completed++;
        if (ProgressActivity is { } activity && _progressClock.ElapsedMilliseconds >= 200)
        {
            _progressClock.Restart();
            _progressShown = true;
            WriteProgress(new ProgressRecord(ActivityId, activity, string.Format(CultureInfo.CurrentCulture, "{0} done; last: {1}", _completed, target))
            {
                PercentComplete = -1,
            });
        }
    }

    private void RunOne(IWorkOutput output, object? target, Action<IWorkOutput, CancellationToken> work)
    {
        var label = target?.ToString();
        using var trace = AcsClient.TraceTo(info => output.Verbose(string.IsNullOrEmpty(label) ? info.ToString() : $"{label}: {info}"));
        try
        {
            work(output, CancelToken);
        }
        catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
        {
            // Stopping: the pipeline is going away, nothing more to report for this input.
        }
        catch (Exception ex) when (ex is not PipelineStoppedException and not OperationCanceledException)
        {
            // One input failed: report it and let the rest of the pipeline go on. On a worker
            // thread nothing else would ever see this exception.
            output.Error(ErrorMapper.ToErrorRecord(ex, target));
        }
    }

    private void Drain()
    {
        while (_pending.TryDequeue(out var action))
        {
            action();
        }
    }

    /// <summary>Writes an ErrorRecord for an exception, mapped the one way every cmdlet does.</summary>
    private protected void WriteMappedError(Exception ex, object? target) => WriteError(ErrorMapper.ToErrorRecord(ex, target));

    /// <summary>Cancels the token so requests in flight stop.</summary>
    protected override void StopProcessing() => _cancel.Cancel();

    /// <summary>
    /// A token for taking back a key after Ctrl+C: the cmdlet's own token is cancelled by then, and
    /// the user is waiting, so the clean-up gets a bounded time of its own.
    /// </summary>
    internal static CancellationTokenSource CleanupBudget() => new(TimeSpan.FromSeconds(10));

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the cancellation source and the concurrency primitives.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            StopWorkers();
            _queue?.Dispose();
            _cancel.Dispose();
            _signal.Dispose();
        }
    }

    private sealed class DirectOutput(AliyunCmdlet cmdlet) : IWorkOutput
    {
        public void Object(object value) => cmdlet.WriteObject(value);

        public void Error(ErrorRecord record) => cmdlet.WriteError(record);

        public void Verbose(string message) => cmdlet.WriteVerbose(message);

        public void Warning(string message) => cmdlet.WriteWarning(message);

        public void OnPipeline(Action action) => action();
    }

    private sealed class QueuedOutput(AliyunCmdlet cmdlet) : IWorkOutput
    {
        public void Object(object value) => Post(() => cmdlet.WriteObject(value));

        public void Error(ErrorRecord record) => Post(() => cmdlet.WriteError(record));

        public void Verbose(string message) => Post(() => cmdlet.WriteVerbose(message));

        public void Warning(string message) => Post(() => cmdlet.WriteWarning(message));

        public void OnPipeline(Action action) => Post(action);

        private void Post(Action action)
        {
            cmdlet._pending.Enqueue(action);
            cmdlet._signal.Set();
        }
    }
}
