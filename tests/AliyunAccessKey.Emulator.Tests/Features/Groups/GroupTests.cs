namespace AliyunAccessKey.Emulator.Tests.Features.Groups;

/// <summary>
/// IMS groups and memberships, with the codes of RAM's error reference (EntityNotExist.Group,
/// EntityAlreadyExists.Group, EntityAlreadyExists.User.Group, EntityNotExist.User.Group,
/// DeleteConflict.Group.User, DeleteConflict.User.Group).
/// </summary>
public class GroupTests
{
    private static async Task<string> UserAsync(Emu emu, string name)
    {
        var created = await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = emu.Upn(name), DisplayName = name });
        Assert.Equal(200, created.Status);
        return emu.Upn(name);
    }

    private static string[] Names(ApiResult r, string outer, string inner, string field) =>
        r.Json.GetProperty(outer).GetProperty(inner).EnumerateArray().Select(g => g.GetProperty(field).GetString()!).ToArray();

    [Fact]
    public async Task A_group_is_created_got_updated_and_deleted()
    {
        await using var emu = await Emu.StartAsync();
        var created = await emu.Client.ImsAsync("CreateGroup", parameters: new { GroupName = "Dev-Team", DisplayName = "Developers", Comments = "builds things" });
        Assert.Equal(200, created.Status);
        Assert.Equal("Dev-Team", created.Str("Group", "GroupName"));
        Assert.Equal("Developers", created.Str("Group", "DisplayName"));
        Assert.Equal("builds things", created.Str("Group", "Comments"));
        Assert.Matches("^[0-9]{15}$", created.Str("Group", "GroupId"));

        var again = await emu.Client.ImsAsync("CreateGroup", parameters: new { GroupName = "dev-team" });
        Assert.Equal((409, "EntityAlreadyExists.Group"), (again.Status, again.Code));

        var got = await emu.Client.ImsAsync("GetGroup", parameters: new { GroupName = "Dev-Team" });
        Assert.Equal(created.Str("Group", "GroupId"), got.Str("Group", "GroupId"));

        var updated = await emu.Client.ImsAsync("UpdateGroup", parameters: new { GroupName = "Dev-Team", NewGroupName = "Test-Team", NewComments = "tests things" });
        Assert.Equal(200, updated.Status);
        Assert.Equal("Test-Team", updated.Str("Group", "GroupName"));
        Assert.Equal("tests things", updated.Str("Group", "Comments"));
        Assert.Equal("Developers", updated.Str("Group", "DisplayName"));

        var old = await emu.Client.ImsAsync("GetGroup", parameters: new { GroupName = "Dev-Team" });
        Assert.Equal((404, "EntityNotExist.Group"), (old.Status, old.Code));

        Assert.Equal(200, (await emu.Client.ImsAsync("DeleteGroup", parameters: new { GroupName = "Test-Team" })).Status);
        var gone = await emu.Client.ImsAsync("DeleteGroup", parameters: new { GroupName = "Test-Team" });
        Assert.Equal((404, "EntityNotExist.Group"), (gone.Status, gone.Code));
    }

    [Fact]
    public async Task GroupName_is_required_and_checked()
    {
        await using var emu = await Emu.StartAsync();
        var missing = await emu.Client.ImsAsync("CreateGroup");
        Assert.Equal((400, "MissingGroupName"), (missing.Status, missing.Code));
        var bad = await emu.Client.ImsAsync("GetGroup", parameters: new { GroupName = "dev team" });
        Assert.Equal((400, "InvalidParameter.GroupName.InvalidChars"), (bad.Status, bad.Code));
        var taken = await emu.Client.ImsAsync("CreateGroup", parameters: new { GroupName = "a" });
        Assert.Equal(200, taken.Status);
        await emu.Client.ImsAsync("CreateGroup", parameters: new { GroupName = "b" });
        var rename = await emu.Client.ImsAsync("UpdateGroup", parameters: new { GroupName = "b", NewGroupName = "A" });
        Assert.Equal((409, "EntityAlreadyExists.Group"), (rename.Status, rename.Code));
    }

    [Fact]
    public async Task Members_are_added_listed_both_ways_and_removed()
    {
        await using var emu = await Emu.StartAsync();
        var alice = await UserAsync(emu, "alice");
        var bob = await UserAsync(emu, "bob");
        await emu.Client.ImsAsync("CreateGroup", parameters: new { GroupName = "dev", Comments = "c" });
        await emu.Client.ImsAsync("CreateGroup", parameters: new { GroupName = "ops" });
        foreach (var (group, upn) in new[] { ("dev", alice), ("dev", bob), ("ops", alice) })
        {
            Assert.Equal(200, (await emu.Client.ImsAsync("AddUserToGroup", parameters: new { GroupName = group, UserPrincipalName = upn })).Status);
        }

        var twice = await emu.Client.ImsAsync("AddUserToGroup", parameters: new { GroupName = "dev", UserPrincipalName = alice });
        Assert.Equal((409, "EntityAlreadyExists.User.Group"), (twice.Status, twice.Code));

        var members = await emu.Client.ImsAsync("ListUsersForGroup", parameters: new { GroupName = "dev" });
        Assert.Equal([alice, bob], Names(members, "Users", "User", "UserPrincipalName"));
        Assert.False(members.Json.GetProperty("IsTruncated").GetBoolean());
        var first = members.Json.GetProperty("Users").GetProperty("User")[0];
        Assert.Equal("alice", first.GetProperty("DisplayName").GetString());
        Assert.True(first.TryGetProperty("JoinDate", out _));
        Assert.True(first.TryGetProperty("UserId", out _));

        var groups = await emu.Client.ImsAsync("ListGroupsForUser", parameters: new { UserPrincipalName = alice });
        Assert.Equal(["dev", "ops"], Names(groups, "Groups", "Group", "GroupName"));
        var dev = groups.Json.GetProperty("Groups").GetProperty("Group")[0];
        Assert.Equal("c", dev.GetProperty("Comments").GetString());
        Assert.True(dev.TryGetProperty("JoinDate", out _));
        Assert.False(groups.Has("IsTruncated"));

        Assert.Equal(200, (await emu.Client.ImsAsync("RemoveUserFromGroup", parameters: new { GroupName = "dev", UserPrincipalName = alice })).Status);
        var notIn = await emu.Client.ImsAsync("RemoveUserFromGroup", parameters: new { GroupName = "dev", UserPrincipalName = alice });
        Assert.Equal((404, "EntityNotExist.User.Group"), (notIn.Status, notIn.Code));
        Assert.Equal(["ops"], Names(await emu.Client.ImsAsync("ListGroupsForUser", parameters: new { UserPrincipalName = alice }), "Groups", "Group", "GroupName"));

        var nobody = await emu.Client.ImsAsync("AddUserToGroup", parameters: new { GroupName = "dev", UserPrincipalName = emu.Upn("nobody") });
        Assert.Equal((404, "EntityNotExist.User"), (nobody.Status, nobody.Code));
        var noGroup = await emu.Client.ImsAsync("AddUserToGroup", parameters: new { GroupName = "nogroup", UserPrincipalName = alice });
        Assert.Equal((404, "EntityNotExist.Group"), (noGroup.Status, noGroup.Code));
    }

    [Fact]
    public async Task A_group_with_members_cannot_be_deleted_nor_a_user_in_a_group()
    {
        await using var emu = await Emu.StartAsync();
        var alice = await UserAsync(emu, "alice");
        await emu.Client.ImsAsync("CreateGroup", parameters: new { GroupName = "dev" });
        await emu.Client.ImsAsync("AddUserToGroup", parameters: new { GroupName = "dev", UserPrincipalName = alice });

        var group = await emu.Client.ImsAsync("DeleteGroup", parameters: new { GroupName = "dev" });
        Assert.Equal((409, "DeleteConflict.Group.User"), (group.Status, group.Code));
        var user = await emu.Client.ImsAsync("DeleteUser", parameters: new { UserPrincipalName = alice });
        Assert.Equal((409, "DeleteConflict.User.Group"), (user.Status, user.Code));

        await emu.Client.ImsAsync("RemoveUserFromGroup", parameters: new { GroupName = "dev", UserPrincipalName = alice });
        Assert.Equal(200, (await emu.Client.ImsAsync("DeleteUser", parameters: new { UserPrincipalName = alice })).Status);
        Assert.Equal(200, (await emu.Client.ImsAsync("DeleteGroup", parameters: new { GroupName = "dev" })).Status);
    }

    [Fact]
    public async Task Renaming_a_user_keeps_its_memberships()
    {
        await using var emu = await Emu.StartAsync();
        var alice = await UserAsync(emu, "alice");
        await emu.Client.ImsAsync("CreateGroup", parameters: new { GroupName = "dev" });
        await emu.Client.ImsAsync("AddUserToGroup", parameters: new { GroupName = "dev", UserPrincipalName = alice });

        var renamed = await emu.Client.ImsAsync("UpdateUser", parameters: new { UserPrincipalName = alice, NewUserPrincipalName = emu.Upn("alicia") });
        Assert.Equal(200, renamed.Status);
        Assert.Equal([emu.Upn("alicia")], Names(await emu.Client.ImsAsync("ListUsersForGroup", parameters: new { GroupName = "dev" }), "Users", "User", "UserPrincipalName"));
        Assert.Equal(["dev"], Names(await emu.Client.ImsAsync("ListGroupsForUser", parameters: new { UserPrincipalName = emu.Upn("alicia") }), "Groups", "Group", "GroupName"));
    }

    [Fact]
    public async Task A_user_joins_at_most_5_groups()
    {
        await using var emu = await Emu.StartAsync();
        var alice = await UserAsync(emu, "alice");
        for (var i = 1; i <= 6; i++)
        {
            await emu.Client.ImsAsync("CreateGroup", parameters: new { GroupName = "g" + i });
            var added = await emu.Client.ImsAsync("AddUserToGroup", parameters: new { GroupName = "g" + i, UserPrincipalName = alice });
            Assert.Equal(i <= 5 ? (200, null) : (409, "LimitExceeded.User.Group"), (added.Status, added.Code));
        }
    }

    [Fact]
    public async Task Listings_page_by_Marker_with_MaxItems_1_to_100_default_100()
    {
        await using var emu = await Emu.StartAsync();
        var upns = new List<string>();
        await emu.Client.ImsAsync("CreateGroup", parameters: new { GroupName = "big" });
        for (var i = 0; i < 105; i++)
        {
            await emu.Client.ImsAsync("CreateGroup", parameters: new { GroupName = $"g{i:D3}" });
        }

        for (var i = 0; i < 5; i++)
        {
            upns.Add(await UserAsync(emu, "u" + i));
            await emu.Client.ImsAsync("AddUserToGroup", parameters: new { GroupName = "big", UserPrincipalName = upns[^1] });
        }

        // Without MaxItems: 100 per page.
        var first = await emu.Client.ImsAsync("ListGroups");
        Assert.Equal(100, first.Json.GetProperty("Groups").GetProperty("Group").GetArrayLength());
        Assert.True(first.Json.GetProperty("IsTruncated").GetBoolean());
        var rest = await emu.Client.ImsAsync("ListGroups", parameters: new { Marker = first.Str("Marker") });
        Assert.Equal(6, rest.Json.GetProperty("Groups").GetProperty("Group").GetArrayLength());
        Assert.False(rest.Json.GetProperty("IsTruncated").GetBoolean());
        Assert.False(rest.Has("Marker"));

        var seen = new List<string>();
        string? marker = null;
        do
        {
            var page = await emu.Client.ImsAsync("ListUsersForGroup", parameters: marker is null ? new { GroupName = "big", MaxItems = "2" } : (object)new { GroupName = "big", MaxItems = "2", Marker = marker });
            var names = Names(page, "Users", "User", "UserPrincipalName");
            Assert.True(names.Length <= 2);
            seen.AddRange(names);
            marker = page.Json.GetProperty("IsTruncated").GetBoolean() ? page.Str("Marker") : null;
        }
        while (marker is not null);
        Assert.Equal(upns, seen);

        var tooMany = await emu.Client.ImsAsync("ListGroups", parameters: new { MaxItems = "101" });
        Assert.Equal((400, "InvalidParameter.MaxItems"), (tooMany.Status, tooMany.Code));

        // A marker of one listing is not one of the other.
        var crossed = await emu.Client.ImsAsync("ListUsersForGroup", parameters: new { GroupName = "big", Marker = first.Str("Marker") });
        Assert.Equal((400, "InvalidParameter.Marker"), (crossed.Status, crossed.Code));
    }

    [Fact]
    public async Task Groups_and_memberships_survive_the_state_file()
    {
        var dir = Directory.CreateTempSubdirectory("emu-groups-");
        var file = Path.Combine(dir.FullName, "state.json");
        try
        {
            string id;
            await using (var emu = await Emu.StartAsync(o => o.StateFile = file))
            {
                var alice = await UserAsync(emu, "alice");
                id = (await emu.Client.ImsAsync("CreateGroup", parameters: new { GroupName = "dev", DisplayName = "Dev" })).Str("Group", "GroupId");
                await emu.Client.ImsAsync("CreateGroup", parameters: new { GroupName = "gone" });
                await emu.Client.ImsAsync("DeleteGroup", parameters: new { GroupName = "gone" });
                await emu.Client.ImsAsync("AddUserToGroup", parameters: new { GroupName = "dev", UserPrincipalName = alice });
            }

            await using (var emu = await Emu.StartAsync(o => o.StateFile = file))
            {
                var got = await emu.Client.ImsAsync("GetGroup", parameters: new { GroupName = "dev" });
                Assert.Equal((id, "Dev"), (got.Str("Group", "GroupId"), got.Str("Group", "DisplayName")));
                Assert.Equal([emu.Upn("alice")], Names(await emu.Client.ImsAsync("ListUsersForGroup", parameters: new { GroupName = "dev" }), "Users", "User", "UserPrincipalName"));
                var blocked = await emu.Client.ImsAsync("DeleteUser", parameters: new { UserPrincipalName = emu.Upn("alice") });
                Assert.Equal("DeleteConflict.User.Group", blocked.Code);

                // Ids continue after the deleted group instead of being reused.
                var fresh = await emu.Client.ImsAsync("CreateGroup", parameters: new { GroupName = "fresh" });
                Assert.True(long.Parse(fresh.Str("Group", "GroupId"), System.Globalization.CultureInfo.InvariantCulture) > long.Parse(id, System.Globalization.CultureInfo.InvariantCulture) + 1);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
