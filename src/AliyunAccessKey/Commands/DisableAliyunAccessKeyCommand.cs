using System.Management.Automation;
using AliyunAccessKey.Client;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Disables AccessKey pairs: calls signed with them are refused until they are enabled again.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Disable, "AliyunAccessKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class DisableAliyunAccessKeyCommand : AliyunAccessKeyChangeCmdlet
{
    private protected override string Action => "Disable AccessKey";

    private protected override void Change(ImsClient ims, string accessKeyId, string? upn, CancellationToken ct) =>
        ims.UpdateAccessKey(accessKeyId, ImsClient.KeyInactive, upn, ct);
}
