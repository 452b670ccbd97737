using System.Security;
using System.Xml.Linq;
using AliyunAccessKey.Model;

namespace AliyunAccessKey.Client;

/// <summary>IMS console logon (login profiles) and MFA devices.</summary>
internal sealed partial class ImsClient
{
    /// <summary>The service's "this user has no login profile" (RAM's documented code).</summary>
    public const string NoLoginProfileCode = "EntityNotExist.User.LoginProfile";

    /// <summary>The service's "this user has no MFA device bound" (RAM's documented code).</summary>
    public const string NoMfaDeviceCode = "EntityNotExist.User.MFADevice";

    /// <summary>A login profile's Status when password logon is enabled.</summary>
    public const string LogonActive = "Active";

    /// <summary>A login profile's Status when password logon is disabled.</summary>
    public const string LogonInactive = "Inactive";

    /// <summary>
    /// CreateLoginProfile: lets the user log on to the console with <paramref name="password"/>,
    /// which is sent as a secret parameter (never logged, scrubbed from error messages).
    /// Not idempotent: a repeat after an unknown outcome answers EntityAlreadyExists.User.LoginProfile.
    /// </summary>
    public AliyunRamLoginProfile CreateLoginProfile(
        string userPrincipalName, SecureString password, bool? passwordResetRequired, bool? mfaBindRequired, bool? enabled, CancellationToken cancellationToken)
    {
        var call = LoginProfileRequest("CreateLoginProfile", idempotent: false, userPrincipalName, password ?? throw new ArgumentNullException(nameof(password)), passwordResetRequired, mfaBindRequired, enabled);
        return ReadLoginProfile("CreateLoginProfile", Call(call, cancellationToken), userPrincipalName);
    }

    /// <summary>
    /// GetLoginProfile; null when the user cannot log on to the console, whether the service says
    /// so with EntityNotExist.User.LoginProfile or with an answer that has no LoginProfile.
    /// </summary>
    public AliyunRamLoginProfile? GetLoginProfile(string userPrincipalName, CancellationToken cancellationToken)
    {
        var root = CallUnlessNone("GetLoginProfile", userPrincipalName, NoLoginProfileCode, cancellationToken);
        return root?.Object("LoginProfile") is { } profile && profile.HasElements ? MapLoginProfile(profile, userPrincipalName) : null;
    }

    /// <summary>UpdateLoginProfile: what is not null changes (<paramref name="enabled"/>: password logon on or off); the password, when given, is sent as a secret parameter.</summary>
    public AliyunRamLoginProfile UpdateLoginProfile(
        string userPrincipalName, SecureString? password, bool? passwordResetRequired, bool? mfaBindRequired, bool? enabled, CancellationToken cancellationToken)
    {
        var call = LoginProfileRequest("UpdateLoginProfile", idempotent: true, userPrincipalName, password, passwordResetRequired, mfaBindRequired, enabled);
        return ReadLoginProfile("UpdateLoginProfile", Call(call, cancellationToken), userPrincipalName);
    }

    /// <summary>DeleteLoginProfile: the user can no longer log on to the console. Fails with EntityNotExist.User.LoginProfile when there is none.</summary>
    public void DeleteLoginProfile(string userPrincipalName, CancellationToken cancellationToken) =>
        Call(Request("DeleteLoginProfile").Set("UserPrincipalName", userPrincipalName), cancellationToken);

    /// <summary>
    /// GetUserMFAInfo; null when no device is bound, whether the service says so with
    /// EntityNotExist.User.MFADevice or with an answer without a device (IsMFAEnable false, no SerialNumber).
    /// </summary>
    public AliyunRamMfaDevice? GetUserMFAInfo(string userPrincipalName, CancellationToken cancellationToken)
    {
        var device = CallUnlessNone("GetUserMFAInfo", userPrincipalName, NoMfaDeviceCode, cancellationToken)?.Object("MFADevice");
        var serial = device?.Str("SerialNumber");
        return string.IsNullOrEmpty(serial)
            ? null
            : new AliyunRamMfaDevice { UserPrincipalName = userPrincipalName, SerialNumber = serial!, Type = device!.Str("Type") };
    }

    /// <summary>UnbindMFADevice. Fails with EntityNotExist.User.MFADevice when none is bound.</summary>
    public void UnbindMFADevice(string userPrincipalName, CancellationToken cancellationToken) =>
        Call(Request("UnbindMFADevice").Set("UserPrincipalName", userPrincipalName), cancellationToken);

    /// <summary>A boolean parameter as the SDKs send it; null is left out (the service's default).</summary>
    internal static string? Flag(bool? value) => value is bool b ? (b ? "true" : "false") : null;

    /// <summary>Status: <see cref="LogonActive"/> or <see cref="LogonInactive"/>; null is left out (the service's default, Active).</summary>
    private static string? LogonStatus(bool? enabled) => enabled is bool b ? (b ? LogonActive : LogonInactive) : null;

    /// <summary>Create- and UpdateLoginProfile's request: the password (when given) as a secret parameter, null settings left out.</summary>
    private static AcsRequest LoginProfileRequest(
        string action, bool idempotent, string userPrincipalName, SecureString? password, bool? passwordResetRequired, bool? mfaBindRequired, bool? enabled) =>
        Request(action, idempotent)
            .Set("UserPrincipalName", userPrincipalName)
            .SetSecret("Password", password)
            .Set("PasswordResetRequired", Flag(passwordResetRequired))
            .Set("MFABindRequired", Flag(mfaBindRequired))
            .Set("Status", LogonStatus(enabled));

    /// <summary>A Get- call about one user; null when the service answers <paramref name="noneCode"/> (the user has none).</summary>
    private XElement? CallUnlessNone(string action, string userPrincipalName, string noneCode, CancellationToken cancellationToken)
    {
        try
        {
            return Call(Request(action).Set("UserPrincipalName", userPrincipalName), cancellationToken);
        }
        catch (AliyunServiceException ex) when (ex.IsCode(noneCode))
        {
            return null;
        }
    }

    private static AliyunRamLoginProfile ReadLoginProfile(string action, XElement root, string userPrincipalName) =>
        MapLoginProfile(root.Object("LoginProfile") ?? throw Missing(action, "LoginProfile"), userPrincipalName);

    private static AliyunRamLoginProfile MapLoginProfile(XElement p, string userPrincipalName) => new()
    {
        UserPrincipalName = p.Str("UserPrincipalName") ?? userPrincipalName,
        Status = p.Str("Status"),
        PasswordResetRequired = p.Bool("PasswordResetRequired"),
        MfaBindRequired = p.Bool("MFABindRequired"),
        UpdateDate = p.Date("UpdateDate"),
        LastLoginTime = p.Date("LastLoginTime"),
        AutoDisableLoginStatus = p.Str("AutoDisableLoginStatus"),
    };
}
