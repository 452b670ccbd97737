using AliyunAccessKey.Client;
using AliyunAccessKey.Emulator;
using Xunit;

namespace AliyunAccessKey.Tests.Conformance;

/// <summary>Conformance phases 3, 4, 5 and 7: creating, using, disabling and deleting AccessKeys.</summary>
[Collection(ConformanceTestBase.Collection)]
public sealed class AccessKeyConformanceTests : ConformanceTestBase
{
    private readonly EmulatorServer _emu;

    public AccessKeyConformanceTests(ConformanceEmulatorFixture fixture) => _emu = fixture.Server;

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
}
