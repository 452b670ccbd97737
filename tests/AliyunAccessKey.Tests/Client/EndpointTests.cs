using System.Net;
using AliyunAccessKey.Client;
using Xunit;

namespace AliyunAccessKey.Tests.Client;

/// <summary>
/// The endpoint rules, tested here only: which endpoints the module sends to and how it shows
/// them. (That it follows no redirect is in <see cref="MalformedAnswerTests"/>.)
/// </summary>
public sealed class EndpointTests
{
    private const string Secret = "endpoint-secret-DO-NOT-LEAK";

    [Theory]
    [InlineData("http://ims.aliyuncs.com/")]
    [InlineData("http://192.0.2.1/")]
    [InlineData("http://10.0.0.1:8080/")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://127.0.0.1.nip.io/")]
    [InlineData("http://localhost.example.com/")]
    [InlineData("http://[::ffff:192.0.2.1]/")]
    [InlineData("http://100.100.100.200/")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("file:///etc/passwd")]
    public void Plain_http_to_a_non_loopback_address_is_refused_before_anything_is_sent(string address)
    {
        var ex = RefusedByImsStsAndInvoke(new Uri(address));

        Assert.Contains("https", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:1/")]
    [InlineData("http://localhost:1/")]
    [InlineData("http://[::1]:1/")]
    [InlineData("https://ims.aliyuncs.com/")]
    public void Loopback_http_and_any_https_are_accepted(string address)
    {
        using var core = Core(new FakeHandler());

        Assert.Equal(new Uri(address), new ImsClient(core, new Uri(address)).Endpoint);
    }

    [Fact]
    public void A_refused_endpoint_is_quoted_without_the_password_in_its_URL()
    {
        // Endpoints.Validate quotes GetLeftPart(UriPartial.Authority), which keeps user:password@.
        var ex = Assert.Throws<ArgumentException>(() => Endpoints.Validate(new Uri("http://admin:UrlPassw0rd@192.0.2.1/")));

        Assert.DoesNotContain("UrlPassw0rd", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://admin:UrlPassw0rd@127.0.0.1:1/", "http://***@127.0.0.1:1")]
    [InlineData("http://admin:UrlPassw0rd@localhost:1/", "http://***@localhost:1")]
    [InlineData("https://admin:UrlPassw0rd@ims.aliyuncs.com/", "https://***@ims.aliyuncs.com")]
    [InlineData("https://:UrlPassw0rd@ims.aliyuncs.com/", "https://***@ims.aliyuncs.com")]
    [InlineData("https://UrlPassw0rd@ims.aliyuncs.com/", "https://***@ims.aliyuncs.com")]
    public void An_endpoint_with_a_user_name_or_password_is_refused_even_where_it_would_connect(string address, string shown)
    {
        // Loopback http and https connect, and the URL would be shown wherever the endpoint is.
        var endpoint = new Uri(address);

        var ex = RefusedByImsStsAndInvoke(endpoint);
        var metadata = Assert.Throws<ArgumentException>(() => Endpoints.ValidateMetadata(endpoint));

        Assert.Contains("user name or password", ex.Message, StringComparison.Ordinal);
        Assert.Contains(shown, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("UrlPassw0rd", ex.Message + metadata.Message, StringComparison.Ordinal);
        Assert.Equal(shown, Endpoints.Display(endpoint));
    }

    [Theory]
    [InlineData("//admin:UrlPassw0rd@host/", "//***@host/")]
    [InlineData("ims.aliyuncs.com", "ims.aliyuncs.com")]
    public void A_relative_endpoint_is_shown_without_anything_that_looks_like_a_password(string address, string shown)
    {
        var endpoint = new Uri(address, UriKind.Relative);

        Assert.Equal(shown, Endpoints.Display(endpoint));
        Assert.Throws<ArgumentException>(() => Endpoints.Validate(endpoint));
    }

    [Theory]
    [InlineData("http://100.100.100.200/")]
    [InlineData("http://192.0.2.1:8080/")]
    [InlineData("https://metadata.example.test/")]
    public void A_metadata_endpoint_may_be_plain_http_anywhere(string address) =>
        Endpoints.ValidateMetadata(new Uri(address));

    [Theory]
    [InlineData("ftp://100.100.100.200/")]
    [InlineData("file:///etc/passwd")]
    public void A_metadata_endpoint_must_be_http_or_https(string address) =>
        Assert.Throws<ArgumentException>(() => Endpoints.ValidateMetadata(new Uri(address)));

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
            .ThenJson(HttpStatusCode.OK, """{"RequestId":"r","DefaultDomainName":"a.onaliyun.com"}""")
            .ThenJson(HttpStatusCode.OK, """{"RequestId":"r","IdentityType":"Account","AccountId":"1","Arn":"acs:ram::1:root"}""");
        using var core = Core(handler);
        var endpoint = new ServiceEndpoint(new Uri("https://checked.example.test/"));

        new ImsClient(core, endpoint).GetDefaultDomain(default);
        new StsClient(core, endpoint).GetCallerIdentity(default);

        Assert.All(handler.Requests, r => Assert.Equal("checked.example.test", r.RequestUri!.Host));
    }

    /// <summary>Asserts that the IMS and STS clients and a raw call all refuse <paramref name="endpoint"/>, and nothing is sent; returns the raw call's refusal.</summary>
    private static ArgumentException RefusedByImsStsAndInvoke(Uri endpoint)
    {
        var handler = new FakeHandler();
        using var core = Core(handler);

        Assert.Throws<ArgumentException>(() => new ImsClient(core, endpoint));
        Assert.Throws<ArgumentException>(() => new StsClient(core, endpoint));
        var ex = Assert.Throws<ArgumentException>(() => core.Invoke(endpoint, new AcsRequest(ImsClient.Version, "GetDefaultDomain"), default));

        Assert.Empty(handler.Requests);
        return ex;
    }

    private static AcsClient Core(FakeHandler handler) =>
        new(new StaticCredentialSource(AcsCredential.FromPlainText("id", Secret)), new AcsClientOptions { Retry = RetryPolicy.None }, handler);
}
