using System.Xml.Linq;
using AliyunAccessKey.Model;

namespace AliyunAccessKey.Client;

/// <summary>IMS groups and their members; every action names a group by GroupName.</summary>
internal sealed partial class ImsClient
{
    /// <summary>CreateGroup. Not idempotent (a retry after a lost answer meets EntityAlreadyExists.Group).</summary>
    public AliyunRamGroup CreateGroup(string groupName, string? displayName, string? comments, CancellationToken cancellationToken)
    {
        var call = Request("CreateGroup", idempotent: false).Set("GroupName", groupName).Set("DisplayName", displayName).Set("Comments", comments);
        return ReadGroup("CreateGroup", Call(call, cancellationToken));
    }

    /// <summary>GetGroup.</summary>
    public AliyunRamGroup GetGroup(string groupName, CancellationToken cancellationToken) =>
        ReadGroup("GetGroup", Call(Request("GetGroup").Set("GroupName", groupName), cancellationToken));

    /// <summary>ListGroups: one page (MaxItems 1–100, the service's default 100).</summary>
    public Page<AliyunRamGroup> ListGroups(string? marker, int? maxItems, CancellationToken cancellationToken)
    {
        var root = Call(Request("ListGroups").Set("Marker", marker).Set("MaxItems", maxItems), cancellationToken);
        var groups = root.List("Groups", "Group").Select(g => MapGroup(g, null)).ToList();
        return new Page<AliyunRamGroup>(groups, root.Bool("IsTruncated"), NextMarker("ListGroups", root));
    }

    /// <summary>UpdateGroup: renames it and/or changes its display name and comments (null leaves a field as it is).</summary>
    public AliyunRamGroup UpdateGroup(string groupName, string? newGroupName, string? newDisplayName, string? newComments, CancellationToken cancellationToken)
    {
        var call = Request("UpdateGroup").Set("GroupName", groupName).Set("NewGroupName", newGroupName).Set("NewDisplayName", newDisplayName).Set("NewComments", newComments);
        return ReadGroup("UpdateGroup", Call(call, cancellationToken));
    }

    /// <summary>DeleteGroup; the service refuses it (DeleteConflict.Group.User / .Policy) while the group has members or policies.</summary>
    public void DeleteGroup(string groupName, CancellationToken cancellationToken) =>
        Call(Request("DeleteGroup").Set("GroupName", groupName), cancellationToken);

    /// <summary>AddUserToGroup; EntityAlreadyExists.User.Group when the user is a member already.</summary>
    public void AddUserToGroup(string groupName, string userPrincipalName, CancellationToken cancellationToken) =>
        Call(Request("AddUserToGroup").Set("GroupName", groupName).Set("UserPrincipalName", userPrincipalName), cancellationToken);

    /// <summary>RemoveUserFromGroup; EntityNotExist.User.Group when the user is not a member.</summary>
    public void RemoveUserFromGroup(string groupName, string userPrincipalName, CancellationToken cancellationToken) =>
        Call(Request("RemoveUserFromGroup").Set("GroupName", groupName).Set("UserPrincipalName", userPrincipalName), cancellationToken);

    /// <summary>
    /// ListGroupsForUser. The action does not page (no Marker or MaxItems in its metadata), so this
    /// always answers every group, not truncated; the paging parameters are kept for callers that page.
    /// </summary>
    public Page<AliyunRamGroup> ListGroupsForUser(string userPrincipalName, string? marker, int? maxItems, CancellationToken cancellationToken)
    {
        var root = Call(Request("ListGroupsForUser").Set("UserPrincipalName", userPrincipalName), cancellationToken);
        var groups = root.List("Groups", "Group").Select(g => MapGroup(g, userPrincipalName)).ToList();
        return new Page<AliyunRamGroup>(groups, false, null);
    }

    /// <summary>ListUsersForGroup: one page of members (MaxItems 1–100, the service's default 100), with when each joined.</summary>
    public Page<AliyunRamGroupMember> ListUsersForGroup(string groupName, string? marker, int? maxItems, CancellationToken cancellationToken)
    {
        var root = Call(Request("ListUsersForGroup").Set("GroupName", groupName).Set("Marker", marker).Set("MaxItems", maxItems), cancellationToken);
        var users = root.List("Users", "User").Select(u => new AliyunRamGroupMember
        {
            GroupName = groupName,
            UserPrincipalName = u.Str("UserPrincipalName") ?? string.Empty,
            UserId = u.Str("UserId"),
            DisplayName = u.Str("DisplayName"),
            JoinDate = u.Date("JoinDate"),
        }).ToList();
        return new Page<AliyunRamGroupMember>(users, root.Bool("IsTruncated"), NextMarker("ListUsersForGroup", root));
    }

    private static AliyunRamGroup ReadGroup(string action, XElement root) =>
        MapGroup(root.Object("Group") ?? throw Missing(action, "Group"), null);

    private static AliyunRamGroup MapGroup(XElement g, string? userPrincipalName) => new()
    {
        GroupId = g.Str("GroupId") ?? string.Empty,
        GroupName = g.Str("GroupName") ?? string.Empty,
        DisplayName = g.Str("DisplayName"),
        Comments = g.Str("Comments"),
        CreateDate = g.Date("CreateDate"),
        UpdateDate = g.Date("UpdateDate"),
        JoinDate = g.Date("JoinDate"),
        UserPrincipalName = userPrincipalName,
    };
}
