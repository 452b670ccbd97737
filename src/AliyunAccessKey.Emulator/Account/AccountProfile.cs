using AliyunAccessKey.Emulator.Features.Sts;

namespace AliyunAccessKey.Emulator.Account;

/// <summary>What the account is, as configured at start: fixed for the emulator's life.</summary>
/// <param name="AccountId">The account id.</param>
/// <param name="DefaultDomain">The domain of every UPN.</param>
/// <param name="RootKeyId">The account's own AccessKey ID.</param>
/// <param name="RootKeySecret">Its secret (from the options at every start; never saved).</param>
/// <param name="Roles">The assumable roles.</param>
/// <param name="UserQuota">0 = unlimited; otherwise CreateUser answers LimitExceeded.User at this many users.</param>
internal sealed record AccountProfile(
    string AccountId,
    string DefaultDomain,
    string RootKeyId,
    string RootKeySecret,
    IReadOnlyList<RoleSpec> Roles,
    int UserQuota)
{
    public static AccountProfile From(EmulatorOptions options) => new(
        options.AccountId,
        options.DefaultDomain,
        options.AccessKeyId,
        options.AccessKeySecret,
        options.Roles.Select(RoleSpec.Parse).ToArray(),
        options.UserQuota);

    /// <summary>A RAM resource of this account: acs:ram:*:&lt;account&gt;:&lt;path&gt; (user/alice, user/*).</summary>
    public string RamResource(string path) => $"acs:ram:*:{AccountId}:{path}";

    /// <summary>The UPN of a user name: name@default domain.</summary>
    public string Upn(string name) => name + "@" + DefaultDomain;
}
