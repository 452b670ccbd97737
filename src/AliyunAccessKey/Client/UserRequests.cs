namespace AliyunAccessKey.Client;

/// <summary>Parameters of CreateUser.</summary>
internal sealed class CreateUserRequest
{
    /// <summary>name@alias.onaliyun.com (required).</summary>
    public string UserPrincipalName { get; set; } = string.Empty;

    /// <summary>Display name, 1–24 characters (required by the service).</summary>
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>Comments, up to 128 characters.</summary>
    public string? Comments { get; set; }

    /// <summary>Email address.</summary>
    public string? Email { get; set; }

    /// <summary>Mobile phone, as &lt;country code&gt;-&lt;number&gt;.</summary>
    public string? MobilePhone { get; set; }

    /// <summary>Tags, at most 20.</summary>
    public IList<KeyValuePair<string, string>> Tags { get; } = [];
}

/// <summary>Parameters of UpdateUser: who (UPN or id) and what changes (null = unchanged).</summary>
internal sealed class UpdateUserRequest
{
    /// <summary>The user's current UPN (or give <see cref="UserId"/>).</summary>
    public string? UserPrincipalName { get; set; }

    /// <summary>The user's id (or give <see cref="UserPrincipalName"/>).</summary>
    public string? UserId { get; set; }

    /// <summary>Rename to this UPN.</summary>
    public string? NewUserPrincipalName { get; set; }

    /// <summary>New display name.</summary>
    public string? NewDisplayName { get; set; }

    /// <summary>New comments.</summary>
    public string? NewComments { get; set; }

    /// <summary>New email.</summary>
    public string? NewEmail { get; set; }

    /// <summary>New mobile phone.</summary>
    public string? NewMobilePhone { get; set; }
}
