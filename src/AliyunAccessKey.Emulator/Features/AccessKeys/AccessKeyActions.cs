using System.Text.Json;
using AliyunAccessKey.Emulator.Api;
using AliyunAccessKey.Emulator.Features.Users;
using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator.Features.AccessKeys;

/// <summary>IMS (2019-08-15) AccessKey actions. Answers follow the official SDK's models.</summary>
internal static class AccessKeyActions
{
    public static void CreateAccessKey(ActionContext ctx, Utf8JsonWriter json)
    {
        var key = ctx.Store.CreateKey(KeyOwner(ctx), ctx.Now);
        ctx.CreatedKey = key;
        AccessKeyJson.WriteCreated(json, key);
    }

    public static void ListAccessKeys(ActionContext ctx, Utf8JsonWriter json) =>
        AccessKeyJson.WriteList(json, ctx.Store.KeysOf(KeyOwner(ctx)));

    public static void UpdateAccessKey(ActionContext ctx, Utf8JsonWriter json)
    {
        var key = OwnedKey(ctx);
        var active = AccessKeyValidation.StatusIsActive(ctx.Required("Status"));
        if (key.Active != active)
        {
            key.Active = active;
            key.UpdateDate = ctx.Now;
            ctx.Store.MarkChanged();
        }
    }

    public static void DeleteAccessKey(ActionContext ctx, Utf8JsonWriter json) =>
        ctx.Store.DeleteKey(OwnedKey(ctx));

    public static void GetAccessKeyLastUsed(ActionContext ctx, Utf8JsonWriter json) =>
        AccessKeyJson.WriteLastUsed(json, OwnedKey(ctx));

    /// <summary>
    /// Whose keys: the named user, or without UserPrincipalName the caller itself (null = the
    /// account). An assumed role has no keys of its own, so it must name a user.
    /// </summary>
    private static UserRecord? KeyOwner(ActionContext ctx)
    {
        if (ctx.Optional("UserPrincipalName") is string upn)
        {
            return UserActions.ByUpn(ctx, upn);
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
            throw AccessKeyErrors.NotFound(id);
        }

        return key;
    }
}
