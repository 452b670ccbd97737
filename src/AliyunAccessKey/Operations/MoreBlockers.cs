using AliyunAccessKey.Client;

namespace AliyunAccessKey.Operations;

/// <summary>
/// Group memberships and attached policies as blockers. The group and policy clients
/// (ImsClient.Groups, RamClient.Policies) are built in parallel; until they are merged this lists
/// none and removes none, so <see cref="UserBlockers"/> is complete once they are wired in here.
/// </summary>
internal static class MoreBlockers
{
    internal static IEnumerable<UserBlocker> Groups(ImsClient ims, string upn, CancellationToken ct) => [];

    internal static IEnumerable<UserBlocker> Policies(RamClient ram, string upn, CancellationToken ct) => [];

    internal static void Remove(ImsClient ims, RamClient ram, string upn, UserBlocker blocker, CancellationToken ct) =>
        throw new NotSupportedException($"{blocker.Kind} cannot be removed yet.");
}
