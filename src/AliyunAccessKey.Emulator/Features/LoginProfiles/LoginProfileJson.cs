using System.Text.Json;
using AliyunAccessKey.Emulator.Api;

namespace AliyunAccessKey.Emulator.Features.LoginProfiles;

/// <summary>Which optional parts of the LoginProfile object an action answers (per the official models).</summary>
[Flags]
internal enum LoginProfileFields
{
    None = 0,

    /// <summary>AutoDisableLoginStatus: GetLoginProfile and UpdateLoginProfile.</summary>
    AutoDisable = 1,

    /// <summary>LastLoginTime: GetLoginProfile only, when the user has logged on.</summary>
    LastLogin = 2,
}

/// <summary>The login profiles' answer shapes, as the official SDK's models have them. No password, ever.</summary>
internal static class LoginProfileJson
{
    public static void Write(Utf8JsonWriter json, string upn, LoginProfileRecord profile, LoginProfileFields fields)
    {
        json.WriteStartObject("LoginProfile");
        json.WriteString("UserPrincipalName", upn);
        json.WriteString("Status", profile.Status);
        json.WriteString("UpdateDate", ActionContext.Date(profile.UpdateDate));
        if (fields.HasFlag(LoginProfileFields.LastLogin) && profile.User.LastLoginDate is DateTime login)
        {
            json.WriteString("LastLoginTime", ActionContext.Date(login));
        }

        json.WriteBoolean("PasswordResetRequired", profile.PasswordResetRequired);
        json.WriteBoolean("MFABindRequired", profile.MfaBindRequired);
        if (fields.HasFlag(LoginProfileFields.AutoDisable))
        {
            // "The default value is true, and you cannot change the value."
            json.WriteString("AutoDisableLoginStatus", "true");
        }

        json.WriteEndObject();
    }
}
