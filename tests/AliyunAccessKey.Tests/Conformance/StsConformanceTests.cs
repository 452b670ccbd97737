using AliyunAccessKey.Client;
using AliyunAccessKey.Emulator;
using Xunit;

namespace AliyunAccessKey.Tests.Conformance;

/// <summary>Conformance phase 10: STS AssumeRole and its temporary credentials.</summary>
[Collection(ConformanceTestBase.Collection)]
public sealed class StsConformanceTests : ConformanceTestBase
{
    private readonly EmulatorServer _emu;

    public StsConformanceTests(ConformanceEmulatorFixture fixture) => _emu = fixture.Server;

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
}
