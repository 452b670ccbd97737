namespace AliyunAccessKey.Model;

/// <summary>The MFA device bound to a RAM user, as GetUserMFAInfo returns it.</summary>
internal sealed class AliyunRamMfaDevice
{
    /// <summary>The user it is bound to.</summary>
    public string UserPrincipalName { get; internal set; } = string.Empty;

    /// <summary>acs:ram::&lt;account&gt;:mfa/&lt;name&gt;.</summary>
    public string SerialNumber { get; internal set; } = string.Empty;

    /// <summary>VMFA (virtual MFA) or U2F (a security key).</summary>
    public string? Type { get; internal set; }
}
