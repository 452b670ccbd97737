using AliyunAccessKey.Client;
using Xunit;

namespace AliyunAccessKey.Tests.Client;

public class EndpointTests
{
    [Theory]
    [InlineData("http://ims.aliyuncs.com/")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("https://admin:UrlPassw0rd@ims.aliyuncs.com/")]
    public void A_service_endpoint_is_checked_when_it_is_made_with_the_endpoint_rules(string address)
    {
        var rule = Assert.Throws<ArgumentException>(() => Endpoints.Validate(new Uri(address)));

        var made = Assert.Throws<ArgumentException>(() => new ServiceEndpoint(new Uri(address)));

        Assert.Equal(rule.Message, made.Message);
        Assert.DoesNotContain("UrlPassw0rd", made.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_endpoint_keeps_the_address_and_shows_it_without_a_path()
    {
        var endpoint = new ServiceEndpoint(new Uri("https://ims.aliyuncs.com/some/path"));

        Assert.Equal(new Uri("https://ims.aliyuncs.com/some/path"), endpoint.Uri);
        Assert.Equal("https://ims.aliyuncs.com", endpoint.ToString());
    }

    [Fact]
    public void IMS_and_STS_clients_made_for_a_checked_endpoint_send_to_it()
    {
        var handler = new FakeHandler()
            .ThenJson(System.Net.HttpStatusCode.OK, """{"RequestId":"r","DefaultDomainName":"a.onaliyun.com"}""")
            .ThenJson(System.Net.HttpStatusCode.OK, """{"RequestId":"r","IdentityType":"Account","AccountId":"1","Arn":"acs:ram::1:root"}""");
        using var core = new AcsClient(new StaticCredentialSource(AcsCredential.FromPlainText("id", "s")), new AcsClientOptions { Retry = RetryPolicy.None }, handler);
        var endpoint = new ServiceEndpoint(new Uri("https://checked.example.test/"));

        new ImsClient(core, endpoint).GetDefaultDomain(default);
        new StsClient(core, endpoint).GetCallerIdentity(default);

        Assert.All(handler.Requests, r => Assert.Equal("checked.example.test", r.RequestUri!.Host));
    }
}
