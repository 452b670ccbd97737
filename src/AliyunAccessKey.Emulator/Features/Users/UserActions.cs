using System.Text.Json;
using AliyunAccessKey.Emulator.Api;
using AliyunAccessKey.Emulator.Features.AccessKeys;
using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator.Features.Users;

/// <summary>
/// IMS (2019-08-15) user actions. Each runs under the state lock, so it sees and leaves a consistent
/// state. Answers follow the official SDK's models (field names, nesting, date format).
/// </summary>
internal static class UserActions
{
    public static void CreateUser(ActionContext ctx, Utf8JsonWriter json)
    {
        var upn = ctx.Required("UserPrincipalName");
        var name = UserValidation.UserName(upn, ctx.Store.DefaultDomain);
        var displayName = ctx.Required("DisplayName");
        UserValidation.DisplayName(displayName);
        var comments = ctx.Optional("Comments");
        if (comments is not null)
        {
            UserValidation.Comments(comments);
        }

        var email = ctx.Optional("Email");
        if (email is not null)
        {
            UserValidation.Email(email);
        }

        var mobile = ctx.Optional("MobilePhone");
        if (mobile is not null)
        {
            UserValidation.MobilePhone(mobile);
        }

        var tags = ctx.Pairs("Tag");
        UserValidation.Tags(tags);

        var user = ctx.Store.CreateUser(name, displayName, ctx.Now);
        user.Comments = comments;
        user.Email = email;
        user.MobilePhone = mobile;
        user.Tags = tags.Count == 0 ? null : [.. tags];
        json.WritePropertyName("User");
        UserJson.WriteUser(json, ctx.Upn(user), user, UserFields.Tags);
    }

    public static void GetUser(ActionContext ctx, Utf8JsonWriter json)
    {
        var upn = ctx.Optional("UserPrincipalName");
        var id = ctx.Optional("UserId");
        var keyId = ctx.Optional("UserAccessKeyId");
        var given = (upn is null ? 0 : 1) + (id is null ? 0 : 1) + (keyId is null ? 0 : 1);
        if (given == 0)
        {
            throw Errors.Missing("UserPrincipalName");
        }

        if (given > 1)
        {
            throw new AcsException(400, "InvalidParameter", "Specify only one of UserPrincipalName, UserId and UserAccessKeyId.");
        }

        UserRecord user;
        if (upn is not null)
        {
            user = ByUpn(ctx, upn);
        }
        else if (id is not null)
        {
            user = ctx.Store.FindUserById(id) ?? throw UserErrors.NotFound(id);
        }
        else
        {
            var key = ctx.Store.FindKey(keyId!) ?? throw AccessKeyErrors.NotFound(keyId!);
            user = key.Owner ?? throw UserErrors.NotFound("owner of " + keyId);
        }

        json.WritePropertyName("User");
        UserJson.WriteUser(json, ctx.Upn(user), user, UserFields.Tags | UserFields.UserName);
    }

    /// <summary>ListUsers: MaxItems defaults to 1000; LastLoginDate is epoch milliseconds, as the official example shows.</summary>
    public static void ListUsers(ActionContext ctx, Utf8JsonWriter json) =>
        ListPage(ctx, json, "Users", "User", defaultMaxItems: 1000, statusWithTag: true, static (c, j, u) => UserJson.WriteUser(j, c.Upn(u), u, UserFields.Tags | UserFields.Status | UserFields.EpochLastLogin));

    /// <summary>ListUserBasicInfos: MaxItems defaults to 100; "If the Tag parameter is specified, you cannot specify the Status parameter."</summary>
    public static void ListUserBasicInfos(ActionContext ctx, Utf8JsonWriter json) =>
        ListPage(ctx, json, "UserBasicInfos", "UserBasicInfo", defaultMaxItems: 100, statusWithTag: false, static (c, j, u) => UserJson.WriteBasicInfo(j, c.Upn(u), u));

