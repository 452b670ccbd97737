namespace AliyunAccessKey.Model;

/// <summary>
/// A RAM policy (RAM 2015-05-01), as ListPolicies, GetPolicy, ListPoliciesForUser and
/// ListPoliciesForGroup return it. What an answer does not carry stays null.
/// </summary>
public sealed class AliyunRamPolicy
{
    /// <summary>System policy type (Alibaba's own policies, such as AdministratorAccess).</summary>
    public const string SystemType = "System";

    /// <summary>Custom policy type (the account's own policies).</summary>
    public const string CustomType = "Custom";

    /// <summary>The policy's name.</summary>
    public string PolicyName { get; internal set; } = string.Empty;

    /// <summary><see cref="SystemType"/> or <see cref="CustomType"/>.</summary>
    public string PolicyType { get; internal set; } = string.Empty;

    /// <summary>The description.</summary>
    public string? Description { get; internal set; }

    /// <summary>The default version's id (v1…).</summary>
    public string? DefaultVersion { get; internal set; }

    /// <summary>The default version's policy document (GetPolicy only).</summary>
    public string? PolicyDocument { get; internal set; }

    /// <summary>How many users, groups and roles it is attached to (ListPolicies and GetPolicy only).</summary>
    public int? AttachmentCount { get; internal set; }

    /// <summary>When it was created (UTC).</summary>
    public DateTime? CreateDate { get; internal set; }

    /// <summary>When it was last changed (UTC).</summary>
    public DateTime? UpdateDate { get; internal set; }

    /// <summary>When it was attached to the user or group (ListPoliciesForUser/ListPoliciesForGroup only).</summary>
    public DateTime? AttachDate { get; internal set; }

    /// <summary>The user it is attached to, when it was listed or granted for a user.</summary>
    public string? UserPrincipalName { get; internal set; }

    /// <summary>The group it is attached to, when it was listed or granted for a group.</summary>
    public string? GroupName { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => PolicyType + "/" + PolicyName;
}
