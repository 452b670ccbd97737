using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Features.Users;
using AliyunAccessKey.Emulator.Persistence;

namespace AliyunAccessKey.Emulator.Features.LoginProfiles;

/// <summary>
/// The login profiles' slice of the account: at most one per user, keyed by the user record, so a
/// rename keeps it. Reached only through <see cref="AccountRoot"/>'s Read and Write.
/// </summary>
internal sealed class LoginProfileStore
{
    private readonly AccountRoot _root;
    private readonly Dictionary<UserRecord, LoginProfileRecord> _byUser = [];

    public LoginProfileStore(AccountRoot root) => _root = root;

    public int Count => _byUser.Count;

    public LoginProfileRecord? Of(UserRecord user) => _byUser.GetValueOrDefault(user);

    public LoginProfileRecord Create(UserRecord user, string password, DateTime now)
    {
        _root.EnsureWriting();
        if (_byUser.ContainsKey(user))
        {
            throw LoginProfileErrors.Exists(_root.Profile.Upn(user.Name));
        }

        var profile = new LoginProfileRecord(_root, user, PasswordHash.Of(password), now);
        _byUser.Add(user, profile);
        return profile;
    }

    public void Delete(UserRecord user)
    {
        _root.EnsureWriting();
        if (!_byUser.Remove(user))
        {
            throw LoginProfileErrors.NotFound(_root.Profile.Upn(user.Name));
        }
    }

    /// <summary>DeleteUser refuses a user who can still log on to the console.</summary>
    public void EnsureNoneOf(UserRecord user)
    {
        if (_byUser.ContainsKey(user))
        {
            throw LoginProfileErrors.DeleteConflict(_root.Profile.Upn(user.Name));
        }
    }

    public void Clear()
    {
        _root.EnsureWriting();
        _byUser.Clear();
    }

    public void Save(StateDocument doc) =>
        doc.LoginProfiles = _byUser.Values.Select(static p => new LoginProfileDocument
        {
            UserSeq = p.User.Seq,
            PasswordSalt = p.Password.Salt,
            PasswordHash = p.Password.Hash,
            PasswordResetRequired = p.PasswordResetRequired,
            MfaBindRequired = p.MfaBindRequired,
            Active = p.Active,
            UpdateDate = p.UpdateDate,
        }).ToList();

    /// <summary>Replaces the profiles with saved ones; a profile whose user is gone is dropped.</summary>
    public void Load(StateDocument doc, UserStore users)
    {
        Clear();
        foreach (var p in doc.LoginProfiles)
        {
            if (users.FindBySeq(p.UserSeq) is not { } user)
            {
                continue;
            }

            _byUser[user] = new LoginProfileRecord(_root, user, new PasswordHash(p.PasswordSalt, p.PasswordHash), p.UpdateDate)
            {
                PasswordResetRequired = p.PasswordResetRequired,
                MfaBindRequired = p.MfaBindRequired,
                Active = p.Active,
            };
        }
    }
}

/// <summary>A login profile in the state file: the password only as its salted hash.</summary>
internal sealed class LoginProfileDocument
{
    public long UserSeq { get; set; }

    public string PasswordSalt { get; set; } = string.Empty;

    public string PasswordHash { get; set; } = string.Empty;

    public bool PasswordResetRequired { get; set; }

    public bool MfaBindRequired { get; set; }

    public bool Active { get; set; }

    public DateTime UpdateDate { get; set; }
}
