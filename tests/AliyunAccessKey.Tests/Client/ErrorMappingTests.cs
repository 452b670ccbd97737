using System.Net;
using AliyunAccessKey.Client;
using Xunit;

namespace AliyunAccessKey.Tests.Client;

public class ErrorMappingTests
{
    [Fact]
    public void Service_error_carries_code_message_request_id_host_recommend_and_status()
    {
        var handler = new FakeHandler().ThenJson(HttpStatusCode.NotFound, """
            {"RequestId":"04F0F334-1335-436C-A1D7-6C044FE73368","HostId":"ims.aliyuncs.com","Code":"EntityNotExist.User","Message":"The user does not exist.","Recommend":"https://api.aliyun.com/troubleshoot?q=EntityNotExist.User"}
            """);
        using var c = new TestClients(handler);

        var ex = Assert.Throws<AliyunServiceException>(() => c.Ims.GetUserByPrincipalName("ghost@example.onaliyun.com", default));

        Assert.Equal("EntityNotExist.User", ex.Code);
        Assert.Equal("The user does not exist.", ex.ServiceMessage);
        Assert.Equal("04F0F334-1335-436C-A1D7-6C044FE73368", ex.RequestId);
        Assert.Equal("ims.aliyuncs.com", ex.HostId);
        Assert.Equal("https://api.aliyun.com/troubleshoot?q=EntityNotExist.User", ex.Recommend);
        Assert.Equal(404, ex.HttpStatus);
        Assert.Equal("GetUser", ex.Action);
        Assert.Contains("EntityNotExist.User", ex.Message, StringComparison.Ordinal);
        Assert.Contains("04F0F334-1335-436C-A1D7-6C044FE73368", ex.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData("EntityNotExist.User.AccessKey", "EntityNotExist", true)]
    [InlineData("EntityNotExist.User.AccessKey", "EntityNotExist.User", true)]
    [InlineData("EntityNotExist.User.AccessKey", "EntityNotExist.User.AccessKey", true)]
    [InlineData("EntityNotExist.UserX", "EntityNotExist.User", false)]
    [InlineData("EntityNotExist", "EntityNotExist.User", false)]
    public void IsCode_matches_dotted_families(string code, string family, bool expected)
    {
        var ex = new AliyunServiceException("A", 404, code, null, null, null, null);

        Assert.Equal(expected, ex.IsCode(family));
    }

    [Fact]
    public void Request_id_falls_back_to_the_response_header()
    {
        var handler = new FakeHandler().ThenJson(HttpStatusCode.BadRequest, """{"Code":"InvalidParameter.UserPrincipalName.Format","Message":"bad"}""", r => r.Headers.Add("x-acs-request-id", "hdr-id"));
        using var c = new TestClients(handler);

        var ex = Assert.Throws<AliyunServiceException>(() => c.Ims.GetUserByPrincipalName("x", default));

        Assert.Equal("hdr-id", ex.RequestId);
    }

    [Fact]
    public void A_non_JSON_error_is_a_response_exception_with_the_status()
    {
        var handler = new FakeHandler().Then(_ => new HttpResponseMessage(HttpStatusCode.Forbidden) { Content = new StringContent("<html>denied</html>") });
        using var c = new TestClients(handler);

        var ex = Assert.Throws<AliyunResponseException>(() => c.Ims.GetDefaultDomain(default));

        Assert.Equal(403, ex.HttpStatus);
        Assert.Equal("GetDefaultDomain", ex.Action);
    }

    [Fact]
    public void A_success_without_the_expected_fields_is_a_response_exception()
    {
        using var c = new TestClients(new FakeHandler().ThenJson(HttpStatusCode.OK, """{"RequestId":"r"}"""));

        var ex = Assert.Throws<AliyunResponseException>(() => c.Ims.GetUserById("1", default));

        Assert.Contains("User", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_message_of_any_failure_contains_the_callers_secret()
    {
        var handler = new FakeHandler()
            .ThenError(HttpStatusCode.BadRequest, "SignatureDoesNotMatch", "The request signature does not conform to Aliyun standards. server string to sign is:ACS3-HMAC-SHA256\\nabc")
            .ThenThrow(new HttpRequestException("boom", new IOException("reset")))
            .ThenThrow(new HttpRequestException("boom", new IOException("reset")))
            .ThenThrow(new HttpRequestException("boom", new IOException("reset")))
            .ThenThrow(new HttpRequestException("boom", new IOException("reset")));
        using var c = new TestClients(handler);

        var errors = new List<Exception>
        {
            Assert.Throws<AliyunServiceException>(() => c.Ims.ListAccessKeys(null, default)),
            Assert.Throws<AliyunTransportException>(() => c.Ims.ListAccessKeys(null, default)),
        };

        foreach (var ex in errors)
        {
            Assert.DoesNotContain(TestClients.Secret, ex.ToString(), StringComparison.Ordinal);
        }

        Assert.All(c.Calls, call => Assert.DoesNotContain(TestClients.Secret, call.ToString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(200, """{"RequestId":"r","DefaultDomainName":"d"}""", null, null)]
    [InlineData(200, """{"RequestId":"r","Code":"InvalidAccessKeyId.Inactive"}""", "InvalidAccessKeyId.Inactive", null)]
    [InlineData(200, """{"RequestId":"r","Code":""}""", null, null)]
    [InlineData(200, "<html>ok</html>", null, "is not the JSON expected")]
    [InlineData(404, """{"Code":"EntityNotExist.User"}""", "EntityNotExist.User", null)]
    [InlineData(500, "<html>oops</html>", null, "an answer that is not JSON")]
    [InlineData(502, """{"RequestId":"r"}""", null, "no error code")]
    public void The_response_reader_returns_a_success_or_throws_what_the_answer_stands_for(int status, string body, string? code, string? problem)
    {
        var response = new TransportResponse(status, System.Text.Encoding.UTF8.GetBytes(body), "hdr", null, null);

        if (code is null && problem is null)
        {
            Assert.Equal("r", ResponseReader.Read("A", response).Str("RequestId"));
            return;
        }

        var ex = Assert.ThrowsAny<AliyunException>(() => ResponseReader.Read("A", response));
        if (code is not null)
        {
            var service = Assert.IsType<AliyunServiceException>(ex);
            Assert.Equal((code, status), (service.Code, service.HttpStatus));
        }
        else
        {
            Assert.IsType<AliyunResponseException>(ex);
            Assert.Contains(problem!, ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("html", ex.Message, StringComparison.Ordinal);
        }
    }
}
