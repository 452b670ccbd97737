using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Features.Policies;
using AliyunAccessKey.Emulator.Features.Users;
using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator;

/// <summary>An AccessKey pair handed to a test, secret included.</summary>
/// <param name="AccessKeyId">The key id.</param>
/// <param name="AccessKeySecret">The secret.</param>
/// <param name="UserPrincipalName">The owning user; null for the account's own key.</param>
/// <param name="UserId">The owning user's id; null for the account's own key.</param>
public sealed record IssuedCredentials(string AccessKeyId, string AccessKeySecret, string? UserPrincipalName, string? UserId);

/// <summary>A user as the emulator holds it (a copy: later changes do not show).</summary>
/// <param name="UserId">The user id.</param>
/// <param name="UserPrincipalName">The logon name.</param>
/// <param name="DisplayName">The display name.</param>
/// <param name="Frozen">Status "freeze" (true) or "active".</param>
/// <param name="AccessKeyIds">The user's AccessKey IDs.</param>
/// <param name="LastLoginDate">The last console logon (UTC), or null when never.</param>
public sealed record EmulatorUser(string UserId, string UserPrincipalName, string DisplayName, bool Frozen, IReadOnlyList<string> AccessKeyIds, DateTime? LastLoginDate = null);

/// <summary>A RAM policy as the emulator holds it.</summary>
/// <param name="PolicyName">The name.</param>
/// <param name="PolicyType">"System" or "Custom".</param>
/// <param name="PolicyDocument">The default version's document.</param>
/// <param name="AttachmentCount">How many users and groups it is attached to.</param>
public sealed record EmulatorPolicy(string PolicyName, string PolicyType, string PolicyDocument, int AttachmentCount);

/// <summary>An AccessKey as the emulator holds it, without its secret.</summary>
public sealed record EmulatorAccessKey(string AccessKeyId, string? UserPrincipalName, string Status, DateTime CreateDate, DateTime? LastUsedDate, string? LastUsedService, bool IsOrphan);

/// <summary>
/// The emulator's account seen from a test: counts, look-ups and shortcuts for setting up a case
/// without going through signed API calls.
/// </summary>
public sealed class EmulatorState
{
    private readonly EmulatorCore _core;

    internal EmulatorState(EmulatorCore core) => _core = core;

    private AccountRoot Account => _core.Account;

    /// <summary>The account id.</summary>
    public string AccountId => Account.Profile.AccountId;

    /// <summary>The domain every UPN must use.</summary>
    public string DefaultDomain => Account.Profile.DefaultDomain;

    /// <summary>ARNs of the roles AssumeRole accepts.</summary>
    public IReadOnlyList<string> RoleArns => Account.Read(static s => s.Sts.Roles.Select(static r => r.Arn).ToArray());

    /// <summary>Number of RAM users.</summary>
    public int UserCount => Account.Read(static s => s.Users.Count);

    /// <summary>Number of permanent AccessKeys (the account's included).</summary>
    public int AccessKeyCount => Account.Read(static s => s.AccessKeys.Count);

    /// <summary>Number of STS sessions issued (expired ones included until purged).</summary>
    public int SessionCount => Account.Read(static s => s.Sts.SessionCount);

    /// <summary>Keys whose CreateAccessKey answer was lost and that still exist.</summary>
    public int OrphanKeyCount => Account.Read(static s => s.AccessKeys.OrphanCount);

    /// <summary>The UPN of a user name: name@default domain.</summary>
    public string Upn(string name) => Account.Profile.Upn(name);

    /// <summary>Adds users user000001… fast (100,000 in well under a second), the first <paramref name="frozenUsers"/> frozen; returns how many.</summary>
    public int Seed(int users, int keysPerUser = 0, int frozenUsers = 0)
    {
        var now = _core.UtcNow;
        return Account.Write(s => s.Seed(users, keysPerUser, now, frozenUsers));
    }

    /// <summary>
    /// A new AccessKey for <paramref name="userPrincipalName"/> (the user is created when missing),
    /// or for the account when null. Fails like CreateAccessKey when the owner has two keys.
    /// </summary>
    public IssuedCredentials IssueCredentials(string? userPrincipalName = null, string? displayName = null) =>
        IssueCredentials(_core, userPrincipalName, displayName);

