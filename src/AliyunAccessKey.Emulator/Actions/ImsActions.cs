using System.Text.Json;
using AliyunAccessKey.Emulator.Server;
using AliyunAccessKey.Emulator.State;

namespace AliyunAccessKey.Emulator.Actions;

/// <summary>
/// IMS (2019-08-15) actions. Each runs under the state lock, so it sees and leaves a consistent
/// state. Answers follow the official SDK's models (field names, nesting, date format).
/// </summary>
internal static class ImsActions
{
    // ---- AccessKeys --------------------------------------------------------------------

    public static void CreateAccessKey(ActionContext ctx, Utf8JsonWriter json)
    {
        var owner = KeyOwner(ctx);
        var key = ctx.Store.CreateKey(owner, ctx.Now);
        ctx.CreatedKey = key;
        json.WriteStartObject("AccessKey");
        json.WriteString("AccessKeyId", key.Id);
        json.WriteString("AccessKeySecret", key.Secret);
        json.WriteString("CreateDate", ActionContext.Date(key.CreateDate));
        json.WriteString("Status", "Active");
        json.WriteEndObject();
    }

    public static void ListAccessKeys(ActionContext ctx, Utf8JsonWriter json)
    {
        var owner = KeyOwner(ctx);
        json.WriteStartObject("AccessKeys");
        json.WriteStartArray("AccessKey");
        foreach (var key in ctx.Store.KeysOf(owner))
        {
            json.WriteStartObject();
            json.WriteString("AccessKeyId", key.Id);
            json.WriteString("CreateDate", ActionContext.Date(key.CreateDate));
            json.WriteString("Status", KeyStatus(key));
            json.WriteString("UpdateDate", ActionContext.Date(key.UpdateDate));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void UpdateAccessKey(ActionContext ctx, Utf8JsonWriter json)
    {
        var key = OwnedKey(ctx);
        var active = Validation.KeyStatusIsActive(ctx.Required("Status"));
        if (key.Active != active)
        {
            key.Active = active;
            key.UpdateDate = ctx.Now;
            ctx.Store.MarkChanged();
        }
    }

    public static void DeleteAccessKey(ActionContext ctx, Utf8JsonWriter json) =>
        ctx.Store.DeleteKey(OwnedKey(ctx));

    public static void GetAccessKeyLastUsed(ActionContext ctx, Utf8JsonWriter json)
    {
        var key = OwnedKey(ctx);
        json.WriteStartObject("AccessKeyLastUsed");
        if (key.LastUsedDate is DateTime used)
        {
            json.WriteString("LastUsedDate", ActionContext.Date(used));
            json.WriteString("ServiceName", key.LastUsedService);
        }

        json.WriteEndObject();
    }

    private static string KeyStatus(AccessKeyRecord key) => key.Active ? "Active" : "Inactive";

    /// <summary>
    /// Whose keys: the named user, or without UserPrincipalName the caller itself (null = the
    /// account). An assumed role has no keys of its own, so it must name a user.
    /// </summary>
    private static UserRecord? KeyOwner(ActionContext ctx)
    {
        if (ctx.Optional("UserPrincipalName") is string upn)
        {
            return UserByUpn(ctx, upn);
        }

        return ctx.Caller.Type switch
        {
            IdentityType.Account => null,
            IdentityType.RamUser => ctx.Caller.User,
            _ => throw Errors.Missing("UserPrincipalName"),
        };
    }

    /// <summary>The key named by UserAccessKeyId, which must belong to the owner resolved as in <see cref="KeyOwner"/>.</summary>
    private static AccessKeyRecord OwnedKey(ActionContext ctx)
    {
        var id = ctx.Required("UserAccessKeyId");
        var owner = KeyOwner(ctx);
        var key = ctx.Store.FindKey(id);
        if (key is null || key.Owner != owner)
        {
            throw Errors.AccessKeyNotFound(id);
        }

        return key;
    }

    // ---- users -------------------------------------------------------------------------

    public static void CreateUser(ActionContext ctx, Utf8JsonWriter json)
    {
        var upn = ctx.Required("UserPrincipalName");
        var name = Validation.UserName(upn, ctx.Store.DefaultDomain);
        var displayName = ctx.Required("DisplayName");
        Validation.DisplayName(displayName);
        var comments = ctx.Optional("Comments");
        if (comments is not null)
        {
            Validation.Comments(comments);
        }

        var email = ctx.Optional("Email");
        if (email is not null)
        {
            Validation.Email(email);
        }

        var mobile = ctx.Optional("MobilePhone");
        if (mobile is not null)
        {
            Validation.MobilePhone(mobile);
        }

        var tags = ctx.Pairs("Tag");
        Validation.Tags(tags);

        var user = ctx.Store.CreateUser(name, displayName, ctx.Now);
        user.Comments = comments;
        user.Email = email;
        user.MobilePhone = mobile;
        user.Tags = tags.Count == 0 ? null : [.. tags];
        json.WritePropertyName("User");
        WriteUser(ctx, json, user, UserFields.Tags);
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
            user = UserByUpn(ctx, upn);
        }
        else if (id is not null)
        {
            user = ctx.Store.FindUserById(id) ?? throw Errors.UserNotFound(id);
        }
        else
        {
            var key = ctx.Store.FindKey(keyId!) ?? throw Errors.AccessKeyNotFound(keyId!);
            user = key.Owner ?? throw Errors.UserNotFound("owner of " + keyId);
        }

        json.WritePropertyName("User");
        WriteUser(ctx, json, user, UserFields.Tags | UserFields.UserName);
    }

    /// <summary>ListUsers: MaxItems defaults to 1000; LastLoginDate is epoch milliseconds, as the official example shows.</summary>
    public static void ListUsers(ActionContext ctx, Utf8JsonWriter json) =>
        ListPage(ctx, json, "Users", "User", defaultMaxItems: 1000, statusWithTag: true, static (c, j, u) => WriteUser(c, j, u, UserFields.Tags | UserFields.Status | UserFields.EpochLastLogin));

    /// <summary>ListUserBasicInfos: MaxItems defaults to 100; "If the Tag parameter is specified, you cannot specify the Status parameter."</summary>
    public static void ListUserBasicInfos(ActionContext ctx, Utf8JsonWriter json) =>
        ListPage(ctx, json, "UserBasicInfos", "UserBasicInfo", defaultMaxItems: 100, statusWithTag: false, static (c, j, u) =>
        {
            j.WriteStartObject();
            j.WriteString("UserId", u.UserId);
            j.WriteString("UserPrincipalName", c.Upn(u));
            j.WriteString("DisplayName", u.DisplayName);
            j.WriteString("Status", UserStatus(u));
            j.WriteEndObject();
        });

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
        var max = Validation.MaxItems(ctx.Optional("MaxItems"), defaultMaxItems);
        var tags = ctx.Pairs("Tag");
        Validation.Tags(tags);
        var status = ctx.Optional("Status");
        if (status is not null && tags.Count > 0 && !statusWithTag)
        {
            throw Errors.Invalid("Status", "If the Tag parameter is specified, you cannot specify the Status parameter.");
        }

        // An empty Status means active only; a tag filter answers users in both states.
        var (active, frozen) = status is not null ? Validation.UserStatusFilter(status) : (true, tags.Count > 0);
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

    private static string UserStatus(UserRecord user) => user.Frozen ? "freeze" : "active";

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
        var newName = newUpn is null ? null : Validation.UserName(newUpn, ctx.Store.DefaultDomain, "NewUserPrincipalName");
        var newDisplayName = ctx.Param("NewDisplayName");
        if (newDisplayName is not null)
        {
            Validation.DisplayName(newDisplayName, "NewDisplayName");
        }

        var newComments = ctx.Param("NewComments");
        if (newComments is not null)
        {
            Validation.Comments(newComments, "NewComments");
        }

        var newEmail = ctx.Param("NewEmail");
        if (newEmail is { Length: > 0 })
        {
            Validation.Email(newEmail, "NewEmail");
        }

        var newMobile = ctx.Param("NewMobilePhone");
        if (newMobile is { Length: > 0 })
        {
            Validation.MobilePhone(newMobile, "NewMobilePhone");
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
        WriteUser(ctx, json, user, UserFields.None);
    }

    public static void DeleteUser(ActionContext ctx, Utf8JsonWriter json) =>
        ctx.Store.DeleteUser(UserByUpnOrId(ctx));

    public static void GetDefaultDomain(ActionContext ctx, Utf8JsonWriter json) =>
        json.WriteString("DefaultDomainName", ctx.Store.DefaultDomain);

    private static UserRecord UserByUpn(ActionContext ctx, string upn)
    {
        var name = Validation.UserName(upn, ctx.Store.DefaultDomain);
        return ctx.Store.FindUserByName(name) ?? throw Errors.UserNotFound(upn);
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
            return UserByUpn(ctx, upn);
        }

        if (id is not null)
        {
            return ctx.Store.FindUserById(id) ?? throw Errors.UserNotFound(id);
        }

        throw Errors.Missing("UserPrincipalName");
    }

