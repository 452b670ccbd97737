using System.Globalization;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using AliyunAccessKey.Client;
using AliyunAccessKey.Emulator;
using AliyunAccessKey.Model;
using Xunit;

namespace AliyunAccessKey.Tests.Conformance;

/// <summary>One in-process emulator for the whole test class, on a free loopback port.</summary>
public sealed class ConformanceEmulatorFixture : IAsyncLifetime
{
    private EmulatorServer? _server;

    public EmulatorServer Server => _server ?? throw new InvalidOperationException("The emulator has not started.");

    public async Task InitializeAsync() => _server = await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0 });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>
/// The scenario of tests/conformance/conformance.js (which drives the official Alibaba Node SDK),
/// run through the module's own ImsClient/StsClient against the emulator, once per signature
/// scheme: the same phases, the same expected values, error codes and HTTP statuses. Each test
/// name starts with the phase it belongs to; each run uses user names with a random suffix and
/// removes what it created.
/// </summary>
public sealed class ClientConformanceTests : IClassFixture<ConformanceEmulatorFixture>
{
    // The emulator's defaults, which conformance.js also assumes (--access-key-id testid …).
    private const string RootKeyId = "testid";
    private const string RootSecret = "testsecret";
    private const string Account = "1234567890123456";
    private const string Domain = "example.onaliyun.com";
    private const string RoleArn = "acs:ram::" + Account + ":role/test-role";

    private readonly EmulatorServer _emu;

    public ClientConformanceTests(ConformanceEmulatorFixture fixture) => _emu = fixture.Server;

