using System.Management.Automation;
using System.Management.Automation.Runspaces;
using AliyunAccessKey.Client;
using AliyunAccessKey.Model;
using AliyunAccessKey.Session;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Connects this PowerShell session to Alibaba Cloud with an AccessKey pair.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "AliyunAccount", DefaultParameterSetName = "Credential")]
[OutputType(typeof(AliyunContext))]
public sealed class ConnectAliyunAccountCommand : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>User name = AccessKey ID, password = AccessKey secret (what Get-Secret returns for a stored key).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Credential")]
    [Credential]
    [ValidateNotNull]
    public PSCredential Credential { get; set; } = null!;

    /// <summary>An STS security token that goes with a temporary AccessKey.</summary>
    [Parameter(ParameterSetName = "Credential")]
    public System.Security.SecureString? SecurityToken { get; set; }

    /// <summary>The IMS endpoint; https, or http on loopback for the local emulator.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? Endpoint { get; set; }

    /// <summary>The STS endpoint; by default the public one, or the -Endpoint address when that is loopback (the emulator serves both).</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? StsEndpoint { get; set; }

    /// <summary>Signature scheme: Acs3HmacSha256 (default) or RpcHmacSha1.</summary>
    [Parameter]
    public SignatureScheme SignatureScheme { get; set; } = SignatureScheme.Acs3HmacSha256;

    /// <summary>Seconds one request may take before it is abandoned (and retried when safe).</summary>
    [Parameter]
    [ValidateRange(1, 600)]
    public int TimeoutSec { get; set; } = 15;

    /// <summary>Attempts per request, the first included; 1 disables retries.</summary>
    [Parameter]
    [ValidateRange(1, 10)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Emit the new context.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        Uri endpoint;
        Uri stsEndpoint;
        AcsCredential credential;
        try
        {
            endpoint = Endpoint ?? ImsClient.DefaultEndpoint;
            Endpoints.Validate(endpoint);
            stsEndpoint = StsEndpoint ?? (Endpoint is { IsLoopback: true } ? endpoint : StsClient.DefaultEndpoint);
            Endpoints.Validate(stsEndpoint);
            credential = new AcsCredential(Credential.UserName, Credential.Password, SecurityToken);
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidConnectionParameter", ErrorCategory.InvalidArgument, Endpoint));
            return;
        }

        var options = new AcsClientOptions
        {
            SignatureScheme = SignatureScheme,
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            Retry = new RetryPolicy { MaxAttempts = MaxAttempts },
        };
        var client = new AcsClient(new StaticCredentialSource(credential), options);
        var session = new AliyunSession(client, endpoint, stsEndpoint, "Credential", credential);
        try
        {
            using (AcsClient.TraceTo(info => WriteVerbose(info.ToString())))
            {
                session.Identify(_cancel.Token);
            }
        }
        catch (AliyunException ex)
        {
            session.Dispose();
            var record = ErrorMapper.ToErrorRecord(ex, credential.AccessKeyId);
            ThrowTerminatingError(new ErrorRecord(ex, "ConnectFailed." + record.FullyQualifiedErrorId, record.CategoryInfo.Category, credential.AccessKeyId)
            {
                ErrorDetails = record.ErrorDetails,
            });
            return;
        }
        catch (OperationCanceledException)
        {
            session.Dispose();
            throw new PipelineStoppedException();
        }

        SessionStore.Set(Runspace.DefaultRunspace, session);
        WriteVerbose($"Connected as {session.Context.Arn} ({session.Context.IdentityType}) to {endpoint}.");
        if (session.CallerIsAccount)
        {
            WriteWarning("You are connected with the AccessKey of your Alibaba Cloud account (root), which has full permissions on every resource. Alibaba Cloud recommends using a RAM user's AccessKey instead.");
        }

        if (PassThru)
        {
            WriteObject(session.Context);
        }
    }

    /// <inheritdoc/>
    protected override void StopProcessing() => _cancel.Cancel();

    /// <inheritdoc/>
    public void Dispose() => _cancel.Dispose();
}

/// <summary>
/// <para type="synopsis">Disconnects this PowerShell session from Alibaba Cloud.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "AliyunAccount")]
[OutputType(typeof(void))]
public sealed class DisconnectAliyunAccountCommand : PSCmdlet
{
    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var session = SessionStore.Get(Runspace.DefaultRunspace);
        SessionStore.Set(Runspace.DefaultRunspace, null);
        WriteVerbose(session is null ? "Not connected." : $"Disconnected {session.Context.Arn}.");
    }
}
