namespace AliyunAccessKey.Emulator.Tests.Features.Users;

public class UserTests
{
    [Fact]
    public async Task CreateUser_answers_the_full_user_with_tags()
    {
        await using var emu = await Emu.StartAsync();
        var r = await emu.Client.ImsAsync("CreateUser", parameters: new Dictionary<string, string>
        {
            ["UserPrincipalName"] = emu.Upn("grace"),
            ["DisplayName"] = "Grace",
            ["Comments"] = "ops",
            ["Email"] = "grace@example.com",
            ["MobilePhone"] = "86-18600008888",
            ["Tag.1.Key"] = "team",
            ["Tag.1.Value"] = "blue",
            ["Tag.2.Key"] = "cost",
            ["Tag.2.Value"] = "42",
        });
        Assert.Equal(200, r.Status);
        var user = r.Json.GetProperty("User");
        Assert.Matches(@"^\d{17}$", user.GetProperty("UserId").GetString());
        Assert.Equal("ops", user.GetProperty("Comments").GetString());
        Assert.Equal("Manual", user.GetProperty("ProvisionType").GetString());
        var tags = user.GetProperty("Tags").GetProperty("Tag");
        Assert.Equal(["team=blue", "cost=42"], tags.EnumerateArray().Select(t => t.GetProperty("TagKey").GetString() + "=" + t.GetProperty("TagValue").GetString()));

        var again = await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = emu.Upn("GRACE"), DisplayName = "G" });
        Assert.Equal((409, "EntityAlreadyExists.User"), (again.Status, again.Code));
    }

    [Theory]
    [InlineData("x@other.onaliyun.com", "Name", "InvalidParameter.UserPrincipalName.Format")]
    [InlineData("bad name@example.onaliyun.com", "Name", "InvalidParameter.UserPrincipalName.InvalidChars")]
    [InlineData("bad!@example.onaliyun.com", "Name", "InvalidParameter.UserPrincipalName.InvalidChars")]
    [InlineData("two@at@example.onaliyun.com", "Name", "InvalidParameter.UserPrincipalName.Format")]
    [InlineData("no-at-sign", "Name", "InvalidParameter.UserPrincipalName.Format")]
    [InlineData("@example.onaliyun.com", "Name", "InvalidParameter.UserPrincipalName.Length")]
    [InlineData("ok@example.onaliyun.com", "", "MissingDisplayName")]
    [InlineData("ok@example.onaliyun.com", null, "MissingDisplayName")]
    [InlineData("ok@example.onaliyun.com", "1234567890123456789012345", "InvalidParameter.DisplayName.Length")]
    [InlineData("", "Name", "MissingUserPrincipalName")]
    public async Task CreateUser_validates_its_input(string upn, string? displayName, string code)
    {
        await using var emu = await Emu.StartAsync();
        var r = await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = upn, DisplayName = displayName });
        Assert.Equal((400, code), (r.Status, r.Code));
        Assert.Equal(0, emu.State.UserCount);
    }

    [Fact]
    public async Task CreateUser_validates_lengths_and_tags()
    {
        await using var emu = await Emu.StartAsync();
        var upn = emu.Upn("h");
        var longName = await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = emu.Upn(new string('n', 65)), DisplayName = "x" });
        Assert.Equal("InvalidParameter.UserPrincipalName.Length", longName.Code);
        Assert.Equal(200, (await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = emu.Upn(new string('n', 64)), DisplayName = "x" })).Status);

        var comments = await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = upn, DisplayName = "x", Comments = new string('c', 129) });
        Assert.Equal("InvalidParameter.Comments.Length", comments.Code);

        var reserved = await emu.Client.ImsAsync("CreateUser", parameters: new Dictionary<string, string> { ["UserPrincipalName"] = upn, ["DisplayName"] = "x", ["Tag.1.Key"] = "acs:owner", ["Tag.1.Value"] = "v" });
        Assert.Equal("InvalidParameter.Tag.Key.Format", reserved.Code);
        var aliyun = await emu.Client.ImsAsync("CreateUser", parameters: new Dictionary<string, string> { ["UserPrincipalName"] = upn, ["DisplayName"] = "x", ["Tag.1.Key"] = "aliyunX", ["Tag.1.Value"] = "v" });
        Assert.Equal("InvalidParameter.Tag.Key.Format", aliyun.Code);

        var many = new Dictionary<string, string> { ["UserPrincipalName"] = upn, ["DisplayName"] = "x" };
        for (var i = 1; i <= 21; i++)
        {
            many[$"Tag.{i}.Key"] = "k" + i;
            many[$"Tag.{i}.Value"] = "v";
        }

        Assert.Equal("InvalidParameter.Tag.Length", (await emu.Client.ImsAsync("CreateUser", parameters: many)).Code);
    }

    [Theory]
    [InlineData("", "v", "InvalidParameter.Tag.Key.Length")]
    [InlineData("see http://x", "v", "InvalidParameter.Tag.Key.Format")]
    [InlineData("HTTPS://x", "v", "InvalidParameter.Tag.Key.Format")]
    [InlineData("k", "acs:v", "InvalidParameter.Tag.Value.Format")]
    [InlineData("k", "a https://b", "InvalidParameter.Tag.Value.Format")]
    [InlineData("k", "http://", "InvalidParameter.Tag.Value.Format")]
    [InlineData("k", null, null)]
    [InlineData("k", "", null)]
    [InlineData("k", "aliyun-is-fine-in-a-value", null)]
    [InlineData("x-acs:y", "http:/x", null)]
    public async Task Tag_rules_follow_the_documentation(string key, string? value, string? code)
    {
        // Key: not empty, <= 128, not starting with aliyun or acs:, no http:// or https://.
        // Value: may be empty, <= 128, not starting with acs:, no http:// or https://.
        await using var emu = await Emu.StartAsync();
        var parameters = new Dictionary<string, string> { ["UserPrincipalName"] = emu.Upn("tags"), ["DisplayName"] = "x", ["Tag.1.Key"] = key };
        if (value is not null)
        {
            parameters["Tag.1.Value"] = value;
        }

        var r = await emu.Client.ImsAsync("CreateUser", parameters: parameters);
        Assert.Equal(code is null ? (200, (string?)null) : (400, code), (r.Status, r.Code));
    }

    [Fact]
    public async Task Tag_filters_follow_the_same_rules()
    {
        await using var emu = await Emu.StartAsync();
        var many = new Dictionary<string, string>();
        for (var i = 1; i <= 21; i++)
        {
            many[$"Tag.{i}.Key"] = "k" + i;
        }

        Assert.Equal((400, "InvalidParameter.Tag.Length"), await StatusCode(emu.Client.ImsAsync("ListUsers", parameters: many)));
        Assert.Equal((400, "InvalidParameter.Tag.Length"), await StatusCode(emu.Client.ImsAsync("ListUserBasicInfos", parameters: many)));
        var acs = new Dictionary<string, string> { ["Tag.1.Key"] = "k", ["Tag.1.Value"] = "acs:x" };
        Assert.Equal((400, "InvalidParameter.Tag.Value.Format"), await StatusCode(emu.Client.ImsAsync("ListUsers", parameters: acs)));
    }

    [Fact]
    public async Task GetUser_three_ways_and_exactly_one()
    {
        await using var emu = await Emu.StartAsync();
        var upn = emu.Upn("heidi");
        var key = emu.State.IssueCredentials(upn, "Heidi");
        var byUpn = await emu.Client.ImsAsync("GetUser", parameters: new { UserPrincipalName = upn });
        var byId = await emu.Client.ImsAsync("GetUser", parameters: new { UserId = key.UserId });
        var byKey = await emu.Client.ImsAsync("GetUser", parameters: new { UserAccessKeyId = key.AccessKeyId });
        foreach (var r in new[] { byUpn, byId, byKey })
        {
            Assert.Equal(200, r.Status);
            Assert.Equal(upn, r.Str("User", "UserPrincipalName"));
            Assert.Equal("heidi", r.Str("User", "UserName"));
            Assert.Equal(key.UserId, r.Str("User", "UserId"));
        }

        Assert.Equal("MissingUserPrincipalName", (await emu.Client.ImsAsync("GetUser")).Code);
        Assert.Equal("InvalidParameter", (await emu.Client.ImsAsync("GetUser", parameters: new { UserPrincipalName = upn, UserId = key.UserId })).Code);
        Assert.Equal((404, "EntityNotExist.User"), await StatusCode(emu.Client.ImsAsync("GetUser", parameters: new { UserId = "1" })));
        Assert.Equal((404, "EntityNotExist.User.AccessKey"), await StatusCode(emu.Client.ImsAsync("GetUser", parameters: new { UserAccessKeyId = "LTAI5tNothing" })));
    }

    private static async Task<(int, string?)> StatusCode(Task<ApiResult> call)
    {
        var r = await call;
        return (r.Status, r.Code);
    }

    [Fact]
    public async Task UpdateUser_renames_and_keeps_the_keys()
    {
        await using var emu = await Emu.StartAsync();
        var key = emu.State.IssueCredentials(emu.Upn("ivan"));
        emu.State.IssueCredentials(emu.Upn("judy"));
        var r = await emu.Client.ImsAsync("UpdateUser", parameters: new { UserPrincipalName = emu.Upn("ivan"), NewUserPrincipalName = emu.Upn("ivan2"), NewDisplayName = "Ivan II", NewComments = "renamed" });
        Assert.Equal(200, r.Status);
        Assert.Equal(emu.Upn("ivan2"), r.Str("User", "UserPrincipalName"));
        Assert.Equal("Ivan II", r.Str("User", "DisplayName"));

        Assert.Equal("EntityNotExist.User", (await emu.Client.ImsAsync("GetUser", parameters: new { UserPrincipalName = emu.Upn("ivan") })).Code);
        var keys = await emu.Client.ImsAsync("ListAccessKeys", parameters: new { UserPrincipalName = emu.Upn("ivan2") });
        Assert.Equal(key.AccessKeyId, keys.Json.GetProperty("AccessKeys").GetProperty("AccessKey")[0].GetProperty("AccessKeyId").GetString());

        // The key now signs as the renamed user.
        var who = await emu.Client.StsAsync("GetCallerIdentity", Cred.From(key));
        Assert.EndsWith(":user/ivan2", who.Str("Arn"), StringComparison.Ordinal);

        var clash = await emu.Client.ImsAsync("UpdateUser", parameters: new { UserId = key.UserId, NewUserPrincipalName = emu.Upn("judy") });
        Assert.Equal((409, "EntityAlreadyExists.User"), (clash.Status, clash.Code));
        var badLength = await emu.Client.ImsAsync("UpdateUser", parameters: new { UserId = key.UserId, NewDisplayName = new string('d', 25) });
        Assert.Equal("InvalidParameter.NewDisplayName.Length", badLength.Code);
        Assert.Equal("Ivan II", emu.State.FindUser(emu.Upn("ivan2"))!.DisplayName);
    }

    [Fact]
    public async Task A_user_with_keys_cannot_be_deleted()
    {
        await using var emu = await Emu.StartAsync();
        var upn = emu.Upn("ken");
        var key = emu.State.IssueCredentials(upn);
        var conflict = await emu.Client.ImsAsync("DeleteUser", parameters: new { UserPrincipalName = upn });
        Assert.Equal((409, "DeleteConflict.User.AccessKey"), (conflict.Status, conflict.Code));

        await emu.Client.ImsAsync("DeleteAccessKey", parameters: new { UserPrincipalName = upn, UserAccessKeyId = key.AccessKeyId });
        Assert.Equal(200, (await emu.Client.ImsAsync("DeleteUser", parameters: new { UserPrincipalName = upn })).Status);
        Assert.Equal((404, "EntityNotExist.User"), await StatusCode(emu.Client.ImsAsync("DeleteUser", parameters: new { UserPrincipalName = upn })));
    }

    [Fact]
    public async Task ListUsers_pages_with_an_opaque_marker()
    {
        await using var emu = await Emu.StartAsync();
        emu.State.Seed(25);
        var seen = new List<string>();
        string? marker = null;
        var pages = 0;
        do
        {
            var r = await emu.Client.ImsAsync("ListUsers", parameters: new { MaxItems = 10, Marker = marker });
            Assert.Equal(200, r.Status);
            pages++;
            var users = r.Json.GetProperty("Users").GetProperty("User");
            seen.AddRange(users.EnumerateArray().Select(u => u.GetProperty("UserPrincipalName").GetString()!));
            Assert.All(users.EnumerateArray(), u => Assert.Equal("active", u.GetProperty("Status").GetString()));
            var truncated = r.Json.GetProperty("IsTruncated").GetBoolean();
            marker = truncated ? r.Str("Marker") : null;
            Assert.Equal(truncated, r.Has("Marker"));
        }
        while (marker is not null);

        Assert.Equal(3, pages);
        Assert.Equal(25, seen.Distinct().Count());
        Assert.Equal(emu.Upn("user000001"), seen[0]);

        var basic = await emu.Client.ImsAsync("ListUserBasicInfos", parameters: new { MaxItems = 2 });
        var infos = basic.Json.GetProperty("UserBasicInfos").GetProperty("UserBasicInfo");
        Assert.Equal(2, infos.GetArrayLength());
        Assert.Equal(["DisplayName", "Status", "UserId", "UserPrincipalName"], infos[0].EnumerateObject().Select(p => p.Name).Order());
        Assert.True(basic.Json.GetProperty("IsTruncated").GetBoolean());
    }

    [Fact]
    public async Task ListUsers_marker_survives_deletes_and_rejects_garbage()
    {
        await using var emu = await Emu.StartAsync();
        emu.State.Seed(6);
        var first = await emu.Client.ImsAsync("ListUsers", parameters: new { MaxItems = 3 });
        // Delete the last user of the first page and the first of the next: paging goes on where it was.
        await emu.Client.ImsAsync("DeleteUser", parameters: new { UserPrincipalName = emu.Upn("user000003") });
        await emu.Client.ImsAsync("DeleteUser", parameters: new { UserPrincipalName = emu.Upn("user000004") });
        var second = await emu.Client.ImsAsync("ListUsers", parameters: new { MaxItems = 3, Marker = first.Str("Marker") });
        Assert.Equal([emu.Upn("user000005"), emu.Upn("user000006")], second.Json.GetProperty("Users").GetProperty("User").EnumerateArray().Select(u => u.GetProperty("UserPrincipalName").GetString()));
        Assert.False(second.Json.GetProperty("IsTruncated").GetBoolean());

        Assert.Equal("InvalidParameter.Marker", (await emu.Client.ImsAsync("ListUsers", parameters: new { Marker = "%%%not-a-marker" })).Code);
        Assert.Equal("InvalidParameter.MaxItems", (await emu.Client.ImsAsync("ListUsers", parameters: new { MaxItems = 0 })).Code);
        Assert.Equal("InvalidParameter.MaxItems", (await emu.Client.ImsAsync("ListUsers", parameters: new { MaxItems = 1001 })).Code);
    }

    [Fact]
    public async Task ListUsers_filters_by_status_and_tag()
    {
        await using var emu = await Emu.StartAsync();
        emu.State.Seed(5);
        await emu.Client.ImsAsync("CreateUser", parameters: new Dictionary<string, string> { ["UserPrincipalName"] = emu.Upn("tagged"), ["DisplayName"] = "T", ["Tag.1.Key"] = "team", ["Tag.1.Value"] = "red" });
        emu.State.SetUserFrozen(emu.Upn("user000002"), true);

        var frozen = await emu.Client.ImsAsync("ListUsers", parameters: new { Status = "freeze" });
        var one = Assert.Single(frozen.Json.GetProperty("Users").GetProperty("User").EnumerateArray());
        Assert.Equal("freeze", one.GetProperty("Status").GetString());

        var byTag = await emu.Client.ImsAsync("ListUsers", parameters: new Dictionary<string, string> { ["Tag.1.Key"] = "team", ["Tag.1.Value"] = "red" });
        Assert.Equal(emu.Upn("tagged"), Assert.Single(byTag.Json.GetProperty("Users").GetProperty("User").EnumerateArray()).GetProperty("UserPrincipalName").GetString());

        var none = await emu.Client.ImsAsync("ListUsers", parameters: new Dictionary<string, string> { ["Tag.1.Key"] = "team", ["Tag.1.Value"] = "green" });
        Assert.Equal(0, none.Json.GetProperty("Users").GetProperty("User").GetArrayLength());
        Assert.Equal("InvalidParameter.Status", (await emu.Client.ImsAsync("ListUsers", parameters: new { Status = "asleep" })).Code);
    }

    [Fact]
    public async Task GetDefaultDomain_and_configured_domain()
    {
        await using var emu = await Emu.StartAsync(o => o.DefaultDomain = "corp.onaliyun.com");
        Assert.Equal("corp.onaliyun.com", (await emu.Client.ImsAsync("GetDefaultDomain")).Str("DefaultDomainName"));
        Assert.Equal(200, (await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = "x@corp.onaliyun.com", DisplayName = "X" })).Status);
    }

    [Fact]
    public async Task User_quota_when_configured()
    {
        await using var emu = await Emu.StartAsync(o => o.UserQuota = 1);
        Assert.Equal(200, (await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = emu.Upn("one"), DisplayName = "1" })).Status);
        var r = await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = emu.Upn("two"), DisplayName = "2" });
        Assert.Equal((409, "LimitExceeded.User"), (r.Status, r.Code));
    }

    [Fact]
    public async Task Concurrent_clients_get_consistent_state()
    {
        await using var emu = await Emu.StartAsync();
        var tasks = Enumerable.Range(0, 64).Select(async i =>
        {
            var upn = emu.Upn("par" + i);
            var created = await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = upn, DisplayName = "P" });
            var k1 = await emu.Client.ImsAsync("CreateAccessKey", parameters: new { UserPrincipalName = upn });
            var k2 = await emu.Client.ImsAsync("CreateAccessKey", parameters: new { UserPrincipalName = upn });
            var k3 = await emu.Client.ImsAsync("CreateAccessKey", parameters: new { UserPrincipalName = upn });
            return (created.Status, k1.Status, k2.Status, k3.Code);
        });
        var results = await Task.WhenAll(tasks);
        Assert.All(results, r => Assert.Equal((200, 200, 200, "LimitExceeded.User.AccessKey"), r));
        Assert.Equal(64, emu.State.UserCount);
        Assert.Equal(129, emu.State.AccessKeyCount);
    }
}
