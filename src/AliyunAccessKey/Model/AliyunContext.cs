namespace AliyunAccessKey.Model;

/// <summary>
/// Who this session is connected as and where it sends requests. Holds no secret: the credential
/// stays inside the session, out of reach of formatting and serialization.
/// </summary>
public sealed class AliyunContext
{
    internal AliyunContext(Session.AliyunSession session) => Session = session;

    /// <summary>The account id.</summary>
    public string AccountId { get; internal set; } = string.Empty;

    /// <summary>Account, RAMUser or AssumedRoleUser.</summary>
    public string IdentityType { get; internal set; } = string.Empty;

    /// <summary>The caller's ARN.</summary>
    public string Arn { get; internal set; } = string.Empty;

    /// <summary>The AccessKey ID that signs requests.</summary>
    public string AccessKeyId { get; internal set; } = string.Empty;

    /// <summary>Where the credential came from (e.g. Credential).</summary>
    public string CredentialSource { get; internal set; } = string.Empty;

    /// <summary>The IMS endpoint.</summary>
    public Uri Endpoint { get; internal set; } = Client.ImsClient.DefaultEndpoint;

    /// <summary>The STS endpoint.</summary>
    public Uri StsEndpoint { get; internal set; } = Client.StsClient.DefaultEndpoint;

    /// <summary>When temporary credentials expire (UTC); null for a permanent key.</summary>
    public DateTime? Expiration { get; internal set; }

    /// <summary>The session behind this context.</summary>
    internal Session.AliyunSession Session { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Arn} ({IdentityType}) via {Endpoint}";
}