    [Flags]
    private enum UserFields
    {
        None = 0,
        Tags = 1,
        UserName = 2,
        Status = 4,

        /// <summary>LastLoginDate as Unix epoch milliseconds in a string (ListUsers), not ISO 8601.</summary>
        EpochLastLogin = 8,
    }

    /// <summary>The User object; optional fields are left out when empty, as the service does.</summary>
    private static void WriteUser(ActionContext ctx, Utf8JsonWriter json, UserRecord user, UserFields fields)
    {
        json.WriteStartObject();
        json.WriteString("UserId", user.UserId);
        json.WriteString("UserPrincipalName", ctx.Upn(user));
        if (fields.HasFlag(UserFields.UserName))
        {
            json.WriteString("UserName", user.Name);
        }

        json.WriteString("DisplayName", user.DisplayName);
        WriteIfSet(json, "Comments", user.Comments);
        WriteIfSet(json, "Email", user.Email);
        WriteIfSet(json, "MobilePhone", user.MobilePhone);
        json.WriteString("CreateDate", ActionContext.Date(user.CreateDate));
        json.WriteString("UpdateDate", ActionContext.Date(user.UpdateDate));
        if (user.LastLoginDate is DateTime login)
        {
            json.WriteString("LastLoginDate", fields.HasFlag(UserFields.EpochLastLogin) ? ActionContext.EpochMilliseconds(login) : ActionContext.Date(login));
        }

        json.WriteString("ProvisionType", "Manual");
        if (fields.HasFlag(UserFields.Status))
        {
            json.WriteString("Status", UserStatus(user));
        }

        if (fields.HasFlag(UserFields.Tags) && user.Tags is { Length: > 0 } tags)
        {
            json.WriteStartObject("Tags");
            json.WriteStartArray("Tag");
            foreach (var tag in tags)
            {
                json.WriteStartObject();
                json.WriteString("TagKey", tag.Key);
                json.WriteString("TagValue", tag.Value);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

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
