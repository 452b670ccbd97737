using System.Text.Json;
using AliyunAccessKey.Emulator.Api;

namespace AliyunAccessKey.Emulator.Features.Groups;

/// <summary>The groups' answer shapes, as the official SDK's models (@alicloud/ims20190815) have them.</summary>
internal static class GroupJson
{
    /// <summary>The Group of CreateGroup, GetGroup, UpdateGroup and ListGroups; empty optional fields are left out.</summary>
    public static void WriteGroup(Utf8JsonWriter json, GroupRecord group)
    {
        json.WriteStartObject();
        json.WriteString("GroupId", group.GroupId);
        json.WriteString("GroupName", group.Name);
        WriteIfSet(json, "DisplayName", group.DisplayName);
        WriteIfSet(json, "Comments", group.Comments);
        json.WriteString("CreateDate", ActionContext.Date(group.CreateDate));
        json.WriteString("UpdateDate", ActionContext.Date(group.UpdateDate));
        json.WriteEndObject();
    }

    /// <summary>ListGroupsForUser's Group: no dates of the group, but when the user joined it.</summary>
    public static void WriteJoinedGroup(Utf8JsonWriter json, Membership membership)
    {
        json.WriteStartObject();
        json.WriteString("GroupId", membership.Group.GroupId);
        json.WriteString("GroupName", membership.Group.Name);
        WriteIfSet(json, "DisplayName", membership.Group.DisplayName);
        WriteIfSet(json, "Comments", membership.Group.Comments);
        json.WriteString("JoinDate", ActionContext.Date(membership.JoinDate));
        json.WriteEndObject();
    }

    /// <summary>ListUsersForGroup's User.</summary>
    public static void WriteMember(Utf8JsonWriter json, string upn, Membership membership)
    {
        json.WriteStartObject();
        json.WriteString("UserId", membership.User.UserId);
        json.WriteString("UserPrincipalName", upn);
        json.WriteString("DisplayName", membership.User.DisplayName);
        json.WriteString("JoinDate", ActionContext.Date(membership.JoinDate));
        json.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json.WriteString(name, value);
        }
    }
}
