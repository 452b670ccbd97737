using System.Text.Json;
using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Api;
using AliyunAccessKey.Emulator.Features.AccessKeys;
using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator.Features.Users;

/// <summary>
/// IMS (2019-08-15) user actions. The account root runs each under its lock, so it sees and leaves
/// a consistent state. Answers follow the official SDK's models (field names, nesting, date format).
/// </summary>
internal static class UserActions
{
    /// <summary>The user a request names by UPN, as a RAM resource (user/&lt;name&gt;); user/* when it names none that way.</summary>
    public static string Resource(ActionContext ctx)
    {
        var upn = ctx.Optional("UserPrincipalName");
        var at = upn?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        return ctx.Account.RamResource("user/" + (upn is null ? "*" : at < 0 ? upn : upn[..at]));
    }

    private static string EveryUser(ActionContext ctx) => ctx.Account.RamResource("user/*");

    [Writes(Resource = nameof(Resource))]
    public static void CreateUser(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var upn = ctx.Required("UserPrincipalName");
        var name = UserValidation.UserName(upn, ctx.Account.DefaultDomain);
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

        var user = state.Users.Create(name, displayName, ctx.Now);
        user.Comments = comments;
        user.Email = email;
        user.MobilePhone = mobile;
        user.Tags = tags.Count == 0 ? null : [.. tags];
        json.WritePropertyName("User");
        UserJson.WriteUser(json, ctx.Upn(user), user, UserFields.Tags);
    }

    [Reads(Resource = nameof(Resource))]
    public static void GetUser(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var user = NamedUser(ctx, state, byAccessKeyToo: true);
        json.WritePropertyName("User");
        UserJson.WriteUser(json, ctx.Upn(user), user, UserFields.Tags | UserFields.UserName);
    }

    /// <summary>ListUsers: MaxItems defaults to 1000; LastLoginDate is epoch milliseconds, as the official example shows.</summary>
    [Reads(Resource = nameof(EveryUser))]
    public static void ListUsers(ActionContext ctx, AccountState state, Utf8JsonWriter json) =>
        ListPage(ctx, state, json, "Users", "User", defaultMaxItems: 1000, statusWithTag: true, static (c, j, u) => UserJson.WriteUser(j, c.Upn(u), u, UserFields.Tags | UserFields.Status | UserFields.EpochLastLogin));

    /// <summary>ListUserBasicInfos: MaxItems defaults to 100; "If the Tag parameter is specified, you cannot specify the Status parameter."</summary>
    [Reads(Resource = nameof(EveryUser))]
    public static void ListUserBasicInfos(ActionContext ctx, AccountState state, Utf8JsonWriter json) =>
        ListPage(ctx, state, json, "UserBasicInfos", "UserBasicInfo", defaultMaxItems: 100, statusWithTag: false, static (c, j, u) => UserJson.WriteBasicInfo(j, c.Upn(u), u));

    private static void ListPage(
        ActionContext ctx,
        AccountState state,
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

        var page = state.Users.Page(after, max, filter, out var truncated);
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

    [Writes(Resource = nameof(Resource))]
    public static void UpdateUser(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var user = NamedUser(ctx, state, byAccessKeyToo: false);

        // Validate everything first, so a bad field changes nothing.
        var newUpn = ctx.Optional("NewUserPrincipalName");
        var newName = newUpn is null ? null : UserValidation.UserName(newUpn, ctx.Account.DefaultDomain, "NewUserPrincipalName");
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
            state.Users.Rename(user, newName);
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
        json.WritePropertyName("User");
        UserJson.WriteUser(json, ctx.Upn(user), user, UserFields.None);
    }

    /// <summary>Refused while anything of another feature hangs on the user (AccessKeys, group memberships, login profile, MFA device…).</summary>
    [Writes(Resource = nameof(Resource))]
    public static void DeleteUser(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var user = NamedUser(ctx, state, byAccessKeyToo: false);

        // Whatever still hangs on the user refuses the delete with its DeleteConflict.User.* code.
        state.AccessKeys.EnsureNoneOf(user);
        state.LoginProfiles.EnsureNoneOf(user);
        state.Mfa.EnsureNoneOf(user);
        state.Groups.EnsureNoneOf(user);
        state.Policies.EnsureNoneOf(user);
        state.Users.Delete(user);

        // Not final: the user goes to the user recycle bin for 30 days, its binned keys with it.
        state.RecycleBin.RecycleUser(user, ctx.Now);
    }

    [Reads]
    public static void GetDefaultDomain(ActionContext ctx, AccountState state, Utf8JsonWriter json) =>
        json.WriteString("DefaultDomainName", ctx.Account.DefaultDomain);

    /// <summary>The user a UPN names (validated first); EntityNotExist.User when there is none.</summary>
    public static UserRecord ByUpn(ActionContext ctx, AccountState state, string upn)
    {
        var name = UserValidation.UserName(upn, ctx.Account.DefaultDomain);
        return state.Users.FindByName(name) ?? throw UserErrors.NotFound(upn);
    }

    /// <summary>
    /// The user named by exactly one of UserPrincipalName and UserId (GetUser: or UserAccessKeyId):
    /// "You must specify only one of the following parameters".
    /// </summary>
    private static UserRecord NamedUser(ActionContext ctx, AccountState state, bool byAccessKeyToo)
    {
        var upn = ctx.Optional("UserPrincipalName");
        var id = ctx.Optional("UserId");
        var keyId = byAccessKeyToo ? ctx.Optional("UserAccessKeyId") : null;
        if ((upn is null ? 0 : 1) + (id is null ? 0 : 1) + (keyId is null ? 0 : 1) > 1)
        {
            throw new AcsException(400, "InvalidParameter", byAccessKeyToo
                ? "Specify only one of UserPrincipalName, UserId and UserAccessKeyId."
                : "Specify only one of UserPrincipalName and UserId.");
        }

        if (upn is not null)
        {
            return ByUpn(ctx, state, upn);
        }

        if (id is not null)
        {
            return state.Users.FindById(id) ?? throw UserErrors.NotFound(id);
        }

        if (keyId is not null)
        {
            var key = state.AccessKeys.Find(keyId) ?? throw AccessKeyErrors.NotFound(keyId);
            return key.Owner ?? throw UserErrors.NotFound("owner of " + keyId);
        }

        throw Errors.Missing("UserPrincipalName");
    }
}
