using System.Management.Automation;
using AliyunAccessKey.Completion;
using AliyunAccessKey.Errors;
using AliyunAccessKey.Operations;
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
    /// Without a user, audits every RAM user of the account (through the credential report).
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

        if (upn is null && StaleDays is int days && !MyInvocation.ExpectingInput && !MyInvocation.BoundParameters.ContainsKey(nameof(UserPrincipalName)))
        {
            AuditAccount(session, days);
            return;
        }

        var lastUsed = IncludeLastUsed.IsPresent || StaleDays is not null;
        var staleDays = StaleDays;
        Submit(upn ?? "(caller)", (output, ct) => StaleKeyAudit.KeysOf(session.Ims, session.Account, () => session.Client.ServerNow, upn, lastUsed, staleDays, k => output.Object(Shape(k)), ct));
    }
}
