using System.Management.Automation;
using AliyunAccessKey.Completion;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Deletes RAM users. With -Force, deletes each user's AccessKey pairs first.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "AliyunRamUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveAliyunRamUserCommand : AliyunBulkCmdlet
{
    /// <summary>The user to delete.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("UPN")]
    [ArgumentCompleter(typeof(UserPrincipalNameCompleter))]
    public string UserPrincipalName { get; set; } = string.Empty;

    /// <summary>Delete the user's AccessKey pairs first (the service refuses to delete a user that has any), and do not ask.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    private protected override void ProcessRecordWithSession(AliyunSession session)
    {
        var upn = UserPrincipalName.Trim();
        if (InputValidation.UserPrincipalName(upn, upn) is { } invalid)
        {
            WriteError(invalid);
            return;
        }

        var force = Force.IsPresent;
        var action = force ? "Delete RAM user and its AccessKey pairs" : "Delete RAM user";
        if (!ShouldProcessUnlessForced(force, upn, action))
        {
            return;
        }

        var ims = session.Ims;
        Submit(upn, (output, ct) =>
        {
            if (force)
            {
                foreach (var key in ims.ListAccessKeys(upn, ct))
                {
                    ims.DeleteAccessKey(key.AccessKeyId, upn, ct);
                    output.Verbose($"{upn}: deleted AccessKey {key.AccessKeyId}.");
                }
            }

            ims.DeleteUser(upn, null, ct);
        });
    }
}
