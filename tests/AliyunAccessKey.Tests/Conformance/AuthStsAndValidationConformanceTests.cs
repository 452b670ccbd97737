using System.Security.Cryptography;
using AliyunAccessKey.Client;
using Xunit;

namespace AliyunAccessKey.Tests.Conformance;

/// <summary>Conformance phases 8 to 12: wrong keys, stale timestamps and replayed nonces, STS AssumeRole, unknown names and bad input.</summary>
[Collection(ConformanceTestBase.Collection)]
public sealed class AuthStsAndValidationConformanceTests(ConformanceEmulatorFixture fixture) : ConformanceTestBase
{
    // ------------------------------------------------------------ 8. authentication errors

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Auth_a_wrong_secret_is_SignatureDoesNotMatch_400_on_IMS_and_STS(SignatureScheme scheme)
    {
        using var run = new Run(fixture.Server, scheme);

        AssertError(() => run.ImsFor(RootKeyId, RootSecret + "-wrong").GetDefaultDomain(default), 400, "SignatureDoesNotMatch");
        AssertError(() => run.StsFor(RootKeyId, RootSecret + "-wrong").GetCallerIdentity(default), 400, "SignatureDoesNotMatch");
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Auth_an_unknown_key_id_is_InvalidAccessKeyId_NotFound_404_on_IMS_and_STS(SignatureScheme scheme)
    {
        using var run = new Run(fixture.Server, scheme);
        var unknownId = $"LTAIconformance{run.Suffix}unknown";

        AssertError(() => run.ImsFor(unknownId, RootSecret).GetDefaultDomain(default), 404, "InvalidAccessKeyId.NotFound");
        AssertError(() => run.StsFor(unknownId, RootSecret).GetCallerIdentity(default), 404, "InvalidAccessKeyId.NotFound");
    }

    // ------------------------------------------------------------ 9. stale timestamp and replayed nonce

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Replay_a_timestamp_20_minutes_old_is_InvalidTimeStamp_Expired_400_and_the_clock_skew_correction_then_succeeds(SignatureScheme scheme)
    {
        using var run = new Run(fixture.Server, scheme);
        var client = run.NewClient(RootKeyId, RootSecret);
        client.UtcNow = static () => DateTime.UtcNow.AddMinutes(-20);
        var calls = new List<AcsCallInfo>();
        client.CallCompleted += calls.Add;
        var ims = new ImsClient(client, fixture.Server.BaseAddress);

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
        using var run = new Run(fixture.Server, scheme);

        // Without the Date header the client cannot correct its clock, so the service's answer is the caller's.
        var client = run.NewClient(RootKeyId, RootSecret, handler: new DropDateHeader());
        client.UtcNow = static () => DateTime.UtcNow.AddMinutes(-20);
        var ims = new ImsClient(client, fixture.Server.BaseAddress);

        AssertError(() => ims.GetDefaultDomain(default), 400, "InvalidTimeStamp.Expired");
        Assert.Equal(TimeSpan.Zero, client.ClockOffset);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Replay_a_timestamp_20_minutes_ahead_is_InvalidTimeStamp_400(SignatureScheme scheme)
    {
        using var run = new Run(fixture.Server, scheme);
        var client = run.NewClient(RootKeyId, RootSecret);
        client.UtcNow = static () => DateTime.UtcNow.AddMinutes(20);
        var calls = new List<AcsCallInfo>();
        client.CallCompleted += calls.Add;
        var ims = new ImsClient(client, fixture.Server.BaseAddress);

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
        using var run = new Run(fixture.Server, scheme);
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
        using var run = new Run(fixture.Server, scheme);
        var nonce = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var client = run.NewClient(RootKeyId, RootSecret);
        client.NewNonce = () => nonce;
        var ims = new ImsClient(client, fixture.Server.BaseAddress);

        Assert.Equal(Domain, ims.GetDefaultDomain(default));
        AssertError(() => ims.GetDefaultDomain(default), 400, "SignatureNonceUsed");
    }

    // ------------------------------------------------------------ 10. STS AssumeRole

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Sts_AssumeRole_by_the_account_is_NoPermission_403(SignatureScheme scheme)
    {
        using var run = new Run(fixture.Server, scheme);

        AssertError(() => run.Sts.AssumeRole(RoleArn, run.Name(), default), 403, "NoPermission");
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Sts_AssumeRole_of_an_unknown_role_is_EntityNotExist_Role_404(SignatureScheme scheme)
    {
        using var run = new Run(fixture.Server, scheme);
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
        using var run = new Run(fixture.Server, scheme);
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
        using var run = new Run(fixture.Server, scheme);
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
        using var run = new Run(fixture.Server, scheme);
        var (_, _, keyId, secret) = run.UserWithKey(run.Name("sts"));
        var userSts = run.StsFor(keyId, secret);

        AssertErrorFamily(() => userSts.AssumeRole(RoleArn, run.Name(), default, durationSeconds: 899), 400, "InvalidParameter");
        AssertErrorFamily(() => userSts.AssumeRole(RoleArn, run.Name(), default, durationSeconds: 43201), 400, "InvalidParameter");
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Sts_a_temporary_key_without_its_token_is_MissingSecurityToken(SignatureScheme scheme)
    {
        using var run = new Run(fixture.Server, scheme);
        var (_, _, keyId, secret) = run.UserWithKey(run.Name("sts"));
        var c = run.StsFor(keyId, secret).AssumeRole(RoleArn, run.Name(), default).Credentials;

        AssertError(() => run.StsFor(c.AccessKeyId, RevealSecret(c)).GetCallerIdentity(default), null, "MissingSecurityToken");
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Sts_DurationSeconds_900_expires_in_about_900_s_and_another_session_token_is_InvalidSecurityToken_MismatchWithAccessKey(SignatureScheme scheme)
    {
        using var run = new Run(fixture.Server, scheme);
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

    // ------------------------------------------------------------ 12. validation

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Validation_unusual_characters_in_Comments_DisplayName_and_tags_round_trip(SignatureScheme scheme)
    {
        using var run = new Run(fixture.Server, scheme);
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
        using var run = new Run(fixture.Server, scheme);

        var e = AssertError(() => run.Ims.GetUserByPrincipalName(run.Upn($"no-such-{run.Suffix}"), default), 404, "EntityNotExist.User");

        Assert.False(string.IsNullOrEmpty(e.RequestId), "error body lacks RequestId");
        Assert.False(string.IsNullOrEmpty(e.HostId), "error body lacks HostId");
        Assert.False(string.IsNullOrEmpty(e.ServiceMessage), "error body lacks Message");
        Assert.False(string.IsNullOrEmpty(e.Recommend), "error body lacks Recommend");
    }

    public static TheoryData<SignatureScheme, string> BadCreateUserCases => Cross(
        "no DisplayName",
        "a foreign domain",
        "a bad name part",
        "a DisplayName over 24 characters",
        "Comments over 128 characters");

    [Theory]
    [MemberData(nameof(BadCreateUserCases))]
    public void Validation_CreateUser_with_a_bad_field_is_400_InvalidParameter_of_that_field(SignatureScheme scheme, string bad)
    {
        using var run = new Run(fixture.Server, scheme);
        var upn = run.Upn($"conf-{run.Suffix}-long");
        var (request, families) = bad switch
        {
            // DisplayName left at its default (empty): the client sends "DisplayName=" with no value, where the
            // official SDK leaves the parameter out; the emulator treats an empty value as missing.
            "no DisplayName" => (new CreateUserRequest { UserPrincipalName = upn }, new[] { "MissingDisplayName", "InvalidParameter.DisplayName" }),
            "a foreign domain" => (new CreateUserRequest { UserPrincipalName = $"conf-{run.Suffix}@not-our-domain.example", DisplayName = "x" }, ["InvalidParameter.UserPrincipalName"]),
            "a bad name part" => (new CreateUserRequest { UserPrincipalName = run.Upn($"bad name!{run.Suffix}"), DisplayName = "x" }, ["InvalidParameter.UserPrincipalName"]),
            "a DisplayName over 24 characters" => (new CreateUserRequest { UserPrincipalName = upn, DisplayName = new string('x', 25) }, ["InvalidParameter.DisplayName"]),
            "Comments over 128 characters" => (new CreateUserRequest { UserPrincipalName = upn, DisplayName = "x", Comments = new string('c', 129) }, ["InvalidParameter.Comments"]),
            _ => throw new ArgumentOutOfRangeException(nameof(bad), bad, "no such case"),
        };

        // Should the service accept it after all, the run removes the user.
        run.Cleanup.Add(request.UserPrincipalName);

        AssertErrorFamily(() => run.Ims.CreateUser(request, default), 400, families);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Validation_MaxItems_0_and_1001_are_InvalidParameter_400(SignatureScheme scheme)
    {
        using var run = new Run(fixture.Server, scheme);

        AssertErrorFamily(() => run.Ims.ListUsers(null, 0, default), 400, "InvalidParameter");
        AssertErrorFamily(() => run.Ims.ListUsers(null, 1001, default), 400, "InvalidParameter");
    }

    // ------------------------------------------------------------ 11. not found

    public static TheoryData<SignatureScheme, string> UnknownUpnCalls => Cross("GetUser", "ListAccessKeys");

    [Theory]
    [MemberData(nameof(UnknownUpnCalls))]
    public void NotFound_a_call_about_an_unknown_UPN_is_EntityNotExist_User_404(SignatureScheme scheme, string call)
    {
        using var run = new Run(fixture.Server, scheme);
        var upn = run.Upn($"no-such-user-{run.Suffix}");
        Action act = call switch
        {
            "GetUser" => () => run.Ims.GetUserByPrincipalName(upn, default),
            "ListAccessKeys" => () => run.Ims.ListAccessKeys(upn, default),
            _ => throw new ArgumentOutOfRangeException(nameof(call), call, "no such case"),
        };

        AssertError(act, 404, "EntityNotExist.User");
    }
}
