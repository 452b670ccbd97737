using System.Xml.Linq;
using AliyunAccessKey.Model;

namespace AliyunAccessKey.Client;

/// <summary>
/// The AccessKey and user recycle bins. DeleteAccessKey and DeleteUser are not final: the service
/// keeps what they delete 30 days. Every bin action names the user by UserId, not by UPN.
/// </summary>
internal sealed partial class ImsClient
{
    /// <summary>How long the service keeps a deleted key or user in its bin (documented: 30 days).</summary>
    public static readonly TimeSpan RecycleBinRetention = TimeSpan.FromDays(30);

    /// <summary>ListAccessKeysInRecycleBin: a user's deleted keys (at most 3; the bin does not page).</summary>
    public IReadOnlyList<AliyunRecycledAccessKey> ListAccessKeysInRecycleBin(string userId, string userPrincipalName, CancellationToken cancellationToken)
    {
        var root = Call(Request("ListAccessKeysInRecycleBin").Set("UserId", userId), cancellationToken);
        return root.List("AccessKeys", "AccessKey").Select(k => MapRecycledKey(k, userId, userPrincipalName)).ToList();
    }

    /// <summary>GetAccessKeyInfoInRecycleBin: a deleted key by its id, with its owner.</summary>
    public AliyunRecycledAccessKey GetAccessKeyInfoInRecycleBin(string accessKeyId, CancellationToken cancellationToken)
    {
        var root = Call(Request("GetAccessKeyInfoInRecycleBin").Set("UserAccessKeyId", accessKeyId), cancellationToken);
        var k = root.Object("AccessKey") ?? throw Missing("GetAccessKeyInfoInRecycleBin", "AccessKey");
        var key = MapRecycledKey(k, k.Str("UserId") ?? string.Empty, k.Str("UserPrincipalName") ?? string.Empty);
        key.UserRecycled = k.Child("UserRecycled") is null ? null : k.Bool("UserRecycled");
        return key;
    }

    /// <summary>RestoreAccessKeyFromRecycleBin. Idempotent in effect: a retry after a lost answer meets "not in the bin".</summary>
    public void RestoreAccessKeyFromRecycleBin(string userId, string accessKeyId, CancellationToken cancellationToken) =>
        Call(Request("RestoreAccessKeyFromRecycleBin").Set("UserId", userId).Set("UserAccessKeyId", accessKeyId), cancellationToken);

    /// <summary>DeleteAccessKeyInRecycleBin: purges the key for good.</summary>
    public void DeleteAccessKeyInRecycleBin(string userId, string accessKeyId, CancellationToken cancellationToken) =>
        Call(Request("DeleteAccessKeyInRecycleBin").Set("UserId", userId).Set("UserAccessKeyId", accessKeyId), cancellationToken);

    /// <summary>ListUsersInRecycleBin: one page (MaxItems 1–100, the service's default 100); <paramref name="userPrincipalName"/> filters to one user.</summary>
    public Page<AliyunRecycledRamUser> ListUsersInRecycleBin(string? marker, int? maxItems, string? userPrincipalName, CancellationToken cancellationToken)
    {
        var call = Request("ListUsersInRecycleBin").Set("Marker", marker).Set("MaxItems", maxItems)
            .Set("Filter", userPrincipalName is null ? null : "UserPrincipalName eq " + userPrincipalName);
        var root = Call(call, cancellationToken);
        var users = root.List("Users", "User").Select(MapRecycledUser).ToList();
        return new Page<AliyunRecycledRamUser>(users, root.Bool("IsTruncated"), NextMarker("ListUsersInRecycleBin", root));
    }

    /// <summary>GetUserInRecycleBin by user id.</summary>
    public AliyunRecycledRamUser GetUserInRecycleBin(string userId, CancellationToken cancellationToken) =>
        MapRecycledUser(Call(Request("GetUserInRecycleBin").Set("UserId", userId), cancellationToken).Object("User")
            ?? throw Missing("GetUserInRecycleBin", "User"));

    /// <summary>RestoreUserFromRecycleBin: the user comes back with its id; its binned keys stay restorable.</summary>
    public void RestoreUserFromRecycleBin(string userId, CancellationToken cancellationToken) =>
        Call(Request("RestoreUserFromRecycleBin").Set("UserId", userId), cancellationToken);

    /// <summary>DeleteUserInRecycleBin: purges the user for good.</summary>
    public void DeleteUserInRecycleBin(string userId, CancellationToken cancellationToken) =>
        Call(Request("DeleteUserInRecycleBin").Set("UserId", userId), cancellationToken);

    private static AliyunRecycledAccessKey MapRecycledKey(XElement k, string userId, string userPrincipalName) => new()
    {
        UserId = userId,
        UserPrincipalName = userPrincipalName,
        AccessKeyId = k.Str("AccessKeyId") ?? string.Empty,
        CreateDate = k.Date("CreateDate"),
        DeletedDate = k.Date("RecycleDate"),
        PurgeDate = k.Date("DeleteDate"),
    };

    private static AliyunRecycledRamUser MapRecycledUser(XElement u) => new()
    {
        UserId = u.Str("UserId") ?? string.Empty,
        UserPrincipalName = u.Str("UserPrincipalName") ?? string.Empty,
        DisplayName = u.Str("DisplayName"),
        CreateDate = u.Date("CreateDate"),
        DeletedDate = u.Date("RecycleDate"),
        PurgeDate = u.Date("DeleteDate"),
    };
}
