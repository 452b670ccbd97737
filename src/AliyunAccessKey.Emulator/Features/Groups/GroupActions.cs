using System.Text.Json;
using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Api;
using AliyunAccessKey.Emulator.Features.Users;

namespace AliyunAccessKey.Emulator.Features.Groups;

/// <summary>
/// IMS (2019-08-15) group actions: groups and their members. The account root runs each under its
/// lock. Answers follow the official SDK's models; codes follow RAM's error reference.
/// </summary>
internal static class GroupActions
{
    /// <summary>The group a request names, as a RAM resource (group/&lt;name&gt;); group/* when it names none.</summary>
    public static string Resource(ActionContext ctx) =>
        ctx.Account.RamResource("group/" + (ctx.Optional("GroupName") ?? "*"));

    private static string EveryGroup(ActionContext ctx) => ctx.Account.RamResource("group/*");

    /// <summary>The user a request names, as a RAM resource (ListGroupsForUser reads a user).</summary>
    public static string UserResource(ActionContext ctx) => UserActions.Resource(ctx);

    [Writes(Resource = nameof(Resource))]
    public static void CreateGroup(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var name = GroupValidation.Name(ctx.Required("GroupName"));
        var displayName = ctx.Optional("DisplayName");
        if (displayName is not null)
        {
            GroupValidation.DisplayName(displayName);
        }

        var comments = ctx.Optional("Comments");
        if (comments is not null)
        {
            GroupValidation.Comments(comments);
        }

        var group = state.Groups.Create(name, ctx.Now);
        group.DisplayName = displayName;
        group.Comments = comments;
        json.WritePropertyName("Group");
        GroupJson.WriteGroup(json, group);
    }

    [Reads(Resource = nameof(Resource))]
    public static void GetGroup(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var group = Named(ctx, state);
        json.WritePropertyName("Group");
        GroupJson.WriteGroup(json, group);
    }

    [Reads(Resource = nameof(EveryGroup))]
    public static void ListGroups(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var after = ctx.Optional("Marker") is string marker ? GroupMarker.Decode(GroupMarker.Groups, marker) : 0;
        var page = state.Groups.Page(after, GroupValidation.MaxItems(ctx), out var truncated);
        WritePaging(json, GroupMarker.Groups, truncated, truncated ? page[^1].Seq : 0);
        WriteList(json, "Groups", "Group", page, group => GroupJson.WriteGroup(json, group));
    }

    /// <summary>Renames and re-describes a group; an empty NewDisplayName or NewComments clears it.</summary>
    [Writes(Resource = nameof(Resource))]
    public static void UpdateGroup(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var group = Named(ctx, state);

        // Validate everything first, so a bad field changes nothing.
        var newName = ctx.Optional("NewGroupName") is { } n ? GroupValidation.Name(n, "NewGroupName") : null;
        var newDisplayName = ctx.Param("NewDisplayName");
        if (newDisplayName is not null)
        {
            GroupValidation.DisplayName(newDisplayName, "NewDisplayName");
        }

        var newComments = ctx.Param("NewComments");
        if (newComments is not null)
        {
            GroupValidation.Comments(newComments, "NewComments");
        }

        if (newName is not null)
        {
            state.Groups.Rename(group, newName);
        }

        if (newDisplayName is not null)
        {
            group.DisplayName = newDisplayName.Length == 0 ? null : newDisplayName;
        }

        if (newComments is not null)
        {
            group.Comments = newComments.Length == 0 ? null : newComments;
        }

        group.UpdateDate = ctx.Now;
        json.WritePropertyName("Group");
        GroupJson.WriteGroup(json, group);
    }

    /// <summary>Refused with DeleteConflict.Group.Policy while a policy is attached, DeleteConflict.Group.User while the group has members.</summary>
    [Writes(Resource = nameof(Resource))]
    public static void DeleteGroup(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var group = Named(ctx, state);

        // Attached policies refuse the delete (DeleteConflict.Group.Policy); members do in Delete.
        state.Policies.EnsureNoneOf(group);
        state.Groups.Delete(group);
    }

    [Writes(Resource = nameof(Resource))]
    public static void AddUserToGroup(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var group = Named(ctx, state);
        var user = UserActions.ByUpn(ctx, state, ctx.Required("UserPrincipalName"));
        state.Groups.AddMember(group, user, ctx.Now);
    }

    [Writes(Resource = nameof(Resource))]
    public static void RemoveUserFromGroup(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var group = Named(ctx, state);
        var user = UserActions.ByUpn(ctx, state, ctx.Required("UserPrincipalName"));
        state.Groups.RemoveMember(group, user);
    }

    /// <summary>Not paged: the metadata documents no Marker or MaxItems (a user is in at most 5 groups).</summary>
    [Reads(Resource = nameof(UserResource))]
    public static void ListGroupsForUser(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var user = UserActions.ByUpn(ctx, state, ctx.Required("UserPrincipalName"));
        WriteList(json, "Groups", "Group", state.Groups.GroupsOf(user), membership => GroupJson.WriteJoinedGroup(json, membership));
    }

    [Reads(Resource = nameof(Resource))]
    public static void ListUsersForGroup(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var group = Named(ctx, state);
        var after = ctx.Optional("Marker") is string marker ? GroupMarker.Decode(GroupMarker.Members, marker) : 0;
        var page = state.Groups.MemberPage(group, after, GroupValidation.MaxItems(ctx), out var truncated);
        WritePaging(json, GroupMarker.Members, truncated, truncated ? page[^1].Seq : 0);
        WriteList(json, "Users", "User", page, membership => GroupJson.WriteMember(json, ctx.Upn(membership.User), membership));
    }

    /// <summary>The group GroupName names (validated first); EntityNotExist.Group when there is none.</summary>
    private static GroupRecord Named(ActionContext ctx, AccountState state)
    {
        var name = GroupValidation.Name(ctx.Required("GroupName"));
        return state.Groups.Find(name) ?? throw GroupErrors.NotFound(name);
    }

    /// <summary>A page's IsTruncated, and when truncated the Marker that continues after <paramref name="lastSeq"/>.</summary>
    private static void WritePaging(Utf8JsonWriter json, string markerKind, bool truncated, long lastSeq)
    {
        json.WriteBoolean("IsTruncated", truncated);
        if (truncated)
        {
            json.WriteString("Marker", GroupMarker.Encode(markerKind, lastSeq));
        }
    }

    /// <summary>IMS's list shape: {"&lt;container&gt;":{"&lt;item&gt;":[…]}}.</summary>
    private static void WriteList<T>(Utf8JsonWriter json, string container, string item, IEnumerable<T> items, Action<T> write)
    {
        json.WriteStartObject(container);
        json.WriteStartArray(item);
        foreach (var entry in items)
        {
            write(entry);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
