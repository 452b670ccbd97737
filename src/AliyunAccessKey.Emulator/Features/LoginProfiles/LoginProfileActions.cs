using System.Text.Json;
using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Api;
using AliyunAccessKey.Emulator.Features.Users;

namespace AliyunAccessKey.Emulator.Features.LoginProfiles;

/// <summary>IMS (2019-08-15) console logon actions. Answers follow the official SDK's models; none carries the password.</summary>
internal static class LoginProfileActions
{
    private static string Resource(ActionContext ctx) => UserActions.Resource(ctx);

    /// <summary>
    /// CreateLoginProfile. The metadata marks Password optional but "docRequired"; a console logon
    /// without a password makes no sense, so the emulator requires it (unpinned, see the README).
    /// </summary>
    [Writes(Resource = nameof(Resource))]
    public static void CreateLoginProfile(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var user = UserActions.ByUpn(ctx, state, ctx.Required("UserPrincipalName"));

        // Validate everything first, so a bad flag creates nothing.
        var password = ctx.Required("Password");
        LoginProfileValidation.Password(password);
        var reset = ctx.Optional("PasswordResetRequired") is string r && LoginProfileValidation.Flag("PasswordResetRequired", r);
        var mfa = ctx.Optional("MFABindRequired") is string m && LoginProfileValidation.Flag("MFABindRequired", m);
        var active = ctx.Optional("Status") is not string s || LoginProfileValidation.StatusIsActive(s);

        var profile = state.LoginProfiles.Create(user, password, ctx.Now);
        profile.PasswordResetRequired = reset;
        profile.MfaBindRequired = mfa;
        profile.Active = active;
        LoginProfileJson.Write(json, ctx.Upn(user), profile, LoginProfileFields.None);
    }

    [Reads(Resource = nameof(Resource))]
    public static void GetLoginProfile(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var (user, profile) = Existing(ctx, state);
        LoginProfileJson.Write(json, ctx.Upn(user), profile, LoginProfileFields.AutoDisable | LoginProfileFields.LastLogin);
    }

    [Writes(Resource = nameof(Resource))]
    public static void UpdateLoginProfile(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var (user, profile) = Existing(ctx, state);
        var password = ctx.Optional("Password");
        if (password is not null)
        {
            LoginProfileValidation.Password(password);
        }

        bool? reset = ctx.Optional("PasswordResetRequired") is string r ? LoginProfileValidation.Flag("PasswordResetRequired", r) : null;
        bool? mfa = ctx.Optional("MFABindRequired") is string m ? LoginProfileValidation.Flag("MFABindRequired", m) : null;
        bool? active = ctx.Optional("Status") is string s ? LoginProfileValidation.StatusIsActive(s) : null;

        if (password is not null)
        {
            profile.Password = PasswordHash.Of(password);
        }

        profile.PasswordResetRequired = reset ?? profile.PasswordResetRequired;
        profile.MfaBindRequired = mfa ?? profile.MfaBindRequired;
        profile.Active = active ?? profile.Active;
        profile.UpdateDate = ctx.Now;
        LoginProfileJson.Write(json, ctx.Upn(user), profile, LoginProfileFields.AutoDisable);
    }

    [Writes(Resource = nameof(Resource))]
    public static void DeleteLoginProfile(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var user = UserActions.ByUpn(ctx, state, ctx.Required("UserPrincipalName"));
        state.LoginProfiles.Delete(user);
    }

    private static (UserRecord User, LoginProfileRecord Profile) Existing(ActionContext ctx, AccountState state)
    {
        var upn = ctx.Required("UserPrincipalName");
        var user = UserActions.ByUpn(ctx, state, upn);
        return (user, state.LoginProfiles.Of(user) ?? throw LoginProfileErrors.NotFound(ctx.Upn(user)));
    }
}
