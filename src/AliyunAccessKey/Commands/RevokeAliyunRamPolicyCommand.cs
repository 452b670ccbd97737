using System.Management.Automation;
using AliyunAccessKey.Model;
using AliyunAccessKey.Sessions;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Detaches a RAM policy from a user or a group.</para>
/// </summary>
[Cmdlet(VerbsSecurity.Revoke, "AliyunRamPolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(AliyunRamPolicy))]
public sealed class RevokeAliyunRamPolicyCommand : AliyunRamPolicyChangeCmdlet
{
    private protected override string Verb => "Revoke";

    private protected override string Done => "revoked";

    private protected override void ProcessRecordWithSession(AliyunSession session)
    {
        if (CheckedInput() is not var (type, name, principal, isGroup) || !ShouldProcess(principal, Action(type, name, isGroup)))
        {
            return;
        }

        // A policy that is not attached is the service's EntityNotExist.User.Policy / .Group.Policy (ObjectNotFound).
        Send(session, type, name, principal, isGroup, (ram, who, ct) =>
        {
            if (isGroup)
            {
                ram.DetachPolicyFromGroup(type, name, who, ct);
            }
            else
            {
                ram.DetachPolicyFromUser(type, name, who, ct);
            }
        });
    }
}
