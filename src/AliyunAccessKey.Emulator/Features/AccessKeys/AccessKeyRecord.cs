using System.Security.Cryptography;
using AliyunAccessKey.Emulator.Features.Users;

namespace AliyunAccessKey.Emulator.Features.AccessKeys;

/// <summary>A permanent AccessKey pair, of a user or of the account (Owner null).</summary>
internal sealed class AccessKeyRecord
{
    public const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

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

    /// <summary>"Active" or "Inactive", as the API spells it.</summary>
    public string Status => Active ? "Active" : "Inactive";

    public DateTime CreateDate { get; }

    public DateTime UpdateDate { get; set; }

    public DateTime? LastUsedDate { get; set; }

    public string? LastUsedService { get; set; }

    /// <summary>Created, but the CreateAccessKey answer never reached the client: nobody knows the secret.</summary>
    public bool Orphan { get; set; }

    /// <summary>A new pair shaped like the real ones: LTAI5t + 18 characters (24 in all) and a 30-character secret.</summary>
    public static AccessKeyRecord New(UserRecord? owner, DateTime created) =>
        new("LTAI5t" + RandomNumberGenerator.GetString(Alphanumeric, 18), RandomNumberGenerator.GetString(Alphanumeric, 30), owner, created);
}
