using AliyunAccessKey.Client;
using AliyunAccessKey.Model;

namespace AliyunAccessKey.Session;

/// <summary>
/// One connection: one HTTP connection pool, the IMS and STS clients, and what is learnt once
/// per session (caller identity at connect, default domain on first need).
/// </summary>
internal sealed class AliyunSession : IDisposable
{
    private readonly object _domainLock = new();
    private string? _defaultDomain;

    internal AliyunSession(AcsClient client, Uri endpoint, Uri stsEndpoint, string credentialSource, AcsCredential credential)
    {
        Client = client;
        Ims = new ImsClient(client, endpoint);
        Sts = new StsClient(client, stsEndpoint);
        Context = new AliyunContext(this)
        {
            Endpoint = endpoint,
            StsEndpoint = stsEndpoint,
            CredentialSource = credentialSource,
            AccessKeyId = credential.AccessKeyId,
            Expiration = credential.Expiration,
        };
    }

    internal AcsClient Client { get; }

    internal ImsClient Ims { get; }

    internal StsClient Sts { get; }

    internal AliyunContext Context { get; }

    /// <summary>True when the caller is the account itself (root), whose keys Alibaba advises against.</summary>
    internal bool CallerIsAccount => string.Equals(Context.IdentityType, "Account", StringComparison.Ordinal);

    /// <summary>Asks STS who signs, and records it in the context.</summary>
    internal void Identify(CancellationToken cancellationToken)
    {
        var id = Sts.GetCallerIdentity(cancellationToken);
        Context.AccountId = id.AccountId;
        Context.IdentityType = id.IdentityType;
        Context.Arn = id.Arn;
    }

    /// <summary>The account's default domain (alias.onaliyun.com), fetched once per session.</summary>
    internal string GetDefaultDomain(CancellationToken cancellationToken)
    {
        lock (_domainLock)
        {
            return _defaultDomain ??= Ims.GetDefaultDomain(cancellationToken);
        }
    }

    public void Dispose() => Client.Dispose();
}
