using System.Management.Automation;
using AliyunAccessKey.Client;
using AliyunAccessKey.Completion;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// Add- and Remove-AliyunRamGroupMember share their parameters (which group, which user), the
/// checks, the confirmation and the sending; they differ in the call and in the error code that
/// means "already so", which is a warning, not a failure.
/// </summary>
public abstract class AliyunRamGroupMemberChangeCmdlet : AliyunBulkCmdlet
{
    /// <summary>The group.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(GroupNameCompleter))]
    public string GroupName { get; set; } = string.Empty;

    /// <summary>The user.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("UPN")]
    [ArgumentCompleter(typeof(UserPrincipalNameCompleter))]
    public string UserPrincipalName { get; set; } = string.Empty;

    /// <summary>The ShouldProcess action text for the group.</summary>
    private protected abstract string Action(string group);

    /// <summary>The service error code that means what was asked for already holds.</summary>
    private protected abstract string AlreadySoCode { get; }

    /// <summary>The warning written for <see cref="AlreadySoCode"/>.</summary>
    private protected abstract string AlreadySo(string upn, string group);

    /// <summary>The call: adds the user to, or removes it from, the group.</summary>
    private protected abstract void Change(ImsClient ims, string group, string upn, CancellationToken ct);

    /// <summary>What to write once the change is made (read per input record); null for nothing.</summary>
    private protected virtual object? PassedOn(string group, string upn) => null;

    private protected override void ProcessRecordWithSession(AliyunSession session)
    {
        var group = GroupName.Trim();
        var upn = UserPrincipalName.Trim();
        var invalid = InputValidation.GroupName(group, group) ?? InputValidation.UserPrincipalName(upn, upn);
        if (invalid is not null)
        {
            WriteError(invalid);
            return;
        }

        if (!ShouldProcess(upn, Action(group)))
        {
            return;
        }

        var ims = session.Ims;
        var passOn = PassedOn(group, upn);
        Submit(upn, (output, ct) =>
        {
            try
            {
                Change(ims, group, upn, ct);
            }
            catch (AliyunServiceException ex) when (ex.IsCode(AlreadySoCode))
            {
                // What was asked for already holds: a warning (and -PassThru still passes the user on),
                // so that running an onboarding script again completes what it did not finish.
                output.Warning(AlreadySo(upn, group));
            }

            if (passOn is not null)
            {
                output.Object(passOn);
            }
        });
    }
}
