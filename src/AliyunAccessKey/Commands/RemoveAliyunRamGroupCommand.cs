using System.Management.Automation;
using AliyunAccessKey.Completion;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Deletes RAM user groups. With -Force, removes each group's members and detaches its policies first.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "AliyunRamGroup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveAliyunRamGroupCommand : AliyunBulkCmdlet
{
    /// <summary>The group to delete.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(GroupNameCompleter))]
    public string GroupName { get; set; } = string.Empty;

    /// <summary>Remove the group's members and detach its policies first (the service refuses to delete a group that has either), and do not ask.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    private protected override void ProcessRecordWithSession(AliyunSession session)
    {
        var name = GroupName.Trim();
        if (InputValidation.GroupName(name, GroupName) is { } invalid)
        {
            WriteError(invalid);
            return;
        }

        var force = Force.IsPresent;
        if (!ShouldProcessUnlessForced(force, name, force ? "Delete RAM group, remove its members and detach its policies" : "Delete RAM group"))
        {
            return;
        }

        var ims = session.Ims;
        var ram = session.Ram;
        Submit(name, (output, ct) =>
        {
            if (force)
            {
                // Every member is listed before any is removed: removing while paging would shift what a marker points at.
                var members = new List<string>();
                string? marker = null;
                do
                {
                    var page = ims.ListUsersForGroup(name, marker, InputRules.MaxGroupMaxItems, ct);
                    members.AddRange(page.Items.Select(m => m.UserPrincipalName));
                    marker = page.IsTruncated ? page.Marker : null;
                }
                while (!string.IsNullOrEmpty(marker));

                foreach (var upn in members)
                {
                    ims.RemoveUserFromGroup(name, upn, ct);
                    output.Verbose($"{name}: removed member {upn}.");
                }

                // DeleteConflict.Group.Policy otherwise: revoke what is attached (RAM 2015 names the group as IMS does).
                foreach (var policy in ram.ListPoliciesForGroup(name, ct))
                {
                    ram.DetachPolicyFromGroup(policy.PolicyType, policy.PolicyName, name, ct);
                    output.Verbose($"{name}: detached {policy.PolicyType} policy {policy.PolicyName}.");
                }
            }

            ims.DeleteGroup(name, ct);
        });
    }
}
