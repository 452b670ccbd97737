using System.Security;

namespace AliyunAccessKey.Model;

/// <summary>A tag on a RAM user.</summary>
public sealed class RamTag
{
    /// <summary>Creates a tag.</summary>
    public RamTag(string key, string? value)
    {
        Key = key;
        Value = value ?? string.Empty;
    }

    /// <summary>Tag key.</summary>
    public string Key { get; }

    /// <summary>Tag value.</summary>
    public string Value { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Key}={Value}";
}

/// <summary>The state of a RAM user, as Get-AliyunRamUser -Status filters it.</summary>
public enum RamUserStatus
{
    /// <summary>The user can sign in and use its keys (the service's "active").</summary>
    Active,

    /// <summary>The user is frozen (the service's "freeze").</summary>
    Frozen,
}

/// <summary>A RAM user, as CreateUser, GetUser, UpdateUser and ListUsers return it.</summary>
public sealed class AliyunRamUser
{
    /// <summary>The user's id.</summary>
    public string UserId { get; internal set; } = string.Empty;

    /// <summary>Logon name: name@alias.onaliyun.com.</summary>
    public string UserPrincipalName { get; internal set; } = string.Empty;

    /// <summary>The name part of the UPN (GetUser only).</summary>
    public string? UserName { get; internal set; }

    /// <summary>Display name.</summary>
    public string? DisplayName { get; internal set; }

    /// <summary>Comments.</summary>
    public string? Comments { get; internal set; }

    /// <summary>Email address.</summary>
    public string? Email { get; internal set; }

    /// <summary>Mobile phone, as &lt;country code&gt;-&lt;number&gt;.</summary>
    public string? MobilePhone { get; internal set; }

    /// <summary>
    /// The service's word for the user's state, from a listing: active or freeze. GetUser,
    /// CreateUser and UpdateUser do not return it, so it is null for a user got by name, id or key.
    /// </summary>
    public string? Status { get; internal set; }

    /// <summary>How the user was provisioned (Manual, SCIM…).</summary>
    public string? ProvisionType { get; internal set; }

    /// <summary>Created (UTC).</summary>
    public DateTime? CreateDate { get; internal set; }

    /// <summary>Last changed (UTC).</summary>
    public DateTime? UpdateDate { get; internal set; }

    /// <summary>Last console logon (UTC).</summary>
    public DateTime? LastLoginDate { get; internal set; }

    /// <summary>Tags on the user.</summary>
    public IReadOnlyList<RamTag> Tags { get; internal set; } = [];

    /// <summary>
    /// The names of the groups the user is in. Only with Get-AliyunRamUser -IncludeAccess (one more
    /// request per user); null otherwise, which means "not asked", not "in no group".
    /// </summary>
    public IReadOnlyList<string>? Groups { get; internal set; }

    /// <summary>
    /// The names of the policies attached to the user itself (not those it gets through its groups).
    /// Only with -IncludeAccess; null otherwise.
    /// </summary>
    public IReadOnlyList<string>? AttachedPolicies { get; internal set; }

    /// <summary>Whether the user can log on to the console (has a login profile). Only with -IncludeAccess; null otherwise.</summary>
    public bool? HasConsoleLogon { get; internal set; }

    /// <summary>Whether an MFA device is bound to the user. Only with -IncludeAccess; null otherwise.</summary>
    public bool? HasMfaDevice { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => UserPrincipalName;
}

/// <summary>The short form of a user that ListUserBasicInfos returns.</summary>
internal sealed class RamUserBasicInfo
{
    /// <summary>The user's id.</summary>
    public string UserId { get; internal set; } = string.Empty;

    /// <summary>Logon name.</summary>
    public string UserPrincipalName { get; internal set; } = string.Empty;

    /// <summary>Display name.</summary>
    public string? DisplayName { get; internal set; }

    /// <summary>active or freeze.</summary>
    public string? Status { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => UserPrincipalName;
}

/// <summary>One page of a paged list.</summary>
internal sealed class Page<T>
{
    internal Page(IReadOnlyList<T> items, bool isTruncated, string? marker)
    {
        Items = items;
        IsTruncated = isTruncated;
        Marker = marker;
    }

    /// <summary>This page's items.</summary>
    public IReadOnlyList<T> Items { get; }

    /// <summary>True when more pages follow.</summary>
    public bool IsTruncated { get; }