    private static void ListPage(
        ActionContext ctx,
        Utf8JsonWriter json,
        string outer,
        string inner,
        int defaultMaxItems,
        bool statusWithTag,
        Action<ActionContext, Utf8JsonWriter, UserRecord> write)
    {
        var after = ctx.Optional("Marker") is string marker ? ListMarker.Decode(marker) : 0;
        var max = ParameterRules.MaxItems(ctx.Optional("MaxItems"), defaultMaxItems);
        var tags = ctx.Pairs("Tag");
        UserValidation.Tags(tags);
        var status = ctx.Optional("Status");
        if (status is not null && tags.Count > 0 && !statusWithTag)
        {
            throw Errors.Invalid("Status", "If the Tag parameter is specified, you cannot specify the Status parameter.");
        }

        // An empty Status means active only; a tag filter answers users in both states.
        var (active, frozen) = status is not null ? UserValidation.UserStatusFilter(status) : (true, tags.Count > 0);
        Func<UserRecord, bool>? filter = active && frozen && tags.Count == 0
            ? null
            : u => (u.Frozen ? frozen : active) && HasTags(u, tags);

        var page = ctx.Store.Page(after, max, filter, out var truncated);
        json.WriteBoolean("IsTruncated", truncated);
        if (truncated)
        {
            json.WriteString("Marker", ListMarker.Encode(page[^1].Seq));
        }

        json.WriteStartObject(outer);
        json.WriteStartArray(inner);
        foreach (var user in page)
        {
            write(ctx, json, user);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static bool HasTags(UserRecord user, List<KeyValuePair<string, string>> wanted)
    {
        foreach (var want in wanted)
        {
            var found = false;
            foreach (var tag in user.Tags ?? [])
            {
                if (tag.Key == want.Key && (want.Value.Length == 0 || tag.Value == want.Value))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    public static void UpdateUser(ActionContext ctx, Utf8JsonWriter json)
    {
        var user = UserByUpnOrId(ctx);

        // Validate everything first, so a bad field changes nothing.
        var newUpn = ctx.Optional("NewUserPrincipalName");
        var newName = newUpn is null ? null : UserValidation.UserName(newUpn, ctx.Store.DefaultDomain, "NewUserPrincipalName");
        var newDisplayName = ctx.Param("NewDisplayName");
        if (newDisplayName is not null)
        {
            UserValidation.DisplayName(newDisplayName, "NewDisplayName");
        }

        var newComments = ctx.Param("NewComments");
        if (newComments is not null)
        {
            UserValidation.Comments(newComments, "NewComments");
        }

        var newEmail = ctx.Param("NewEmail");
        if (newEmail is { Length: > 0 })
        {
            UserValidation.Email(newEmail, "NewEmail");
        }

        var newMobile = ctx.Param("NewMobilePhone");
        if (newMobile is { Length: > 0 })
        {
            UserValidation.MobilePhone(newMobile, "NewMobilePhone");
        }

        if (newName is not null)
        {
            ctx.Store.RenameUser(user, newName);
        }

        if (newDisplayName is not null)
        {
            user.DisplayName = newDisplayName;
        }

        if (newComments is not null)
        {
            user.Comments = newComments.Length == 0 ? null : newComments;
        }

        if (newEmail is not null)
        {
            user.Email = newEmail.Length == 0 ? null : newEmail;
        }

        if (newMobile is not null)
        {
            user.MobilePhone = newMobile.Length == 0 ? null : newMobile;
        }

        user.UpdateDate = ctx.Now;
        ctx.Store.MarkChanged();
        json.WritePropertyName("User");
        UserJson.WriteUser(json, ctx.Upn(user), user, UserFields.None);
    }

    public static void DeleteUser(ActionContext ctx, Utf8JsonWriter json) =>
        ctx.Store.DeleteUser(UserByUpnOrId(ctx));

    public static void GetDefaultDomain(ActionContext ctx, Utf8JsonWriter json) =>
        json.WriteString("DefaultDomainName", ctx.Store.DefaultDomain);

    /// <summary>The user a UPN names (validated first); EntityNotExist.User when there is none.</summary>
    public static UserRecord ByUpn(ActionContext ctx, string upn)
    {
        var name = UserValidation.UserName(upn, ctx.Store.DefaultDomain);
        return ctx.Store.FindUserByName(name) ?? throw UserErrors.NotFound(upn);
    }

    /// <summary>"You must specify only one of the following parameters: UserPrincipalName and UserId."</summary>
    private static UserRecord UserByUpnOrId(ActionContext ctx)
    {
        var upn = ctx.Optional("UserPrincipalName");
        var id = ctx.Optional("UserId");
        if (upn is not null && id is not null)
        {
            throw new AcsException(400, "InvalidParameter", "Specify only one of UserPrincipalName and UserId.");
        }

        if (upn is not null)
        {
            return ByUpn(ctx, upn);
        }

        if (id is not null)
        {
            return ctx.Store.FindUserById(id) ?? throw UserErrors.NotFound(id);
        }

        throw Errors.Missing("UserPrincipalName");
    }
}
