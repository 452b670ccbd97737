using System.Globalization;

namespace AliyunAccessKey.Emulator.Tests.Features.Sts;

public class StsTests
{
    private const string RoleArn = "acs:ram::1234567890123456:role/test-role";

    [Fact]
    public async Task GetCallerIdentity_for_the_account()
    {
        await using var emu = await Emu.StartAsync();
        var r = await emu.Client.StsAsync("GetCallerIdentity");
        Assert.Equal("Account", r.Str("IdentityType"));
        Assert.Equal("1234567890123456", r.Str("AccountId"));
        Assert.Equal("1234567890123456", r.Str("UserId"));
        Assert.Equal("1234567890123456", r.Str("PrincipalId"));
        Assert.Equal("acs:ram::1234567890123456:root", r.Str("Arn"));
        Assert.False(r.Has("RoleId"));
    }

    [Fact]
    public async Task GetCallerIdentity_for_a_RAM_user()
    {
        await using var emu = await Emu.StartAsync();
        var key = emu.State.IssueCredentials(emu.Upn("alice"));
        var r = await emu.Client.StsAsync("GetCallerIdentity", Cred.From(key));
        Assert.Equal("RAMUser", r.Str("IdentityType"));
        Assert.Equal(key.UserId, r.Str("UserId"));
        Assert.Equal(key.UserId, r.Str("PrincipalId"));
        Assert.Equal("acs:ram::1234567890123456:user/alice", r.Str("Arn"));
        Assert.False(r.Has("RoleId"));
    }

