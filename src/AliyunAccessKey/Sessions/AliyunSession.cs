using AliyunAccessKey.Client;
using AliyunAccessKey.Credentials;
using AliyunAccessKey.Model;
using AliyunAccessKey.Operations;

namespace AliyunAccessKey.Sessions;

/// <summary>
/// One connection: one HTTP connection pool, the IMS, STS and RAM clients, the credential source, and
/// what is learnt once per session (caller identity at connect, default domain on first need).
/// </summary>
internal sealed class AliyunSession : IDisposable
{
    private readonly object _domainLock = new();
    private readonly DeferredCredentialSource _credentials = new();
    private string? _defaultDomain;

    /// <summary>A session for endpoints checked once, before it is made: no request checks them again.</summary>
    internal AliyunSession(AcsClientOptions options, ServiceEndpoint endpoint, ServiceEndpoint stsEndpoint, ServiceEndpoint ramEndpoint)
    {
        // The STS client that refreshes temporary credentials is this session's own, so the
        // source is set after the client exists.
        Client = new AcsClient(_credentials, options);
        Ims = new ImsClient(Client, endpoint);
        Sts = new StsClient(Client, stsEndpoint);
        Ram = new RamClient(Client, ramEndpoint);
        Account = new AccountFacts(Ims);
        ExactlyOnce = new ExactlyOnce(Ims, Client.Options, () => Client.ServerNow);
        Context = new AliyunContext(this) { Endpoint = endpoint.Uri, StsEndpoint = stsEndpoint.Uri, RamEndpoint = ramEndpoint.Uri };
    }

    internal AcsClient Client { get; }

    /// <summary>The one session lookup: the given context's (-Context), else the runspace's; null when not connected.</summary>
    internal static AliyunSession? Resolve(AliyunContext? context) => context?.Session ?? SessionStore.Current;

    internal ImsClient Ims { get; }

    internal StsClient Sts { get; }

    /// <summary>RAM 2015-05-01: policies.</summary>
    internal RamClient Ram { get; }

    /// <summary>The account's quotas and security preference, asked once per session.</summary>
    internal AccountFacts Account { get; }

    /// <summary>Tab completion's short-lived cache.</summary>
    internal CompletionCache Completions { get; } = new();

    /// <summary>CreateAccessKey and CreateUser that reconcile instead of guessing after a lost answer.</summary>
    internal ExactlyOnce ExactlyOnce { get; }

    internal AliyunContext Context { get; }

    /// <summary>True when the caller is the account itself (root), whose keys Alibaba advises against.</summary>
    internal bool CallerIsAccount => string.Equals(Context.IdentityType, "Account", StringComparison.Ordinal);

    /// <summary>Signs every later request with <paramref name="resolved"/>.</summary>
    internal void UseCredentials(ResolvedCredential resolved)
    {
        _credentials.Inner = resolved.Source;
        Context.CredentialSource = resolved.Description;
    }

    /// <summary>The credential in use now, without fetching or refreshing; null before the first request.</summary>
    internal AcsCredential? PeekCredential() => _credentials.Inner switch
    {
        RefreshingCredentialSource refreshing => refreshing.Current,
        { } other => other.GetCredential(CancellationToken.None),
        null => null,
    };

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
