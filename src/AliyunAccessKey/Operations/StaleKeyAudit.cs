using System.Globalization;
using AliyunAccessKey.Client;
using AliyunAccessKey.Model;
using AliyunAccessKey.Sessions;

namespace AliyunAccessKey.Operations;

/// <summary>A listed key and what the listing learnt of it; LastUsed null when it was not asked.</summary>
internal sealed class ListedKey(AccessKey key, AccessKeyLastUsed? lastUsed, string? staleReason, DateTime? autoDisableDate)
{
    internal AccessKey Key { get; } = key;

    internal AccessKeyLastUsed? LastUsed { get; } = lastUsed;

    internal string? StaleReason { get; } = staleReason;

    internal DateTime? AutoDisableDate { get; } = autoDisableDate;
}

/// <summary>
/// The stale-key test of Get-AliyunAccessKey -StaleDays, for one user and for the whole account.
/// A key is stale when nobody can be using it: never used and created more than N days ago
/// (NeverUsed), or disabled for more than N days (Inactive).
/// Account-wide, the credential report names the users who may hold one (a handful of requests),
/// and only their keys are listed; without a report (too many users, no permission, not ready in
/// time) every user is listed instead.
/// </summary>
internal static class StaleKeyAudit
{
    /// <summary>How long the account-wide audit waits for the report before it lists every user instead.</summary>
    internal static readonly TimeSpan ReportTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The keys of one user (null: the caller) with their last use, and AutoDisableDate. With
    /// <paramref name="staleDays"/>, only stale keys, each with its StaleReason; a key that cannot be
    /// stale by what the listing shows (Active and younger than the cutoff) costs no last-use request.
    /// </summary>
    internal static void KeysOf(ImsClient ims, AccountFacts facts, Func<DateTime> serverNow, string? upn, bool lastUsed, int? staleDays, Action<ListedKey> emit, CancellationToken ct)
    {
        var cutoff = staleDays is int days ? serverNow().AddDays(-days) : DateTime.MinValue;
        foreach (var key in ims.ListAccessKeys(upn, ct))
        {
            if (!lastUsed)
            {
                emit(new ListedKey(key, null, null, null));
                continue;
            }

            var inactive = string.Equals(key.Status, "Inactive", StringComparison.Ordinal);
            if (staleDays is not null && !inactive && !(key.CreateDate < cutoff))
            {
                continue;
            }

            var used = ims.GetAccessKeyLastUsed(key.AccessKeyId, upn, ct);
            string? reason = null;
            if (staleDays is not null)
            {
                reason = inactive && (key.UpdateDate ?? key.CreateDate) < cutoff ? "Inactive"
                    : used.LastUsedDate is null && key.CreateDate < cutoff ? "NeverUsed"
                    : null;
                if (reason is null)
                {
                    continue;
                }
            }

            emit(new ListedKey(key, used, reason, facts.AutoDisableDate(key, used.LastUsedDate, ct)));
        }
    }

    /// <summary>
    /// The users whose keys the account-wide audit must list: from the credential report, those
    /// whose row shows a key that may be stale; null when the report cannot be had, with the reason.
    /// </summary>
    internal static IReadOnlyList<string>? UsersFromReport(
        ImsClient ims, AccountFacts facts, Func<DateTime> serverNow, int staleDays, Action<string, double>? progress, Action<string> verbose, CancellationToken ct, out string? whyNot)
    {
        whyNot = null;

        // The report has columns for two keys: with a larger quota a third key would go unseen.
        var quota = facts.KeysPerUser(ct);
        if (quota > 2)
        {
            whyNot = string.Format(CultureInfo.InvariantCulture, "a RAM user may hold {0} AccessKeys here, and the credential report shows only two per user", quota);
            return null;
        }

        CredentialReportResult report;
        try
        {
            report = CredentialReport.Read(ims, facts, null, ReportTimeout, progress, verbose, ct);
        }
        catch (CredentialReportTooLargeException ex)
        {
            whyNot = ex.Users is int n
                ? string.Format(CultureInfo.InvariantCulture, "the account has {0:N0} RAM users, and Alibaba makes no credential report above {1:N0}", n, ImsClient.CredentialReportMaxUsers)
                : "the account has too many RAM users for a credential report";
            return null;
        }
        catch (CredentialReportTimeoutException ex)
        {
            whyNot = ex.Message;
            return null;
        }
        catch (AliyunException ex)
        {
            whyNot = ex is AliyunServiceException s
                ? $"the credential report was refused ({s.Code}: {s.ServiceMessage})"
                : $"the credential report could not be read ({ex.Message})";
            return null;
        }

        var cutoff = serverNow().AddDays(-staleDays);
        var users = new List<string>();
        foreach (var row in report.Entries)
        {
            if (row.UserPrincipalName is { } upn &&
                (MayBeStale(row.AccessKey1Exist, row.AccessKey1Active, row.AccessKey1LastRotated, row.AccessKey1LastUsed, cutoff) ||
                 MayBeStale(row.AccessKey2Exist, row.AccessKey2Active, row.AccessKey2LastRotated, row.AccessKey2LastUsed, cutoff)))
            {
                users.Add(upn);
            }
        }

        verbose(string.Format(
            CultureInfo.InvariantCulture,
            "The credential report of {0:u} lists {1:N0} RAM users; {2:N0} may hold a stale AccessKey.",
            report.GeneratedTime, report.Entries.Count(static e => !e.IsRoot), users.Count));
        return users;
    }

    /// <summary>
    /// A report slot that may be a stale key: disabled (how long, only the listing tells), or never
    /// used and created before the cutoff. A slot that says nothing clear (no date, an unknown
    /// value) counts as "may be", so an odd report costs a listing, never a missed key.
    /// </summary>
    private static bool MayBeStale(bool? exist, bool? active, DateTime? lastRotated, DateTime? lastUsed, DateTime cutoff) =>
        exist != false && (active != true || (lastUsed is null && !(lastRotated >= cutoff)));
}
