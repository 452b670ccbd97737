using System.Collections.Concurrent;
using AliyunAccessKey.Emulator.Api;
using AliyunAccessKey.Emulator.Tests.Spec;

namespace AliyunAccessKey.Emulator.Tests.Api;

/// <summary>The hook between authentication and execution, where RAM policies are to be evaluated.</summary>
public class AuthorizerTests
{
    private const string RoleArn = "acs:ram::1234567890123456:role/test-role";

    /// <summary>Records what it is asked; allows or denies everything.</summary>
    private sealed class Recorder(bool allow) : IAuthorizer
    {
        public ConcurrentQueue<(IdentityType Caller, string Action, string Resource)> Asked { get; } = new();

        public bool Authorize(Caller caller, ApiAction action, string resource)
        {
            Asked.Enqueue((caller.Type, action.Product.Code + ":" + action.Name, resource));
            return allow;
        }
    }

    [Fact]
    public async Task Every_caller_may_call_every_action_by_default()
    {
        await using var emu = await Emu.StartAsync();
        Assert.Same(AllowAll.Instance, emu.Server.Core.Authorizer);
    }

    [Fact]
    public async Task A_denying_authorizer_answers_the_documented_NoPermission_without_acting()
    {
        await using var emu = await Emu.StartAsync();
        var user = Cred.From(emu.State.IssueCredentials(emu.Upn("olga")));
        var keysBefore = emu.State.AccessKeyCount;
        var deny = new Recorder(allow: false);
        emu.Server.Core.Authorizer = deny;
        emu.Server.ResetCounters();

        var documented = ApiSpec.Errors("sts", "AssumeRole")["NoPermission"];
        var create = await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = emu.Upn("pete"), DisplayName = "Pete" });
        var key = await emu.Client.ImsAsync("CreateAccessKey", user);
        var assume = await emu.Client.StsAsync("AssumeRole", user, new { RoleArn, RoleSessionName = "denied" });
        foreach (var r in new[] { create, key, assume })
        {
            Assert.Equal((documented.Status, "NoPermission", documented.Message), (r.Status, r.Code, r.Message));
        }

        Assert.Equal("sts.aliyuncs.com", assume.Str("HostId"));
        Assert.Null(emu.State.FindUser(emu.Upn("pete")));
        Assert.Equal(keysBefore, emu.State.AccessKeyCount);
        Assert.Equal(0, emu.State.SessionCount);
        var counters = emu.Server.Counters;
        Assert.Equal((3L, 0L, 3L), (counters.Verified, counters.Succeeded, counters.Rejected["NoPermission"]));
        Assert.Equal(3, deny.Asked.Count);
    }

    [Fact]
    public async Task The_authorizer_is_asked_for_every_verified_request_with_its_caller_action_and_resource()
    {
        await using var emu = await Emu.StartAsync();
        var user = Cred.From(emu.State.IssueCredentials(emu.Upn("quinn")));
        var allow = new Recorder(allow: true);
        emu.Server.Core.Authorizer = allow;

        Assert.Equal(200, (await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = emu.Upn("rita"), DisplayName = "Rita" })).Status);
        Assert.Equal(200, (await emu.Client.ImsAsync("ListAccessKeys", user)).Status);
        Assert.Equal(200, (await emu.Client.ImsAsync("ListUsers", user)).Status);
        var assumed = await emu.Client.StsAsync("AssumeRole", user, new { RoleArn, RoleSessionName = "asked" });
        var temp = new Cred(assumed.Str("Credentials", "AccessKeyId"), assumed.Str("Credentials", "AccessKeySecret"), assumed.Str("Credentials", "SecurityToken"));
        Assert.Equal(200, (await emu.Client.StsAsync("GetCallerIdentity", temp)).Status);

        // Not verified, so not asked: a bad signature, an unknown action.
        var forged = await emu.Client.ImsAsync("GetDefaultDomain", tweaks: new Tweaks { SigningSecret = "wrong" });
        Assert.Equal("SignatureDoesNotMatch", forged.Code);
        Assert.Equal("InvalidAction.NotFound", (await emu.Client.ImsAsync("NoSuchAction")).Code);

        const string Account = "acs:ram:*:1234567890123456:";
        Assert.Equal(
            [
                (IdentityType.Account, "ims:CreateUser", Account + "user/rita"),
                (IdentityType.RamUser, "ims:ListAccessKeys", Account + "user/quinn"),
                (IdentityType.RamUser, "ims:ListUsers", Account + "user/*"),
                (IdentityType.RamUser, "sts:AssumeRole", RoleArn),
                (IdentityType.AssumedRoleUser, "sts:GetCallerIdentity", "*"),
            ],
            allow.Asked);
    }
}
