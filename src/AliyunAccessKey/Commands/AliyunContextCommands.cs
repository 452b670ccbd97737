using System.Management.Automation;
using AliyunAccessKey.Model;
using AliyunAccessKey.Sessions;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Shows which Alibaba Cloud identity and endpoint this session uses.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AliyunContext")]
[OutputType(typeof(AliyunContext))]
public sealed class GetAliyunContextCommand : PSCmdlet
{
    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var session = SessionStore.Current;
        if (session is not null)
        {
            WriteObject(session.Context);
        }
    }
}
