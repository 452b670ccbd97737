using System.Net;
using System.Text.Json;
using AliyunAccessKey.Client;
using Xunit;

namespace AliyunAccessKey.Tests.Client;

public class LoginProfileClientTests
{
    // Characters that percent-encode, so the encoded forms differ from the plain one.
    private const string Password = "S3cret Pass/w0rd&=+!";

    private static string Once(string text) => Uri.EscapeDataString(text).Replace("!", "%21", StringComparison.Ordinal);

    [Theory]
    [InlineData(SignatureScheme.Acs3HmacSha256)]
    [InlineData(SignatureScheme.RpcHmacSha1)]
    public void The_password_is_sent_but_scrubbed_from_an_error_that_quotes_the_request(SignatureScheme scheme)
    {
        // SignatureDoesNotMatch quotes the server's string to sign, which holds every parameter
        // percent-encoded twice; other answers may quote a value as sent or encoded once.
        var quoted = $"server string to sign is: POST&%2F&Password%3D{Once(Once(Password))}; once {Once(Password)}; plain {Password}";
        var handler = new FakeHandler().ThenJson(HttpStatusCode.BadRequest, JsonSerializer.Serialize(new { RequestId = "r1", Code = "SignatureDoesNotMatch", Message = quoted, Recommend = "https://x/?p=" + Once(Password) }));
        using var c = new TestClients(handler, scheme: scheme);

        var ex = Assert.Throws<AliyunServiceException>(() => c.Ims.CreateLoginProfile("alice@example.onaliyun.com", SecureStrings.Secure(Password), true, null, null, default));

        var sent = handler.Requests.Single().RequestUri!.Query;
        Assert.Contains("Password=" + Once(Password), sent, StringComparison.Ordinal);
        foreach (var text in new[] { ex.Message, ex.ServiceMessage!, ex.Recommend!, ex.ToString(), string.Join("\n", c.Calls.Select(i => i.ToString())) })
        {
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Once(Password), text, StringComparison.Ordinal);
            Assert.DoesNotContain(Once(Once(Password)), text, StringComparison.Ordinal);
        }

        Assert.Contains("***", ex.ServiceMessage, StringComparison.Ordinal);
        Assert.Equal("SignatureDoesNotMatch", ex.Code);
    }

    [Fact]
    public void A_scrubbed_failure_is_still_retried_and_a_request_without_a_secret_is_left_alone()
    {
        var handler = new FakeHandler()
            .ThenError(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", Password)
            .ThenJson(HttpStatusCode.OK, """{"RequestId":"r","LoginProfile":{"UserPrincipalName":"a@example.onaliyun.com","Status":"Inactive","PasswordResetRequired":false,"MFABindRequired":true,"UpdateDate":"2020-10-14T07:48:41Z","AutoDisableLoginStatus":"true"}}""");
        using var c = new TestClients(handler);
        var p = c.Ims.UpdateLoginProfile("a@example.onaliyun.com", SecureStrings.Secure(Password), null, true, false, default);
        Assert.Equal(("Inactive", true), (p.Status, p.MfaBindRequired));
        Assert.Equal(2, handler.Requests.Count);
        Assert.Contains("Status=Inactive", handler.Requests[0].RequestUri!.Query, StringComparison.Ordinal);
        Assert.Contains("MFABindRequired=true", handler.Requests[0].RequestUri!.Query, StringComparison.Ordinal);

        // Only a request with a secret is scrubbed: any other error message is the service's own.
        using var plain = new TestClients(new FakeHandler().ThenError(HttpStatusCode.NotFound, "EntityNotExist.User", "no user abc"));
        Assert.Contains("no user abc", Assert.Throws<AliyunServiceException>(() => plain.Ims.DeleteLoginProfile("abc@example.onaliyun.com", default)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("code")]
    [InlineData("empty")]
    [InlineData("emptyObject")]
    public void No_login_profile_reads_as_null_whichever_way_the_service_says_it(string how)
    {
        var handler = new FakeHandler();
        _ = how switch
        {
            "code" => handler.ThenError(HttpStatusCode.NotFound, ImsClient.NoLoginProfileCode),
            "empty" => handler.ThenJson(HttpStatusCode.OK, """{"RequestId":"r"}"""),
            _ => handler.ThenJson(HttpStatusCode.OK, """{"RequestId":"r","LoginProfile":{}}"""),
        };
        using var c = new TestClients(handler);
        Assert.Null(c.Ims.GetLoginProfile("a@example.onaliyun.com", default));
    }

    [Fact]
    public void Another_error_of_GetLoginProfile_is_not_taken_for_none()
    {
        using var c = new TestClients(new FakeHandler().ThenError(HttpStatusCode.NotFound, "EntityNotExist.User"));
        Assert.Equal("EntityNotExist.User", Assert.Throws<AliyunServiceException>(() => c.Ims.GetLoginProfile("a@example.onaliyun.com", default)).Code);
    }

    [Theory]
    [InlineData("code")]
    [InlineData("disabled")]
    [InlineData("noSerial")]
    public void No_MFA_device_reads_as_null_whichever_way_the_service_says_it(string how)
    {
        var handler = new FakeHandler();
        _ = how switch
        {
            "code" => handler.ThenError(HttpStatusCode.NotFound, ImsClient.NoMfaDeviceCode),
            "disabled" => handler.ThenJson(HttpStatusCode.OK, """{"RequestId":"r","IsMFAEnable":false}"""),
            _ => handler.ThenJson(HttpStatusCode.OK, """{"RequestId":"r","IsMFAEnable":false,"MFADevice":{"SerialNumber":""}}"""),
        };
        using var c = new TestClients(handler);
        Assert.Null(c.Ims.GetUserMFAInfo("a@example.onaliyun.com", default));
    }

    [Fact]
    public void A_bound_device_is_read()
    {
        using var c = new TestClients(new FakeHandler().ThenJson(HttpStatusCode.OK, """{"RequestId":"r","IsMFAEnable":true,"MFADevice":{"SerialNumber":"acs:ram::1:mfa/a","Type":"VMFA"}}"""));
        var device = c.Ims.GetUserMFAInfo("a@example.onaliyun.com", default)!;
        Assert.Equal(("acs:ram::1:mfa/a", "VMFA", "a@example.onaliyun.com"), (device.SerialNumber, device.Type, device.UserPrincipalName));
    }
}
