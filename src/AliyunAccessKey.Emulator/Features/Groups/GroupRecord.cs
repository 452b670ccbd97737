using System.Globalization;
using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Features.Users;

namespace AliyunAccessKey.Emulator.Features.Groups;

/// <summary>
/// A RAM user group. Every setter checks that it runs inside the account's Write, so no change
/// escapes the state file. Its members live in <see cref="GroupStore"/>, not here.
/// </summary>
internal sealed class GroupRecord(AccountRoot root, long seq, string name, DateTime created)
{
    /// <summary>Creation order; ListGroups pages by it, so a rename never moves a group between pages.</summary>
    public long Seq { get; } = seq;

    public string GroupId { get; } = IdOf(seq);

    /// <summary>Renamed only through <see cref="GroupStore.Rename"/>, which keeps the index.</summary>
    public string Name { get; set => field = Changing(value); } = name;

    public string? DisplayName { get; set => field = Changing(value); }

    public string? Comments { get; set => field = Changing(value); }

    public DateTime CreateDate { get; } = created;

    public DateTime UpdateDate { get; set => field = Changing(value); } = created;

    /// <summary>15-digit numeric group ids (the documented example is 740317625433843****), derived from the creation ordinal.</summary>
    public static string IdOf(long seq) => (740_000_000_000_000L + seq).ToString(CultureInfo.InvariantCulture);

    private T Changing<T>(T value)
    {
        root.EnsureWriting();
        return value;
    }
}

/// <summary>A user's membership of a group. The user is held by reference, so renaming the user keeps it.</summary>
internal sealed record Membership(long Seq, GroupRecord Group, UserRecord User, DateTime JoinDate);