    [Theory]
    [InlineData(Scheme.V3)]
    [InlineData(Scheme.RpcPost)]
    public async Task AssumeRole_then_call_with_the_token_as_AssumedRoleUser(Scheme scheme)
    {
        await using var emu = await Emu.StartAsync();
        var user = Cred.From(emu.State.IssueCredentials(emu.Upn("bob")));
        var assumed = await emu.Client.StsAsync("AssumeRole", user, new { RoleArn, RoleSessionName = "deploy-1", DurationSeconds = 900 }, scheme);
        Assert.Equal(200, assumed.Status);
        var id = assumed.Str("Credentials", "AccessKeyId");
        Assert.StartsWith("STS.", id, StringComparison.Ordinal);
        Assert.Equal("acs:ram::1234567890123456:assumed-role/test-role/deploy-1", assumed.Str("AssumedRoleUser", "Arn"));
        var expiration = DateTime.Parse(assumed.Str("Credentials", "Expiration"), null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.InRange((expiration - DateTime.UtcNow).TotalSeconds, 890, 910);

        var temp = new Cred(id, assumed.Str("Credentials", "AccessKeySecret"), assumed.Str("Credentials", "SecurityToken"));
        var who = await emu.Client.StsAsync("GetCallerIdentity", temp, scheme: scheme);
        Assert.Equal(200, who.Status);
        Assert.Equal("AssumedRoleUser", who.Str("IdentityType"));
        Assert.Equal(assumed.Str("AssumedRoleUser", "Arn"), who.Str("Arn"));
        Assert.False(who.Has("UserId"));
        Assert.Matches(@"^\d+$", who.Str("RoleId"));
        Assert.Equal(who.Str("RoleId") + ":deploy-1", who.Str("PrincipalId"));
        Assert.Equal(assumed.Str("AssumedRoleUser", "AssumedRoleId"), who.Str("PrincipalId"));

        // Temporary credentials work on IMS too, naming a user explicitly.
        Assert.Equal(200, (await emu.Client.ImsAsync("ListUsers", temp, scheme: scheme)).Status);
        Assert.Equal("MissingUserPrincipalName", (await emu.Client.ImsAsync("ListAccessKeys", temp, scheme: scheme)).Code);

        // An assumed role may assume again (role chaining).
        Assert.Equal(200, (await emu.Client.StsAsync("AssumeRole", temp, new { RoleArn, RoleSessionName = "chained" }, scheme)).Status);
    }

    [Fact]
    public async Task Temporary_credentials_expire()
    {
        var clock = new ManualClock();
        await using var emu = await Emu.StartAsync(o => o.TimeProvider = clock);
        var user = Cred.From(emu.State.IssueCredentials(emu.Upn("carol")));
        var assumed = await emu.Client.StsAsync("AssumeRole", user, new { RoleArn, RoleSessionName = "s1", DurationSeconds = 900 });
        var temp = new Cred(assumed.Str("Credentials", "AccessKeyId"), assumed.Str("Credentials", "AccessKeySecret"), assumed.Str("Credentials", "SecurityToken"));
        Assert.Equal(200, (await emu.Client.StsAsync("GetCallerIdentity", temp)).Status);

        clock.Advance(TimeSpan.FromSeconds(901));
        var expired = await emu.Client.StsAsync("GetCallerIdentity", temp);
        Assert.Equal((400, "InvalidSecurityToken.Expired"), (expired.Status, expired.Code));
    }

    [Fact]
    public async Task Short_durations_when_the_knob_allows_them()
    {
        await using var emu = await Emu.StartAsync(o => o.Knobs = new EmulatorKnobs { MinAssumeRoleDurationSeconds = 1 });
        var user = Cred.From(emu.State.IssueCredentials(emu.Upn("dan")));
        Assert.Equal(200, (await emu.Client.StsAsync("AssumeRole", user, new { RoleArn, RoleSessionName = "short", DurationSeconds = 5 })).Status);
    }

    [Fact]
    public async Task Token_errors()
    {
        await using var emu = await Emu.StartAsync();
        var user = Cred.From(emu.State.IssueCredentials(emu.Upn("erin")));
        var assumed = await emu.Client.StsAsync("AssumeRole", user, new { RoleArn, RoleSessionName = "s1" });
        var id = assumed.Str("Credentials", "AccessKeyId");
        var secret = assumed.Str("Credentials", "AccessKeySecret");

        var missing = await emu.Client.StsAsync("GetCallerIdentity", new Cred(id, secret));
        Assert.Equal((400, "MissingSecurityToken"), (missing.Status, missing.Code));
        var wrong = await emu.Client.StsAsync("GetCallerIdentity", new Cred(id, secret, "CAISnot-the-token"));
        Assert.Equal((400, "InvalidSecurityToken.MismatchWithAccessKey"), (wrong.Status, wrong.Code));
        var tokenOnPermanentKey = await emu.Client.StsAsync("GetCallerIdentity", user with { Token = assumed.Str("Credentials", "SecurityToken") }, scheme: Scheme.RpcGet);
        Assert.Equal("InvalidSecurityToken.MismatchWithAccessKey", tokenOnPermanentKey.Code);
        var unknown = await emu.Client.StsAsync("GetCallerIdentity", new Cred("STS.unknown", secret, "CAISx"));
        Assert.Equal("InvalidAccessKeyId.NotFound", unknown.Code);
    }

    [Fact]
    public async Task AssumeRole_refusals()
    {
        await using var emu = await Emu.StartAsync();
        var root = await emu.Client.StsAsync("AssumeRole", parameters: new { RoleArn, RoleSessionName = "s1" });
        Assert.Equal((403, "NoPermission"), (root.Status, root.Code));
        Assert.Equal("sts.aliyuncs.com", root.Str("HostId"));

        var user = Cred.From(emu.State.IssueCredentials(emu.Upn("frank")));
        var unknown = await emu.Client.StsAsync("AssumeRole", user, new { RoleArn = "acs:ram::1234567890123456:role/nope", RoleSessionName = "s1" });
        Assert.Equal((404, "EntityNotExist.Role"), (unknown.Status, unknown.Code));
        Assert.Equal("InvalidParameter.DurationSeconds", (await emu.Client.StsAsync("AssumeRole", user, new { RoleArn, RoleSessionName = "s1", DurationSeconds = 899 })).Code);
        Assert.Equal("InvalidParameter.DurationSeconds", (await emu.Client.StsAsync("AssumeRole", user, new { RoleArn, RoleSessionName = "s1", DurationSeconds = 3601 })).Code);
        Assert.Equal("MissingRoleArn", (await emu.Client.StsAsync("AssumeRole", user, new { RoleSessionName = "s1" })).Code);
        Assert.Equal("MissingRoleSessionName", (await emu.Client.StsAsync("AssumeRole", user, new { RoleArn })).Code);
        Assert.Equal("InvalidParameter.RoleSessionName", (await emu.Client.StsAsync("AssumeRole", user, new { RoleArn, RoleSessionName = "a b" })).Code);
        Assert.Equal("InvalidParameter.RoleArn", (await emu.Client.StsAsync("AssumeRole", user, new { RoleArn = "test-role", RoleSessionName = "s1" })).Code);
    }

    [Fact]
    public async Task Roles_are_configurable()
    {
        await using var emu = await Emu.StartAsync(o => o.Roles = ["builder", "auditor"]);
        var user = Cred.From(emu.State.IssueCredentials(emu.Upn("gina")));
        Assert.Equal(200, (await emu.Client.StsAsync("AssumeRole", user, new { RoleArn = "acs:ram::1234567890123456:role/auditor", RoleSessionName = "s1" })).Status);
        Assert.Equal("EntityNotExist.Role", (await emu.Client.StsAsync("AssumeRole", user, new { RoleArn, RoleSessionName = "s1" })).Code);
    }

    [Fact]
    public async Task DurationSeconds_defaults_to_3600_and_is_bounded_by_the_roles_MaxSessionDuration()
    {
        await using var emu = await Emu.StartAsync(o => o.Roles = ["test-role", "long-role:43200", "mid-role:7200"]);
        var user = Cred.From(emu.State.IssueCredentials(emu.Upn("hank")));

        var byDefault = await emu.Client.StsAsync("AssumeRole", user, new { RoleArn, RoleSessionName = "d1" });
        var expiration = DateTime.Parse(byDefault.Str("Credentials", "Expiration"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        Assert.InRange((expiration - DateTime.UtcNow).TotalSeconds, 3590, 3610);

        // The default role's maximum is 3600 (the RAM default MaxSessionDuration).
        var tooLong = await emu.Client.StsAsync("AssumeRole", user, new { RoleArn, RoleSessionName = "d1", DurationSeconds = 3601 });
        Assert.Equal((400, "InvalidParameter.DurationSeconds"), (tooLong.Status, tooLong.Code));
        Assert.Equal("The Min/Max value of DurationSeconds is 15min/1hr.", tooLong.Message);
        Assert.Equal(200, (await emu.Client.StsAsync("AssumeRole", user, new { RoleArn, RoleSessionName = "d1", DurationSeconds = 3600 })).Status);

        const string LongArn = "acs:ram::1234567890123456:role/long-role";
        var longest = await emu.Client.StsAsync("AssumeRole", user, new { RoleArn = LongArn, RoleSessionName = "d1", DurationSeconds = 43200 });
        Assert.Equal(200, longest.Status);
        expiration = DateTime.Parse(longest.Str("Credentials", "Expiration"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        Assert.InRange((expiration - DateTime.UtcNow).TotalSeconds, 43190, 43210);
        Assert.Equal("InvalidParameter.DurationSeconds", (await emu.Client.StsAsync("AssumeRole", user, new { RoleArn = LongArn, RoleSessionName = "d1", DurationSeconds = 43201 })).Code);

        // Without DurationSeconds a long role still gets 3600.
        var longDefault = await emu.Client.StsAsync("AssumeRole", user, new { RoleArn = LongArn, RoleSessionName = "d1" });
        expiration = DateTime.Parse(longDefault.Str("Credentials", "Expiration"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        Assert.InRange((expiration - DateTime.UtcNow).TotalSeconds, 3590, 3610);

        var mid = await emu.Client.StsAsync("AssumeRole", user, new { RoleArn = "acs:ram::1234567890123456:role/mid-role", RoleSessionName = "d1", DurationSeconds = 7201 });
        Assert.Equal("The Min/Max value of DurationSeconds is 15min/2hr.", mid.Message);
    }

    [Theory]
    [InlineData("{\"Version\":\"1\",\"Statement\":[{\"Action\":[\"*\"],\"Effect\":\"Allow\",\"Resource\":[\"*\"]}]}", null)]
    [InlineData("not json", "InvalidParameter.PolicyGrammar")]
    [InlineData("[1,2]", "InvalidParameter.PolicyGrammar")]
    [InlineData("{\"Version\":\"1\"", "InvalidParameter.PolicyGrammar")]
    [InlineData("{\"Statement\":[]}", "InvalidParameter.PolicyGrammar")]
    public Task Policy_must_be_a_policy_document(string policy, string? code) =>
        AssumeRoleAnswers("ivy", new { RoleArn, RoleSessionName = "p1", Policy = policy }, code, "The parameter Policy has not passed grammar check.");

    [Fact]
    public async Task Policy_is_at_most_2048_bytes()
    {
        await using var emu = await Emu.StartAsync();
        var user = Cred.From(emu.State.IssueCredentials(emu.Upn("jack")));
        static string Policy(int bytes, char pad = 'a')
        {
            const string Head = "{\"Version\":\"1\",\"Statement\":[],\"Pad\":\"";
            var padBytes = System.Text.Encoding.UTF8.GetByteCount(pad.ToString());
            return Head + new string(pad, (bytes - Head.Length - 2) / padBytes) + "\"}";
        }

        Assert.Equal(200, (await emu.Client.StsAsync("AssumeRole", user, new { RoleArn, RoleSessionName = "p1", Policy = Policy(2048) })).Status);
        var tooBig = await emu.Client.StsAsync("AssumeRole", user, new { RoleArn, RoleSessionName = "p1", Policy = Policy(2049) });
        Assert.Equal((400, "InvalidParameter.PolicySize", "The size of Policy must be smaller than 2048 bytes."), (tooBig.Status, tooBig.Code, tooBig.Message));

        // Bytes, not characters: 1,100 two-byte characters are fewer than 2,048 characters but more bytes.
        var wide = "{\"Version\":\"1\",\"Statement\":[],\"Pad\":\"" + new string('é', 1100) + "\"}";
        Assert.True(wide.Length < 2048);
        Assert.Equal("InvalidParameter.PolicySize", (await emu.Client.StsAsync("AssumeRole", user, new { RoleArn, RoleSessionName = "p1", Policy = wide })).Code);
    }

    [Theory]
    [InlineData("ab", null)]
    [InlineData("Az09_+=,.@:/-", null)]
    [InlineData("a", "InvalidParameter.ExternalId")]
    [InlineData("a b", "InvalidParameter.ExternalId")]
    [InlineData("a!b", "InvalidParameter.ExternalId")]
    [InlineData("añb", "InvalidParameter.ExternalId")]
    public Task ExternalId_is_2_to_1224_of_the_documented_characters(string externalId, string? code) =>
        AssumeRoleAnswers("kim", new { RoleArn, RoleSessionName = "e1", ExternalId = externalId }, code, "The parameter ExternalId is wrongly formed.");

    /// <summary>AssumeRole by a fresh user: 200 when <paramref name="code"/> is null, else 400 with that code and <paramref name="message"/>.</summary>
    private static async Task AssumeRoleAnswers(string userName, object parameters, string? code, string message)
    {
        await using var emu = await Emu.StartAsync();
        var user = Cred.From(emu.State.IssueCredentials(emu.Upn(userName)));
        var r = await emu.Client.StsAsync("AssumeRole", user, parameters);
        Assert.Equal(code is null ? (200, (string?)null) : (400, code), (r.Status, r.Code));
        if (code is not null)
        {
            Assert.Equal(message, r.Message);
        }
    }

    [Fact]
    public async Task ExternalId_length_limits()
    {
        await using var emu = await Emu.StartAsync();
        var user = Cred.From(emu.State.IssueCredentials(emu.Upn("lee")));
        Assert.Equal(200, (await emu.Client.StsAsync("AssumeRole", user, new { RoleArn, RoleSessionName = "e1", ExternalId = new string('x', 1224) })).Status);
        Assert.Equal("InvalidParameter.ExternalId", (await emu.Client.StsAsync("AssumeRole", user, new { RoleArn, RoleSessionName = "e1", ExternalId = new string('x', 1225) })).Code);
    }

    [Fact]
    public async Task Refusals_use_the_documented_STS_messages()
    {
        await using var emu = await Emu.StartAsync();
        var user = Cred.From(emu.State.IssueCredentials(emu.Upn("mia")));
        Assert.Equal("The parameter RoleSessionName is wrongly formed.", (await emu.Client.StsAsync("AssumeRole", user, new { RoleArn, RoleSessionName = "a b" })).Message);
        Assert.Equal("The parameter RoleArn is wrongly formed.", (await emu.Client.StsAsync("AssumeRole", user, new { RoleArn = "test-role", RoleSessionName = "s1" })).Message);
        Assert.Equal("The specified Role not exists .", (await emu.Client.StsAsync("AssumeRole", user, new { RoleArn = "acs:ram::1234567890123456:role/nope", RoleSessionName = "s1" })).Message);
    }

    [Fact]
    public async Task Role_maxima_are_in_the_control_info()
    {
        await using var emu = await Emu.StartAsync(o => o.Roles = ["short", "long:43200"]);
        var info = await emu.Client.ControlAsync(HttpMethod.Get, "");
        var roles = info.GetProperty("roles");
        Assert.Equal("acs:ram::1234567890123456:role/short", roles[0].GetProperty("arn").GetString());
        Assert.Equal("short", roles[0].GetProperty("name").GetString());
        Assert.Equal(3600, roles[0].GetProperty("maxSessionDuration").GetInt32());
        Assert.Equal(43200, roles[1].GetProperty("maxSessionDuration").GetInt32());
        Assert.Equal(["acs:ram::1234567890123456:role/short", "acs:ram::1234567890123456:role/long"], emu.State.RoleArns);
    }

    [Theory]
    [InlineData("r:3599")]
    [InlineData("r:43201")]
    [InlineData("r:abc")]
    [InlineData(":3600")]
    public async Task Bad_role_maxima_are_refused_at_start(string role)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => EmulatorServer.StartAsync(new EmulatorOptions { Roles = [role] }));
    }
}
