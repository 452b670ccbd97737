using AliyunAccessKey.Emulator.Tests.Support;
using Xunit;

namespace AliyunAccessKey.Emulator.Tests;

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
        Assert.Equal("InvalidParameter.DurationSeconds", (await emu.Client.StsAsync("AssumeRole", user, new { RoleArn, RoleSessionName = "s1", DurationSeconds = 43201 })).Code);
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
}
