using AliyunAccessKey.Client;
using Xunit;

namespace AliyunAccessKey.Tests.Conformance;

/// <summary>Conformance phases 1 to 7: who the caller is, a user's lifecycle, its AccessKeys from creation to deletion, and paging.</summary>
[Collection(ConformanceTestBase.Collection)]
public sealed class AccountLifecycleConformanceTests(ConformanceEmulatorFixture fixture) : ConformanceTestBase
{
    // ------------------------------------------------------------ 1. identity

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Identity_GetDefaultDomain_returns_the_domain_and_the_request_id_header_equals_the_body_RequestId(SignatureScheme scheme)
    {
        using var run = new Run(fixture.Server, scheme);

        Assert.Equal(Domain, run.Ims.GetDefaultDomain(default));

        // The typed call hides RequestId; the raw call shows the body, CallCompleted the x-acs-request-id header.
        var calls = new List<AcsCallInfo>();
        run.Root.CallCompleted += calls.Add;
        var body = run.Root.Invoke(fixture.Server.BaseAddress, new AcsRequest(ImsClient.Version, "GetDefaultDomain"), default);
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
        using var run = new Run(fixture.Server, scheme);
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
        using var run = new Run(fixture.Server, scheme);
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
        using var run = new Run(fixture.Server, scheme);
        var upn = run.Upn(run.Name());
        run.CreateUser(upn, "first");

        AssertError(() => run.Ims.CreateUser(new CreateUserRequest { UserPrincipalName = upn, DisplayName = "dup" }, default), 409, "EntityAlreadyExists.User");
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void User_UpdateUser_renames_the_old_UPN_is_gone_and_ListUsers_finds_the_user_active(SignatureScheme scheme)
    {
        using var run = new Run(fixture.Server, scheme);
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
        using var run = new Run(fixture.Server, scheme);
        var upn = run.Upn(run.Name());
        var user = run.CreateUser(upn, $"Conformance {run.Suffix}");
        var started = DateTime.UtcNow;

        var key1 = run.Ims.CreateAccessKey(upn, default);
        Assert.False(string.IsNullOrEmpty(key1.AccessKeyId), "AccessKeyId missing");
        var secret1 = SecureStrings.Plain(key1.Secret);
        Assert.True(secret1.Length >= 16, "AccessKeySecret missing or too short");
        Assert.Equal("Active", key1.Status);
        AssertRecent(key1.CreateDate, started, "CreateDate");

        var key2 = run.Ims.CreateAccessKey(upn, default);
        Assert.False(string.IsNullOrEmpty(key2.AccessKeyId), "AccessKeyId missing");
        Assert.NotEqual(key1.AccessKeyId, key2.AccessKeyId);
        Assert.NotEqual(secret1, SecureStrings.Plain(key2.Secret));
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
        using var run = new Run(fixture.Server, scheme);
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
        using var run = new Run(fixture.Server, scheme);
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
        using var run = new Run(fixture.Server, scheme);
        var (upn, _, _, _) = run.UserWithKey(run.Name());

        AssertError(() => run.Ims.DeleteUser(upn, null, default), 409, "DeleteConflict.User.AccessKey");
        Assert.Equal(upn, run.Ims.GetUserByPrincipalName(upn, default).UserPrincipalName);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Delete_a_deleted_key_is_EntityNotExist_User_AccessKey_404_to_delete_and_InvalidAccessKeyId_NotFound_404_to_use(SignatureScheme scheme)
    {
        using var run = new Run(fixture.Server, scheme);
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
        using var run = new Run(fixture.Server, scheme);
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
        using var run = new Run(fixture.Server, scheme);
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
        using var run = new Run(fixture.Server, scheme);
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
        using var run = new Run(fixture.Server, scheme);
        run.CreatePagingUsers();

        var page = run.Ims.ListUsers(null, 1, default);

        Assert.Single(page.Items);
        Assert.True(page.IsTruncated, "IsTruncated");
        Assert.False(string.IsNullOrEmpty(page.Marker), "Marker missing");
    }
}
