using System.Xml.Linq;
using AliyunAccessKey.Model;

namespace AliyunAccessKey.Client;

/// <summary>Alibaba Cloud IMS (Identity Management Service, 2019-08-15): RAM users and their AccessKey pairs.</summary>
internal sealed partial class ImsClient : AcsServiceClient
{
    /// <summary>The API version.</summary>
    public const string Version = "2019-08-15";

    /// <summary>The public endpoint, the same for every region.</summary>
    public static readonly Uri DefaultEndpoint = new("https://ims.aliyuncs.com/");

    /// <summary>Creates an IMS client over <paramref name="client"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="endpoint"/> is one the module will not use.</exception>
    public ImsClient(AcsClient client, Uri? endpoint = null)
        : this(client, new ServiceEndpoint(endpoint ?? DefaultEndpoint))
    {
    }

    /// <summary>Creates an IMS client over <paramref name="client"/> for an endpoint already checked.</summary>
    internal ImsClient(AcsClient client, ServiceEndpoint endpoint)
        : base(client, endpoint)
    {
    }

    private static AcsRequest Request(string action, bool idempotent = true) => new(Version, action, idempotent);

    /// <summary>CreateAccessKey for <paramref name="userPrincipalName"/>, or for the caller when null. Not idempotent.</summary>
    public NewAccessKey CreateAccessKey(string? userPrincipalName, CancellationToken cancellationToken)
    {
        var root = Call(Request("CreateAccessKey", idempotent: false).Set("UserPrincipalName", userPrincipalName), cancellationToken);

        // A success whose key cannot be read means a key may exist whose secret nobody has: unknown outcome, to reconcile.
        var key = root.Object("AccessKey") ?? throw Unknown("AccessKey");
        var id = key.Str("AccessKeyId") ?? throw Unknown("AccessKey.AccessKeyId");
        var secret = key.Str("AccessKeySecret") ?? throw Unknown("AccessKey.AccessKeySecret");
        return new NewAccessKey(id, AcsCredential.ToSecureString(secret), key.Str("Status") ?? "Active", key.Date("CreateDate"), userPrincipalName);
    }

    /// <summary>ListAccessKeys of a user, or of the caller when null.</summary>
    public IReadOnlyList<Model.AccessKey> ListAccessKeys(string? userPrincipalName, CancellationToken cancellationToken)
    {
        var root = Call(Request("ListAccessKeys").Set("UserPrincipalName", userPrincipalName), cancellationToken);
        return root.List("AccessKeys", "AccessKey").Select(k => new Model.AccessKey
        {
            AccessKeyId = k.Str("AccessKeyId") ?? string.Empty,
            Status = k.Str("Status") ?? string.Empty,
            CreateDate = k.Date("CreateDate"),
            UpdateDate = k.Date("UpdateDate"),
            UserPrincipalName = userPrincipalName,
        }).ToList();
    }

    /// <summary>UpdateAccessKey's Status for a key in use.</summary>
    public const string KeyActive = "Active";

    /// <summary>UpdateAccessKey's Status for a disabled key.</summary>
    public const string KeyInactive = "Inactive";

    /// <summary>UpdateAccessKey: sets a key's status to <see cref="KeyActive"/> or <see cref="KeyInactive"/>.</summary>
    public void UpdateAccessKey(string accessKeyId, string status, string? userPrincipalName, CancellationToken cancellationToken) =>
        Call(Request("UpdateAccessKey").Set("UserAccessKeyId", accessKeyId).Set("Status", status).Set("UserPrincipalName", userPrincipalName), cancellationToken);

    /// <summary>DeleteAccessKey.</summary>
    public void DeleteAccessKey(string accessKeyId, string? userPrincipalName, CancellationToken cancellationToken) =>
        Call(Request("DeleteAccessKey").Set("UserAccessKeyId", accessKeyId).Set("UserPrincipalName", userPrincipalName), cancellationToken);

    /// <summary>GetAccessKeyLastUsed.</summary>
    public AccessKeyLastUsed GetAccessKeyLastUsed(string accessKeyId, string? userPrincipalName, CancellationToken cancellationToken)
    {
        var root = Call(Request("GetAccessKeyLastUsed").Set("UserAccessKeyId", accessKeyId).Set("UserPrincipalName", userPrincipalName), cancellationToken);
        var used = root.Child("AccessKeyLastUsed");
        return new AccessKeyLastUsed { LastUsedDate = used?.Date("LastUsedDate"), ServiceName = used?.Str("ServiceName") };
    }

    /// <summary>CreateUser. Not idempotent.</summary>
    public AliyunRamUser CreateUser(CreateUserRequest request, CancellationToken cancellationToken)
    {
        var call = Request("CreateUser", idempotent: false)
            .Set("UserPrincipalName", request.UserPrincipalName)
            .Set("DisplayName", request.DisplayName)
            .Set("Comments", request.Comments)
            .Set("Email", request.Email)
            .Set("MobilePhone", request.MobilePhone)
            .SetPairs("Tag", request.Tags);
        return ReadUser("CreateUser", Call(call, cancellationToken));
    }

    /// <summary>GetUser by UPN.</summary>
    public AliyunRamUser GetUserByPrincipalName(string userPrincipalName, CancellationToken cancellationToken) =>
        ReadUser("GetUser", Call(Request("GetUser").Set("UserPrincipalName", userPrincipalName), cancellationToken));

    /// <summary>GetUser by user id.</summary>
    public AliyunRamUser GetUserById(string userId, CancellationToken cancellationToken) =>
        ReadUser("GetUser", Call(Request("GetUser").Set("UserId", userId), cancellationToken));

