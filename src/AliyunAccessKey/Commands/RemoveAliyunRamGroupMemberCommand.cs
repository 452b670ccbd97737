using System.Management.Automation;
using AliyunAccessKey.Client;
using AliyunAccessKey.Completion;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Removes RAM users from a group. Users (and Get-AliyunRamGroupMember's output) pipe in by property name; a GroupName column binds too.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "AliyunRamGroupMember", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveAliyunRamGroupMemberCommand : AliyunBulkCmdlet
{
    /// <summary>The group to remove the users from.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(GroupNameCompleter))]
    public string GroupName { get; set; } = string.Empty;

    /// <summary>The user to remove.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("UPN")]
    [ArgumentCompleter(typeof(UserPrincipalNameCompleter))]
    public string UserPrincipalName { get; set; } = string.Empty;

    private protected override string? ProgressActivity => "Removing RAM group members";

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

        if (!ShouldProcess(upn, $"Remove from RAM group {group}"))
        {
            return;
        }

        var ims = session.Ims;
        Submit(upn, (output, ct) =>
        {
            try
            {
                ims.RemoveUserFromGroup(group, upn, ct);
            }
            catch (AliyunServiceException ex) when (ex.IsCode("EntityNotExist.User.Group"))
            {
                // Not a member: what was asked for already holds.
                output.Warning($"{upn} is not a member of {group}.");
            }
        });
    }
}
