using System.Management.Automation;
using AliyunAccessKey.Client;
using AliyunAccessKey.Completion;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>Disable, Enable and Remove share their parameters: which key, whose.</summary>
public abstract class AliyunAccessKeyChangeCmdlet : AliyunBulkCmdlet
{
    /// <summary>The AccessKey ID.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(AccessKeyIdCompleter))]
    public string AccessKeyId { get; set; } = string.Empty;

    /// <summary>The key's owner; omit for the caller's own key.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("UPN")]
    [ArgumentCompleter(typeof(UserPrincipalNameCompleter))]
    public string? UserPrincipalName { get; set; }

    private protected abstract string Action { get; }

    private protected abstract void Change(ImsClient ims, string accessKeyId, string? upn, CancellationToken ct);

    /// <summary>A -Verbose line once the change is done (Remove: until when the key stays restorable); null for none.</summary>
    private protected virtual string? Done(string accessKeyId, string? upn, DateTime serverNow) => null;

    /// <summary>Whether -Force skipped the confirmation.</summary>
    private protected virtual bool Forced => false;

    private protected override void ProcessRecordWithSession(AliyunSession session)
    {
        var id = AccessKeyId.Trim();
        var upn = NullIfEmpty(UserPrincipalName)?.Trim();
        var invalid = InputValidation.AccessKeyId(id, id) ?? (upn is null ? null : InputValidation.UserPrincipalName(upn, id));
        if (invalid is not null)
        {
            WriteError(invalid);
            return;
        }

        var target = upn is null ? id : $"{id} of {upn}";
        if (!ShouldProcessUnlessForced(Forced, target, Action))
        {
            return;
        }

        var ims = session.Ims;
        var client = session.Client;
        Submit(id, (output, ct) =>
        {
            Change(ims, id, upn, ct);
            if (Done(id, upn, client.ServerNow) is { } done)
            {
                output.Verbose(done);
            }
        });
    }
}
