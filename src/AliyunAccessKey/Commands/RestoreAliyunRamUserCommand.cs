using System.Management.Automation;
using AliyunAccessKey.Errors;
using AliyunAccessKey.Operations;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Restores deleted RAM users from the user recycle bin, with their ids; their deleted keys stay restorable with Restore-AliyunAccessKey.</para>
/// </summary>
[Cmdlet(VerbsData.Restore, "AliyunRamUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RestoreAliyunRamUserCommand : AliyunBulkCmdlet
{
    /// <summary>The deleted user's logon name.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("UPN")]
    public string? UserPrincipalName { get; set; }

    /// <summary>The deleted user's id, as Get-AliyunRamUser -InRecycleBin gives it; needed when several users of one name are in the bin.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? UserId { get; set; }

    private protected override void ProcessRecordWithSession(AliyunSession session)
    {
        var upn = NullIfEmpty(UserPrincipalName)?.Trim();
        var userId = NullIfEmpty(UserId)?.Trim();

        // A piped row with a UserId but no UserPrincipalName binds as a whole to UserPrincipalName: the id is enough.
        if (upn is not null && userId is not null && InputValidation.IsObjectText(upn))
        {
            upn = null;
        }
        if (upn is null && userId is null)
        {
            WriteError(ErrorMapper.InvalidInput("InvalidUserPrincipalName", "Give the deleted user's UserPrincipalName or UserId: nothing was restored for this input.", UserPrincipalName));
            return;
        }

        var invalid = (upn is null ? null : InputValidation.UserPrincipalName(upn, upn)) ?? (userId is null ? null : InputValidation.UserId(userId, userId));
        if (invalid is not null)
        {
            WriteError(invalid);
            return;
        }

        var target = upn ?? userId!;
        if (!ShouldProcess(target, "Restore RAM user from the recycle bin"))
        {
            return;
        }

        var ims = session.Ims;
        Submit(target, (output, ct) =>
        {
            var id = userId ?? RecycleBins.RecycledUser(ims, upn!, ct)?.UserId
                ?? throw new NotInRecycleBinException(upn!);
            ims.RestoreUserFromRecycleBin(id, ct);
            output.Verbose($"Restored RAM user {target} (user id {id}) from the recycle bin; its deleted AccessKeys stay in its AccessKey bin (Get-AliyunAccessKey -InRecycleBin).");
        });
    }
}
