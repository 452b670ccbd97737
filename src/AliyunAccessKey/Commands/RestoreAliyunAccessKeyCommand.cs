using System.Management.Automation;
using AliyunAccessKey.Completion;
using AliyunAccessKey.Operations;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Restores deleted AccessKey pairs from their users' recycle bins; a restored key signs again with its old secret.</para>
/// </summary>
[Cmdlet(VerbsData.Restore, "AliyunAccessKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RestoreAliyunAccessKeyCommand : AliyunBulkCmdlet
{
    /// <summary>The AccessKey ID of the key in the recycle bin.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string AccessKeyId { get; set; } = string.Empty;

    /// <summary>The key's owner; checked against the bin when given without -UserId.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("UPN")]
    [ArgumentCompleter(typeof(UserPrincipalNameCompleter))]
    public string? UserPrincipalName { get; set; }

    /// <summary>The owner's user id, as Get-AliyunAccessKey -InRecycleBin gives it; omit to have it looked up (one more request).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? UserId { get; set; }

    private protected override void ProcessRecordWithSession(AliyunSession session)
    {
        var id = AccessKeyId.Trim();
        var upn = NullIfEmpty(UserPrincipalName)?.Trim();
        var userId = NullIfEmpty(UserId)?.Trim();
        var invalid = InputValidation.AccessKeyId(id, id)
            ?? (upn is null ? null : InputValidation.UserPrincipalName(upn, id))
            ?? (userId is null ? null : InputValidation.UserId(userId, id));
        if (invalid is not null)
        {
            WriteError(invalid);
            return;
        }

        if (!ShouldProcess(upn is null ? id : $"{id} of {upn}", "Restore AccessKey from the recycle bin"))
        {
            return;
        }

        var ims = session.Ims;
        Submit(id, (output, ct) =>
        {
            var owner = RecycleBins.KeyOwnerId(ims, id, upn, userId, ct);
            ims.RestoreAccessKeyFromRecycleBin(owner, id, ct);
            output.Verbose($"Restored AccessKey {id} of user {upn ?? owner} from the recycle bin.");
        });
    }
}
