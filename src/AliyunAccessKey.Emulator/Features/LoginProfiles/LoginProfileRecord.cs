using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Features.Users;

namespace AliyunAccessKey.Emulator.Features.LoginProfiles;

/// <summary>
/// A user's console logon. The password is kept only as a salted SHA-256 hash (as Alibaba says it
/// stores passwords): the state file must never hold a password in plain text, and no answer gives
/// it back. Every setter checks it runs inside the account's Write.
/// </summary>
internal sealed class LoginProfileRecord(AccountRoot root, UserRecord user, PasswordHash password, DateTime created)
{
    public UserRecord User { get; } = user;

    public PasswordHash Password { get; set => field = Changing(value); } = password;

    public bool PasswordResetRequired { get; set => field = Changing(value); }

    public bool MfaBindRequired { get; set => field = Changing(value); }

    public bool Active { get; set => field = Changing(value); } = true;

    /// <summary>"Active" or "Inactive", as the API spells it.</summary>
    public string Status => Active ? "Active" : "Inactive";

    public DateTime UpdateDate { get; set => field = Changing(value); } = created;

    private T Changing<T>(T value)
    {
        root.EnsureWriting();
        return value;
    }
}
