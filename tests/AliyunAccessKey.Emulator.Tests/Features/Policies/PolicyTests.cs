using System.Text.Json;

namespace AliyunAccessKey.Emulator.Tests.Features.Policies;

/// <summary>RAM 2015-05-01 policies: the system catalogue, custom policies, attachments to users and their blockers.</summary>
public class PolicyTests
{
    private static async Task<string> NewUserAsync(Emu emu, string name)
    {
        var r = await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = emu.Upn(name), DisplayName = name });
        Assert.Equal(200, r.Status);
        return name;
    }

    private static object Attach(string user, string name, string type = "System") =>
        new { PolicyType = type, PolicyName = name, UserName = user };

    [Fact]
    public async Task The_system_policies_are_there_and_AdministratorAccess_allows_everything()
    {
        await using var emu = await Emu.StartAsync();
        var list = await emu.Client.RamAsync("ListPolicies", parameters: new { PolicyType = "System" });
        Assert.Equal(200, list.Status);
        var names = list.Json.GetProperty("Policies").GetProperty("Policy").EnumerateArray().Select(p => p.GetProperty("PolicyName").GetString()).ToList();
        foreach (var n in new[] { "AdministratorAccess", "ReadOnlyAccess", "AliyunOSSReadOnlyAccess", "AliyunECSReadOnlyAccess", "AliyunRAMReadOnlyAccess", "AliyunRAMFullAccess" })
        {
            Assert.Contains(n, names);
        }

        Assert.False(list.Json.GetProperty("IsTruncated").GetBoolean());

        var admin = await emu.Client.RamAsync("GetPolicy", parameters: new { PolicyType = "System", PolicyName = "AdministratorAccess" });
        Assert.Equal(200, admin.Status);
        Assert.Equal("System", admin.Str("Policy", "PolicyType"));
        Assert.False(admin.Json.GetProperty("Policy").TryGetProperty("PolicyDocument", out _));
        var version = admin.Json.GetProperty("DefaultPolicyVersion");
        Assert.Equal(("v1", true), (version.GetProperty("VersionId").GetString(), version.GetProperty("IsDefaultVersion").GetBoolean()));
        using var doc = JsonDocument.Parse(version.GetProperty("PolicyDocument").GetString()!);
        var statement = doc.RootElement.GetProperty("Statement")[0];
        Assert.Equal(("Allow", "*", "*"), (statement.GetProperty("Effect").GetString(), statement.GetProperty("Action").GetString(), statement.GetProperty("Resource").GetString()));
    }

    [Fact]
    public async Task ListPolicies_pages_with_Marker_and_filters_by_type()
    {
        await using var emu = await Emu.StartAsync();
        emu.State.CreatePolicy("seeded-one", """{"Version":"1","Statement":[]}""", "seeded");
        var seen = new List<string>();
        string? marker = null;
        var pages = 0;
        do
        {
            var page = await emu.Client.RamAsync("ListPolicies", parameters: new { MaxItems = 3, Marker = marker });
            Assert.Equal(200, page.Status);
            var items = page.Json.GetProperty("Policies").GetProperty("Policy").EnumerateArray().ToList();
            Assert.True(items.Count <= 3);
            seen.AddRange(items.Select(p => p.GetProperty("PolicyName").GetString()!));
            marker = page.Json.GetProperty("IsTruncated").GetBoolean() ? page.Str("Marker") : null;
            pages++;
        }
        while (marker is not null && pages < 100);

        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Contains("seeded-one", seen);
        Assert.Contains("AdministratorAccess", seen);

        var custom = await emu.Client.RamAsync("ListPolicies", parameters: new { PolicyType = "Custom" });
        Assert.Equal(["seeded-one"], custom.Json.GetProperty("Policies").GetProperty("Policy").EnumerateArray().Select(p => p.GetProperty("PolicyName").GetString()));

        var badType = await emu.Client.RamAsync("ListPolicies", parameters: new { PolicyType = "Managed" });
        Assert.Equal((400, "InvalidParameter.PolicyType"), (badType.Status, badType.Code));
        var badMarker = await emu.Client.RamAsync("ListPolicies", parameters: new { Marker = "nope" });
        Assert.Equal((400, "InvalidParameter.Marker"), (badMarker.Status, badMarker.Code));
    }

    [Fact]
    public async Task ListPolicies_MaxItems_defaults_to_100()
    {
        await using var emu = await Emu.StartAsync();
        for (var i = 0; i < 100; i++)
        {
            emu.State.CreatePolicy($"bulk-{i:D3}", """{"Version":"1","Statement":[]}""");
        }

        var page = await emu.Client.RamAsync("ListPolicies");
        Assert.Equal(100, page.Json.GetProperty("Policies").GetProperty("Policy").GetArrayLength());
        Assert.True(page.Json.GetProperty("IsTruncated").GetBoolean());
    }

    [Fact]
    public async Task CreatePolicy_makes_a_custom_policy_once()
    {
        await using var emu = await Emu.StartAsync();
        const string Doc = """{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]}""";
        var created = await emu.Client.RamAsync("CreatePolicy", parameters: new Dictionary<string, string>
        {
            ["PolicyName"] = "read-objects",
            ["PolicyDocument"] = Doc,
            ["Description"] = "reads objects",
            ["Tag"] = """[{"Key":"team","Value":"blue"}]""",
        });
        Assert.Equal(200, created.Status);
        Assert.Equal(("Custom", "v1"), (created.Str("Policy", "PolicyType"), created.Str("Policy", "DefaultVersion")));

        var listed = await emu.Client.RamAsync("ListPolicies", parameters: new { PolicyType = "Custom" });
        var tag = listed.Json.GetProperty("Policies").GetProperty("Policy")[0].GetProperty("Tags").GetProperty("Tag")[0];
        Assert.Equal(("team", "blue"), (tag.GetProperty("TagKey").GetString(), tag.GetProperty("TagValue").GetString()));
        var flat = await emu.Client.RamAsync("CreatePolicy", parameters: new Dictionary<string, string> { ["PolicyName"] = "flat-tags", ["PolicyDocument"] = Doc, ["Tag.1.Key"] = "k" });
        Assert.Equal(200, flat.Status);
        var badTag = await emu.Client.RamAsync("CreatePolicy", parameters: new { PolicyName = "bad-tags", PolicyDocument = Doc, Tag = "not json" });
        Assert.Equal((400, "InvalidParameter.Tag.Format"), (badTag.Status, badTag.Code));

        var got = await emu.Client.RamAsync("GetPolicy", parameters: new { PolicyType = "Custom", PolicyName = "read-objects" });
        Assert.Equal(Doc, got.Str("DefaultPolicyVersion", "PolicyDocument"));

        var again = await emu.Client.RamAsync("CreatePolicy", parameters: new { PolicyName = "read-objects", PolicyDocument = Doc });
        Assert.Equal((409, "EntityAlreadyExists.Policy"), (again.Status, again.Code));
        var system = await emu.Client.RamAsync("CreatePolicy", parameters: new { PolicyName = "AdministratorAccess", PolicyDocument = Doc });
        Assert.Equal((409, "EntityAlreadyExists.Policy"), (system.Status, system.Code));
        var malformed = await emu.Client.RamAsync("CreatePolicy", parameters: new { PolicyName = "x", PolicyDocument = "{\"Version\":\"1\"}" });
        Assert.Equal((400, "MalformedPolicyDocument"), (malformed.Status, malformed.Code));
        var badName = await emu.Client.RamAsync("CreatePolicy", parameters: new { PolicyName = "no_underscores", PolicyDocument = Doc });
        Assert.Equal((400, "InvalidParameter.PolicyName.InvalidChars"), (badName.Status, badName.Code));
    }

    [Fact]
    public async Task GetPolicy_of_an_unknown_policy_or_the_wrong_type_is_EntityNotExist_Policy_from_ram()
    {
        await using var emu = await Emu.StartAsync();
        var r = await emu.Client.RamAsync("GetPolicy", parameters: new { PolicyType = "Custom", PolicyName = "AdministratorAccess" });
        Assert.Equal((404, "EntityNotExist.Policy", "ram.aliyuncs.com"), (r.Status, r.Code, r.Str("HostId")));
        var missing = await emu.Client.RamAsync("GetPolicy", parameters: new { PolicyName = "AdministratorAccess" });
        Assert.Equal((400, "MissingPolicyType"), (missing.Status, missing.Code));
    }

    [Fact]
    public async Task Attach_list_and_detach_a_users_policies_with_RAMs_codes()
    {
        await using var emu = await Emu.StartAsync();
        var user = await NewUserAsync(emu, "alice");

        Assert.Equal(200, (await emu.Client.RamAsync("AttachPolicyToUser", parameters: Attach(user, "ReadOnlyAccess"))).Status);
        var twice = await emu.Client.RamAsync("AttachPolicyToUser", parameters: Attach(user, "ReadOnlyAccess"));
        Assert.Equal((409, "EntityAlreadyExists.User.Policy"), (twice.Status, twice.Code));

        var list = await emu.Client.RamAsync("ListPoliciesForUser", parameters: new { UserName = user });
        var item = Assert.Single(list.Json.GetProperty("Policies").GetProperty("Policy").EnumerateArray());
        Assert.Equal(("ReadOnlyAccess", "System"), (item.GetProperty("PolicyName").GetString(), item.GetProperty("PolicyType").GetString()));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", item.GetProperty("AttachDate").GetString());

        var get = await emu.Client.RamAsync("GetPolicy", parameters: new { PolicyType = "System", PolicyName = "ReadOnlyAccess" });
        Assert.Equal(1, get.Json.GetProperty("Policy").GetProperty("AttachmentCount").GetInt32());

        var noPolicy = await emu.Client.RamAsync("AttachPolicyToUser", parameters: Attach(user, "NoSuchPolicy"));
        Assert.Equal((404, "EntityNotExist.Policy"), (noPolicy.Status, noPolicy.Code));
        var noUser = await emu.Client.RamAsync("AttachPolicyToUser", parameters: Attach("nobody", "ReadOnlyAccess"));
        Assert.Equal((404, "EntityNotExist.User"), (noUser.Status, noUser.Code));
        var upnAsName = await emu.Client.RamAsync("ListPoliciesForUser", parameters: new { UserName = emu.Upn(user) });
        Assert.Equal((400, "InvalidParameter.UserName.InvalidChars"), (upnAsName.Status, upnAsName.Code));

        Assert.Equal(200, (await emu.Client.RamAsync("DetachPolicyFromUser", parameters: Attach(user, "ReadOnlyAccess"))).Status);
        var notAttached = await emu.Client.RamAsync("DetachPolicyFromUser", parameters: Attach(user, "ReadOnlyAccess"));
        Assert.Equal((404, "EntityNotExist.User.Policy"), (notAttached.Status, notAttached.Code));
        Assert.Empty(emu.State.PoliciesOfUser(user));
        Assert.Equal(0, emu.State.FindPolicy("System", "ReadOnlyAccess")!.AttachmentCount);
    }

    [Fact]
    public async Task DeleteUser_is_refused_with_DeleteConflict_User_Policy_while_a_policy_is_attached()
    {
        await using var emu = await Emu.StartAsync();
        var user = await NewUserAsync(emu, "bob");
        Assert.Equal(200, (await emu.Client.RamAsync("AttachPolicyToUser", parameters: Attach(user, "AliyunOSSReadOnlyAccess"))).Status);

        var refused = await emu.Client.ImsAsync("DeleteUser", parameters: new { UserPrincipalName = emu.Upn(user) });
        Assert.Equal((409, "DeleteConflict.User.Policy"), (refused.Status, refused.Code));
        Assert.NotNull(emu.State.FindUser(emu.Upn(user)));

        Assert.Equal(200, (await emu.Client.RamAsync("DetachPolicyFromUser", parameters: Attach(user, "AliyunOSSReadOnlyAccess"))).Status);
        Assert.Equal(200, (await emu.Client.ImsAsync("DeleteUser", parameters: new { UserPrincipalName = emu.Upn(user) })).Status);
    }

    [Fact]
    public async Task Attach_list_and_detach_a_groups_policies_and_DeleteGroup_is_refused_while_one_is_attached()
    {
        await using var emu = await Emu.StartAsync();
        Assert.Equal(200, (await emu.Client.ImsAsync("CreateGroup", parameters: new { GroupName = "dev" })).Status);
        object ToGroup(string name) => new { PolicyType = "System", PolicyName = name, GroupName = "dev" };

        Assert.Equal(200, (await emu.Client.RamAsync("AttachPolicyToGroup", parameters: ToGroup("ReadOnlyAccess"))).Status);
        var twice = await emu.Client.RamAsync("AttachPolicyToGroup", parameters: ToGroup("ReadOnlyAccess"));
        Assert.Equal((409, "EntityAlreadyExists.Group.Policy"), (twice.Status, twice.Code));
        var list = await emu.Client.RamAsync("ListPoliciesForGroup", parameters: new { GroupName = "dev" });
        Assert.Equal("ReadOnlyAccess", Assert.Single(list.Json.GetProperty("Policies").GetProperty("Policy").EnumerateArray()).GetProperty("PolicyName").GetString());
        Assert.Equal(1, emu.State.FindPolicy("System", "ReadOnlyAccess")!.AttachmentCount);

        var noGroup = await emu.Client.RamAsync("AttachPolicyToGroup", parameters: new { PolicyType = "System", PolicyName = "ReadOnlyAccess", GroupName = "nope" });
        Assert.Equal((404, "EntityNotExist.Group"), (noGroup.Status, noGroup.Code));

        var refused = await emu.Client.ImsAsync("DeleteGroup", parameters: new { GroupName = "dev" });
        Assert.Equal((409, "DeleteConflict.Group.Policy"), (refused.Status, refused.Code));

        // A renamed group keeps its policies.
        Assert.Equal(200, (await emu.Client.ImsAsync("UpdateGroup", parameters: new { GroupName = "dev", NewGroupName = "devs" })).Status);
        Assert.Equal(200, (await emu.Client.RamAsync("DetachPolicyFromGroup", parameters: new { PolicyType = "System", PolicyName = "ReadOnlyAccess", GroupName = "devs" })).Status);
        var notAttached = await emu.Client.RamAsync("DetachPolicyFromGroup", parameters: new { PolicyType = "System", PolicyName = "ReadOnlyAccess", GroupName = "devs" });
        Assert.Equal((404, "EntityNotExist.Group.Policy"), (notAttached.Status, notAttached.Code));
        Assert.Equal(200, (await emu.Client.ImsAsync("DeleteGroup", parameters: new { GroupName = "devs" })).Status);
    }

    [Fact]
    public async Task The_control_endpoint_seeds_a_custom_policy_and_refuses_a_bad_one()
    {
        await using var emu = await Emu.StartAsync();
        using var ok = await emu.Client.Http.PostAsync(new Uri(emu.Server.ControlAddress, "policies"), new StringContent("""{"policyName":"ops-read","policyDocument":"{\"Version\":\"1\",\"Statement\":[]}","description":"ops"}"""));
        Assert.Equal(200, (int)ok.StatusCode);
        Assert.Equal("Custom", emu.State.FindPolicy("Custom", "ops-read")!.PolicyType);

        using var bad = await emu.Client.Http.PostAsync(new Uri(emu.Server.ControlAddress, "policies"), new StringContent("""{"policyName":"bad name","policyDocument":"{}"}"""));
        Assert.Equal(400, (int)bad.StatusCode);
    }

    [Fact]
    public async Task Custom_policies_and_attachments_survive_the_state_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"emu-policies-{Guid.NewGuid():N}.json");
        try
        {
            await using (var emu = await Emu.StartAsync(o => o.StateFile = path))
            {
                var user = await NewUserAsync(emu, "carol");
                emu.State.CreatePolicy("keep-me", """{"Version":"1","Statement":[]}""");
                Assert.Equal(200, (await emu.Client.RamAsync("AttachPolicyToUser", parameters: Attach(user, "keep-me", "Custom"))).Status);
                Assert.Equal(200, (await emu.Client.RamAsync("AttachPolicyToUser", parameters: Attach(user, "ReadOnlyAccess"))).Status);
                Assert.Equal(200, (await emu.Client.ImsAsync("CreateGroup", parameters: new { GroupName = "ops" })).Status);
                Assert.Equal(200, (await emu.Client.RamAsync("AttachPolicyToGroup", parameters: new { PolicyType = "Custom", PolicyName = "keep-me", GroupName = "ops" })).Status);
            }

            await using var again = await Emu.StartAsync(o => o.StateFile = path);
            Assert.Equal(["keep-me", "ReadOnlyAccess"], again.State.PoliciesOfUser("carol").Select(p => p.PolicyName));
            Assert.Equal(2, again.State.FindPolicy("Custom", "keep-me")!.AttachmentCount);
            var groupPolicies = await again.Client.RamAsync("ListPoliciesForGroup", parameters: new { GroupName = "ops" });
            Assert.Equal("keep-me", Assert.Single(groupPolicies.Json.GetProperty("Policies").GetProperty("Policy").EnumerateArray()).GetProperty("PolicyName").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
