using System.Globalization;
using System.Text.Json;
using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Api;
using AliyunAccessKey.Emulator.Features.Users;
using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator.Features.RecycleBin;

/// <summary>
/// IMS (2019-08-15) recycle-bin actions. They name users by UserId (not UPN), as the metadata has
/// them. Reads hide what expired by the emulator's clock (clockOffsetSeconds moves it); writes purge it.
/// </summary>
internal static class RecycleBinActions
{
    /// <summary>"Valid values: 1 to 100. Default value: 100." (ListUsersInRecycleBin MaxItems).</summary>
    public const int MaxListItems = 100;

    [Reads]
    public static void ListAccessKeysInRecycleBin(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var owner = BinOwner(ctx, state);
        json.WriteStartObject("AccessKeys");
        json.WriteStartArray("AccessKey");
        foreach (var key in state.RecycleBin.KeysOf(owner, ctx.Now).OrderBy(static k => k.RecycleDate))
        {
            RecycleBinJson.WriteKey(json, key);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    [Reads]
    public static void GetAccessKeyInfoInRecycleBin(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var id = ctx.Required("UserAccessKeyId");
        var key = state.RecycleBin.FindKey(id, ctx.Now) ?? throw RecycleBinErrors.KeyNotFound(id);
        RecycleBinJson.WriteKeyInfo(json, key, ctx.Upn(key.Owner), state.RecycleBin.IsRecycled(key.Owner, ctx.Now));
    }

    /// <summary>Best guess: a restored key counts toward the two-key limit again, so a user who already has two is refused (LimitExceeded.User.AccessKey).</summary>
    [Writes]
    public static void RestoreAccessKeyFromRecycleBin(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        state.RecycleBin.Expire(ctx.Now);
        var key = BinKey(ctx, state);
        if (state.RecycleBin.IsRecycled(key.Owner, ctx.Now))
        {
            throw RecycleBinErrors.OwnerRecycled(key.Owner.UserId);
        }

        state.AccessKeys.Restore(key.Key);
        state.RecycleBin.TakeKey(key);
    }

    [Writes]
    public static void DeleteAccessKeyInRecycleBin(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        state.RecycleBin.Expire(ctx.Now);
        state.RecycleBin.PurgeKey(BinKey(ctx, state));
    }

    [Reads]
    public static void ListUsersInRecycleBin(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var after = ctx.Optional("Marker") is string marker ? ListMarker.Decode(marker) : 0;
        var max = MaxItems(ctx.Optional("MaxItems"));
        var upn = ctx.Optional("Filter") is string filter ? FilterUpn(filter) : null;
        Func<RecycledUser, bool>? match = upn is null ? null : u => string.Equals(ctx.Upn(u.User), upn, StringComparison.OrdinalIgnoreCase);
        var page = state.RecycleBin.UsersPage(after, max, match, ctx.Now, out var truncated);
        json.WriteBoolean("IsTruncated", truncated);
        if (truncated)
        {
            json.WriteString("Marker", ListMarker.Encode(page[^1].BinSeq));
        }

        json.WriteStartObject("Users");
        json.WriteStartArray("User");
        foreach (var user in page)
        {
            RecycleBinJson.WriteUser(json, user, ctx.Upn(user.User));
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>"You must specify only one of the following parameters: UserId and UserAccessKeyId."</summary>
    [Reads]
    public static void GetUserInRecycleBin(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var id = ctx.Optional("UserId");
        var keyId = ctx.Optional("UserAccessKeyId");
        if (id is not null && keyId is not null)
        {
            throw new AcsException(400, "InvalidParameter", "Specify only one of UserId and UserAccessKeyId.");
        }

        RecycledUser? user;
        if (id is not null)
        {
            user = state.RecycleBin.FindUser(id, ctx.Now);
        }
        else if (keyId is not null)
        {
            var key = state.RecycleBin.FindKey(keyId, ctx.Now) ?? throw RecycleBinErrors.KeyNotFound(keyId);
            user = state.RecycleBin.FindUser(key.Owner.UserId, ctx.Now);
        }
        else
        {
            throw Errors.Missing("UserId");
        }

        if (user is null)
        {
            throw RecycleBinErrors.UserNotFound(id ?? keyId!);
        }

        json.WritePropertyName("User");
        RecycleBinJson.WriteUser(json, user, ctx.Upn(user.User));
    }

    /// <summary>The user comes back with its id; its keys recycled before or with it stay in its key bin, restorable.</summary>
    [Writes]
    public static void RestoreUserFromRecycleBin(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        state.RecycleBin.Expire(ctx.Now);
        var user = BinUser(ctx, state);
        state.Users.Restore(user.User);
        state.RecycleBin.TakeUser(user);
    }

    [Writes]
    public static void DeleteUserInRecycleBin(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        state.RecycleBin.Expire(ctx.Now);
        state.RecycleBin.PurgeUser(BinUser(ctx, state));
    }

    /// <summary>The user whose key bin is meant: UserId (a live user or one in the bin), else a RAM user caller itself.</summary>
    private static UserRecord BinOwner(ActionContext ctx, AccountState state)
    {
        if (ctx.Optional("UserId") is string id)
        {
            return state.Users.FindById(id) ?? state.RecycleBin.FindUser(id, ctx.Now)?.User ?? throw UserErrors.NotFound(id);
        }

        return ctx.Caller.Type == IdentityType.RamUser && ctx.Caller.User is UserRecord self ? self : throw Errors.Missing("UserId");
    }

    /// <summary>The binned key UserAccessKeyId names; it must belong to the user UserId names (or the calling RAM user).</summary>
    private static RecycledKey BinKey(ActionContext ctx, AccountState state)
    {
        var id = ctx.Required("UserAccessKeyId");
        var owner = BinOwner(ctx, state);
        var key = state.RecycleBin.FindKey(id, ctx.Now);
        return key is not null && key.Owner == owner ? key : throw RecycleBinErrors.KeyNotFound(id);
    }

    private static RecycledUser BinUser(ActionContext ctx, AccountState state)
    {
        var id = ctx.Required("UserId");
        return state.RecycleBin.FindUser(id, ctx.Now) ?? throw RecycleBinErrors.UserNotFound(id);
    }

    private static int MaxItems(string? value)
    {
        if (value is null)
        {
            return MaxListItems;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxListItems
            ? n
            : throw Errors.Invalid("MaxItems", $"The parameter MaxItems is invalid. Valid values: 1 to {MaxListItems}.");
    }

    /// <summary>"UserPrincipalName eq &lt;username&gt;@&lt;AccountAlias&gt;.onaliyun.com", the only documented form.</summary>
    private static string FilterUpn(string filter)
    {
        var parts = filter.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 3 && parts[0] == "UserPrincipalName" && parts[1].Equals("eq", StringComparison.OrdinalIgnoreCase)
            ? parts[2]
            : throw Errors.Invalid("Filter", "The parameter Filter is invalid. Use: UserPrincipalName eq <upn>.");
    }
}
