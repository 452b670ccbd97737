namespace AliyunAccessKey.Model;

/// <summary>
/// A RAM user's console logon, as CreateLoginProfile, GetLoginProfile and UpdateLoginProfile return
/// it. It never holds the password: the service never answers it.
/// </summary>
internal sealed class AliyunRamLoginProfile
{
    /// <summary>The user's logon name.</summary>
    public string UserPrincipalName { get; internal set; } = string.Empty;

    /// <summary>Active (password logon enabled) or Inactive.</summary>
    public string? Status { get; internal set; }

    /// <summary>The user must change the password at the next logon.</summary>
    public bool PasswordResetRequired { get; internal set; }

    /// <summary>The user must bind an MFA device at the next logon.</summary>
    public bool MfaBindRequired { get; internal set; }

    /// <summary>When the profile last changed (UTC).</summary>
    public DateTime? UpdateDate { get; internal set; }

    /// <summary>The last console logon (UTC); GetLoginProfile only.</summary>
    public DateTime? LastLoginTime { get; internal set; }

    /// <summary>Whether console logon is disabled after the account's idle days (the service's "true"/"false"); Get and Update only.</summary>
    public string? AutoDisableLoginStatus { get; internal set; }
}