    /// <summary>Opaque marker for the next page.</summary>
    public string? Marker { get; }
}

/// <summary>
/// An AccessKey pair. Listed keys have no secret; a key just created carries its secret in
/// <see cref="AccessKeySecret"/> — the only time it exists — so that Export-Csv writes it, as the
/// console's "Download CSV File" does. Default views and ToString mask it.
/// </summary>
public sealed class AccessKey
{
    /// <summary>The owner's UPN; null when the key is the caller's own and the caller is not known.</summary>
    public string? UserPrincipalName { get; internal set; }

    /// <summary>The AccessKey ID.</summary>
    public string AccessKeyId { get; internal set; } = string.Empty;

    /// <summary>The secret of a key just created; null for a listed key. Never shown by default views.</summary>
    public string? AccessKeySecret { get; internal set; }

    /// <summary>Active or Inactive.</summary>
    public string Status { get; internal set; } = string.Empty;

    /// <summary>Created (UTC).</summary>
    public DateTime? CreateDate { get; internal set; }

    /// <summary>Last status change (UTC).</summary>
    public DateTime? UpdateDate { get; internal set; }

    /// <summary>Shows the ID only, never the secret.</summary>
    public override string ToString() => AccessKeyId;
}

/// <summary>
/// A new AccessKey pair as CreateAccessKey returns it: the only time its secret exists.
/// The secret is kept as a <see cref="SecureString"/>.
/// </summary>
internal sealed class NewAccessKey
{
    internal NewAccessKey(string accessKeyId, SecureString secret, string status, DateTime? createDate, string? userPrincipalName)
    {
        AccessKeyId = accessKeyId;
        Secret = secret;
        Status = status;
        CreateDate = createDate;
        UserPrincipalName = userPrincipalName;
    }

    /// <summary>The AccessKey ID.</summary>
    public string AccessKeyId { get; }

    /// <summary>The AccessKey secret, never shown again by the service.</summary>
    public SecureString Secret { get; }

    /// <summary>Active.</summary>
    public string Status { get; }

    /// <summary>Created (UTC).</summary>
    public DateTime? CreateDate { get; }

    /// <summary>The owner's UPN as asked; null when created for the caller itself.</summary>
    public string? UserPrincipalName { get; }

    /// <inheritdoc/>
    public override string ToString() => AccessKeyId;
}

/// <summary>When and by which service a key was last used.</summary>
public sealed class AccessKeyLastUsed
{
    /// <summary>Last use (UTC); null when never used.</summary>
    public DateTime? LastUsedDate { get; internal set; }

    /// <summary>The service the last call went to.</summary>
    public string? ServiceName { get; internal set; }
}

/// <summary>Who signed a request, as STS GetCallerIdentity tells.</summary>
public sealed class AliyunCallerIdentity
{
    /// <summary>The AccessKey ID that signed the call, when known.</summary>
    public string? AccessKeyId { get; internal set; }

    /// <summary>Account, RAMUser or AssumedRoleUser.</summary>
    public string IdentityType { get; internal set; } = string.Empty;

    /// <summary>The account id.</summary>
    public string AccountId { get; internal set; } = string.Empty;

    /// <summary>The caller's ARN.</summary>
    public string Arn { get; internal set; } = string.Empty;

    /// <summary>The user id (absent for an assumed role).</summary>
    public string? UserId { get; internal set; }

    /// <summary>The principal id.</summary>
    public string? PrincipalId { get; internal set; }

    /// <summary>The role id (assumed roles only).</summary>
    public string? RoleId { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => Arn;
}

/// <summary>The result of STS AssumeRole: temporary credentials and who they are.</summary>
internal sealed class AssumedRole
{
    internal AssumedRole(Client.AcsCredential credentials, string arn, string assumedRoleId, string? sourceIdentity)
    {
        Credentials = credentials;
        Arn = arn;
        AssumedRoleId = assumedRoleId;
        SourceIdentity = sourceIdentity;
    }

    /// <summary>The temporary key, secret and token (the secret and token never shown).</summary>
    public Client.AcsCredential Credentials { get; }

    /// <summary>acs:ram::&lt;account&gt;:assumed-role/&lt;role&gt;/&lt;session&gt;.</summary>
    public string Arn { get; }

    /// <summary>The assumed role id.</summary>
    public string AssumedRoleId { get; }

    /// <summary>Source identity, when one was set.</summary>
    public string? SourceIdentity { get; }

    /// <summary>When the temporary credentials expire (UTC).</summary>
    public DateTime? Expiration => Credentials.Expiration;

    /// <inheritdoc/>
    public override string ToString() => Arn;
}
