using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;
using AliyunAccessKey.Client;
using AliyunAccessKey.Completion;
using AliyunAccessKey.Credentials;
using AliyunAccessKey.Errors;
using AliyunAccessKey.Model;
using AliyunAccessKey.Secrets;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Connects this PowerShell session to Alibaba Cloud, with credentials from wherever Alibaba's own tools keep them.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "AliyunAccount", DefaultParameterSetName = ByChain)]
[OutputType(typeof(AliyunContext))]
public sealed class ConnectAliyunAccountCommand : PSCmdlet, IDisposable
{
    private const string ByChain = "DefaultChain";
    private const string ByCredential = "Credential";
    private const string ByProfile = "Profile";
    private const string BySecret = "SecretManagement";
    private const string ByEcs = "EcsRamRole";

    private readonly CancellationTokenSource _cancel = new();

    /// <summary>User name = AccessKey ID, password = AccessKey secret (what Get-Secret returns for a stored key).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByCredential)]
    [Credential]
    [ValidateNotNull]
    public PSCredential Credential { get; set; } = null!;

    /// <summary>An STS security token that goes with a temporary AccessKey.</summary>
    [Parameter(ParameterSetName = ByCredential)]
    public SecureString? SecurityToken { get; set; }

    /// <summary>A profile of the aliyun CLI (~/.aliyun/config.json) or a section of ~/.alibabacloud/credentials.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByProfile)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ProfileNameCompleter))]
    public string ProfileName { get; set; } = string.Empty;

    /// <summary>A secret in a SecretManagement vault holding a PSCredential (user name = AccessKey ID, password = secret).</summary>
    [Parameter(Mandatory = true, ParameterSetName = BySecret)]
    [ValidateNotNullOrEmpty]
    public string SecretName { get; set; } = string.Empty;

