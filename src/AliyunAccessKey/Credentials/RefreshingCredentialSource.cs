using AliyunAccessKey.Client;

namespace AliyunAccessKey.Credentials;

/// <summary>
/// Temporary credentials (STS AssumeRole, ECS RAM role, credentials URI) fetched on first use and
/// fetched again shortly before they expire, so a long bulk pipeline never signs with an expired
/// key. Thread-safe: parallel workers share one source.
/// </summary>
internal sealed class RefreshingCredentialSource : ICredentialSource
{
    // The official SDKs refresh 15 minutes early; short-lived credentials refresh in the last quarter of their life.
    private static readonly TimeSpan MaxMargin = TimeSpan.FromMinutes(15);

    private readonly Func<CancellationToken, AcsCredential> _fetch;
    private readonly object _lock = new();
    private AcsCredential? _current;
    private DateTime _refreshAt;

    internal RefreshingCredentialSource(string description, Func<CancellationToken, AcsCredential> fetch)
    {
        Description = description;
        _fetch = fetch;
    }

    /// <summary>Where the credentials come from, for the context and Verbose output.</summary>
    internal string Description { get; }

    /// <summary>The clock; replaced in tests.</summary>
    internal Func<DateTime> UtcNow { get; set; } = static () => DateTime.UtcNow;

    /// <summary>The credential in use now, without fetching; null before the first use.</summary>
    internal AcsCredential? Current => Volatile.Read(ref _current);

    /// <summary>How many times credentials were fetched (first fetch included).</summary>
    internal int FetchCount { get; private set; }

    /// <summary>Raised after each fetch with the new credential (no secret in its ToString).</summary>
    internal event Action<AcsCredential>? Refreshed;

    public AcsCredential GetCredential(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && UtcNow() < _refreshAt)
        {
            return current;
        }

        lock (_lock)
        {
            current = _current;
            var now = UtcNow();
            if (current is not null && now < _refreshAt)
            {
                return current;
            }

            try
            {
                var fresh = _fetch(cancellationToken);
                var lifetime = (fresh.Expiration ?? DateTime.MaxValue) - now;
                var margin = lifetime == TimeSpan.MaxValue || lifetime.Ticks / 4 > MaxMargin.Ticks ? MaxMargin : TimeSpan.FromTicks(lifetime.Ticks / 4);
                _refreshAt = fresh.Expiration is DateTime exp ? exp - margin : DateTime.MaxValue;
                Volatile.Write(ref _current, fresh);
                FetchCount++;
                Refreshed?.Invoke(fresh);
                return fresh;
            }
            catch (Exception) when (current is not null && current.Expiration is DateTime still && now < still && !cancellationToken.IsCancellationRequested)
            {
                // Refreshing early failed, but the credential in hand is still valid: use it and try again next call.
                return current;
            }
        }
    }
}

/// <summary>Forwards to a source set after construction: the STS client that refreshes credentials is built on the same session.</summary>
internal sealed class DeferredCredentialSource : ICredentialSource
{
    internal ICredentialSource? Inner { get; set; }

    public AcsCredential GetCredential(CancellationToken cancellationToken) =>
        (Inner ?? throw new InvalidOperationException("No credential source was set.")).GetCredential(cancellationToken);
}
