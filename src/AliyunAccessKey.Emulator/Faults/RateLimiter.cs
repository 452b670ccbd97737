using System.Collections.Concurrent;

namespace AliyunAccessKey.Emulator.Faults;

/// <summary>A token bucket per AccessKey ID, as the service's per-user flow control behaves.</summary>
internal sealed class RateLimiter
{
    private readonly double _rate;
    private readonly double _burst;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    public RateLimiter(double requestsPerSecond, int burst, TimeProvider time)
    {
        _rate = requestsPerSecond;
        _burst = burst > 0 ? burst : Math.Max(1, requestsPerSecond);
        _time = time;
    }

    /// <summary>Takes a token; when none is left, says how long until one is.</summary>
    public bool TryAcquire(string accessKeyId, out long retryAfterMs)
    {
        var now = _time.GetTimestamp();
        var bucket = _buckets.GetOrAdd(accessKeyId, static (_, s) => new Bucket(s._burst, s._time.GetTimestamp()), this);
        lock (bucket)
        {
            var elapsed = _time.GetElapsedTime(bucket.Stamp, now).TotalSeconds;
            if (elapsed > 0)
            {
                bucket.Tokens = Math.Min(_burst, bucket.Tokens + (elapsed * _rate));
                bucket.Stamp = now;
            }

            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                retryAfterMs = 0;
                return true;
            }

            retryAfterMs = (long)Math.Ceiling((1 - bucket.Tokens) / _rate * 1000);
            return false;
        }
    }

    private sealed class Bucket(double tokens, long stamp)
    {
        public double Tokens { get; set; } = tokens;

        public long Stamp { get; set; } = stamp;
    }
}
