using System.Management.Automation;
using AliyunAccessKey.Completion;
using AliyunAccessKey.Errors;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Lists the AccessKey pairs (never their secrets) of RAM users or of the caller.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AliyunAccessKey")]
[OutputType(typeof(Model.AccessKey))]
public sealed partial class GetAliyunAccessKeyCommand : AliyunBulkCmdlet
{
    /// <summary>The RAM user whose keys to list; omit for the caller's own.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("UPN")]
    [ArgumentCompleter(typeof(UserPrincipalNameCompleter))]
    public string? UserPrincipalName { get; set; }

    /// <summary>Add LastUsedDate and ServiceName (one more request per key).</summary>
    [Parameter]
    public SwitchParameter IncludeLastUsed { get; set; }

    /// <summary>
    /// Only keys nobody can be using: never used and older than this many days, or disabled (Inactive)
    /// for this many days. Each gets StaleReason NeverUsed or Inactive; implies -IncludeLastUsed.
    /// </summary>
    [Parameter]
    [ValidateRange(0, 36500)]
    public int? StaleDays { get; set; }

    private protected override void ProcessRecordWithSession(AliyunSession session)
    {
        var upn = NullIfEmpty(UserPrincipalName)?.Trim();
        if (GivenButBlank(nameof(UserPrincipalName), upn is null))
        {
            WriteError(ErrorMapper.InvalidInput("InvalidUserPrincipalName", "A piped input has no UserPrincipalName (empty or missing): nothing was listed for it.", UserPrincipalName));
            return;
        }

        if (upn is not null && InputValidation.UserPrincipalName(upn, upn) is { } invalid)
        {
            WriteError(invalid);
            return;
        }

        // -InRecycleBin: the user's deleted keys (GetAliyunAccessKeyCommand.RecycleBin.cs).
        if (InRecycleBin.IsPresent)
        {
            ProcessInRecycleBin(session, upn);
            return;
        }

        var lastUsed = IncludeLastUsed.IsPresent || StaleDays is not null;
        var staleDays = StaleDays;
        Submit(upn ?? "(caller)", (output, ct) =>
        {
            var cutoff = staleDays is int days ? session.Client.ServerNow.AddDays(-days) : DateTime.MinValue;
            foreach (var key in session.Ims.ListAccessKeys(upn, ct))
            {
                if (!lastUsed)
                {
                    output.Object(key);
                    continue;
                }

                var used = session.Ims.GetAccessKeyLastUsed(key.AccessKeyId, upn, ct);
                string? reason = null;
                if (staleDays is not null)
                {
                    reason = string.Equals(key.Status, "Inactive", StringComparison.Ordinal) && (key.UpdateDate ?? key.CreateDate) < cutoff ? "Inactive"
                        : used.LastUsedDate is null && key.CreateDate < cutoff ? "NeverUsed"
                        : null;
                    if (reason is null)
                    {
                        continue;
                    }
                }

                var wrapped = new PSObject(key);
                wrapped.TypeNames.Insert(0, typeof(Model.AccessKey).FullName + "#LastUsed");
                wrapped.Properties.Add(new PSNoteProperty("LastUsedDate", used.LastUsedDate));
                wrapped.Properties.Add(new PSNoteProperty("ServiceName", used.ServiceName));
                if (reason is not null)
                {
                    wrapped.Properties.Add(new PSNoteProperty("StaleReason", reason));
                }

                output.Object(wrapped);
            }
        });
    }
}
