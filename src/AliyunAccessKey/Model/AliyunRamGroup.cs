namespace AliyunAccessKey.Model;

/// <summary>A RAM user group.</summary>
public sealed class AliyunRamGroup
{
    /// <summary>The group's id.</summary>
    public string GroupId { get; internal set; } = string.Empty;

    /// <summary>The group's name: 1-64 letters, digits, '.', '-' or '_'.</summary>
    public string GroupName { get; internal set; } = string.Empty;

    /// <summary>Display name.</summary>
    public string? DisplayName { get; internal set; }

    /// <summary>Comments.</summary>
    public string? Comments { get; internal set; }

    /// <summary>Created (UTC); null in a user's group list (ListGroupsForUser does not say).</summary>
    public DateTime? CreateDate { get; internal set; }

    /// <summary>Last changed (UTC); null in a user's group list.</summary>
    public DateTime? UpdateDate { get; internal set; }

    /// <summary>When <see cref="UserPrincipalName"/> joined the group (UTC); only in a user's group list.</summary>
    public DateTime? JoinDate { get; internal set; }

    /// <summary>The user whose groups were listed; null otherwise.</summary>
    public string? UserPrincipalName { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => GroupName;
}

/// <summary>A member of a RAM user group, as ListUsersForGroup answers it.</summary>
public sealed class AliyunRamGroupMember
{
    /// <summary>The group.</summary>
    public string GroupName { get; internal set; } = string.Empty;

    /// <summary>The member's logon name.</summary>
    public string UserPrincipalName { get; internal set; } = string.Empty;

    /// <summary>The member's user id.</summary>
    public string? UserId { get; internal set; }

    /// <summary>The member's display name.</summary>
    public string? DisplayName { get; internal set; }

    /// <summary>When the user joined the group (UTC).</summary>
    public DateTime? JoinDate { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => UserPrincipalName;
}