    public static TheoryData<SignatureScheme> Schemes => new() { SignatureScheme.Acs3HmacSha256, SignatureScheme.RpcHmacSha1 };

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
    public void User_CreateUser_without_DisplayName_is_400_MissingDisplayName_or_InvalidParameter_DisplayName(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var upn = run.Upn($"conf-nodn-{run.Suffix}");
        run.Cleanup.Add(upn);

        // DisplayName left at its default (empty): the client sends "DisplayName=" with no value, where the
        // official SDK leaves the parameter out; the emulator treats an empty value as missing.
        AssertErrorFamily(() => run.Ims.CreateUser(new CreateUserRequest { UserPrincipalName = upn }, default), 400, "MissingDisplayName", "InvalidParameter.DisplayName");
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

    // ------------------------------------------------------------ 3. access keys

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Keys_two_CreateAccessKey_succeed_the_third_is_LimitExceeded_409_and_ListAccessKeys_shows_both_Active_without_secret(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var upn = run.Upn(run.Name());
        var user = run.CreateUser(upn, $"Conformance {run.Suffix}");
        var started = DateTime.UtcNow;

        var key1 = run.Ims.CreateAccessKey(upn, default);
        Assert.False(string.IsNullOrEmpty(key1.AccessKeyId), "AccessKeyId missing");
        var secret1 = Reveal(key1.Secret);
        Assert.True(secret1.Length >= 16, "AccessKeySecret missing or too short");
        Assert.Equal("Active", key1.Status);
        AssertRecent(key1.CreateDate, started, "CreateDate");

        var key2 = run.Ims.CreateAccessKey(upn, default);
        Assert.False(string.IsNullOrEmpty(key2.AccessKeyId), "AccessKeyId missing");
        Assert.NotEqual(key1.AccessKeyId, key2.AccessKeyId);
        Assert.NotEqual(secret1, Reveal(key2.Secret));
        Assert.Equal("Active", key2.Status);

        AssertError(() => run.Ims.CreateAccessKey(upn, default), 409, "LimitExceeded.User.AccessKey");

        var keys = run.Ims.ListAccessKeys(upn, default);
        Assert.Equal(2, keys.Count);
        Assert.Equal(new[] { key1.AccessKeyId, key2.AccessKeyId }.Order(StringComparer.Ordinal), keys.Select(k => k.AccessKeyId).Order(StringComparer.Ordinal));
        Assert.All(keys, k => Assert.Equal("Active", k.Status));
        Assert.All(keys, k => Assert.Null(k.AccessKeySecret));

        var owner = run.Ims.GetUserByAccessKeyId(key1.AccessKeyId, default);
        Assert.Equal(user.UserId, owner.UserId);
        Assert.Equal(upn, owner.UserPrincipalName);
    }

    // ------------------------------------------------------------ 4. a call signed by the user's key

    [Theory]
    [MemberData(nameof(Schemes))]
    public void SignedByUserKey_GetCallerIdentity_is_RAMUser_and_GetAccessKeyLastUsed_then_has_a_date(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var (upn, userId, keyId, secret) = run.UserWithKey(run.Name());
        var started = DateTime.UtcNow;

        // Signed by another key through the credential argument, as Test-AliyunAccessKey does…
        var me = run.Sts.GetCallerIdentity(default, AcsCredential.FromPlainText(keyId, secret));
        Assert.Equal("RAMUser", me.IdentityType);
        Assert.Equal(userId, me.UserId);
        Assert.Equal(Account, me.AccountId);
        Assert.True(string.IsNullOrEmpty(me.RoleId), $"RoleId must be absent for RAMUser, got {me.RoleId}");

        // …and by a client of its own.
        var again = run.StsFor(keyId, secret).GetCallerIdentity(default);
        Assert.Equal("RAMUser", again.IdentityType);
        Assert.Equal(userId, again.UserId);

        var used = run.Ims.GetAccessKeyLastUsed(keyId, upn, default);
        AssertRecent(used.LastUsedDate, started, "LastUsedDate");
    }

    // ------------------------------------------------------------ 5. disable / enable

    [Theory]
    [MemberData(nameof(Schemes))]
    public void KeyStatus_an_Inactive_key_is_rejected_with_InvalidAccessKeyId_Inactive_400_and_works_again_when_Active(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var (upn, userId, keyId, secret) = run.UserWithKey(run.Name());
        var userSts = run.StsFor(keyId, secret);
        Assert.Equal("RAMUser", userSts.GetCallerIdentity(default).IdentityType);

        run.Ims.UpdateAccessKey(keyId, "Inactive", upn, default);

        var listed = Assert.Single(run.Ims.ListAccessKeys(upn, default), k => k.AccessKeyId == keyId);
        Assert.Equal("Inactive", listed.Status);
        AssertError(() => userSts.GetCallerIdentity(default), 400, "InvalidAccessKeyId.Inactive");

        run.Ims.UpdateAccessKey(keyId, "Active", upn, default);

        var me = userSts.GetCallerIdentity(default);
        Assert.Equal("RAMUser", me.IdentityType);
        Assert.Equal(userId, me.UserId);
    }

    // ------------------------------------------------------------ 7. delete

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Delete_DeleteUser_with_keys_is_DeleteConflict_User_AccessKey_409(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var (upn, _, _, _) = run.UserWithKey(run.Name());

        AssertError(() => run.Ims.DeleteUser(upn, null, default), 409, "DeleteConflict.User.AccessKey");
        Assert.Equal(upn, run.Ims.GetUserByPrincipalName(upn, default).UserPrincipalName);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Delete_a_deleted_key_is_EntityNotExist_User_AccessKey_404_to_delete_and_InvalidAccessKeyId_NotFound_404_to_use(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var (upn, _, keyId, secret) = run.UserWithKey(run.Name());
        var key2 = run.Ims.CreateAccessKey(upn, default);
        var userSts = run.StsFor(keyId, secret);
        Assert.Equal("RAMUser", userSts.GetCallerIdentity(default).IdentityType);

        run.Ims.DeleteAccessKey(keyId, upn, default);

        AssertError(() => run.Ims.DeleteAccessKey(keyId, upn, default), 404, "EntityNotExist.User.AccessKey");
        AssertError(() => userSts.GetCallerIdentity(default), 404, "InvalidAccessKeyId.NotFound");

        run.Ims.DeleteAccessKey(key2.AccessKeyId, upn, default);
        Assert.Empty(run.Ims.ListAccessKeys(upn, default));
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Delete_after_DeleteUser_the_user_and_its_keys_are_EntityNotExist_User_404(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var (upn, userId, keyId, _) = run.UserWithKey(run.Name());
        run.Ims.DeleteAccessKey(keyId, upn, default);

        run.Ims.DeleteUser(upn, null, default);

        AssertError(() => run.Ims.GetUserByPrincipalName(upn, default), 404, "EntityNotExist.User");
        AssertError(() => run.Ims.GetUserById(userId, default), 404, "EntityNotExist.User");
        AssertErrorFamily(() => run.Ims.DeleteAccessKey(keyId, upn, default), 404, "EntityNotExist.User");
        AssertError(() => run.Ims.DeleteUser(upn, null, default), 404, "EntityNotExist.User");
    }

    // ------------------------------------------------------------ 6. paging

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Paging_ListUsers_with_MaxItems_2_follows_Marker_and_sees_every_user_once(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var (_, ids) = run.CreatePagingUsers();

        var (items, pages, maxPage) = ListAll(marker => run.Ims.ListUsers(marker, 2, default));

        Assert.True(maxPage <= 2, $"a page had {maxPage} users with MaxItems 2");
        Assert.True(pages >= 3, $"expected at least 3 pages for >= 5 users, got {pages}");
        var all = items.Select(u => u.UserId).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Single(all, x => x == id));
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Paging_ListUserBasicInfos_with_MaxItems_2_follows_Marker_and_sees_every_user_once(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var (upns, ids) = run.CreatePagingUsers();

        var (items, _, maxPage) = ListAll(marker => run.Ims.ListUserBasicInfos(marker, 2, default));

        Assert.True(maxPage <= 2, $"a page had {maxPage} entries with MaxItems 2");
        var all = items.Select(u => u.UserId).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        for (var i = 0; i < ids.Count; i++)
        {
            var mine = Assert.Single(items, u => u.UserId == ids[i]);
            Assert.Equal(upns[i], mine.UserPrincipalName);
            Assert.False(string.IsNullOrEmpty(mine.DisplayName), "DisplayName missing");
        }
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Paging_ListUsers_with_MaxItems_1_returns_one_user_IsTruncated_and_a_Marker(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        run.CreatePagingUsers();

        var page = run.Ims.ListUsers(null, 1, default);

        Assert.Single(page.Items);
        Assert.True(page.IsTruncated, "IsTruncated");
        Assert.False(string.IsNullOrEmpty(page.Marker), "Marker missing");
    }

    // ------------------------------------------------------------ 12. validation

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Validation_unusual_characters_in_Comments_DisplayName_and_tags_round_trip(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var upn = run.Upn(run.Name("v"));

        // characters that percent-encoding and both signature schemes must agree on
        const string comments = "a b*c~d'(!)+=&%/?#[]é中文.";
        const string display = "Spécial näme ~*";
        var u = run.CreateUser(new CreateUserRequest
        {
            UserPrincipalName = upn,
            DisplayName = display,
            Comments = comments,
            Tags = { new("k y*", "v/a l'ue~") },
        });
        Assert.Equal(comments, u.Comments);
        Assert.Equal(display, u.DisplayName);

        var g = run.Ims.GetUserByPrincipalName(upn, default);
        Assert.Equal(comments, g.Comments);
        Assert.Contains(g.Tags, t => t.Key == "k y*" && t.Value == "v/a l'ue~");

        run.Ims.DeleteUser(upn, null, default);
        run.Cleanup.Remove(upn);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Validation_an_error_carries_RequestId_HostId_Code_Message_and_Recommend(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);

        var e = AssertError(() => run.Ims.GetUserByPrincipalName(run.Upn($"no-such-{run.Suffix}"), default), 404, "EntityNotExist.User");

        Assert.False(string.IsNullOrEmpty(e.RequestId), "error body lacks RequestId");
        Assert.False(string.IsNullOrEmpty(e.HostId), "error body lacks HostId");
        Assert.False(string.IsNullOrEmpty(e.ServiceMessage), "error body lacks Message");
        Assert.False(string.IsNullOrEmpty(e.Recommend), "error body lacks Recommend");
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Validation_a_foreign_domain_is_InvalidParameter_UserPrincipalName_400(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);

        AssertErrorFamily(
            () => run.Ims.CreateUser(new CreateUserRequest { UserPrincipalName = $"conf-{run.Suffix}@not-our-domain.example", DisplayName = "x" }, default),
            400,
            "InvalidParameter.UserPrincipalName");
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Validation_a_bad_name_part_is_InvalidParameter_UserPrincipalName_400(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);

        AssertErrorFamily(
            () => run.Ims.CreateUser(new CreateUserRequest { UserPrincipalName = run.Upn($"bad name!{run.Suffix}"), DisplayName = "x" }, default),
            400,
            "InvalidParameter.UserPrincipalName");
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Validation_a_DisplayName_over_24_characters_is_InvalidParameter_DisplayName_400(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var upn = run.Upn($"conf-{run.Suffix}-long");
        run.Cleanup.Add(upn);

        AssertErrorFamily(
            () => run.Ims.CreateUser(new CreateUserRequest { UserPrincipalName = upn, DisplayName = new string('x', 25) }, default),
            400,
            "InvalidParameter.DisplayName");
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Validation_Comments_over_128_characters_is_InvalidParameter_Comments_400(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var upn = run.Upn($"conf-{run.Suffix}-long");
        run.Cleanup.Add(upn);

        AssertErrorFamily(
            () => run.Ims.CreateUser(new CreateUserRequest { UserPrincipalName = upn, DisplayName = "x", Comments = new string('c', 129) }, default),
            400,
            "InvalidParameter.Comments");
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Validation_MaxItems_0_and_1001_are_InvalidParameter_400(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);

        AssertErrorFamily(() => run.Ims.ListUsers(null, 0, default), 400, "InvalidParameter");
        AssertErrorFamily(() => run.Ims.ListUsers(null, 1001, default), 400, "InvalidParameter");
    }

    // ------------------------------------------------------------ 8. authentication errors

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Auth_a_wrong_secret_is_SignatureDoesNotMatch_400_on_IMS_and_STS(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);

        AssertError(() => run.ImsFor(RootKeyId, RootSecret + "-wrong").GetDefaultDomain(default), 400, "SignatureDoesNotMatch");
        AssertError(() => run.StsFor(RootKeyId, RootSecret + "-wrong").GetCallerIdentity(default), 400, "SignatureDoesNotMatch");
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Auth_an_unknown_key_id_is_InvalidAccessKeyId_NotFound_404_on_IMS_and_STS(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var unknownId = $"LTAIconformance{run.Suffix}unknown";

        AssertError(() => run.ImsFor(unknownId, RootSecret).GetDefaultDomain(default), 404, "InvalidAccessKeyId.NotFound");
        AssertError(() => run.StsFor(unknownId, RootSecret).GetCallerIdentity(default), 404, "InvalidAccessKeyId.NotFound");
    }

    // ------------------------------------------------------------ 9. stale timestamp and replayed nonce

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Replay_a_timestamp_20_minutes_old_is_InvalidTimeStamp_Expired_400_and_the_clock_skew_correction_then_succeeds(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var client = run.NewClient(RootKeyId, RootSecret);
        client.UtcNow = static () => DateTime.UtcNow.AddMinutes(-20);
        var calls = new List<AcsCallInfo>();
        client.CallCompleted += calls.Add;
        var ims = new ImsClient(client, _emu.BaseAddress);

        // By design the client learns the server's clock from the rejection and signs once more.
        Assert.Equal(Domain, ims.GetDefaultDomain(default));

        Assert.Equal(2, calls.Count);
        Assert.Equal(400, calls[0].HttpStatus);
        Assert.Equal("InvalidTimeStamp.Expired", calls[0].ErrorCode);
        Assert.Equal(200, calls[1].HttpStatus);
        Assert.Null(calls[1].ErrorCode);
        Assert.InRange(client.ClockOffset, TimeSpan.FromMinutes(20) - TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(20) + TimeSpan.FromSeconds(10));

        // The learnt offset stays: the next call is accepted at once.
        calls.Clear();
        Assert.Equal(Domain, ims.GetDefaultDomain(default));
        Assert.Null(Assert.Single(calls).ErrorCode);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Replay_a_timestamp_20_minutes_old_without_a_server_Date_to_correct_from_surfaces_InvalidTimeStamp_Expired_400(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);

        // Without the Date header the client cannot correct its clock, so the service's answer is the caller's.
        var client = run.NewClient(RootKeyId, RootSecret, handler: new DropDateHeader());
        client.UtcNow = static () => DateTime.UtcNow.AddMinutes(-20);
        var ims = new ImsClient(client, _emu.BaseAddress);

        AssertError(() => ims.GetDefaultDomain(default), 400, "InvalidTimeStamp.Expired");
        Assert.Equal(TimeSpan.Zero, client.ClockOffset);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Replay_a_timestamp_20_minutes_ahead_is_InvalidTimeStamp_400(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var client = run.NewClient(RootKeyId, RootSecret);
        client.UtcNow = static () => DateTime.UtcNow.AddMinutes(20);
        var calls = new List<AcsCallInfo>();
        client.CallCompleted += calls.Add;
        var ims = new ImsClient(client, _emu.BaseAddress);

        // The client may correct its clock afterwards (it does for InvalidTimeStamp.Expired); the first attempt is what the service said.
        try
        {
            ims.GetDefaultDomain(default);
        }
        catch (AliyunServiceException)
        {
        }

        Assert.NotEmpty(calls);
        Assert.Equal(400, calls[0].HttpStatus);
        Assert.True(
            calls[0].ErrorCode is { } code && code.StartsWith("InvalidTimeStamp.", StringComparison.Ordinal),
            $"expected InvalidTimeStamp.*, got {calls[0].ErrorCode}");
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Replay_a_fresh_timestamp_works(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var calls = new List<AcsCallInfo>();
        run.Root.CallCompleted += calls.Add;

        Assert.Equal(Domain, run.Ims.GetDefaultDomain(default));

        Assert.Null(Assert.Single(calls).ErrorCode);
        Assert.Equal(TimeSpan.Zero, run.Root.ClockOffset);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Replay_the_same_nonce_twice_is_SignatureNonceUsed_400_on_the_second_request(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var nonce = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var client = run.NewClient(RootKeyId, RootSecret);
        client.NewNonce = () => nonce;
        var ims = new ImsClient(client, _emu.BaseAddress);

        Assert.Equal(Domain, ims.GetDefaultDomain(default));
        AssertError(() => ims.GetDefaultDomain(default), 400, "SignatureNonceUsed");
    }

    // ------------------------------------------------------------ 10. STS AssumeRole

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Sts_AssumeRole_by_the_account_is_NoPermission_403(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);

        AssertError(() => run.Sts.AssumeRole(RoleArn, run.Name(), default), 403, "NoPermission");
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Sts_AssumeRole_of_an_unknown_role_is_EntityNotExist_Role_404(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var (_, _, keyId, secret) = run.UserWithKey(run.Name("sts"));

        AssertError(
            () => run.StsFor(keyId, secret).AssumeRole($"acs:ram::{Account}:role/no-such-role-{run.Suffix}", run.Name(), default),
            404,
            "EntityNotExist.Role");
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Sts_AssumeRole_by_a_RAM_user_gives_an_STS_key_secret_token_expiring_in_about_3600_s_and_the_assumed_role_Arn(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var (_, _, keyId, secret) = run.UserWithKey(run.Name("sts"));
        var session = run.Name();
        var started = DateTime.UtcNow;

        var assumed = run.StsFor(keyId, secret).AssumeRole(RoleArn, session, default);

        var c = assumed.Credentials;
        Assert.StartsWith("STS.", c.AccessKeyId, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(RevealSecret(c)), "AccessKeySecret missing");
        Assert.True(c.HasSecurityToken, "SecurityToken missing");
        Assert.NotNull(c.Expiration);
        Assert.Equal(DateTimeKind.Utc, c.Expiration!.Value.Kind);
        Assert.InRange(c.Expiration.Value, started.AddSeconds(3500), DateTime.UtcNow.AddSeconds(3700));
        Assert.Equal($"acs:ram::{Account}:assumed-role/test-role/{session}", assumed.Arn);
        Assert.False(string.IsNullOrEmpty(assumed.AssumedRoleId), "AssumedRoleUser.AssumedRoleId missing");
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Sts_temporary_credentials_are_an_AssumedRoleUser_to_GetCallerIdentity_and_work_on_IMS(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var (_, _, keyId, secret) = run.UserWithKey(run.Name("sts"));
        var session = run.Name();
        var assumed = run.StsFor(keyId, secret).AssumeRole(RoleArn, session, default);

        var me = run.StsFor(assumed.Credentials).GetCallerIdentity(default);

        Assert.Equal("AssumedRoleUser", me.IdentityType);
        Assert.Equal(Account, me.AccountId);
        Assert.Equal($"acs:ram::{Account}:assumed-role/test-role/{session}", me.Arn);
        Assert.False(string.IsNullOrEmpty(me.RoleId), "RoleId missing");
        Assert.True(string.IsNullOrEmpty(me.UserId), $"UserId must be absent for AssumedRoleUser, got {me.UserId}");

        Assert.Equal(Domain, run.ImsFor(assumed.Credentials).GetDefaultDomain(default));
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Sts_AssumeRole_DurationSeconds_899_and_43201_are_InvalidParameter_400(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var (_, _, keyId, secret) = run.UserWithKey(run.Name("sts"));
        var userSts = run.StsFor(keyId, secret);

        AssertErrorFamily(() => userSts.AssumeRole(RoleArn, run.Name(), default, durationSeconds: 899), 400, "InvalidParameter");
        AssertErrorFamily(() => userSts.AssumeRole(RoleArn, run.Name(), default, durationSeconds: 43201), 400, "InvalidParameter");
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Sts_a_temporary_key_without_its_token_is_MissingSecurityToken(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var (_, _, keyId, secret) = run.UserWithKey(run.Name("sts"));
        var c = run.StsFor(keyId, secret).AssumeRole(RoleArn, run.Name(), default).Credentials;

        AssertError(() => run.StsFor(c.AccessKeyId, RevealSecret(c)).GetCallerIdentity(default), null, "MissingSecurityToken");
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Sts_DurationSeconds_900_expires_in_about_900_s_and_another_session_token_is_InvalidSecurityToken_MismatchWithAccessKey(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var (_, _, keyId, secret) = run.UserWithKey(run.Name("sts"));
        var userSts = run.StsFor(keyId, secret);
        var session = run.Name();
        var first = userSts.AssumeRole(RoleArn, session, default).Credentials;
        var t0 = DateTime.UtcNow;

        var second = userSts.AssumeRole(RoleArn, session + "-b", default, durationSeconds: 900).Credentials;

        Assert.NotNull(second.Expiration);
        Assert.InRange(second.Expiration!.Value, t0.AddSeconds(800), DateTime.UtcNow.AddSeconds(1000));
        Assert.NotEqual(first.AccessKeyId, second.AccessKeyId);

        // the first session's key with the second session's token
        var mixed = AcsCredential.FromPlainText(first.AccessKeyId, RevealSecret(first), second.RevealSecurityToken());
        AssertError(() => run.StsFor(mixed).GetCallerIdentity(default), null, "InvalidSecurityToken.MismatchWithAccessKey");
    }

    // ------------------------------------------------------------ 11. not found

    [Theory]
    [MemberData(nameof(Schemes))]
    public void NotFound_GetUser_of_an_unknown_UPN_is_EntityNotExist_User_404(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);

        AssertError(() => run.Ims.GetUserByPrincipalName(run.Upn($"no-such-user-{run.Suffix}"), default), 404, "EntityNotExist.User");
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void NotFound_ListAccessKeys_of_an_unknown_UPN_is_EntityNotExist_User_404(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);

        AssertError(() => run.Ims.ListAccessKeys(run.Upn($"no-such-user-{run.Suffix}"), default), 404, "EntityNotExist.User");
    }

    // ------------------------------------------------------------ helpers

    /// <summary>Expects a service error whose code is exactly one of <paramref name="codes"/>, with <paramref name="status"/> unless null.</summary>
    private static AliyunServiceException AssertError(Action call, int? status, params string[] codes) =>
        AssertServiceError(call, status, codes, family: false);

    /// <summary>Expects a service error in one of the dotted code families (the code itself or code.&lt;anything&gt;).</summary>
    private static AliyunServiceException AssertErrorFamily(Action call, int? status, params string[] families) =>
        AssertServiceError(call, status, families, family: true);

    private static AliyunServiceException AssertServiceError(Action call, int? status, string[] codes, bool family)
    {
        var ex = Assert.Throws<AliyunServiceException>(call);
        var ok = codes.Any(c => family ? ex.IsCode(c) : string.Equals(ex.Code, c, StringComparison.Ordinal));
        Assert.True(ok, $"expected error {string.Join(" or ", codes)}{(family ? "*" : string.Empty)}, got {ex.Code} (HTTP {ex.HttpStatus}): {ex.ServiceMessage}");
        if (status is int s)
        {
            Assert.True(ex.HttpStatus == s, $"code {ex.Code} ok, but HTTP status expected {s}, got {ex.HttpStatus}");
        }

        return ex;
    }

    /// <summary>Follows Marker until IsTruncated is false.</summary>
    private static (List<T> Items, int Pages, int MaxPage) ListAll<T>(Func<string?, Page<T>> fetch)
    {
        var items = new List<T>();
        string? marker = null;
        var pages = 0;
        var maxPage = 0;
        while (true)
        {
            pages++;
            Assert.True(pages <= 10000, "paging did not end after 10000 pages");
            var page = fetch(marker);
            maxPage = Math.Max(maxPage, page.Items.Count);
            items.AddRange(page.Items);
            if (!page.IsTruncated)
            {
                return (items, pages, maxPage);
            }

            Assert.False(string.IsNullOrEmpty(page.Marker), $"IsTruncated true but no Marker on page {pages}");
            Assert.NotEqual(marker, page.Marker);
            marker = page.Marker;
        }
    }

    private static void AssertRecent(DateTime? value, DateTime started, string what)
    {
        Assert.True(value.HasValue, $"{what} missing");
        Assert.Equal(DateTimeKind.Utc, value!.Value.Kind);

        // The service's dates have whole seconds.
        Assert.InRange(value.Value, started.AddSeconds(-5), DateTime.UtcNow.AddSeconds(5));
    }

    private static string Reveal(SecureString secret)
    {
        var ptr = Marshal.SecureStringToGlobalAllocUnicode(secret);
        try
        {
            return Marshal.PtrToStringUni(ptr, secret.Length);
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(ptr);
        }
    }

    private static string RevealSecret(AcsCredential credential) => credential.UseSecret(Encoding.UTF8.GetString);

    /// <summary>Removes the Date header from answers, so the client has no server clock to correct from.</summary>
    private sealed class DropDateHeader : DelegatingHandler
    {
        public DropDateHeader()
            : base(new HttpClientHandler())
        {
        }

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = base.Send(request, cancellationToken);
            response.Headers.Date = null;
            return response;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            response.Headers.Date = null;
            return response;
        }
    }

    /// <summary>
    /// One scheme's run: a root client that never retries (so errors surface as they come), a random
    /// suffix for user names, extra clients for other keys, and best-effort removal of what it created.
    /// </summary>
    private sealed class Run : IDisposable
    {
        private readonly EmulatorServer _emu;
        private readonly List<AcsClient> _clients = [];

        public Run(EmulatorServer emu, SignatureScheme scheme)
        {
            _emu = emu;
            Scheme = scheme;
            Suffix = RandomNumberGenerator.GetHexString(6, lowercase: true);
            Root = NewClient(RootKeyId, RootSecret);
            Ims = new ImsClient(Root, emu.BaseAddress);
            Sts = new StsClient(Root, emu.BaseAddress);
        }

        public SignatureScheme Scheme { get; }

        public string Suffix { get; }

        public AcsClient Root { get; }

        public ImsClient Ims { get; }

        public StsClient Sts { get; }

        /// <summary>UPNs to remove at the end.</summary>
        public HashSet<string> Cleanup { get; } = new(StringComparer.OrdinalIgnoreCase);

        private string Tag => Scheme == SignatureScheme.RpcHmacSha1 ? "v2" : "v3";

        public string Name(string? part = null) => part is null ? $"conf-{Tag}-{Suffix}" : $"conf-{Tag}-{Suffix}-{part}";

        // UPNs use the service's own domain, as conformance.js does.
        public string Upn(string name) => $"{name}@{_emu.State.DefaultDomain}";

        public AcsClient NewClient(AcsCredential credential, HttpMessageHandler? handler = null)
        {
            var client = new AcsClient(
                new StaticCredentialSource(credential),
                new AcsClientOptions { SignatureScheme = Scheme, Retry = RetryPolicy.None, Timeout = TimeSpan.FromSeconds(10) },
                handler);
            _clients.Add(client);
            return client;
        }

        public AcsClient NewClient(string id, string secret, string? token = null, HttpMessageHandler? handler = null) =>
            NewClient(AcsCredential.FromPlainText(id, secret, token), handler);

        public ImsClient ImsFor(string id, string secret) => new(NewClient(id, secret), _emu.BaseAddress);

        public ImsClient ImsFor(AcsCredential credential) => new(NewClient(credential), _emu.BaseAddress);

        public StsClient StsFor(string id, string secret) => new(NewClient(id, secret), _emu.BaseAddress);

        public StsClient StsFor(AcsCredential credential) => new(NewClient(credential), _emu.BaseAddress);

        public AliyunRamUser CreateUser(CreateUserRequest request)
        {
            Cleanup.Add(request.UserPrincipalName);
            return Ims.CreateUser(request, default);
        }

        public AliyunRamUser CreateUser(string upn, string displayName) =>
            CreateUser(new CreateUserRequest { UserPrincipalName = upn, DisplayName = displayName });

        /// <summary>A new user with one AccessKey; the secret in plain text for signing.</summary>
        public (string Upn, string UserId, string KeyId, string Secret) UserWithKey(string name)
        {
            var upn = Upn(name);
            var user = CreateUser(upn, name.Length > 24 ? name[..24] : name);
            var key = Ims.CreateAccessKey(upn, default);
            return (upn, user.UserId, key.AccessKeyId, Reveal(key.Secret));
        }

        /// <summary>Five users for the paging checks.</summary>
        public (List<string> Upns, List<string> Ids) CreatePagingUsers()
        {
            var upns = new List<string>();
            var ids = new List<string>();
            for (var i = 1; i <= 5; i++)
            {
                var upn = Upn(Name("p" + i.ToString(CultureInfo.InvariantCulture)));
                upns.Add(upn);
                ids.Add(CreateUser(upn, $"Page {i} {Suffix}").UserId);
            }

            return (upns, ids);
        }

        public void Dispose()
        {
            try
            {
                foreach (var upn in Cleanup)
                {
                    try
                    {
                        foreach (var k in Ims.ListAccessKeys(upn, default))
                        {
                            try
                            {
                                Ims.DeleteAccessKey(k.AccessKeyId, upn, default);
                            }
                            catch (AliyunException)
                            {
                            }
                        }
                    }
                    catch (AliyunException)
                    {
                    }

                    try
                    {
                        Ims.DeleteUser(upn, null, default);
                    }
                    catch (AliyunException)
                    {
                        // already gone
                    }
                }
            }
            finally
            {
                foreach (var c in _clients)
                {
                    c.Dispose();
                }
            }
        }
    }
}
