using System.Management.Automation;
using AliyunAccessKey.Client;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Deletes AccessKey pairs. Anything still signing with them stops working.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "AliyunAccessKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveAliyunAccessKeyCommand : AliyunAccessKeyChangeCmdlet
{
    /// <summary>Delete without asking.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    private protected override bool Forced => Force.IsPresent;

    private protected override string Action => "Delete AccessKey";

    private protected override void Change(ImsClient ims, string accessKeyId, string? upn, CancellationToken ct) =>
        ims.DeleteAccessKey(accessKeyId, upn, ct);
}
