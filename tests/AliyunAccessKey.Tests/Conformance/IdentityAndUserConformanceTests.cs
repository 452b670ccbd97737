using AliyunAccessKey.Client;
using AliyunAccessKey.Emulator;
using Xunit;

namespace AliyunAccessKey.Tests.Conformance;

/// <summary>Conformance phases 1 and 2: who the caller is, and a user's lifecycle.</summary>
[Collection(ConformanceTestBase.Collection)]
public sealed class IdentityAndUserConformanceTests : ConformanceTestBase
{
    private readonly EmulatorServer _emu;

    public IdentityAndUserConformanceTests(ConformanceEmulatorFixture fixture) => _emu = fixture.Server;

    // ------------------------------------------------------------ 1. identity

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Identity_GetDefaultDomain_returns_the_domain_and_the_request_id_header_equals_the_body_RequestId(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);

        Assert.Equal(Domain, run.Ims.GetDefaultDomain(default));

        // The typed call hides RequestId; the raw call shows the body, CallCompleted the x-acs-request-id header.
        var calls = new List<AcsCallInfo>();
        run.Root.CallCompleted += calls.Add;
        var body = run.Root.Invoke(_emu.BaseAddress, new AcsRequest(ImsClient.Version, "GetDefaultDomain"), default);
        var bodyRequestId = body.Str("RequestId");
        Assert.False(string.IsNullOrEmpty(bodyRequestId), "RequestId missing from the body");
        var call = Assert.Single(calls);
        Assert.Equal(200, call.HttpStatus);
        Assert.Equal(bodyRequestId, call.RequestId);
        Assert.Equal(Domain, body.Str("DefaultDomainName"));
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Identity_GetCallerIdentity_as_the_account_is_Account_with_the_account_id(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var calls = new List<AcsCallInfo>();
        run.Root.CallCompleted += calls.Add;

        var me = run.Sts.GetCallerIdentity(default);

        Assert.Equal("Account", me.IdentityType);
        Assert.Equal(Account, me.AccountId);
        Assert.True(string.IsNullOrEmpty(me.RoleId), $"RoleId must be absent for Account, got {me.RoleId}");
        Assert.False(string.IsNullOrEmpty(Assert.Single(calls).RequestId), "RequestId missing");
    }

    // ------------------------------------------------------------ 2. user lifecycle

    [Theory]
    [MemberData(nameof(Schemes))]
    public void User_CreateUser_echoes_its_fields_and_GetUser_finds_it_by_UPN_and_UserId(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var upn = run.Upn(run.Name());
        var display = $"Conformance {run.Suffix}";
        var email = $"{run.Name()}@example.com";
        var started = DateTime.UtcNow;

        var u = run.CreateUser(new CreateUserRequest
        {
            UserPrincipalName = upn,
            DisplayName = display,
            Comments = "conformance peer",
            Email = email,
            Tags = { new("purpose", "conformance") },
        });

        Assert.False(string.IsNullOrEmpty(u.UserId), "UserId missing");
        Assert.Equal(upn, u.UserPrincipalName);
        Assert.Equal(display, u.DisplayName);
        Assert.Equal("conformance peer", u.Comments);
        Assert.Equal(email, u.Email);
        AssertRecent(u.CreateDate, started, "CreateDate");
        Assert.Contains(u.Tags, t => t.Key == "purpose" && t.Value == "conformance");

        var byUpn = run.Ims.GetUserByPrincipalName(upn, default);
        Assert.Equal(u.UserId, byUpn.UserId);
        Assert.Equal(upn, byUpn.UserPrincipalName);
        Assert.Equal(display, byUpn.DisplayName);
        Assert.Equal("conformance peer", byUpn.Comments);
        Assert.Equal(email, byUpn.Email);

        var byId = run.Ims.GetUserById(u.UserId, default);
        Assert.Equal(u.UserId, byId.UserId);
        Assert.Equal(upn, byId.UserPrincipalName);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void User_CreateUser_twice_is_EntityAlreadyExists_User_409(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var upn = run.Upn(run.Name());
        run.CreateUser(upn, "first");

        AssertError(() => run.Ims.CreateUser(new CreateUserRequest { UserPrincipalName = upn, DisplayName = "dup" }, default), 409, "EntityAlreadyExists.User");
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void User_UpdateUser_renames_the_old_UPN_is_gone_and_ListUsers_finds_the_user_active(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var upn = run.Upn(run.Name());
        var created = run.CreateUser(new CreateUserRequest { UserPrincipalName = upn, DisplayName = $"Conformance {run.Suffix}", Comments = "conformance peer" });
        var newUpn = run.Upn(run.Name("r"));
        var newDisplay = $"Renamed {run.Suffix}";

        run.Cleanup.Add(newUpn);
        var updated = run.Ims.UpdateUser(new UpdateUserRequest { UserPrincipalName = upn, NewUserPrincipalName = newUpn, NewDisplayName = newDisplay }, default);

        Assert.Equal(created.UserId, updated.UserId);
        Assert.Equal(newUpn, updated.UserPrincipalName);
        Assert.Equal(newDisplay, updated.DisplayName);
        Assert.Equal("conformance peer", updated.Comments);

        var after = run.Ims.GetUserById(created.UserId, default);
        Assert.Equal(newUpn, after.UserPrincipalName);
        Assert.Equal(newDisplay, after.DisplayName);

        AssertError(() => run.Ims.GetUserByPrincipalName(upn, default), 404, "EntityNotExist.User");

        var (items, _, _) = ListAll(marker => run.Ims.ListUsers(marker, null, default));
        var mine = Assert.Single(items, x => x.UserId == created.UserId);
        Assert.Equal(newUpn, mine.UserPrincipalName);
        Assert.Equal(newDisplay, mine.DisplayName);
        Assert.Equal("active", mine.Status);
    }
}
