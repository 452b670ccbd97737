using System.Management.Automation;
using AliyunAccessKey.Errors;
using AliyunAccessKey.Operations;
using AliyunAccessKey.Sessions;

namespace AliyunAccessKey.Commands;

/// <summary>Get-AliyunAccessKey -InRecycleBin: a user's deleted keys, kept in its own file so the live-key paths change apart.</summary>
[OutputType(typeof(Model.AliyunRecycledAccessKey))]
public sealed partial class GetAliyunAccessKeyCommand
{
    /// <summary>
    /// List the user's deleted keys in its AccessKey recycle bin instead (with DeletedDate and
    /// PurgeDate), also for a user who is itself in the user bin. Needs -UserPrincipalName.
    /// </summary>
    [Parameter]
    public SwitchParameter InRecycleBin { get; set; }

    private void ProcessInRecycleBin(AliyunSession session, string? upn)
    {
        if (upn is null)
        {
            WriteError(ErrorMapper.InvalidInput("InRecycleBinNeedsUser", "-InRecycleBin lists one user's deleted keys: give -UserPrincipalName. Nothing was listed.", null));
            return;
        }

        if (IncludeLastUsed.IsPresent || StaleDays is not null)
        {
            WriteError(ErrorMapper.InvalidInput("InRecycleBinConflict", "-InRecycleBin cannot be combined with -IncludeLastUsed or -StaleDays (a deleted key is not in use). Nothing was listed.", upn));
            return;
        }

        var ims = session.Ims;
        Submit(upn, (output, ct) =>
        {
            // The bin actions take the user's id, not its UPN.
            var userId = RecycleBins.UserIdOf(ims, upn, ct);
            foreach (var key in ims.ListAccessKeysInRecycleBin(userId, upn, ct))
            {
                output.Object(key);
            }
        });
    }
}
