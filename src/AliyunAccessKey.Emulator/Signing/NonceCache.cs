using System.Collections.Concurrent;

namespace AliyunAccessKey.Emulator.Signing;

/// <summary>Nonces seen in the last 15 minutes, per AccessKey ID: a reused one is a replay.</summary>
internal sealed class NonceCache
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, DateTime> _seen = new(StringComparer.Ordinal);
    private long _adds;

    public bool TryUse(string accessKeyId, string nonce, DateTime now)
    {
        var key = accessKeyId + "\n" + nonce;
        if (!_seen.TryAdd(key, now))
        {
            if (_seen.TryGetValue(key, out var at) && now - at < Window)
            {
                return false;
            }

            _seen[key] = now;
        }

        // Purge now and then rather than on a timer: memory stays bounded by the request rate.
        if (Interlocked.Increment(ref _adds) % 8192 == 0)
        {
            foreach (var entry in _seen)
            {
                if (now - entry.Value >= Window)
                {
                    _seen.TryRemove(entry);
                }
            }
        }

        return true;
    }

    public void Clear() => _seen.Clear();
}