    internal static IssuedCredentials IssueCredentials(EmulatorCore core, string? userPrincipalName, string? displayName)
    {
        var now = core.UtcNow;
        return core.Account.Write(s =>
        {
            UserRecord? owner = null;
            if (!string.IsNullOrEmpty(userPrincipalName))
            {
                var name = UserValidation.UserName(userPrincipalName, s.Profile.DefaultDomain);
                owner = s.Users.FindByName(name) ?? s.Users.Create(name, displayName ?? (name.Length > 24 ? name[..24] : name), now);
            }

            var key = s.AccessKeys.Create(owner, now);
            return new IssuedCredentials(key.Id, key.Secret, owner is null ? null : s.Profile.Upn(owner.Name), owner?.UserId);
        });
    }

    /// <summary>The user with this UPN, or null.</summary>
    public EmulatorUser? FindUser(string userPrincipalName) => Account.Read(s =>
    {
        var user = s.Users.FindByName(NamePart(userPrincipalName));
        return user is null
            ? null
            : new EmulatorUser(user.UserId, s.Profile.Upn(user.Name), user.DisplayName, user.Frozen, s.AccessKeys.Of(user).Select(static k => k.Id).ToArray(), user.LastLoginDate);
    });

    /// <summary>The AccessKey with this id (secret left out), or null.</summary>
    public EmulatorAccessKey? FindAccessKey(string accessKeyId) => Account.Read(s =>
    {
        var key = s.AccessKeys.Find(accessKeyId);
        return key is null
            ? null
            : new EmulatorAccessKey(
                key.Id,
                key.Owner is null ? null : s.Profile.Upn(key.Owner.Name),
                key.Status,
                key.CreateDate,
                key.LastUsedDate,
                key.LastUsedService,
                key.Orphan);
    });

    /// <summary>
    /// Ages a key for audit tests: sets its CreateDate and/or its last use (UTC; <paramref name="neverUsed"/>
    /// clears the last use). No IMS action can. Returns the key as it now is.
    /// </summary>
    public EmulatorAccessKey AgeAccessKey(string accessKeyId, DateTime? createDate = null, DateTime? lastUsedDate = null, string? lastUsedService = null, bool neverUsed = false) =>
        AgeAccessKey(_core, accessKeyId, createDate, lastUsedDate, lastUsedService, neverUsed);

