namespace AliyunAccessKey.Client;

/// <summary>
/// Jittered exponential backoff ("full jitter"): attempt n waits a random time up to
/// min(MaxDelay, BaseDelay * 2^(n-1)), or the server's x-acs-retry-after hint when it sent one.
/// </summary>
internal sealed class RetryPolicy
{
    private readonly object _lock = new();
    private readonly Random _random;

    /// <summary>Creates the default policy: 4 attempts, 200 ms base, 20 s cap.</summary>
    public RetryPolicy()
        : this(null)
    {
    }

    /// <summary>Creates a policy whose jitter comes from a seeded generator, for repeatable tests.</summary>
    public RetryPolicy(int? seed)
    {
        _random = seed is int s ? new Random(s) : new Random();
    }

    /// <summary>A policy that never retries.</summary>
    public static RetryPolicy None => new() { MaxAttempts = 1, MaxThrottleRetries = 0 };

    /// <summary>Attempts in all, the first included (1 = no retry).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Throttled attempts that do not count against <see cref="MaxAttempts"/> (each is paced and retried).</summary>
    public int MaxThrottleRetries { get; set; } = 30;

    /// <summary>The delay cap of the first retry; it doubles with each further retry.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>No wait is longer than this, server hints included.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The wait before attempt <paramref name="nextAttempt"/> (2 for the first retry).</summary>
    public TimeSpan GetDelay(int nextAttempt, TimeSpan? serverHint)
    {
        if (serverHint is TimeSpan hint && hint > TimeSpan.Zero)
        {
            return hint < MaxDelay ? hint : MaxDelay;
        }

        var exponent = Math.Min(Math.Max(nextAttempt - 2, 0), 30);
        var cap = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        double r;
        lock (_lock)
        {
            r = _random.NextDouble();
        }

        return TimeSpan.FromMilliseconds(cap * r);
    }

    /// <summary>
    /// Retry what is safe to repeat: throttling, 503 and connections never made always (but not a
    /// failed TLS handshake, which repeats itself); other 5xx,
    /// timeouts and lost connections only when the action is idempotent — otherwise the outcome is unknown.
    /// </summary>
    internal static RetryVerdict Judge(AliyunException failure, bool idempotent)
    {
        var ambiguous = idempotent ? RetryVerdict.Retry : RetryVerdict.OutcomeUnknown;
        return failure switch
        {
            AliyunServiceException s when s.IsThrottling || s.HttpStatus == 503 || s.IsCode("ServiceUnavailable") => RetryVerdict.Retry,
            AliyunServiceException s when s.HttpStatus >= 500 || (s.HttpStatus < 300 && s.IsCode("InternalError")) => ambiguous,
            AliyunServiceException => RetryVerdict.Fail,

            // A failed TLS handshake sent nothing, but fails the same way every time (TLS 1.2 not enabled, an untrusted certificate).
            AliyunTransportException { IsSecureChannelFailure: true } => RetryVerdict.Fail,
            AliyunTransportException t when !t.RequestMayHaveBeenSent => RetryVerdict.Retry,
            AliyunTransportException => ambiguous,
            AliyunResponseException r when r.HttpStatus == 503 => RetryVerdict.Retry,
            AliyunResponseException r when r.HttpStatus >= 500 => ambiguous,

            // A success that cannot be read may have created a key whose secret is now lost.
            AliyunResponseException r when r.HttpStatus < 300 => idempotent ? RetryVerdict.Fail : RetryVerdict.OutcomeUnknown,
            _ => RetryVerdict.Fail,
        };
    }
}

/// <summary>What to do after a failed attempt.</summary>
internal enum RetryVerdict
{
    /// <summary>Give up: repeating cannot help (a refusal, bad input).</summary>
    Fail,

    /// <summary>Try again, within the attempt budget: the service surely did not act, or acting twice is harmless.</summary>
    Retry,

    /// <summary>Stop: the service may have acted, and repeating could act twice.</summary>
    OutcomeUnknown,
}