    /// <summary>The vault that holds -SecretName; by default SecretManagement searches all registered vaults.</summary>
    [Parameter(ParameterSetName = BySecret)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(VaultNameCompleter))]
    public string? Vault { get; set; }

    /// <summary>Use the ECS instance's RAM role (from the instance metadata service).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByEcs)]
    public SwitchParameter EcsRamRole { get; set; }

    /// <summary>The ECS RAM role's name; discovered from the metadata service when omitted.</summary>
    [Parameter(ParameterSetName = ByEcs)]
    [ValidateNotNullOrEmpty]
    public string? RoleName { get; set; }

    /// <summary>Assume this RAM role (STS AssumeRole) with the credentials found; they refresh before they expire.</summary>
    [Parameter]
    [ValidateRule(Rule.RoleArn)]
    public string? RoleArn { get; set; }

    /// <summary>The session name of the assumed role (2-64 of letters, digits, '.', '@', '-', '_').</summary>
    [Parameter]
    [ValidateRule(Rule.RoleSessionName)]
    public string? RoleSessionName { get; set; }

    /// <summary>
    /// How long each set of assumed-role credentials lasts: 900 s up to the role's MaxSessionDuration.
    /// Omitted, none is asked for and the service grants 3600 s, which every role allows.
    /// </summary>
    [Parameter]
    [ValidateRange(InputRules.MinDurationSeconds, InputRules.MaxDurationSeconds)]
    public int? DurationSeconds { get; set; }

    /// <summary>The external ID the role's trust policy asks for (2-1224 of letters, digits and _ + = , . @ : / -).</summary>
    [Parameter]
    [ValidateRule(Rule.ExternalId)]
    public string? ExternalId { get; set; }

    /// <summary>A session policy (JSON, at most 2048 bytes) that narrows what the assumed role may do.</summary>
    [Parameter]
    [ValidateRule(Rule.Policy)]
    public string? Policy { get; set; }

    /// <summary>The IMS endpoint; https, or http on loopback for the local emulator.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? Endpoint { get; set; }

    /// <summary>The STS endpoint; by default the public one, or the -Endpoint address when that is loopback (the emulator serves both).</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? StsEndpoint { get; set; }

    /// <summary>The RAM endpoint (policies); by default the public one, or the -Endpoint address when that is loopback (the emulator serves both).</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? RamEndpoint { get; set; }

    /// <summary>The ECS instance metadata service (default http://100.100.100.200/); for tests and unusual networks.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? MetadataEndpoint { get; set; }

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
        if (RoleArn is null && new[] { nameof(RoleSessionName), nameof(DurationSeconds), nameof(ExternalId), nameof(Policy) }.FirstOrDefault(MyInvocation.BoundParameters.ContainsKey) is { } alone)
        {
            // Silently ignored, it would leave the user believing the session is narrowed or shortened.
            ThrowTerminatingError(ErrorMapper.InvalidInput("InvalidConnectionParameter", $"-{alone} applies to the role of -RoleArn: give -RoleArn too, or leave -{alone} out.", alone));
        }

        var endpoint = CheckOrThrow(Endpoint ?? ImsClient.DefaultEndpoint);
        var stsEndpoint = CheckOrThrow(StsEndpoint ?? (endpoint.Uri.IsLoopback ? endpoint.Uri : StsClient.DefaultEndpoint));
        var ramEndpoint = CheckOrThrow(RamEndpoint ?? (endpoint.Uri.IsLoopback ? endpoint.Uri : RamClient.DefaultEndpoint));
        if (MetadataEndpoint is not null)
        {
            ValidateOrThrow(MetadataEndpoint, Endpoints.ValidateMetadata);
        }

        var options = new AcsClientOptions
        {
            SignatureScheme = SignatureScheme,
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            Retry = new RetryPolicy { MaxAttempts = MaxAttempts },
        };
        var session = new AliyunSession(options, endpoint, stsEndpoint, ramEndpoint);
        var connected = false;
        try
        {
            using (AcsClient.TraceTo(info => WriteVerbose(info.ToString())))
            {
                var resolver = new CredentialResolver(session.Sts, () => new EcsMetadataClient(MetadataEndpoint), WriteVerbose);
                var resolved = Resolve(resolver);
                if (RoleArn is not null)
                {
                    resolved = resolver.AssumeRole(resolved, new RoleRequest(RoleArn)
                    {
                        SessionName = RoleSessionName,
                        DurationSeconds = DurationSeconds,
                        Policy = Policy,
                        ExternalId = ExternalId,
                    });
                }

                session.UseCredentials(resolved);
                session.Identify(_cancel.Token);
            }

            connected = true;
        }
        catch (AliyunCredentialException ex)
        {
            ThrowTerminatingError(ErrorMapper.CredentialFailed(ex, ParameterSetName));
        }
        catch (AliyunException ex)
        {
            ThrowTerminatingError(ErrorMapper.ConnectFailed(ex, ParameterSetName));
        }
        catch (OperationCanceledException)
        {
            throw new PipelineStoppedException();
        }
        finally
        {
            if (!connected)
            {
                session.Dispose();
            }
        }

        SessionStore.Set(Runspace.DefaultRunspace, session);
        WriteVerbose($"Connected as {session.Context.Arn} ({session.Context.IdentityType}) with {session.Context.CredentialSource} to {Endpoints.Display(endpoint.Uri)}.");
        if (session.CallerIsAccount)
        {
            WriteWarning("You are connected with the AccessKey of your Alibaba Cloud account (root), which has full permissions on every resource. Alibaba Cloud recommends using a RAM user's AccessKey instead.");
        }

        if (PassThru)
        {
            WriteObject(session.Context);
        }
    }

    /// <summary>The IMS or STS endpoint, checked here once for the whole session (see <see cref="ValidateOrThrow"/>).</summary>
    private ServiceEndpoint CheckOrThrow(Uri endpoint)
    {
        ServiceEndpoint? checkedEndpoint = null;
        ValidateOrThrow(endpoint, e => checkedEndpoint = new ServiceEndpoint(e));
        return checkedEndpoint!;
    }

    /// <summary>Refuses an endpoint before anything is sent; the target shows it without any user:password part.</summary>
    private void ValidateOrThrow(Uri endpoint, Action<Uri> validate)
    {
        try
        {
            validate(endpoint);
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(ErrorMapper.InvalidConnectionParameter(ex, endpoint));
        }
    }

    private ResolvedCredential Resolve(CredentialResolver resolver)
    {
        switch (ParameterSetName)
        {
            case ByCredential:
                try
                {
                    return new ResolvedCredential(new StaticCredentialSource(new AcsCredential(Credential.UserName, Credential.Password, SecurityToken)), "Credential");
                }
                catch (ArgumentException ex)
                {
                    throw new AliyunCredentialException("InvalidCredential", ex.Message, ex);
                }

            case ByProfile:
                return resolver.FromProfileName(ProfileName, _cancel.Token);
            case BySecret:
                return FromSecretManagement();
            case ByEcs:
                return resolver.FromEcsRole(RoleName, _cancel.Token);
            default:
                return resolver.DefaultChain(_cancel.Token);
        }
    }

    /// <summary>
    /// Get-Secret in this runspace, so the user's vault registrations and unlocked state apply.
    /// SecretManagement is never referenced at build time; its errors become terminating here.
    /// </summary>
    private ResolvedCredential FromSecretManagement()
    {
        IReadOnlyList<object?> result;
        try
        {
            result = new SecretManagement(InvokeCommand).GetSecret(SecretName, Vault);
        }
        catch (SecretManagementException ex) when (ex.ModuleMissing)
        {
            throw new AliyunCredentialException("SecretManagementNotFound", SecretManagement.MissingModuleMessage("-SecretName"), ex.InnerException);
        }
        catch (SecretManagementException ex)
        {
            throw new AliyunCredentialException("SecretNotRead", $"Could not read secret '{SecretName}'{(Vault is null ? string.Empty : $" from vault '{Vault}'")}: {ex.Message}", ex.InnerException);
        }

        var value = result.Count == 0 ? null : result[0];
        if (value is not PSCredential credential)
        {
            throw new AliyunCredentialException(
                "SecretNotACredential",
                $"Secret '{SecretName}' holds {(value is null ? "nothing" : "a " + value.GetType().Name)}, not a PSCredential. Store the key as one: New-AliyunAccessKey -AsCredential | Set-Secret -Name {SecretName}");
        }

        try
        {
            return new ResolvedCredential(new StaticCredentialSource(new AcsCredential(credential.UserName, credential.Password)), $"SecretManagement:{SecretName}");
        }
        catch (ArgumentException ex)
        {
            throw new AliyunCredentialException("InvalidCredential", $"Secret '{SecretName}': {ex.Message}", ex);
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
        var session = SessionStore.Current;
        SessionStore.Set(Runspace.DefaultRunspace, null);
        WriteVerbose(session is null ? "Not connected." : $"Disconnected {session.Context.Arn}.");
    }
}