    internal static EmulatorAccessKey AgeAccessKey(EmulatorCore core, string accessKeyId, DateTime? createDate, DateTime? lastUsedDate, string? lastUsedService, bool neverUsed)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        core.Account.Write(s =>
        {
            var key = s.AccessKeys.Find(accessKeyId) ?? throw new ArgumentException($"No AccessKey {accessKeyId}.", nameof(accessKeyId));
            if (createDate is DateTime created)
            {
                key.CreateDate = AsUtc(created);
                key.UpdateDate = key.CreateDate;
            }

            if (neverUsed)
            {
                key.LastUsedDate = null;
                key.LastUsedService = null;
            }
            else if (lastUsedDate is DateTime used)
            {
                key.LastUsedDate = AsUtc(used);
                key.LastUsedService = lastUsedService ?? key.LastUsedService ?? "Ims";
            }
        });
        return new EmulatorState(core).FindAccessKey(accessKeyId)!;
    }

    /// <summary>How many credential reports were generated (not reused).</summary>
    public int CredentialReportGenerations => Account.Read(static s => s.CredentialReport.Generations);

    /// <summary>Freezes or unfreezes a user (Status "freeze" or "active" in ListUsers); no IMS action does this.</summary>
    public void SetUserFrozen(string userPrincipalName, bool frozen) => SetUserFrozen(_core, userPrincipalName, frozen);

    internal static void SetUserFrozen(EmulatorCore core, string userPrincipalName, bool frozen) =>
        core.Account.Write(s => ExistingUser(s, userPrincipalName).Frozen = frozen);

    /// <summary>
    /// Records a console logon of the user at <paramref name="at"/> (UTC; now when null): its
    /// LastLoginDate. No IMS action logs on, so without this LastLoginDate stays empty.
    /// </summary>
    public void RecordLogin(string userPrincipalName, DateTime? at = null) => RecordLogin(_core, userPrincipalName, at);

    internal static DateTime RecordLogin(EmulatorCore core, string userPrincipalName, DateTime? at)
    {
        var when = at is DateTime given ? AsUtc(given) : core.Time.GetUtcNow().UtcDateTime.AddSeconds(core.Knobs.ClockOffsetSeconds);
        core.Account.Write(s => ExistingUser(s, userPrincipalName).LastLoginDate = when);
        return when;
    }

    private static DateTime AsUtc(DateTime value) =>
        value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);

    /// <summary>The name part of a UPN; a bare name is taken as it is.</summary>
    private static string NamePart(string userPrincipalName)
    {
        var at = userPrincipalName.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? userPrincipalName : userPrincipalName[..at];
    }

    private static UserRecord ExistingUser(AccountState state, string userPrincipalName)
    {
        ArgumentException.ThrowIfNullOrEmpty(userPrincipalName);
        return state.Users.FindByName(NamePart(userPrincipalName))
            ?? throw new ArgumentException($"No user {userPrincipalName}.", nameof(userPrincipalName));
    }

    /// <summary>Number of users who can log on to the console (have a login profile).</summary>
    public int LoginProfileCount => Account.Read(static s => s.LoginProfiles.Count);

    /// <summary>Number of MFA devices bound to users.</summary>
    public int MfaDeviceCount => Account.Read(static s => s.Mfa.Count);

    /// <summary>True when the user has a login profile (can log on to the console).</summary>
    public bool HasLoginProfile(string userPrincipalName) => Account.Read(s => s.LoginProfiles.Of(ExistingUser(s, userPrincipalName)) is not null);

    /// <summary>True when the login profile's password is <paramref name="password"/> (only its salted hash is kept).</summary>
    public bool PasswordMatches(string userPrincipalName, string password) =>
        Account.Read(s => s.LoginProfiles.Of(ExistingUser(s, userPrincipalName))?.Password.Matches(password) == true);

    /// <summary>The serial number of the user's MFA device, or null.</summary>
    public string? MfaSerialNumber(string userPrincipalName) => Account.Read(s => s.Mfa.Of(ExistingUser(s, userPrincipalName))?.SerialNumber);

    /// <summary>
    /// Binds a virtual MFA device (acs:ram::&lt;account&gt;:mfa/&lt;name&gt;, the user's name by default)
    /// to the user; returns its serial number. No test can do the TOTP exchange IMS binding needs.
    /// </summary>
    public string BindMfaDevice(string userPrincipalName, string? deviceName = null) => BindMfaDevice(_core, userPrincipalName, deviceName);

    internal static string BindMfaDevice(EmulatorCore core, string userPrincipalName, string? deviceName)
    {
        var now = core.UtcNow;
        return core.Account.Write(s => s.Mfa.Bind(ExistingUser(s, userPrincipalName), deviceName, now).SerialNumber);
    }

    /// <summary>
    /// Adds a custom policy (as CreatePolicy would, with the same checks); the control endpoint's
    /// POST policies. Throws <see cref="ArgumentException"/> for a bad name or document or a taken name.
    /// </summary>
    public EmulatorPolicy CreatePolicy(string policyName, string policyDocument, string? description = null) =>
        CreatePolicy(_core, policyName, policyDocument, description);

    internal static EmulatorPolicy CreatePolicy(EmulatorCore core, string policyName, string policyDocument, string? description)
    {
        var now = core.UtcNow;
        try
        {
            return core.Account.Write(s =>
            {
                PolicyValidation.PolicyName(policyName.Length == 0 ? throw new ArgumentException("policyName is required.", nameof(policyName)) : policyName);
                PolicyValidation.Document(policyDocument);
                if (description is not null)
                {
                    PolicyValidation.Description(description);
                }

                return Snapshot(s.Policies.CreateCustom(policyName, policyDocument, description, null, now));
            });
        }
        catch (AcsException e)
        {
            throw new ArgumentException($"{e.Code}: {e.Message}", nameof(policyName), e);
        }
    }

    /// <summary>The policy of that type and name, or null.</summary>
    public EmulatorPolicy? FindPolicy(string policyType, string policyName) =>
        Account.Read(s => s.Policies.Find(policyType, policyName) is { } p ? Snapshot(p) : null);

    /// <summary>The policies attached to the user (by UPN or name), in attach order; empty for an unknown user.</summary>
    public IReadOnlyList<EmulatorPolicy> PoliciesOfUser(string userPrincipalName) => Account.Read(s =>
        s.Users.FindByName(NamePart(userPrincipalName)) is { } user
            ? s.Policies.Of(user).Select(static a => Snapshot(a.Policy)).ToArray()
            : Array.Empty<EmulatorPolicy>());

    private static EmulatorPolicy Snapshot(PolicyRecord p) => new(p.Name, p.Type, p.Document, p.AttachmentCount);

    /// <summary>Writes the state file now (when one is configured).</summary>
    public Task SaveAsync() => _core.StateFile?.SaveAsync() ?? Task.CompletedTask;
}
