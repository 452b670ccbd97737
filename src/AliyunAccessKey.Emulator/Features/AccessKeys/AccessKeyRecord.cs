using System.Security.Cryptography;
using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Features.Users;

namespace AliyunAccessKey.Emulator.Features.AccessKeys;

/// <summary>
/// A permanent AccessKey pair, of a user or of the account (Owner null). Every setter checks that
/// it runs inside the account's Write, so no change escapes the state file.
/// </summary>
internal sealed class AccessKeyRecord(AccountRoot root, string id, string secret, UserRecord? owner, DateTime created)
{
    public const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public string Id { get; } = id;

    /// <summary>Needed to verify signatures; never logged, never answered after CreateAccessKey.</summary>
    public string Secret { get; } = secret;

    public UserRecord? Owner { get; } = owner;

    public bool Active { get; set => field = Changing(value); } = true;

    /// <summary>"Active" or "Inactive", as the API spells it.</summary>
    public string Status => Active ? "Active" : "Inactive";

    /// <summary>Settable only for the control endpoint's key ageing (POST keys/age).</summary>
    public DateTime CreateDate { get; set => field = Changing(value); } = created;

    public DateTime UpdateDate { get; set => field = Changing(value); } = created;

    public DateTime? LastUsedDate { get; set => field = Changing(value); }

    public string? LastUsedService { get; set => field = Changing(value); }

    /// <summary>Created, but the CreateAccessKey answer never reached the client: nobody knows the secret. Set through <see cref="AccessKeyStore.MarkOrphan"/>, which counts it.</summary>
    public bool Orphan { get; set => field = Changing(value); }

    /// <summary>A new pair shaped like the real ones: LTAI5t + 18 characters (24 in all) and a 30-character secret.</summary>
    public static AccessKeyRecord New(AccountRoot root, UserRecord? owner, DateTime created) =>
        new(root, "LTAI5t" + RandomNumberGenerator.GetString(Alphanumeric, 18), RandomNumberGenerator.GetString(Alphanumeric, 30), owner, created);

    private T Changing<T>(T value)
    {
        root.EnsureWriting();
        return value;
    }
}