    /// <summary>GetUser by one of the user's AccessKey IDs: who owns this key.</summary>
    public AliyunRamUser GetUserByAccessKeyId(string accessKeyId, CancellationToken cancellationToken) =>
        ReadUser("GetUser", Call(Request("GetUser").Set("UserAccessKeyId", accessKeyId), cancellationToken));

    /// <summary>
    /// The Status that lists users in both states. Left out, the service lists only active users,
    /// so a frozen user would silently be missing from "every user".
    /// </summary>
    public const string AllUserStatuses = "active,freeze";

    /// <summary>
    /// ListUsers: one page (MaxItems 1–1000, the service's default 1000). <paramref name="status"/>
    /// is active, freeze, or (null) both.
    /// </summary>
    public Page<AliyunRamUser> ListUsers(string? marker, int? maxItems, CancellationToken cancellationToken, string? status = null, IEnumerable<KeyValuePair<string, string>>? tags = null)
    {
        var root = Call(Request("ListUsers").Set("Marker", marker).Set("MaxItems", maxItems).Set("Status", status ?? AllUserStatuses).SetPairs("Tag", tags), cancellationToken);
        var users = root.List("Users", "User").Select(MapUser).ToList();
        return new Page<AliyunRamUser>(users, root.Bool("IsTruncated"), NextMarker("ListUsers", root));
    }

    /// <summary>
    /// ListUserBasicInfos: one page of the short form (MaxItems 1–1000, the service's default 100).
    /// <paramref name="status"/> is active, freeze, or (null) both. The service refuses a Status
    /// beside a Tag filter, and answers both states for a Tag filter, so with tags none is sent.
    /// </summary>
    public Page<RamUserBasicInfo> ListUserBasicInfos(string? marker, int? maxItems, CancellationToken cancellationToken, string? status = null, IEnumerable<KeyValuePair<string, string>>? tags = null)
    {
        var pairs = tags?.ToList();
        var sentStatus = status ?? (pairs is { Count: > 0 } ? null : AllUserStatuses);
        var root = Call(Request("ListUserBasicInfos").Set("Marker", marker).Set("MaxItems", maxItems).Set("Status", sentStatus).SetPairs("Tag", pairs), cancellationToken);
        var users = root.List("UserBasicInfos", "UserBasicInfo").Select(u => new RamUserBasicInfo
        {
            UserId = u.Str("UserId") ?? string.Empty,
            UserPrincipalName = u.Str("UserPrincipalName") ?? string.Empty,
            DisplayName = u.Str("DisplayName"),
            Status = u.Str("Status"),
        }).ToList();
        return new Page<RamUserBasicInfo>(users, root.Bool("IsTruncated"), NextMarker("ListUserBasicInfos", root));
    }

    /// <summary>UpdateUser, renaming included.</summary>
    public AliyunRamUser UpdateUser(UpdateUserRequest request, CancellationToken cancellationToken)
    {
        var call = Request("UpdateUser")
            .Set("UserPrincipalName", request.UserPrincipalName)
            .Set("UserId", request.UserId)
            .Set("NewUserPrincipalName", request.NewUserPrincipalName)
            .Set("NewDisplayName", request.NewDisplayName)
            .Set("NewComments", request.NewComments)
            .Set("NewEmail", request.NewEmail)
            .Set("NewMobilePhone", request.NewMobilePhone);
        return ReadUser("UpdateUser", Call(call, cancellationToken));
    }

    /// <summary>DeleteUser by UPN or id.</summary>
    public void DeleteUser(string? userPrincipalName, string? userId, CancellationToken cancellationToken) =>
        Call(Request("DeleteUser").Set("UserPrincipalName", userPrincipalName).Set("UserId", userId), cancellationToken);

    /// <summary>GetDefaultDomain: the account's &lt;alias&gt;.onaliyun.com.</summary>
    public string GetDefaultDomain(CancellationToken cancellationToken) =>
        Call(Request("GetDefaultDomain"), cancellationToken).Str("DefaultDomainName") ?? throw Missing("GetDefaultDomain", "DefaultDomainName");

    /// <summary>"More follow" without a marker would end paging silently early: refuse it.</summary>
    private static string? NextMarker(string action, XElement root)
    {
        var marker = root.Str("Marker");
        return root.Bool("IsTruncated") && string.IsNullOrEmpty(marker) ? throw Missing(action, "Marker (IsTruncated is true)") : marker;
    }

    private static AliyunOutcomeUnknownException Unknown(string field) =>
        new("CreateAccessKey", Missing("CreateAccessKey", field));

    private static AliyunRamUser ReadUser(string action, XElement root) =>
        MapUser(root.Object("User") ?? throw Missing(action, "User"));

    private static AliyunRamUser MapUser(XElement u) => new()
    {
        UserId = u.Str("UserId") ?? string.Empty,
        UserPrincipalName = u.Str("UserPrincipalName") ?? string.Empty,
        UserName = u.Str("UserName"),
        DisplayName = u.Str("DisplayName"),
        Comments = u.Str("Comments"),
        Email = u.Str("Email"),
        MobilePhone = u.Str("MobilePhone"),
        Status = u.Str("Status"),
        ProvisionType = u.Str("ProvisionType"),
        CreateDate = u.Date("CreateDate"),
        UpdateDate = u.Date("UpdateDate"),
        LastLoginDate = u.Date("LastLoginDate"),
        Tags = u.List("Tags", "Tag").Select(t => new RamTag(t.Str("TagKey") ?? string.Empty, t.Str("TagValue"))).ToList(),
    };
}
