namespace AliyunAccessKey.Client;

/// <summary>
/// Alibaba Cloud RAM (2015-05-01): policies and their attachments to users and groups. RAM 2015
/// names a user by UserName, the part of the user principal name before '@'.
/// </summary>
internal sealed partial class RamClient : AcsServiceClient
{
    /// <summary>The API version.</summary>
    public const string Version = "2015-05-01";

    /// <summary>The public endpoint, the same for every region.</summary>
    public static readonly Uri DefaultEndpoint = new("https://ram.aliyuncs.com/");

    /// <summary>Creates a RAM client over <paramref name="client"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="endpoint"/> is one the module will not use.</exception>
    public RamClient(AcsClient client, Uri? endpoint = null)
        : this(client, new ServiceEndpoint(endpoint ?? DefaultEndpoint))
    {
    }

    /// <summary>Creates a RAM client over <paramref name="client"/> for an endpoint already checked.</summary>
    internal RamClient(AcsClient client, ServiceEndpoint endpoint)
        : base(client, endpoint)
    {
    }

    /// <summary>RAM 2015's UserName for a user principal name: the part before '@' (all of it when there is none).</summary>
    public static string UserName(string userPrincipalName)
    {
        var at = (userPrincipalName ?? throw new ArgumentNullException(nameof(userPrincipalName))).IndexOf('@');
        return at < 0 ? userPrincipalName : userPrincipalName.Substring(0, at);
    }

    private static AcsRequest Request(string action, bool idempotent = true) => new(Version, action, idempotent);
}
