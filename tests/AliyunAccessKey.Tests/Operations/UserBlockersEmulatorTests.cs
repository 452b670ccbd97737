using AliyunAccessKey.Client;
using AliyunAccessKey.Emulator;
using AliyunAccessKey.Operations;
using Xunit;

namespace AliyunAccessKey.Tests.Operations;

/// <summary><see cref="UserBlockers"/> against the emulator: group memberships and policies found, and ones already gone taken as removed.</summary>
public sealed class UserBlockersEmulatorTests : IAsyncLifetime, IDisposable
{
    private EmulatorServer? _emu;
    private AcsClient? _client;

    private EmulatorServer Emu => _emu ?? throw new InvalidOperationException("The emulator has not started.");

    private ImsClient Ims => new(_client!, Emu.BaseAddress);

    private RamClient Ram => new(_client!, Emu.BaseAddress);

    public async Task InitializeAsync()
    {
        _emu = await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0 });
        _client = new AcsClient(new StaticCredentialSource(AcsCredential.FromPlainText("testid", "testsecret")), new AcsClientOptions { Retry = RetryPolicy.None });
    }

    public void Dispose() => _client?.Dispose();

    public async Task DisposeAsync()
    {
        if (_emu is not null)
        {
            await _emu.DisposeAsync();
        }
    }

    [Fact]
    public void Lists_each_group_membership_after_the_keys_in_join_order()
    {
        var upn = NewUser();
        var key = Emu.State.IssueCredentials(upn).AccessKeyId;
        Join(upn, "team-b");
        Join(upn, "team-a");

        var blockers = UserBlockers.List(Ims, Ram, upn, default);

        Assert.Equal(
            [(BlockerKind.AccessKey, key), (BlockerKind.Group, "team-b"), (BlockerKind.Group, "team-a")],
            blockers.Select(b => (b.Kind, b.Name)));
        Assert.Equal("membership of group team-b", blockers[1].Description);
        Assert.Equal("Remove from group team-b", blockers[1].Removal);
    }

    [Fact]
    public void Removing_a_membership_takes_the_user_out_and_keeps_the_group()
    {
        var upn = NewUser();
        Join(upn, "staff");
        var blocker = Assert.Single(UserBlockers.List(Ims, Ram, upn, default));

        UserBlockers.Remove(Ims, Ram, upn, blocker, default);

        Assert.Empty(Ims.ListGroupsForUser(upn, null, null, default).Items);
        Assert.Equal("staff", Ims.GetGroup("staff", default).GroupName);
        Ims.DeleteUser(upn, null, default);
    }

    [Fact]
    public void A_membership_another_admin_removed_after_the_listing_counts_as_removed()
    {
        var upn = NewUser();
        Join(upn, "ops");
        var blocker = Assert.Single(UserBlockers.List(Ims, Ram, upn, default));
        Ims.RemoveUserFromGroup("ops", upn, default);

        // The service answers EntityNotExist.User.Group: nothing is left to remove.
        UserBlockers.Remove(Ims, Ram, upn, blocker, default);

        Ims.DeleteUser(upn, null, default);
    }

    [Fact]
    public void A_group_deleted_after_the_listing_counts_as_removed()
    {
        var upn = NewUser();
        Join(upn, "temp");
        var blocker = Assert.Single(UserBlockers.List(Ims, Ram, upn, default));
        Ims.RemoveUserFromGroup("temp", upn, default);
        Ims.DeleteGroup("temp", default);

        // EntityNotExist.Group: DeleteGroup is refused while the group has members, so the user left it.
        UserBlockers.Remove(Ims, Ram, upn, blocker, default);

        Ims.DeleteUser(upn, null, default);
    }

    [Fact]
    public void Another_group_failure_is_not_taken_as_removed()
    {
        var upn = NewUser();
        Join(upn, "locked");
        var blocker = Assert.Single(UserBlockers.List(Ims, Ram, upn, default));
        Emu.Knobs = Emu.Knobs with { FaultRate = 1, FaultKinds = [FaultKind.InternalError], FaultActions = ["RemoveUserFromGroup"] };

        var ex = Assert.Throws<AliyunServiceException>(() => UserBlockers.Remove(Ims, Ram, upn, blocker, default));

        Assert.Equal("InternalError", ex.Code);
        Emu.Knobs = Emu.Knobs with { FaultRate = 0 };
        Assert.Single(Ims.ListGroupsForUser(upn, null, null, default).Items);
    }

    [Fact]
    public void Lists_the_users_own_policies_after_its_groups_by_RAM_UserName()
    {
        var upn = NewUser();
        Join(upn, "readers");
        Ram.AttachPolicyToUser("System", "ReadOnlyAccess", RamClient.UserName(upn), default);

        var blockers = UserBlockers.List(Ims, Ram, upn, default);

        Assert.Equal([(BlockerKind.Group, "readers", null), (BlockerKind.Policy, "ReadOnlyAccess", "System")], blockers.Select(b => (b.Kind, b.Name, b.PolicyType)));
        Assert.Equal("System policy ReadOnlyAccess", blockers[1].Description);
        Assert.Equal("Detach System policy ReadOnlyAccess", blockers[1].Removal);

        UserBlockers.Remove(Ims, Ram, upn, blockers[1], default);

        Assert.Empty(Ram.ListPoliciesForUser(RamClient.UserName(upn), default));
    }

    [Fact]
    public void A_policy_another_admin_detached_after_the_listing_counts_as_removed()
    {
        var upn = NewUser();
        Ram.AttachPolicyToUser("System", "AliyunOSSReadOnlyAccess", RamClient.UserName(upn), default);
        var blocker = Assert.Single(UserBlockers.List(Ims, Ram, upn, default));
        Ram.DetachPolicyFromUser("System", "AliyunOSSReadOnlyAccess", RamClient.UserName(upn), default);

        // The service answers EntityNotExist.User.Policy: nothing is left to detach.
        UserBlockers.Remove(Ims, Ram, upn, blocker, default);

        Ims.DeleteUser(upn, null, default);
    }

    private string NewUser()
    {
        var upn = Emu.State.Upn("leaver" + Guid.NewGuid().ToString("N")[..8]);
        Ims.CreateUser(new CreateUserRequest { UserPrincipalName = upn, DisplayName = "Leaver" }, default);
        return upn;
    }

    private void Join(string upn, string group)
    {
        try
        {
            Ims.CreateGroup(group, null, null, default);
        }
        catch (AliyunServiceException ex) when (ex.IsCode("EntityAlreadyExists.Group"))
        {
            // Made by another test of this class.
        }

        Ims.AddUserToGroup(group, upn, default);
    }
}
