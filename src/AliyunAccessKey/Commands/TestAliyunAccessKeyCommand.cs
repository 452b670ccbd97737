using System.Management.Automation;
using AliyunAccessKey.Client;
using AliyunAccessKey.Errors;
using AliyunAccessKey.Model;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Tests AccessKey pairs: signs STS GetCallerIdentity with each and reports whose it is, or why it was refused.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "AliyunAccessKey", DefaultParameterSetName = ByCredential)]
[OutputType(typeof(AliyunCallerIdentity))]
public sealed class TestAliyunAccessKeyCommand : AliyunCmdlet
{
    private const string ByCredential = "Credential";
    private const string ByKey = "InputObject";

    /// <summary>A key as New-AliyunAccessKey emits it (with its secret).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByKey)]
    public Model.AccessKey InputObject { get; set; } = null!;

    /// <summary>User name = AccessKey ID, password = secret (New-AliyunAccessKey -AsCredential, Get-Secret).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ByCredential)]
    public PSCredential Credential { get; set; } = null!;

    /// <summary>An STS token that goes with a temporary key.</summary>
    [Parameter(ParameterSetName = ByCredential)]
    public System.Security.SecureString? SecurityToken { get; set; }

    /// <summary>The STS endpoint to test against when not connected (default: the connection's, else the public one).</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? StsEndpoint { get; set; }

    private AcsClient? _standaloneClient;
    private StsClient? _standalone;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        string id;
        AcsCredential credential;
        try
        {
            if (ParameterSetName == ByKey)
            {
                id = InputObject.AccessKeyId;
                if (string.IsNullOrEmpty(InputObject.AccessKeySecret))
                {
                    WriteError(ErrorMapper.InvalidInput("NoSecret", $"AccessKey {id} carries no secret: only a key just created by New-AliyunAccessKey does. Pass -Credential instead.", id));
                    return;
                }

                credential = AcsCredential.FromPlainText(id, InputObject.AccessKeySecret!);
            }
            else
            {
                id = Credential.UserName;
                credential = new AcsCredential(id, Credential.Password, SecurityToken);
            }
        }
        catch (ArgumentException ex)
        {
            var given = ParameterSetName == ByKey ? InputObject?.AccessKeyId : Credential?.UserName;
            var message = string.IsNullOrEmpty(given)
                ? "The input is not a credential: it has no user name (AccessKey ID) and password (secret). Pass a PSCredential, or a key as New-AliyunAccessKey emits it."
                : ex.Message;
            // The target names the input but is never the key object itself, which may carry a secret.
            object? target = string.IsNullOrEmpty(given) ? (ParameterSetName == ByKey ? "(a key without an AccessKey ID)" : Credential) : given;
            WriteError(ErrorMapper.InvalidInput("InvalidCredential", message, target));
            return;
        }

        StsClient sts;
        try
        {
            sts = Sts();
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(ErrorMapper.InvalidConnectionParameter(ex, StsEndpoint));
            return;
        }

        // The target is the key's ID, never the object that holds its secret.
        Submit(id, (output, ct) =>
        {
            var identity = sts.GetCallerIdentity(ct, credential);
            identity.AccessKeyId = id;
            output.Object(identity);
        });
    }

    /// <summary>The connection's STS client, or one of its own: testing a key needs no connection.</summary>
    private StsClient Sts()
    {
        var connected = CurrentSession;
        if (connected is not null && StsEndpoint is null)
        {
            return connected.Sts;
        }

        if (_standalone is null)
        {
            // Every call passes the key under test, so this client's own source is never asked.
            _standaloneClient = new AcsClient(new StaticCredentialSource(AcsCredential.FromPlainText("unused", "unused")), connected?.Client.Options);
            _standalone = new StsClient(_standaloneClient, StsEndpoint ?? connected?.Context.StsEndpoint ?? StsClient.DefaultEndpoint);
        }

        return _standalone;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _standaloneClient?.Dispose();
        }

        base.Dispose(disposing);
    }
}
