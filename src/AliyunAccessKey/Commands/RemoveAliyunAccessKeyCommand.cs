using System.Management.Automation;
using AliyunAccessKey.Client;
using AliyunAccessKey.Operations;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Deletes AccessKey pairs (the service keeps them 30 days in the user's recycle bin), or with -InRecycleBin purges them from it for good.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "AliyunAccessKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveAliyunAccessKeyCommand : AliyunAccessKeyChangeCmdlet
{
    /// <summary>Delete without asking.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>
    /// Purge the key from its user's AccessKey recycle bin for good (it can no longer be restored),
    /// instead of deleting a live key. Takes the objects of Get-AliyunAccessKey -InRecycleBin.
    /// </summary>
    [Parameter]
    public SwitchParameter InRecycleBin { get; set; }

    /// <summary>With -InRecycleBin: the owner's user id, as Get-AliyunAccessKey -InRecycleBin gives it; omit to have it looked up.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? UserId { get; set; }

    private protected override bool Forced => Force.IsPresent;

    private protected override string Action => InRecycleBin.IsPresent
        ? "Purge AccessKey from the recycle bin (cannot be restored)"
        : "Delete AccessKey (kept 30 days in the user's recycle bin)";

    private protected override void ProcessRecordWithSession(AliyunSession session)
    {
        if (InRecycleBin.IsPresent && NullIfEmpty(UserId)?.Trim() is { } id && InputValidation.UserId(id, AccessKeyId) is { } invalid)
        {
            WriteError(invalid);
            return;
        }

        base.ProcessRecordWithSession(session);
    }

    private protected override void Change(ImsClient ims, string accessKeyId, string? upn, CancellationToken ct)
    {
        if (!InRecycleBin.IsPresent)
        {
            ims.DeleteAccessKey(accessKeyId, upn, ct);
            return;
        }

        var owner = RecycleBins.KeyOwnerId(ims, accessKeyId, upn, NullIfEmpty(UserId)?.Trim(), ct);
        ims.DeleteAccessKeyInRecycleBin(owner, accessKeyId, ct);
    }

    private protected override string? Done(string accessKeyId, string? upn, DateTime serverNow) =>
        InRecycleBin.IsPresent
            ? $"Purged AccessKey {accessKeyId} from the recycle bin: it cannot be restored."
            : upn is null
                ? $"Deleted AccessKey {accessKeyId}: a RAM user's key stays in that user's recycle bin until about {RecycleBins.Until(serverNow)} (Restore-AliyunAccessKey brings it back); the account's own keys have no bin."
                : $"Deleted AccessKey {accessKeyId} of {upn}: it is in the user's recycle bin until about {RecycleBins.Until(serverNow)} (Restore-AliyunAccessKey brings it back, Remove-AliyunAccessKey -InRecycleBin purges it).";
}
