using System.Text.Json;
using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Api;
using AliyunAccessKey.Emulator.Features.Users;
using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator.Features.Mfa;

/// <summary>IMS (2019-08-15) MFA actions. Binding is the control endpoint's (POST users/mfa).</summary>
internal static class MfaActions
{
    /// <summary>The user named, else a RAM user caller itself.</summary>
    private static string Resource(ActionContext ctx) =>
        ctx.Optional("UserPrincipalName") is null && ctx.Caller.User is UserRecord self
            ? ctx.Account.RamResource("user/" + self.Name)
            : UserActions.Resource(ctx);

    /// <summary>
    /// GetUserMFAInfo: without UserPrincipalName, a RAM user asks about itself; the account must name
    /// a user. A user without a device answers EntityNotExist.User.MFADevice (RAM's documented code;
    /// for IMS unpinned, see the README).
    /// </summary>
    [Reads(Resource = nameof(Resource))]
    public static void GetUserMFAInfo(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var user = ctx.Optional("UserPrincipalName") is string upn
            ? UserActions.ByUpn(ctx, state, upn)
            : ctx.Caller.User ?? throw Errors.Missing("UserPrincipalName");
        var device = state.Mfa.Of(user) ?? throw MfaErrors.NotFound(ctx.Upn(user));
        MfaJson.WriteInfo(json, device);
    }

    [Writes(Resource = nameof(Resource))]
    public static void UnbindMFADevice(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var user = UserActions.ByUpn(ctx, state, ctx.Required("UserPrincipalName"));
        MfaJson.WriteUnbound(json, state.Mfa.Unbind(user));
    }
}
