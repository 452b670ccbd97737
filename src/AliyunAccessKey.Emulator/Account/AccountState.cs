using AliyunAccessKey.Emulator.Features.AccessKeys;
using AliyunAccessKey.Emulator.Features.LoginProfiles;
using AliyunAccessKey.Emulator.Features.Mfa;
using AliyunAccessKey.Emulator.Features.Groups;
using AliyunAccessKey.Emulator.Features.Policies;
using AliyunAccessKey.Emulator.Features.Reports;
using AliyunAccessKey.Emulator.Features.Sts;
using AliyunAccessKey.Emulator.Features.Users;
using AliyunAccessKey.Emulator.Persistence;

namespace AliyunAccessKey.Emulator.Account;

/// <summary>
/// The account's state, one store (slice) per feature. Only <see cref="AccountRoot"/> hands it out,
/// and only inside Read or Write, so every look at it is under the lock. What spans features
/// (reset, seeding, the state file) is here; the rest is in each feature's store.
/// </summary>
internal sealed class AccountState
{
    internal AccountState(AccountRoot root)
    {
        Profile = root.Profile;
        Users = new UserStore(root);
        AccessKeys = new AccessKeyStore(root);
        Sts = new StsStore(root);
        LoginProfiles = new LoginProfileStore(root);
        Mfa = new MfaStore(root);
        Groups = new GroupStore(root);
        Policies = new PolicyStore(root);
        CredentialReport = new CredentialReportStore(root);
    }

    public AccountProfile Profile { get; }

    public UserStore Users { get; }

    public AccessKeyStore AccessKeys { get; }

    public StsStore Sts { get; }

    public LoginProfileStore LoginProfiles { get; }

    public MfaStore Mfa { get; }
    public GroupStore Groups { get; }

    public PolicyStore Policies { get; }

    /// <summary>The credential report; not in the state file.</summary>
    public CredentialReportStore CredentialReport { get; }

    /// <summary>Back to a fresh account: no users, only the root key, no sessions.</summary>
    public void Reset(DateTime now)
    {
        Groups.Clear();
        Users.Clear();
        AccessKeys.Clear(now);
        Sts.Clear();
        LoginProfiles.Clear();
        Mfa.Clear();
        Policies.Clear();
        CredentialReport.Clear();
    }

    /// <summary>
    /// Adds <paramref name="count"/> users named user000001… (skipping names taken), each with
    /// <paramref name="keysPerUser"/> keys; the first <paramref name="frozen"/> of them are frozen.
    /// Bypasses the user quota: seeding is for benchmarks.
    /// </summary>
    public int Seed(int count, int keysPerUser, DateTime now, int frozen = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(keysPerUser);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(keysPerUser, AccessKeyValidation.MaxPerPrincipal);
        ArgumentOutOfRangeException.ThrowIfNegative(frozen);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frozen, count);
        foreach (var user in Users.Seed(count, now, frozen))
        {
            for (var k = 0; k < keysPerUser; k++)
            {
                AccessKeys.Create(user, now);
            }
        }

        return count;
    }

    public StateDocument ToDocument()
    {
        var doc = new StateDocument { AccountId = Profile.AccountId };
        Users.Save(doc);
        AccessKeys.Save(doc);
        Sts.Save(doc);
        LoginProfiles.Save(doc);
        Mfa.Save(doc);
        Groups.Save(doc);
        Policies.Save(doc);
        return doc;
    }

    /// <summary>Replaces the state with a saved one; the configured root key is kept or re-added.</summary>
    public void Load(StateDocument doc, DateTime now)
    {
        Users.Load(doc);
        AccessKeys.Load(doc, Users, now);
        Sts.Load(doc);
        LoginProfiles.Load(doc, Users);
        Mfa.Load(doc, Users);
        Groups.Load(doc, Users);
        Policies.Load(doc, Users, Groups);
    }
}
