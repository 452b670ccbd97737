using System.Collections.Concurrent;
using AliyunAccessKey.Client;

namespace AliyunAccessKey.Operations;

/// <summary>
/// Keys created whose secret has not been handed to anyone yet (the pipeline, a vault). Whoever
/// removes a key from here owns it: the hand-over, or the one clean-up that deletes it, never both.
/// </summary>
internal sealed class UnhandedKeys
{
    private readonly ConcurrentDictionary<string, string?> _keys = new(StringComparer.Ordinal);

    internal bool IsEmpty => _keys.IsEmpty;

    /// <summary>
    /// Records a key just created. When the stop has already come (a unit that ignored
    /// cancellation, past the stop deadline, so the clean-up may have run already), the key can
    /// never be handed over: it is deleted here, with a budget of its own.
    /// </summary>
    /// <returns>False when the key was taken back instead (nothing is to be written for it).</returns>
    internal bool Track(string accessKeyId, string? userPrincipalName, Action<string, string?, CancellationToken> delete, CancellationToken stop)
    {
        _keys[accessKeyId] = userPrincipalName;
        if (!stop.IsCancellationRequested || !_keys.TryRemove(accessKeyId, out _))
        {
            return true;
        }

        using var budget = Cleanup.Budget();
        TryDelete(delete, accessKeyId, userPrincipalName, budget.Token);
        return false;
    }

    /// <summary>The key's secret goes out (or is stored) now: it is no longer the clean-up's.</summary>
    /// <returns>False when the clean-up took it already.</returns>
    internal bool HandOver(string accessKeyId) => _keys.TryRemove(accessKeyId, out _);

    /// <summary>Deletes every key still here, best effort and silent (the pipeline is gone).</summary>
    internal void DeleteAll(Action<string, string?, CancellationToken> delete, CancellationToken budget)
    {
        foreach (var id in _keys.Keys)
        {
            if (_keys.TryRemove(id, out var upn))
            {
                TryDelete(delete, id, upn, budget);
            }
        }
    }

    private static void TryDelete(Action<string, string?, CancellationToken> delete, string id, string? upn, CancellationToken budget)
    {
        try
        {
            delete(id, upn, budget);
        }
        catch (Exception ex) when (ex is AliyunException or OperationCanceledException)
        {
            // Nothing more can be done here; Get-AliyunAccessKey -StaleDays 0 lists such a key later.
        }
    }
}
