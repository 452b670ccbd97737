using System.Management.Automation;
using AliyunAccessKey.Client;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Enables AccessKey pairs that were disabled.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Enable, "AliyunAccessKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class EnableAliyunAccessKeyCommand : AliyunAccessKeyChangeCmdlet
{
    private protected override string Action => "Enable AccessKey";

    private protected override void Change(ImsClient ims, string accessKeyId, string? upn, CancellationToken ct) =>
        ims.UpdateAccessKey(accessKeyId, ImsClient.KeyActive, upn, ct);
}
