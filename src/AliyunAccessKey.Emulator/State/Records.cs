namespace AliyunAccessKey.Emulator.State;

/// <summary>
/// A RAM user. Kept compact (a seeded benchmark holds 100,000 of them): the UPN's domain is the
/// account's, so only the name part is stored; optional fields stay null.
/// Mutated only under the store's lock.
/// </summary>
internal sealed class UserRecord
{
    public UserRecord(long seq, string userId, string name, string displayName, DateTime created)
    {
        Seq = seq;
        UserId = userId;
        Name = name;
        DisplayName = displayName;
        CreateDate = created;
        UpdateDate = created;
    }

    /// <summary>Creation order; ListUsers pages by it, so renames never move a user between pages.</summary>
    public long Seq { get; }

    public string UserId { get; }

    /// <summary>The UPN's name part (the user name).</summary>
    public string Name { get; set; }

    public string DisplayName { get; set; }

    public string? Comments { get; set; }

    public string? Email { get; set; }

    public string? MobilePhone { get; set; }

    public DateTime CreateDate { get; }

    public DateTime UpdateDate { get; set; }

    /// <summary>The last console logon; set through the control endpoint or the C# API, as no IMS action logs on.</summary>
    public DateTime? LastLoginDate { get; set; }

    /// <summary>Status "freeze" rather than "active"; no IMS action changes it (the control endpoint and the C# API do).</summary>
    public bool Frozen { get; set; }

    public KeyValuePair<string, string>[]? Tags { get; set; }

    /// <summary>At most two; null until the first key.</summary>
    public List<AccessKeyRecord>? Keys { get; set; }
}

/// <summary>A permanent AccessKey pair, of a user or of the account (Owner null).</summary>
internal sealed class AccessKeyRecord
{
    public AccessKeyRecord(string id, string secret, UserRecord? owner, DateTime created)
    {
        Id = id;
        Secret = secret;
        Owner = owner;
        CreateDate = created;
        UpdateDate = created;
    }

    public string Id { get; }

    /// <summary>Needed to verify signatures; never logged, never answered after CreateAccessKey.</summary>
    public string Secret { get; }

    public UserRecord? Owner { get; }

    public bool Active { get; set; } = true;

    public DateTime CreateDate { get; }

    public DateTime UpdateDate { get; set; }

    public DateTime? LastUsedDate { get; set; }

    public string? LastUsedService { get; set; }

    /// <summary>Created, but the CreateAccessKey answer never reached the client: nobody knows the secret.</summary>
    public bool Orphan { get; set; }
}

/// <summary>An assumable role; AssumeRole's DurationSeconds may not exceed its MaxSessionDuration.</summary>
internal sealed record RoleRecord(string Name, string RoleId, string Arn, int MaxSessionDuration);

/// <summary>Temporary credentials issued by AssumeRole (or the instance metadata service).</summary>
internal sealed record StsSession(
    string AccessKeyId,
    string Secret,
    string SecurityToken,
    DateTime Expiration,
    RoleRecord Role,
    string SessionName);

/// <summary>Who signed a request.</summary>
internal enum IdentityType
{
    Account,
    RamUser,
    AssumedRoleUser,
}

/// <summary>The verified caller of a request.</summary>
internal sealed record Caller(IdentityType Type, string AccessKeyId, UserRecord? User, StsSession? Session);
