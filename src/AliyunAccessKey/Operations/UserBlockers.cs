using AliyunAccessKey.Client;

namespace AliyunAccessKey.Operations;

/// <summary>What refuses DeleteUser with a DeleteConflict.User.* code, in the order -Force removes them.</summary>
internal enum BlockerKind
{
    AccessKey,
    Group,
    Policy,
    LoginProfile,
    MfaDevice,
}

/// <summary>One thing that hangs on a user and refuses its deletion.</summary>
internal sealed class UserBlocker(BlockerKind kind, string name, string? policyType = null)
{
    /// <summary>What it is.</summary>
    public BlockerKind Kind { get; } = kind;

    /// <summary>The key id, group or policy name, or the device's serial number.</summary>
    public string Name { get; } = name;

    /// <summary>System or Custom, for a policy.</summary>
    public string? PolicyType { get; } = policyType;

    /// <summary>What it is, for a message: "AccessKey LTAI…", "console logon".</summary>
    public string Description => Kind switch
    {
        BlockerKind.AccessKey => $"AccessKey {Name}",
        BlockerKind.Group => $"membership of group {Name}",
        BlockerKind.Policy => $"{PolicyType} policy {Name}",
        BlockerKind.LoginProfile => "console logon (login profile)",
        _ => $"MFA device {Name}",
    };

    /// <summary>The ShouldProcess action that removes it.</summary>
    public string Removal => Kind switch
    {
        BlockerKind.AccessKey => $"Delete AccessKey {Name}",
        BlockerKind.Group => $"Remove from group {Name}",
        BlockerKind.Policy => $"Detach {PolicyType} policy {Name}",
        BlockerKind.LoginProfile => "Delete login profile (console logon)",
        _ => $"Unbind MFA device {Name}",
    };
}

/// <summary>
/// Finds and removes what refuses DeleteUser. Found by listing, never from DeleteUser's error: the
/// service reports one conflict at a time, in an order nobody documents. A "none" answer in either
/// form (an EntityNotExist.* code or an empty answer) means nothing to remove, and a blocker that is
/// already gone when removed counts as removed.
/// </summary>
internal static class UserBlockers
{
    /// <summary>Every blocker of the user, in removal order: AccessKeys, groups, policies, login profile, MFA device.</summary>
    internal static List<UserBlocker> List(ImsClient ims, RamClient ram, string upn, CancellationToken ct)
    {
        var found = new List<UserBlocker>();
        found.AddRange(ims.ListAccessKeys(upn, ct).Select(k => new UserBlocker(BlockerKind.AccessKey, k.AccessKeyId)));
        found.AddRange(Groups(ims, upn, ct));
        found.AddRange(Policies(ram, upn, ct));
        if (ims.GetLoginProfile(upn, ct) is not null)
        {
            found.Add(new UserBlocker(BlockerKind.LoginProfile, "console logon"));
        }

        if (ims.GetUserMFAInfo(upn, ct) is { } device)
        {
            found.Add(new UserBlocker(BlockerKind.MfaDevice, device.SerialNumber));
        }

        return found;
    }

    /// <summary>Removes one blocker; one that is already gone is taken as removed.</summary>
    internal static void Remove(ImsClient ims, RamClient ram, string upn, UserBlocker blocker, CancellationToken ct)
    {
        try
        {
            switch (blocker.Kind)
            {
                case BlockerKind.AccessKey:
                    ims.DeleteAccessKey(blocker.Name, upn, ct);
                    break;
                case BlockerKind.Group:
                    ims.RemoveUserFromGroup(blocker.Name, upn, ct);
                    break;
                case BlockerKind.Policy:
                    DetachPolicy(ram, upn, blocker, ct);
                    break;
                case BlockerKind.LoginProfile:
                    ims.DeleteLoginProfile(upn, ct);
                    break;
                case BlockerKind.MfaDevice:
                    ims.UnbindMFADevice(upn, ct);
                    break;
                default:
                    throw new NotSupportedException($"{blocker.Kind} cannot be removed.");
            }
        }
        catch (AliyunServiceException ex) when (IsAlreadyGone(ex, blocker.Kind))
        {
            // Removed meanwhile (by another admin, or a retry whose first answer was lost).
        }
    }

    /// <summary>The user's groups (ListGroupsForUser does not page: one request answers all).</summary>
    private static IEnumerable<UserBlocker> Groups(ImsClient ims, string upn, CancellationToken ct) =>
        ims.ListGroupsForUser(upn, null, null, ct).Items.Select(g => new UserBlocker(BlockerKind.Group, g.GroupName));

    /// <summary>The policies attached to the user itself (RAM 2015 names it by UserName; ListPoliciesForUser does not page).</summary>
    private static IEnumerable<UserBlocker> Policies(RamClient ram, string upn, CancellationToken ct) =>
        ram.ListPoliciesForUser(RamClient.UserName(upn), ct).Select(p => new UserBlocker(BlockerKind.Policy, p.PolicyName, p.PolicyType));

    private static void DetachPolicy(RamClient ram, string upn, UserBlocker blocker, CancellationToken ct) =>
        ram.DetachPolicyFromUser(blocker.PolicyType!, blocker.Name, RamClient.UserName(upn), ct);

    private static bool IsAlreadyGone(AliyunServiceException ex, BlockerKind kind) => kind switch
    {
        BlockerKind.AccessKey => ex.IsCode("EntityNotExist.User.AccessKey"),
        // Not a member any more; or the group itself is gone, which DeleteGroup allows only once it has no members.
        BlockerKind.Group => ex.IsCode("EntityNotExist.User.Group") || ex.IsCode("EntityNotExist.Group"),
        // Not attached any more; or the custom policy itself is gone, which DeletePolicy allows only once it is attached to nobody.
        BlockerKind.Policy => ex.IsCode("EntityNotExist.User.Policy") || ex.IsCode("EntityNotExist.Policy"),
        BlockerKind.LoginProfile => ex.IsCode(ImsClient.NoLoginProfileCode),
        _ => ex.IsCode(ImsClient.NoMfaDeviceCode),
    };

    /// <summary>"AccessKey LTAI…, console logon (login profile) and MFA device acs:ram::…".</summary>
    internal static string Sentence(IReadOnlyList<UserBlocker> blockers) =>
        blockers.Count switch
        {
            0 => "nothing",
            1 => blockers[0].Description,
            _ => string.Join(", ", blockers.Take(blockers.Count - 1).Select(b => b.Description)) + " and " + blockers[blockers.Count - 1].Description,
        };
}
