namespace AliyunAccessKey.Client;

/// <summary>
/// Spaces a client's requests once the service has throttled it, so that many requests in flight
/// do not all retry at the same instant and get throttled again. The spacing comes from the
/// service's x-acs-retry-after hint (the time until it accepts the next request) and grows by a
/// fifth each time throttling recurs; every success shrinks it a little, to find the allowed rate again.
/// </summary>
internal sealed class Pacer
{
    private static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinStep = TimeSpan.FromMilliseconds(5);

    private readonly object _lock = new();
    private long _intervalTicks;
    private DateTime _next = DateTime.MinValue;
    private DateTime _lastRaise = DateTime.MinValue;

    /// <summary>The current spacing; zero until the first throttling.</summary>
    internal TimeSpan Interval => TimeSpan.FromTicks(Interlocked.Read(ref _intervalTicks));

    /// <summary>Takes the next send slot and returns how long to wait for it.</summary>
    internal TimeSpan Reserve(DateTime now)
    {
        if (Interlocked.Read(ref _intervalTicks) == 0)
        {
            return TimeSpan.Zero;
        }

        lock (_lock)
        {
            var slot = now > _next ? now : _next;
            _next = slot + TimeSpan.FromTicks(_intervalTicks);
            return slot - now;
        }
    }

    internal void OnThrottled(DateTime now, TimeSpan? hint)
    {
        lock (_lock)
        {
            if (now - _lastRaise < TimeSpan.FromTicks(Math.Max(_intervalTicks, MinStep.Ticks)))
            {
                // Requests that were already in flight report the same throttling: raise once.
                return;
            }

            // Never below the service's own hint; still throttled at that spacing means a bit more.
            var raised = _intervalTicks == 0 ? MinStep.Ticks : _intervalTicks + (_intervalTicks / 5);
            var floor = hint is TimeSpan h && h > TimeSpan.Zero ? h.Ticks : 0;
            _intervalTicks = Math.Min(Math.Max(raised, floor), MaxInterval.Ticks);
            _lastRaise = now;
        }
    }

    internal void OnSuccess()
    {
        if (Interlocked.Read(ref _intervalTicks) == 0)
        {
            return;
        }

        lock (_lock)
        {
            var shrunk = (long)(_intervalTicks * 0.995);
            _intervalTicks = shrunk < TimeSpan.TicksPerMillisecond / 5 ? 0 : shrunk;
        }
    }
}
