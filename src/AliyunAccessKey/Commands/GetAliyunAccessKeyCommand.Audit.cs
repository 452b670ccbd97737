using System.Globalization;
using System.Management.Automation;
using AliyunAccessKey.Operations;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>Get-AliyunAccessKey -StaleDays without a user: the account-wide audit.</summary>
public sealed partial class GetAliyunAccessKeyCommand
{
    private const int AuditActivityId = 0x15A7;
    private string? _auditActivity;

    private protected override string? ProgressActivity => _auditActivity;

    /// <summary>
    /// Finds the users who may hold a stale key (the credential report, else every user), then lists
    /// the keys of each as a unit of its own: -ThrottleLimit in flight, progress per user, and one
    /// user's failure is that user's error.
    /// </summary>
    private void AuditAccount(AliyunSession session, int staleDays)
    {
        IReadOnlyList<string>? users = null;
        string? whyNot = null;
        var progressShown = false;
        var found = RunNow("(account)", (output, ct) =>
        {
            users = StaleKeyAudit.UsersFromReport(
                session.Ims,
                session.Account,
                () => session.Client.ServerNow,
                staleDays,
                (state, seconds) => output.OnPipeline(() =>
                {
                    progressShown = true;
                    WriteProgress(new ProgressRecord(AuditActivityId, "Credential report", string.Format(CultureInfo.CurrentCulture, "{0}, {1:0} s", state, seconds)));
                }),
                output.Verbose,
                ct,
                out whyNot);
            if (users is null)
            {
                output.Warning($"Auditing by listing every RAM user: {whyNot}.");
                users = AllUsers(session, ct);
            }
        });
        if (progressShown)
        {
            WriteProgress(new ProgressRecord(AuditActivityId, "Credential report", "Done") { RecordType = ProgressRecordType.Completed });
        }

        if (!found || users is null)
        {
            return;
        }

        _auditActivity = whyNot is null ? "Stale AccessKeys of the users the credential report names" : "Stale AccessKeys of every RAM user";
        foreach (var upn in users)
        {
            Submit(upn, (output, ct) => StaleKeyAudit.KeysOf(session.Ims, session.Account, () => session.Client.ServerNow, upn, lastUsed: true, staleDays, k => output.Object(Shape(k)), ct));
        }
    }

    /// <summary>A listed key as output: the key itself, or with its last use (the #LastUsed view) when that was read.</summary>
    private static object Shape(ListedKey listed)
    {
        if (listed.LastUsed is not { } used)
        {
            return listed.Key;
        }

        var wrapped = new PSObject(listed.Key);
        wrapped.TypeNames.Insert(0, typeof(Model.AccessKey).FullName + "#LastUsed");
        wrapped.Properties.Add(new PSNoteProperty("LastUsedDate", used.LastUsedDate));
        wrapped.Properties.Add(new PSNoteProperty("ServiceName", used.ServiceName));

        // A note on the listed key, not a model property: a new key's CSV columns stay the console's.
        wrapped.Properties.Add(new PSNoteProperty("AutoDisableDate", listed.AutoDisableDate));
        if (listed.StaleReason is { } reason)
        {
            wrapped.Properties.Add(new PSNoteProperty("StaleReason", reason));
        }

        return wrapped;
    }

    /// <summary>Every RAM user, active and frozen (a frozen user's keys are stale all the same).</summary>
    private static List<string> AllUsers(AliyunSession session, CancellationToken ct)
    {
        var users = new List<string>();
        string? marker = null;
        do
        {
            var page = session.Ims.ListUsers(marker, InputRules.MaxMaxItems, ct, InputRules.UserStatusFilter(null));
            users.AddRange(page.Items.Select(static u => u.UserPrincipalName));
            marker = page.IsTruncated ? page.Marker : null;
        }
        while (marker is not null);

        return users;
    }
}
