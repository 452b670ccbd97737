using System.Management.Automation;
using AliyunAccessKey.Client;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Removes RAM users from a group. Users (and Get-AliyunRamGroupMember's output) pipe in by property name; a GroupName column binds too.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "AliyunRamGroupMember", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveAliyunRamGroupMemberCommand : AliyunRamGroupMemberChangeCmdlet
{
    private protected override string? ProgressActivity => "Removing RAM group members";

    private protected override string AlreadySoCode => "EntityNotExist.User.Group";

    private protected override string Action(string group) => $"Remove from RAM group {group}";

    private protected override string AlreadySo(string upn, string group) => $"{upn} is not a member of {group}.";

    private protected override void Change(ImsClient ims, string group, string upn, CancellationToken ct) =>
        ims.RemoveUserFromGroup(group, upn, ct);
}
