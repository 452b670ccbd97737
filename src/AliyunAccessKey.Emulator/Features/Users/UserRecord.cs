using System.Globalization;
using AliyunAccessKey.Emulator.Features.AccessKeys;

namespace AliyunAccessKey.Emulator.Features.Users;

/// <summary>
/// A RAM user. Kept compact (a seeded benchmark holds 100,000 of them): the UPN's domain is the
/// account's, so only the name part is stored; optional fields stay null.
/// Mutated only under the store's lock.
/// </summary>
internal sealed class UserRecord
{
    public UserRecord(long seq, string name, string displayName, DateTime created)
    {
        Seq = seq;
        UserId = IdOf(seq);
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

    /// <summary>17-digit numeric user ids, derived from the creation ordinal so they survive a state file.</summary>
    public static string IdOf(long seq) => (20_000_000_000_000_000L + seq).ToString(CultureInfo.InvariantCulture);
}
