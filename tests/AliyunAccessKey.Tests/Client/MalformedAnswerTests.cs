using System.IO.Compression;
using System.Text;
using AliyunAccessKey.Client;
using Xunit;
using Xunit.Abstractions;
using static AliyunAccessKey.Tests.Client.RawAnswers;

namespace AliyunAccessKey.Tests.Client;

/// <summary>
/// Answers that are not what the service sends, over a real loopback socket: not JSON, missing
/// fields, wrong types, too large. Each ends in a clear exception, never a crash, a hang or a
/// quoted secret. Some guard product bugs this suite found (since fixed); names say the behaviour.
/// </summary>
[Collection(MisbehaviourTestBase.Collection)]
public class MalformedAnswerTests(ITestOutputHelper output) : MisbehaviourTestBase
{
    // ------------------------------------------------------------------ answers that are not the JSON expected

    [Theory]
    [InlineData(200, "Hello, world", "text/plain")]
    [InlineData(200, "<html><body>Service Unavailable</body></html>", "text/html")]
    [InlineData(200, "<Response><DefaultDomainName>x</DefaultDomainName></Response>", "application/xml")]
    [InlineData(200, "", "application/json")]
    [InlineData(200, "   ", "application/json")]
    [InlineData(200, "null", "application/json")]
    [InlineData(200, "\"just a string\"", "application/json")]
    [InlineData(200, "{\"RequestId\":\"r\",\"DefaultDomainName\":\"x.onaliyun.com\"", "application/json")]
    [InlineData(200, "{\"RequestId\":\"r\",\"DefaultDomainName\":\"x.onaliy", "application/json")]
    [InlineData(200, "{\"RequestId\":\"r\"}{\"DefaultDomainName\":\"x\"}", "application/json")]
    [InlineData(200, "{\"RequestId\":\"r\",\"DefaultDomainName\":\"x\"]}", "application/json")]
    [InlineData(403, "<html><body>Forbidden by a proxy</body></html>", "text/html")]
    [InlineData(404, "", "")]
    [InlineData(400, "{\"RequestId\":\"r\",\"Message\":\"no code\"}", "application/json")]
    public void An_answer_that_is_not_the_JSON_expected_is_a_response_exception(int status, string body, string contentType)
    {
        using var server = new RawServer(Answer(status, body, contentType));
        using var core = Client();

        var ex = Timed(TimeSpan.FromSeconds(3), () => Assert.Throws<AliyunResponseException>(() => new ImsClient(core, server.Endpoint).GetDefaultDomain(default)), out _);

        Assert.Equal(status, ex.HttpStatus);
        Assert.Equal("GetDefaultDomain", ex.Action);
        Assert.Equal(1, server.Connections);
        if (body.Length > 8)
        {
            Assert.DoesNotContain(body, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_HTML_error_page_from_a_gateway_is_retried_for_a_safe_call_and_then_reported()
    {
        using var server = new RawServer(Answer(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"));
        using var core = Client(attempts: 3);

        var ex = Assert.Throws<AliyunResponseException>(() => new ImsClient(core, server.Endpoint).ListUsers(null, 10, default));

        Assert.Equal(502, ex.HttpStatus);
        Assert.Equal(3, server.Connections);
    }

    [Fact]
    public void JSON_under_a_wrong_content_type_is_still_read_as_JSON()
    {
        // The client does not trust Content-Type; what decides is whether the body is the JSON expected.
        using var server = new RawServer(Answer(200, """{"RequestId":"r","DefaultDomainName":"x.onaliyun.com"}""", "text/html; charset=iso-8859-1"));
        using var core = Client();

        Assert.Equal("x.onaliyun.com", new ImsClient(core, server.Endpoint).GetDefaultDomain(default));
    }

    [Fact]
    public void Bytes_that_are_not_UTF8_neither_crash_nor_hang()
    {
        var body = Encoding.ASCII.GetBytes("""{"RequestId":"r","DefaultDomainName":"x""").Concat(new byte[] { 0xFF, 0xFE, 0xC3 }).Concat(Encoding.ASCII.GetBytes("\"}")).ToArray();
        using var server = new RawServer(Answer(200, body));
        using var core = Client();

        // Bounded, and one of two definite outcomes: refused as unreadable, or read with the bad
        // bytes replaced (never dropped silently into a shorter, plausible-looking value).
        string? domain = null;
        var ex = Timed(TimeSpan.FromSeconds(3), () => Record.Exception(() => domain = new ImsClient(core, server.Endpoint).GetDefaultDomain(default)), out _);

        if (ex is null)
        {
            Assert.StartsWith("x", domain, StringComparison.Ordinal);
            Assert.Contains('\uFFFD', domain!);
        }
        else
        {
            Assert.IsType<AliyunResponseException>(ex);
        }
    }

    [Fact]
    public void JSON_nested_twelve_thousand_deep_is_refused_quickly()
    {
        // Json.Parse reads with XmlDictionaryReaderQuotas.Max (no depth limit) and its time grows
        // with the square of the depth: 8,000 levels take ~0.4 s, 100,000 levels (a 200 KB answer)
        // over a minute of CPU, after the transport timeout no longer applies.
        var body = "{\"RequestId\":\"r\",\"DefaultDomainName\":" + new string('[', 12_000) + new string(']', 12_000) + "}";
        using var server = new RawServer(Answer(200, body));
        using var core = Client();

        var ex = Timed(TimeSpan.FromMilliseconds(500), () => Record.Exception(() => new ImsClient(core, server.Endpoint).GetDefaultDomain(default)), out var elapsed);
        output.WriteLine($"12,000 levels: {elapsed.TotalMilliseconds:0} ms");

        Assert.IsType<AliyunResponseException>(ex);
    }

    [Fact]
    public void A_redirect_to_another_address_is_not_followed()
    {
        using var server = new RawServer(Answer(302, "", "text/html", "Location: http://192.0.2.1/steal"));
        using var core = Client(attempts: 3);

        var ex = Assert.Throws<AliyunResponseException>(() => new ImsClient(core, server.Endpoint).GetDefaultDomain(default));

        Assert.Equal(302, ex.HttpStatus);
        Assert.Equal(1, server.Connections);
    }

    // ------------------------------------------------------------------ missing fields, wrong types, nulls

    [Theory]
    [InlineData("GetUser", """{"RequestId":"r"}""")]
    [InlineData("GetUser", """{"RequestId":"r","User":null}""")]
    [InlineData("GetDefaultDomain", """{"RequestId":"r"}""")]
    [InlineData("GetDefaultDomain", """{"RequestId":"r","DefaultDomainName":null}""")]
    [InlineData("AssumeRole", """{"RequestId":"r","Credentials":{"AccessKeyId":"STS.x","AccessKeySecret":"s","Expiration":"2030-01-01T00:00:00Z"}}""")]
    [InlineData("AssumeRole", """{"RequestId":"r","Credentials":null}""")]
    public void A_success_without_the_fields_it_must_have_is_a_response_exception(string action, string json)
    {
        using var server = new RawServer(Answer(200, json));
        using var core = Client();
        var ims = new ImsClient(core, server.Endpoint);
        var sts = new StsClient(core, server.Endpoint);

        var ex = Assert.Throws<AliyunResponseException>(() =>
        {
            _ = action switch
            {
                "GetUser" => (object)ims.GetUserByPrincipalName("u@example.onaliyun.com", default),
                "GetDefaultDomain" => ims.GetDefaultDomain(default),
                _ => sts.AssumeRole("acs:ram::1:role/r", "s", default),
            };
        });

        Assert.Equal(200, ex.HttpStatus);
    }

    // Letters alternate with digits, so no three characters in a row occur in a stack trace by chance.
    private const string KeySecret = "Zq7Wx9Kv3Tr8Ym2Pj5Hn";

    [Theory]
    [InlineData("""{"RequestId":"r"}""")]
    [InlineData("""{"RequestId":"r","AccessKey":null}""")]
    [InlineData("""{"RequestId":"r","AccessKey":{"AccessKeyId":"LTAI5tX","Status":"Active"}}""")]
    [InlineData("""{"RequestId":"r","AccessKey":{"AccessKeyId":"LTAI5tX","AccessKeySecret":null}}""")]
    [InlineData("""{"RequestId":"r","AccessKey":"LTAI5tX"}""")]
    [InlineData("""{"AccessKey":{"AccessKeyId":"LTAI","AccessKeySecret":"Zq7Wx9Kv3Tr8Ym2Pj5Hn" """)]
    [InlineData("""{"RequestId":"r","AccessKey":{"AccessKeyId":"LTAI5tExample00000001","AccessKeySecret":"Zq7Wx\u9Kv3Tr8Ym2Pj5Hn","Status":"Active"}}""")]
    public void A_CreateAccessKey_success_without_a_readable_key_is_an_unknown_outcome_that_quotes_nothing(string json)
    {
        // The 200 says a key was made, but its secret cannot be read (a field missing, the JSON cut
        // short, or broken inside the secret itself): exactly the case ExactlyOnce reconciles. A plain
        // AliyunResponseException would leave the key behind with nobody ever seeing its secret.
        using var server = new RawServer(Answer(200, json));
        using var core = Client(attempts: 4);

        var ex = Assert.Throws<AliyunOutcomeUnknownException>(() => new ImsClient(core, server.Endpoint).CreateAccessKey("u@example.onaliyun.com", default));

        Assert.IsType<AliyunResponseException>(ex.InnerException);
        Assert.Equal(1, server.Connections);
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            var text = e.Message + "\n" + e;
            for (var i = 0; i + 3 <= KeySecret.Length; i++)
            {
                Assert.DoesNotContain(KeySecret.Substring(i, 3), text, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("'", e.Message, StringComparison.Ordinal);

            // The module's own exceptions only: not the reader's FormatException or XmlException with its quote.
            Assert.True(e is AliyunException or JsonSyntaxException, e.GetType().FullName);
        }
    }

    [Fact]
    public void Tolerated_shapes_a_number_for_a_string_a_single_object_for_a_list_and_null_fields()
    {
        const string Json = """{"RequestId":"r","IsTruncated":null,"Users":{"User":{"UserId":20000000000000001,"UserPrincipalName":"a@example.onaliyun.com","DisplayName":null,"CreateDate":12345,"Tags":null}}}""";
        using var server = new RawServer(Answer(200, Json));
        using var core = Client();

        var page = new ImsClient(core, server.Endpoint).ListUsers(null, 10, default);

        var user = Assert.Single(page.Items);
        Assert.Equal("20000000000000001", user.UserId);
        Assert.Null(user.DisplayName);
        Assert.Null(user.CreateDate);
        Assert.Empty(user.Tags);
        Assert.False(page.IsTruncated);
    }

    [Theory]
    [InlineData("""{"RequestId":"r","User":"someone"}""")]
    [InlineData("""{"RequestId":"r","User":42}""")]
    [InlineData("""{"RequestId":"r","User":[{"UserId":"1","UserPrincipalName":"a@example.onaliyun.com"}]}""")]
    public void A_user_that_is_not_an_object_is_a_response_exception_not_an_empty_user(string json)
    {
        // ReadUser maps whatever element "User" is; a string, a number or an array becomes a user
        // with an empty UserId and UserPrincipalName instead of an error.
        using var server = new RawServer(Answer(200, json));
        using var core = Client();

        Assert.Throws<AliyunResponseException>(() => new ImsClient(core, server.Endpoint).GetUserByPrincipalName("a@example.onaliyun.com", default));
    }

    [Fact]
    public void A_page_that_says_more_follow_but_has_no_marker_is_a_response_exception()
    {
        // ListUsers returns IsTruncated=true with a null Marker; Get-AliyunRamUser then stops after
        // this page and presents a partial list as the whole account.
        using var server = new RawServer(Answer(200, """{"RequestId":"r","IsTruncated":true,"Users":{"User":[{"UserId":"1","UserPrincipalName":"a@example.onaliyun.com"}]}}"""));
        using var core = Client();

        Assert.Throws<AliyunResponseException>(() => new ImsClient(core, server.Endpoint).ListUsers(null, 1, default));
    }

    [Theory]
    [InlineData("UpdateAccessKey")]
    [InlineData("DeleteAccessKey")]
    [InlineData("DeleteUser")]
    [InlineData("GetUser")]
    public void A_200_whose_body_is_an_error_is_a_service_exception(string action)
    {
        // A gateway or an older API version may answer 200 with an error body. For actions whose
        // answer is only {RequestId}, the client now reports success: a key "disabled" stays active.
        using var server = new RawServer(Answer(200, """{"RequestId":"r-200-error","HostId":"ims.aliyuncs.com","Code":"InternalError","Message":"The request processing has failed due to some unknown error."}"""));
        using var core = Client();
        var ims = new ImsClient(core, server.Endpoint);

        var ex = Assert.Throws<AliyunServiceException>(() =>
        {
            switch (action)
            {
                case "UpdateAccessKey":
                    ims.UpdateAccessKey("LTAI5tX", "Inactive", "u@example.onaliyun.com", default);
                    break;
                case "DeleteAccessKey":
                    ims.DeleteAccessKey("LTAI5tX", "u@example.onaliyun.com", default);
                    break;
                case "DeleteUser":
                    ims.DeleteUser("u@example.onaliyun.com", null, default);
                    break;
                default:
                    ims.GetUserByPrincipalName("u@example.onaliyun.com", default);
                    break;
            }
        });

        Assert.Equal("InternalError", ex.Code);
        Assert.Equal("r-200-error", ex.RequestId);
    }

    // ------------------------------------------------------------------ size

    [Fact]
    public void An_answer_of_50_MB_is_refused_rather_than_buffered_whole()
    {
        // IMS answers are kilobytes (a full ListUsers page is about 1 MB). The client buffers any
        // answer whole (HttpClient's limit is 2 GB) and parses it into strings and an XElement tree.
        var filler = new string('a', 50 * 1024 * 1024);
        var body = Encoding.ASCII.GetBytes("{\"RequestId\":\"r\",\"DefaultDomainName\":\"" + filler + "\"}");
        using var server = new RawServer(Answer(200, body));
        using var core = Client(TimeSpan.FromSeconds(10));

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var ex = Timed(TimeSpan.FromSeconds(15), () => Record.Exception(() => new ImsClient(core, server.Endpoint).GetDefaultDomain(default)), out var elapsed);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"50 MB answer: {elapsed.TotalMilliseconds:0} ms, {allocated / (1024 * 1024)} MB allocated, outcome {ex?.GetType().Name ?? "accepted"}");

        Assert.IsType<AliyunResponseException>(ex);
    }

    [Fact]
    public void A_gzip_answer_that_inflates_a_thousandfold_is_refused()
    {
        // AutomaticDecompression is on and nothing bounds the inflated size: ~50 KB on the wire
        // become 50 MB in memory.
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(Encoding.ASCII.GetBytes("{\"RequestId\":\"r\",\"DefaultDomainName\":\""));
            var zeros = Encoding.ASCII.GetBytes(new string('0', 1024 * 1024));
            for (var i = 0; i < 50; i++)
            {
                gzip.Write(zeros);
            }

            gzip.Write(Encoding.ASCII.GetBytes("\"}"));
        }

        var wire = packed.ToArray();
        using var server = new RawServer(Answer(200, wire, "application/json", "Content-Encoding: gzip"));
        using var core = Client(TimeSpan.FromSeconds(10));

        var ex = Timed(TimeSpan.FromSeconds(15), () => Record.Exception(() => new ImsClient(core, server.Endpoint).GetDefaultDomain(default)), out var elapsed);
        output.WriteLine($"gzip answer of {wire.Length / 1024} KB: {elapsed.TotalMilliseconds:0} ms, outcome {ex?.GetType().Name ?? "accepted"}");

        Assert.IsType<AliyunResponseException>(ex);
    }

    [Fact]
    public void Response_headers_of_a_megabyte_fail_the_call_without_hanging()
    {
        var huge = "X-Filler: " + new string('h', 1024 * 1024);
        using var server = new RawServer(Answer(200, """{"RequestId":"r","DefaultDomainName":"x"}""", "application/json", huge));
        using var core = Client(TimeSpan.FromSeconds(2));

        var ex = Timed(TimeSpan.FromSeconds(5), () => Assert.ThrowsAny<AliyunException>(() => new ImsClient(core, server.Endpoint).GetDefaultDomain(default)), out _);

        Assert.IsType<AliyunTransportException>(ex);
    }
}
