using AliyunAccessKey.Client;
using AliyunAccessKey.Model;

namespace AliyunAccessKey.Sessions;

/// <summary>
/// What a session learns once about the account: GetAccountSummary (the per-user key quota, the user
/// count) and GetSecurityPreference (MaxIdleDaysForAccessKeys). A refusal (4xx: no permission…) is
/// cached as "unknown", so a caller without the permission pays one request, not one per key; a
/// server or transport failure is not cached, and the caller that met it sees it.
/// </summary>
internal sealed class AccountFacts(ImsClient ims)
{
    private readonly object _lock = new();
    private (bool Known, AliyunAccountSummary? Value) _summary;
    private (bool Known, AliyunSecurityPreference? Value) _preference;

    /// <summary>Why the summary is unknown (the service's refusal), for Verbose; null when known or not asked.</summary>
    internal string? SummaryUnavailable { get; private set; }

    /// <summary>GetAccountSummary, once per session; null when the service refused it.</summary>
    internal AliyunAccountSummary? Summary(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_summary.Known)
            {
                try
                {
                    _summary = (true, ims.GetAccountSummary(cancellationToken));
                }
                catch (AliyunServiceException ex) when (ex.HttpStatus is >= 400 and < 500)
                {
                    SummaryUnavailable = $"{ex.Code}: {ex.ServiceMessage}";
                    _summary = (true, null);
                }
            }

            return _summary.Value;
        }
    }

    /// <summary>GetSecurityPreference, once per session; null when the service refused it.</summary>
    internal AliyunSecurityPreference? Preference(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_preference.Known)
            {
                try
                {
                    _preference = (true, ims.GetSecurityPreference(cancellationToken));
                }
                catch (AliyunServiceException ex) when (ex.HttpStatus is >= 400 and < 500)
                {
                    _preference = (true, null);
                }
            }

            return _preference.Value;
        }
    }

    /// <summary>How many AccessKey pairs a RAM user may hold: the account's quota, else Alibaba's documented 2.</summary>
    internal int KeysPerUser(CancellationToken cancellationToken) =>
        Quietly(() => Summary(cancellationToken))?.AccessKeysPerUserQuota is int n and > 0 ? n : DefaultKeysPerUser;

    /// <summary>What these facts add is never worth failing the command for: a failure reads as unknown.</summary>
    private static T? Quietly<T>(Func<T?> read)
        where T : class
    {
        try
        {
            return read();
        }
        catch (AliyunException)
        {
            return null;
        }
    }

    /// <summary>Alibaba's documented per-user AccessKey quota, used when the account's is unknown.</summary>
    internal const int DefaultKeysPerUser = 2;

    /// <summary>
    /// When Alibaba disables the key if it stays unused: its last use (else its creation) plus the
    /// account's MaxIdleDaysForAccessKeys; null for a disabled key or when the preference is unknown.
    /// </summary>
    internal DateTime? AutoDisableDate(AccessKey key, DateTime? lastUsed, CancellationToken cancellationToken)
    {
        if (!string.Equals(key.Status, "Active", StringComparison.Ordinal) || (lastUsed ?? key.CreateDate) is not DateTime from)
        {
            return null;
        }

        return Quietly(() => Preference(cancellationToken))?.MaxIdleDaysForAccessKeys is int days and > 0 ? from.AddDays(days) : null;
    }
}
