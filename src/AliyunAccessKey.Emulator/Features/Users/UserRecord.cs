using System.Globalization;
using AliyunAccessKey.Emulator.Account;

namespace AliyunAccessKey.Emulator.Features.Users;

/// <summary>
/// A RAM user. Kept compact (a seeded benchmark holds 100,000 of them): the UPN's domain is the
/// account's, so only the name part is stored; optional fields stay null. Every setter checks that
/// it runs inside the account's Write, so no change escapes the state file. What other features
/// hang on a user (its AccessKeys…) lives in their stores, not here.
/// </summary>
internal sealed class UserRecord(AccountRoot root, long seq, string name, string displayName, DateTime created)
{
    /// <summary>Creation order; ListUsers pages by it, so renames never move a user between pages.</summary>
    public long Seq { get; } = seq;

    public string UserId { get; } = IdOf(seq);

    /// <summary>The UPN's name part (the user name); renamed only through <see cref="UserStore.Rename"/>, which keeps the index.</summary>
    public string Name { get; set => field = Changing(value); } = name;

    public string DisplayName { get; set => field = Changing(value); } = displayName;

    public string? Comments { get; set => field = Changing(value); }

    public string? Email { get; set => field = Changing(value); }

    public string? MobilePhone { get; set => field = Changing(value); }

    public DateTime CreateDate { get; } = created;

    public DateTime UpdateDate { get; set => field = Changing(value); } = created;

    /// <summary>The last console logon; set through the control endpoint or the C# API, as no IMS action logs on.</summary>
    public DateTime? LastLoginDate { get; set => field = Changing(value); }

    /// <summary>Status "freeze" rather than "active"; no IMS action changes it (the control endpoint and the C# API do).</summary>
    public bool Frozen { get; set => field = Changing(value); }

    public KeyValuePair<string, string>[]? Tags { get; set => field = Changing(value); }

    /// <summary>17-digit numeric user ids, derived from the creation ordinal so they survive a state file.</summary>
    public static string IdOf(long seq) => (20_000_000_000_000_000L + seq).ToString(CultureInfo.InvariantCulture);

    private T Changing<T>(T value)
    {
        root.EnsureWriting();
        return value;
    }
}
