using System.Text.Json;
using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Api;
using AliyunAccessKey.Emulator.Features.Users;
using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator.Features.AccessKeys;

/// <summary>IMS (2019-08-15) AccessKey actions. Answers follow the official SDK's models.</summary>
internal static class AccessKeyActions
{
    /// <summary>The keys' owner as a RAM resource: the user named, else a RAM user caller itself.</summary>
    private static string Resource(ActionContext ctx) =>
        ctx.Optional("UserPrincipalName") is null && ctx.Caller.User is UserRecord self
            ? ctx.Account.RamResource("user/" + self.Name)
            : UserActions.Resource(ctx);

    [Writes(Resource = nameof(Resource))]
    public static void CreateAccessKey(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var key = state.AccessKeys.Create(KeyOwner(ctx, state), ctx.Now, ctx.Knobs.AccessKeysPerUserQuota);
        ctx.CreatedKey = key;
        AccessKeyJson.WriteCreated(json, key);
    }

    [Reads(Resource = nameof(Resource))]
    public static void ListAccessKeys(ActionContext ctx, AccountState state, Utf8JsonWriter json) =>
        AccessKeyJson.WriteList(json, state.AccessKeys.Of(KeyOwner(ctx, state)));

    [Writes(Resource = nameof(Resource))]
    public static void UpdateAccessKey(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var key = OwnedKey(ctx, state);
        var active = AccessKeyValidation.StatusIsActive(ctx.Required("Status"));
        if (key.Active != active)
        {
            key.Active = active;
            key.UpdateDate = ctx.Now;
        }
    }

    [Writes(Resource = nameof(Resource))]
    public static void DeleteAccessKey(ActionContext ctx, AccountState state, Utf8JsonWriter json) =>
        state.AccessKeys.Delete(OwnedKey(ctx, state));

    [Reads(Resource = nameof(Resource))]
    public static void GetAccessKeyLastUsed(ActionContext ctx, AccountState state, Utf8JsonWriter json) =>
        AccessKeyJson.WriteLastUsed(json, OwnedKey(ctx, state));

    /// <summary>
    /// Whose keys: the named user, or without UserPrincipalName the caller itself (null = the
    /// account). An assumed role has no keys of its own, so it must name a user.
    /// </summary>
    private static UserRecord? KeyOwner(ActionContext ctx, AccountState state)
    {
        if (ctx.Optional("UserPrincipalName") is string upn)
        {
            return UserActions.ByUpn(ctx, state, upn);
        }

        return ctx.Caller.Type switch
        {
            IdentityType.Account => null,
            IdentityType.RamUser => ctx.Caller.User,
            _ => throw Errors.Missing("UserPrincipalName"),
        };
    }

    /// <summary>The key named by UserAccessKeyId, which must belong to the owner resolved as in <see cref="KeyOwner"/>.</summary>
    private static AccessKeyRecord OwnedKey(ActionContext ctx, AccountState state)
    {
        var id = ctx.Required("UserAccessKeyId");
        var owner = KeyOwner(ctx, state);
        var key = state.AccessKeys.Find(id);
        if (key is null || key.Owner != owner)
        {
            throw AccessKeyErrors.NotFound(id);
        }

        return key;
    }
}
