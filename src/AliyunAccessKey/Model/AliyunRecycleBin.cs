namespace AliyunAccessKey.Model;

/// <summary>
/// A deleted AccessKey in its user's recycle bin: restorable until <see cref="PurgeDate"/>. It has
/// no secret (the service never answers it again); a restored key works with the secret it had.
/// </summary>
public sealed class AliyunRecycledAccessKey
{
    /// <summary>The owner's logon name.</summary>
    public string UserPrincipalName { get; internal set; } = string.Empty;

    /// <summary>The owner's user id (the bin actions name users by it).</summary>
    public string UserId { get; internal set; } = string.Empty;

    /// <summary>The AccessKey ID.</summary>
    public string AccessKeyId { get; internal set; } = string.Empty;

    /// <summary>When the key was created (UTC).</summary>
    public DateTime? CreateDate { get; internal set; }

    /// <summary>When it was deleted and moved to the bin (UTC): the service's RecycleDate.</summary>
    public DateTime? DeletedDate { get; internal set; }

    /// <summary>When the service purges it for good (UTC): the service's DeleteDate.</summary>
    public DateTime? PurgeDate { get; internal set; }

    /// <summary>True when the owner is itself in the user recycle bin (GetAccessKeyInfoInRecycleBin only).</summary>
    public bool? UserRecycled { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => AccessKeyId;
}

/// <summary>A deleted RAM user in the user recycle bin: restorable until <see cref="PurgeDate"/>.</summary>
public sealed class AliyunRecycledRamUser
{
    /// <summary>The user's id (the bin actions name users by it).</summary>
    public string UserId { get; internal set; } = string.Empty;

    /// <summary>The user's logon name.</summary>
    public string UserPrincipalName { get; internal set; } = string.Empty;

    /// <summary>Display name.</summary>
    public string? DisplayName { get; internal set; }

    /// <summary>When the user was created (UTC).</summary>
    public DateTime? CreateDate { get; internal set; }

    /// <summary>When it was deleted and moved to the bin (UTC): the service's RecycleDate.</summary>
    public DateTime? DeletedDate { get; internal set; }

    /// <summary>When the service purges it for good (UTC): the service's DeleteDate.</summary>
    public DateTime? PurgeDate { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => UserPrincipalName;
}
