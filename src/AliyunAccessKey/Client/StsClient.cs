using AliyunAccessKey.Model;

namespace AliyunAccessKey.Client;

/// <summary>Alibaba Cloud STS (Security Token Service, 2015-04-01).</summary>
internal sealed class StsClient : AcsServiceClient
{
    /// <summary>The API version.</summary>
    public const string Version = "2015-04-01";

    /// <summary>The public endpoint.</summary>
    public static readonly Uri DefaultEndpoint = new("https://sts.aliyuncs.com/");

    /// <summary>Creates an STS client over <paramref name="client"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="endpoint"/> is one the module will not use.</exception>
    public StsClient(AcsClient client, Uri? endpoint = null)
        : this(client, new ServiceEndpoint(endpoint ?? DefaultEndpoint))
    {
    }

    /// <summary>Creates an STS client over <paramref name="client"/> for an endpoint already checked.</summary>
    internal StsClient(AcsClient client, ServiceEndpoint endpoint)
        : base(client, endpoint)
    {
    }

    /// <summary>GetCallerIdentity: who signs. With <paramref name="credential"/>, signed by that key instead (to test it).</summary>
    public AliyunCallerIdentity GetCallerIdentity(CancellationToken cancellationToken, AcsCredential? credential = null)
    {
        var root = Call(new AcsRequest(Version, "GetCallerIdentity"), cancellationToken, credential);
        return new AliyunCallerIdentity
        {
            IdentityType = root.Str("IdentityType") ?? string.Empty,
            AccountId = root.Str("AccountId") ?? string.Empty,
            Arn = root.Str("Arn") ?? string.Empty,
            UserId = root.Str("UserId"),
            PrincipalId = root.Str("PrincipalId"),
            RoleId = root.Str("RoleId"),
        };
    }

    /// <summary>
    /// AssumeRole: temporary credentials for <paramref name="roleArn"/>. DurationSeconds is from 900
    /// to the role's MaxSessionDuration, which is 3600 unless raised (43200 at most); left out (null),
    /// the service grants 3600, which every role allows.
    /// </summary>
    public AssumedRole AssumeRole(
        string roleArn,
        string roleSessionName,
        CancellationToken cancellationToken,
        int? durationSeconds = null,
        string? policy = null,
        string? externalId = null,
        string? sourceIdentity = null,
        AcsCredential? credential = null)
    {
        var request = new AcsRequest(Version, "AssumeRole")
            .Set("RoleArn", roleArn)
            .Set("RoleSessionName", roleSessionName)
            .Set("DurationSeconds", durationSeconds)
            .Set("Policy", policy)
            .Set("ExternalId", externalId)
            .Set("SourceIdentity", sourceIdentity);
        var root = Call(request, cancellationToken, credential);
        var c = root.Child("Credentials") ?? throw Missing("AssumeRole", "Credentials");
        var user = root.Child("AssumedRoleUser");
        var credentials = AcsCredential.FromPlainText(
            c.Str("AccessKeyId") ?? throw Missing("AssumeRole", "Credentials.AccessKeyId"),
            c.Str("AccessKeySecret") ?? throw Missing("AssumeRole", "Credentials.AccessKeySecret"),
            c.Str("SecurityToken") ?? throw Missing("AssumeRole", "Credentials.SecurityToken"),
            c.Date("Expiration"));
        return new AssumedRole(credentials, user?.Str("Arn") ?? string.Empty, user?.Str("AssumedRoleId") ?? string.Empty, root.Str("SourceIdentity"));
    }
}
