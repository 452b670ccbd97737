namespace AliyunAccessKey.Model;

/// <summary>
/// One row of the credential report: the account (User "&lt;root&gt;") or a RAM user. TRUE/FALSE are
/// booleans, times are UTC, and the report's "N/A" and "-" (nothing there) are null. The report
/// carries no AccessKey IDs: key 1 and key 2 are the user's first two keys by creation.
/// </summary>
public sealed class AliyunCredentialReportEntry
{
    /// <summary>The row's user as the report names it: "&lt;root&gt;" for the account, else a UPN.</summary>
    public string User { get; internal set; } = string.Empty;

    /// <summary>The RAM user's UPN; null for the account's row, so the row does not bind as a user down the pipeline.</summary>
    public string? UserPrincipalName { get; internal set; }

    /// <summary>True for the account's own row (&lt;root&gt;).</summary>
    public bool IsRoot { get; internal set; }

    /// <summary>user_creation_time.</summary>
    public DateTime? UserCreationTime { get; internal set; }

    /// <summary>user_last_logon: the last console logon; null when never.</summary>
    public DateTime? UserLastLogon { get; internal set; }

    /// <summary>password_exist: whether the user can log on to the console.</summary>
    public bool? PasswordExist { get; internal set; }

    /// <summary>password_active.</summary>
    public bool? PasswordActive { get; internal set; }

    /// <summary>password_last_changed.</summary>
    public DateTime? PasswordLastChanged { get; internal set; }

    /// <summary>password_next_rotation.</summary>
    public DateTime? PasswordNextRotation { get; internal set; }

    /// <summary>mfa_active.</summary>
    public bool? MfaActive { get; internal set; }

    /// <summary>access_key_1_exist.</summary>
    public bool? AccessKey1Exist { get; internal set; }

    /// <summary>access_key_1_active.</summary>
    public bool? AccessKey1Active { get; internal set; }

    /// <summary>access_key_1_last_rotated: when key 1 was created (or last rotated).</summary>
    public DateTime? AccessKey1LastRotated { get; internal set; }

    /// <summary>access_key_1_last_used; null when never used.</summary>
    public DateTime? AccessKey1LastUsed { get; internal set; }

    /// <summary>access_key_2_exist.</summary>
    public bool? AccessKey2Exist { get; internal set; }

    /// <summary>access_key_2_active.</summary>
    public bool? AccessKey2Active { get; internal set; }

    /// <summary>access_key_2_last_rotated.</summary>
    public DateTime? AccessKey2LastRotated { get; internal set; }

    /// <summary>access_key_2_last_used; null when never used.</summary>
    public DateTime? AccessKey2LastUsed { get; internal set; }

    /// <summary>When the report was generated (UTC): it may be up to 4 hours old.</summary>
    public DateTime? GeneratedTime { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => User;
}
