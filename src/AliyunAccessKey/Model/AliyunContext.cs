namespace AliyunAccessKey.Model;

/// <summary>
/// Who this session is connected as and where it sends requests. Holds no secret: the credential
/// stays inside the session, out of reach of formatting and serialization.
/// </summary>
public sealed class AliyunContext
{
    internal AliyunContext(Sessions.AliyunSession session) => Session = session;

    /// <summary>The account id.</summary>
    public string AccountId { get; internal set; } = string.Empty;

    /// <summary>Account, RAMUser or AssumedRoleUser.</summary>
    public string IdentityType { get; internal set; } = string.Empty;

    /// <summary>The caller's ARN.</summary>
    public string Arn { get; internal set; } = string.Empty;

    /// <summary>The AccessKey ID that signs requests now (temporary ones change as they refresh).</summary>
    public string? AccessKeyId => Session.PeekCredential()?.AccessKeyId;

    /// <summary>Where the credential came from: Credential, Environment, Profile:name, CredentialsFile:name, SecretManagement:name, EcsRamRole:role, CredentialsUri, with +AssumeRole:arn on top.</summary>
    public string CredentialSource { get; internal set; } = string.Empty;

    /// <summary>The IMS endpoint.</summary>
    public Uri Endpoint { get; internal set; } = Client.ImsClient.DefaultEndpoint;

    /// <summary>The STS endpoint.</summary>
    public Uri StsEndpoint { get; internal set; } = Client.StsClient.DefaultEndpoint;

    /// <summary>The RAM endpoint (policies).</summary>
    public Uri RamEndpoint { get; internal set; } = Client.RamClient.DefaultEndpoint;

    /// <summary>When the temporary credentials in use expire (UTC); null for a permanent key. They are refreshed before that.</summary>
    public DateTime? Expiration => Session.PeekCredential()?.Expiration;

    /// <summary>The session behind this context.</summary>
    internal Sessions.AliyunSession Session { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Arn} ({IdentityType}) via {Endpoint}";
}
