using System.Management.Automation;
using AliyunAccessKey.Client;
using AliyunAccessKey.Completion;
using AliyunAccessKey.Errors;
using AliyunAccessKey.Operations;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Deletes RAM users. With -Force, first removes what refuses the deletion: AccessKey pairs, group memberships, attached policies, console logon and MFA device.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "AliyunRamUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveAliyunRamUserCommand : AliyunBulkCmdlet
{
    /// <summary>ErrorId when the user has blockers and -Force was not given; nothing was changed.</summary>
    internal const string HasBlockersId = "UserHasBlockers";

    /// <summary>ErrorId when -Force failed part-way; the message lists what is left.</summary>
    internal const string BlockersLeftId = "UserBlockersLeft";

    /// <summary>The user to delete.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("UPN")]
    [ArgumentCompleter(typeof(UserPrincipalNameCompleter))]
    public string UserPrincipalName { get; set; } = string.Empty;

    /// <summary>
    /// Remove, in this order, the user's AccessKey pairs, group memberships, attached policies, console
    /// logon and MFA device first (the service refuses to delete a user that has any), and do not ask.
    /// </summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>
    /// Purge the deleted user (and its deleted keys) from the user recycle bin for good, instead of
    /// deleting a live user. Takes the objects of Get-AliyunRamUser -InRecycleBin.
    /// </summary>
    [Parameter]
    public SwitchParameter InRecycleBin { get; set; }

    /// <summary>With -InRecycleBin: the deleted user's id, as Get-AliyunRamUser -InRecycleBin gives it; needed when several users of one name are in the bin.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? UserId { get; set; }

    private protected override void ProcessRecordWithSession(AliyunSession session)
    {
        var upn = UserPrincipalName.Trim();
        if (InputValidation.UserPrincipalName(upn, upn) is { } invalid)
        {
            WriteError(invalid);
            return;
        }

        if (InRecycleBin.IsPresent)
        {
            Purge(session, upn);
            return;
        }

        var ims = session.Ims;
        var ram = session.Ram;
        var client = session.Client;

        // Listed first, on the pipeline thread: -WhatIf shows each removal, and without -Force one
        // error names them all before anything is changed.
        List<UserBlocker> blockers = [];
        if (!RunNow(upn, (_, ct) => blockers = UserBlockers.List(ims, ram, upn, ct)))
        {
            return;
        }

        var force = Force.IsPresent;
        if (blockers.Count > 0 && !force)
        {
            WriteError(HasBlockers(upn, blockers));
            return;
        }

        // One ShouldProcess line per removal, then the user; a "no" to any leaves the user untouched.
        var confirmed = true;
        foreach (var blocker in blockers)
        {
            confirmed &= ShouldProcessUnlessForced(force, upn, blocker.Removal);
        }

        // Asked even after a "no", so -WhatIf lists the whole plan.
        confirmed &= ShouldProcessUnlessForced(force, upn, "Delete RAM user");
        if (!confirmed)
        {
            return;
        }

        Submit(upn, (output, ct) =>
        {
            for (var i = 0; i < blockers.Count; i++)
            {
                try
                {
                    UserBlockers.Remove(ims, ram, upn, blockers[i], ct);
                }
                catch (Exception ex) when (ex is AliyunException or NotSupportedException)
                {
                    output.Error(BlockersLeft(upn, blockers.Skip(i).ToList(), ex));
                    return;
                }

                output.Verbose($"{upn}: removed {blockers[i].Description}.");
            }

            try
            {
                ims.DeleteUser(upn, null, ct);
            }
            catch (AliyunServiceException ex) when (ex.IsCode("DeleteConflict"))
            {
                // Something appeared since the listing (or the service knows a blocker the module
                // cannot list): name what is there now rather than the service's one code.
                var now = UserBlockers.List(ims, ram, upn, ct);
                output.Error(now.Count == 0 ? ErrorMapper.ToErrorRecord(ex, upn) : HasBlockers(upn, now));
                return;
            }

            output.Verbose($"{upn}: deleted the user: it is in the user recycle bin until about {RecycleBins.Until(client.ServerNow)} (Restore-AliyunRamUser brings it back, Remove-AliyunRamUser -InRecycleBin purges it).");
        });
    }

    /// <summary>-InRecycleBin: DeleteUserInRecycleBin, by the given UserId or the one user of that name in the bin.</summary>
    private void Purge(AliyunSession session, string upn)
    {
        var userId = NullIfEmpty(UserId)?.Trim();
        if (userId is not null && InputValidation.UserId(userId, upn) is { } invalid)
        {
            WriteError(invalid);
            return;
        }

        if (!ShouldProcessUnlessForced(Force.IsPresent, upn, "Purge RAM user from the recycle bin (cannot be restored)"))
        {
            return;
        }

        var ims = session.Ims;
        Submit(upn, (output, ct) =>
        {
            var id = userId ?? RecycleBins.RecycledUser(ims, upn, ct)?.UserId ?? throw new NotInRecycleBinException(upn);
            ims.DeleteUserInRecycleBin(id, ct);
            output.Verbose($"{upn}: purged the user (user id {id}) and its deleted keys from the recycle bin: it cannot be restored.");
        });
    }

    private static ErrorRecord HasBlockers(string upn, List<UserBlocker> blockers)
    {
        var message = $"The RAM user {upn} cannot be deleted while it has {UserBlockers.Sentence(blockers)}. Nothing was changed. " +
            "Run Remove-AliyunRamUser -Force to remove them first, then the user.";
        var record = ErrorMapper.Refusal(HasBlockersId, message, upn);
        record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = $"Remove-AliyunRamUser -UserPrincipalName {upn} -Force" };
        return record;
    }

    private static ErrorRecord BlockersLeft(string upn, List<UserBlocker> left, Exception cause)
    {
        var reason = cause is AliyunServiceException s ? s.Code : cause.Message;
        var message = $"Removing {left[0].Description} of the RAM user {upn} failed ({reason}); the user still exists with {UserBlockers.Sentence(left)}. " +
            "Run Remove-AliyunRamUser -Force again to finish.";
        return new ErrorRecord(new InvalidOperationException(message, cause), BlockersLeftId, ErrorCategory.ResourceUnavailable, upn)
        {
            ErrorDetails = new ErrorDetails(message) { RecommendedAction = $"Remove-AliyunRamUser -UserPrincipalName {upn} -Force" },
        };
    }
}
