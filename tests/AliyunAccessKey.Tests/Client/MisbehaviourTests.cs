using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AliyunAccessKey.Client;
using Xunit;
using Xunit.Abstractions;

namespace AliyunAccessKey.Tests.Client;

/// <summary>
/// Transport and server misbehaviour, mostly over a real loopback socket that answers byte by
/// byte as each test says: every case ends in a clear exception type (AliyunResponseException,
/// AliyunTransportException, AliyunServiceException, or AliyunOutcomeUnknownException for calls
/// that must not be repeated), never in a crash or a hang, and within the configured timeout.
/// Tests named "Regression_" guard product bugs this suite found (since fixed).
/// </summary>
public sealed class MisbehaviourTests(ITestOutputHelper output)
{
    private const string Secret = "misbehaviour-secret-DO-NOT-LEAK";

    // Timeout tests use the short one; the rest allow for a slow CI machine.
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan RoomyTimeout = TimeSpan.FromSeconds(3);

    // ------------------------------------------------------------------ the loopback server

    /// <summary>
    /// A TcpListener on 127.0.0.1 that reads each request's head and then runs the test's
    /// behaviour on the raw stream; the connection closes when the behaviour returns.
    /// </summary>
    private sealed class RawServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly List<string> _heads = [];
        private int _connections;

        public RawServer(Func<Stream, CancellationToken, Task> behave)
        {
            _listener.Start();
            Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    TcpClient client;
                    try
                    {
                        client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    }
                    catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                    {
                        return;
                    }

                    Interlocked.Increment(ref _connections);
                    _ = Task.Run(async () =>
                    {
                        using (client)
                        {
                            try
                            {
                                var stream = client.GetStream();
                                var head = await ReadHead(stream, _stop.Token);
                                lock (_heads)
                                {
                                    _heads.Add(head);
                                }

                                await behave(stream, _stop.Token);
                            }
                            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                            {
                                // The client gave up or the test ended: nothing to answer.
                            }
                        }
                    });
                }
            });
        }

        public Uri Endpoint { get; }

        public int Connections => Volatile.Read(ref _connections);

        public IReadOnlyList<string> Heads
        {
            get
            {
                lock (_heads)
                {
                    return [.. _heads];
                }
            }
        }

        private static async Task<string> ReadHead(Stream stream, CancellationToken ct)
        {
            // Requests carry no body (Content-Length: 0), so the head is all there is to read.
            var head = new StringBuilder();
            var buffer = new byte[8192];
            while (head.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal) < 0)
            {
                var n = await stream.ReadAsync(buffer, ct);
                if (n == 0)
                {
                    break;
                }

                head.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }

            return head.ToString();
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }

    private static byte[] Head(int status, long? contentLength, string contentType = "application/json", params string[] extra)
    {
        var text = new StringBuilder($"HTTP/1.1 {status} Status\r\nConnection: close\r\n");
        if (contentType.Length > 0)
        {
            text.Append("Content-Type: ").Append(contentType).Append("\r\n");
        }

        if (contentLength is long n)
        {
            text.Append("Content-Length: ").Append(n).Append("\r\n");
        }

        foreach (var h in extra)
        {
            text.Append(h).Append("\r\n");
        }

        return Encoding.ASCII.GetBytes(text.Append("\r\n").ToString());
    }

    private static Func<Stream, CancellationToken, Task> Answer(int status, string body, string contentType = "application/json", params string[] extra) =>
        Answer(status, Encoding.UTF8.GetBytes(body), contentType, extra);

    private static Func<Stream, CancellationToken, Task> Answer(int status, byte[] body, string contentType = "application/json", params string[] extra) =>
        async (stream, ct) =>
        {
            await stream.WriteAsync(Head(status, body.Length, contentType, extra), ct);
            await stream.WriteAsync(body, ct);
            await stream.FlushAsync(ct);
        };

    private static Func<Stream, CancellationToken, Task> Hang => static (_, ct) => Task.Delay(Timeout.Infinite, ct);

    private static AcsClient Client(TimeSpan? timeout = null, int attempts = 1, string accessKeyId = "LTAI5tMisbehaviour", string? token = null)
    {
        var client = new AcsClient(
            new StaticCredentialSource(AcsCredential.FromPlainText(accessKeyId, Secret, token)),
            new AcsClientOptions { Timeout = timeout ?? RoomyTimeout, Retry = new RetryPolicy(1) { MaxAttempts = attempts } });
        client.Sleep = static (_, _) => { };
        return client;
    }

    private static T Timed<T>(TimeSpan limit, Func<T> call, out TimeSpan elapsed)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            return call();
        }
        finally
        {
            elapsed = watch.Elapsed;
            Assert.True(elapsed < limit, $"the call took {elapsed.TotalMilliseconds:0} ms; it must end within {limit.TotalMilliseconds:0} ms");
        }
    }

    private static void NoSecretIn(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain(Secret, e.ToString(), StringComparison.Ordinal);
        }
    }

    // ------------------------------------------------------------------ endpoints

    [Theory]
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
        var handler = new FakeHandler();
        using var core = new AcsClient(new StaticCredentialSource(AcsCredential.FromPlainText("id", Secret)), new AcsClientOptions { Retry = RetryPolicy.None }, handler);
        var endpoint = new Uri(address);

        Assert.Throws<ArgumentException>(() => new ImsClient(core, endpoint));
        Assert.Throws<ArgumentException>(() => new StsClient(core, endpoint));
        var ex = Assert.Throws<ArgumentException>(() => core.Invoke(endpoint, new AcsRequest(ImsClient.Version, "GetDefaultDomain"), default));

        Assert.Empty(handler.Requests);
        Assert.Contains("https", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:1/")]
    [InlineData("http://localhost:1/")]
    [InlineData("http://[::1]:1/")]
    [InlineData("https://ims.aliyuncs.com/")]
    public void Loopback_http_and_any_https_are_accepted(string address)
    {
        using var core = Client();

        Assert.Equal(new Uri(address), new ImsClient(core, new Uri(address)).Endpoint);
    }

    [Fact]
    public void Regression_a_refused_endpoint_is_quoted_without_the_password_in_its_URL()
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
        var handler = new FakeHandler();
        using var core = new AcsClient(new StaticCredentialSource(AcsCredential.FromPlainText("id", Secret)), new AcsClientOptions { Retry = RetryPolicy.None }, handler);
        var endpoint = new Uri(address);

        Assert.Throws<ArgumentException>(() => new ImsClient(core, endpoint));
        Assert.Throws<ArgumentException>(() => new StsClient(core, endpoint));
        var ex = Assert.Throws<ArgumentException>(() => core.Invoke(endpoint, new AcsRequest(ImsClient.Version, "GetDefaultDomain"), default));
        var metadata = Assert.Throws<ArgumentException>(() => Endpoints.ValidateMetadata(endpoint));

        Assert.Empty(handler.Requests);
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

    [Fact]
    public void A_redirect_to_another_address_is_not_followed()
    {
        using var server = new RawServer(Answer(302, "", "text/html", "Location: http://192.0.2.1/steal"));
        using var core = Client(attempts: 3);

        var ex = Assert.Throws<AliyunResponseException>(() => new ImsClient(core, server.Endpoint).GetDefaultDomain(default));

        Assert.Equal(302, ex.HttpStatus);
        Assert.Equal(1, server.Connections);
    }

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
    public void An_unreadable_answer_to_CreateAccessKey_is_an_unknown_outcome_and_is_not_repeated()
    {
        using var server = new RawServer(Answer(502, "<html>Bad Gateway</html>", "text/html"));
        using var core = Client(attempts: 4);

        var ex = Assert.Throws<AliyunOutcomeUnknownException>(() => new ImsClient(core, server.Endpoint).CreateAccessKey("u@example.onaliyun.com", default));

        Assert.IsType<AliyunResponseException>(ex.InnerException);
        Assert.Equal(1, server.Connections);
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

        var ex = Record.Exception(() => new ImsClient(core, server.Endpoint).GetDefaultDomain(default));

        Assert.True(ex is null or AliyunResponseException, $"got {ex?.GetType().Name}: {ex?.Message}");
    }

    [Fact]
    public void Regression_JSON_nested_twelve_thousand_deep_is_refused_quickly()
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

    [Theory]
    [InlineData("""{"RequestId":"r"}""")]
    [InlineData("""{"RequestId":"r","AccessKey":null}""")]
    [InlineData("""{"RequestId":"r","AccessKey":{"AccessKeyId":"LTAI5tX","Status":"Active"}}""")]
    [InlineData("""{"RequestId":"r","AccessKey":{"AccessKeyId":"LTAI5tX","AccessKeySecret":null}}""")]
    [InlineData("""{"RequestId":"r","AccessKey":"LTAI5tX"}""")]
    public void Regression_a_CreateAccessKey_success_without_the_key_is_an_unknown_outcome(string json)
    {
        // The 200 says a key was made, but its secret cannot be read: exactly the case ExactlyOnce
        // reconciles. ImsClient.CreateAccessKey throws a plain AliyunResponseException for a
        // missing field (only unparseable JSON becomes an unknown outcome), so the key is left
        // behind and nobody will ever see its secret.
        using var server = new RawServer(Answer(200, json));
        using var core = Client(attempts: 4);

        var ex = Assert.Throws<AliyunOutcomeUnknownException>(() => new ImsClient(core, server.Endpoint).CreateAccessKey("u@example.onaliyun.com", default));

        Assert.IsType<AliyunResponseException>(ex.InnerException);
        Assert.Equal(1, server.Connections);
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
    public void Regression_a_user_that_is_not_an_object_is_a_response_exception_not_an_empty_user(string json)
    {
        // ReadUser maps whatever element "User" is; a string, a number or an array becomes a user
        // with an empty UserId and UserPrincipalName instead of an error.
        using var server = new RawServer(Answer(200, json));
        using var core = Client();

        Assert.Throws<AliyunResponseException>(() => new ImsClient(core, server.Endpoint).GetUserByPrincipalName("a@example.onaliyun.com", default));
    }

    [Fact]
    public void Regression_a_page_that_says_more_follow_but_has_no_marker_is_a_response_exception()
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
    public void Regression_a_200_whose_body_is_an_error_is_a_service_exception(string action)
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
    public void Regression_an_answer_of_50_MB_is_refused_rather_than_buffered_whole()
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
    public void Regression_a_gzip_answer_that_inflates_a_thousandfold_is_refused()
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

    // ------------------------------------------------------------------ connections that misbehave

    [Fact]
    public void A_server_that_accepts_and_never_answers_times_out_within_the_timeout()
    {
        using var server = new RawServer(Hang);
        using var core = Client(ShortTimeout);

        var ex = Timed(TimeSpan.FromSeconds(2), () => Assert.Throws<AliyunTransportException>(() => new ImsClient(core, server.Endpoint).GetDefaultDomain(default)), out var elapsed);

        Assert.True(ex.IsTimeout);
        Assert.True(ex.RequestMayHaveBeenSent);
        Assert.True(elapsed >= ShortTimeout - TimeSpan.FromMilliseconds(50), $"gave up after {elapsed.TotalMilliseconds:0} ms, before the timeout");
        NoSecretIn(ex);
    }

    [Fact]
    public void A_CreateAccessKey_that_times_out_is_an_unknown_outcome_and_is_not_repeated()
    {
        using var server = new RawServer(Hang);
        using var core = Client(ShortTimeout, attempts: 4);

        var ex = Timed(TimeSpan.FromSeconds(2), () => Assert.Throws<AliyunOutcomeUnknownException>(() => new ImsClient(core, server.Endpoint).CreateAccessKey(null, default)), out _);

        Assert.True(Assert.IsType<AliyunTransportException>(ex.InnerException).IsTimeout);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public void A_safe_call_that_times_out_is_retried_and_every_attempt_keeps_the_timeout()
    {
        using var server = new RawServer(Hang);
        using var core = Client(ShortTimeout, attempts: 3);

        Timed(TimeSpan.FromSeconds(4), () => Assert.Throws<AliyunTransportException>(() => new ImsClient(core, server.Endpoint).ListUsers(null, 10, default)), out _);

        Assert.Equal(3, server.Connections);
    }

    [Fact]
    public void Cancellation_stops_a_call_that_waits_for_an_answer()
    {
        using var server = new RawServer(Hang);
        using var core = Client(TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Timed(TimeSpan.FromSeconds(2), () => Assert.ThrowsAny<OperationCanceledException>(() => new ImsClient(core, server.Endpoint).GetDefaultDomain(cts.Token)), out _);
    }

    [Fact]
    public void A_connection_closed_after_the_request_without_an_answer_is_a_transport_exception()
    {
        using var server = new RawServer(static (_, _) => Task.CompletedTask);
        using var core = Client(attempts: 3);

        var ex = Assert.Throws<AliyunTransportException>(() => new ImsClient(core, server.Endpoint).GetDefaultDomain(default));

        Assert.False(ex.IsTimeout);
        Assert.True(ex.RequestMayHaveBeenSent);
        Assert.Equal(3, server.Connections);
    }

    [Fact]
    public void A_connection_closed_in_the_middle_of_the_body_is_a_transport_exception()
    {
        using var server = new RawServer(async (stream, ct) =>
        {
            await stream.WriteAsync(Head(200, 1000), ct);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("""{"RequestId":"r","AccessKey":{"AccessKeyId":"LTAI5tX","AccessKeySecret":"half-a-sec"""), ct);
            await stream.FlushAsync(ct);
        });
        using var core = Client();

        var ex = Assert.Throws<AliyunTransportException>(() => new ImsClient(core, server.Endpoint).GetDefaultDomain(default));

        Assert.False(ex.IsTimeout);
        Assert.True(ex.RequestMayHaveBeenSent);
        Assert.DoesNotContain("half-a-sec", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_CreateAccessKey_whose_answer_is_cut_off_is_an_unknown_outcome_that_never_quotes_the_secret()
    {
        using var server = new RawServer(async (stream, ct) =>
        {
            await stream.WriteAsync(Head(200, 1000), ct);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("""{"RequestId":"r","AccessKey":{"AccessKeyId":"LTAI5tX","AccessKeySecret":"cut-off-secret-value"""), ct);
            await stream.FlushAsync(ct);
        });
        using var core = Client(attempts: 4);

        var ex = Assert.Throws<AliyunOutcomeUnknownException>(() => new ImsClient(core, server.Endpoint).CreateAccessKey("u@example.onaliyun.com", default));

        Assert.Equal(1, server.Connections);
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain("cut-off-secret-value", e.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Regression_a_body_trickled_a_byte_at_a_time_past_the_timeout_fails_within_the_timeout()
    {
        // Headers trickled the same way time out on time (the test below); a trickled body is read
        // by the synchronous HttpClient.Send, which notices the cancelled token seconds late
        // (measured: 300 ms timeout -> ~2.3 s, 1 s -> ~3 s, 3 s -> ~5 s).
        using var server = new RawServer(async (stream, ct) =>
        {
            var body = Encoding.ASCII.GetBytes("""{"RequestId":"r","DefaultDomainName":"slow.onaliyun.com"}""");
            await stream.WriteAsync(Head(200, body.Length), ct);
            foreach (var b in body)
            {
                await stream.WriteAsync(new[] { b }, ct);
                await stream.FlushAsync(ct);
                await Task.Delay(50, ct);
            }
        });
        using var core = Client(ShortTimeout);

        var ex = Timed(TimeSpan.FromSeconds(1), () => Assert.Throws<AliyunTransportException>(() => new ImsClient(core, server.Endpoint).GetDefaultDomain(default)), out _);

        Assert.True(ex.IsTimeout);
    }

    [Fact]
    public void Headers_trickled_a_byte_at_a_time_past_the_timeout_fail_within_the_timeout()
    {
        using var server = new RawServer(async (stream, ct) =>
        {
            foreach (var b in Head(200, 2))
            {
                await stream.WriteAsync(new[] { b }, ct);
                await stream.FlushAsync(ct);
                await Task.Delay(40, ct);
            }
        });
        using var core = Client(ShortTimeout);

        var ex = Timed(TimeSpan.FromSeconds(2), () => Assert.Throws<AliyunTransportException>(() => new ImsClient(core, server.Endpoint).GetDefaultDomain(default)), out _);

        Assert.True(ex.IsTimeout);
    }

    [Fact]
    public void Regression_a_chunked_body_that_never_ends_fails_within_the_timeout()
    {
        // As above: the body is read past the timeout until the late cancellation lands.
        using var server = new RawServer(async (stream, ct) =>
        {
            await stream.WriteAsync(Head(200, null, "application/json", "Transfer-Encoding: chunked"), ct);
            await stream.WriteAsync("1\r\n{\r\n"u8.ToArray(), ct);
            while (!ct.IsCancellationRequested)
            {
                await stream.WriteAsync("1\r\n \r\n"u8.ToArray(), ct);
                await stream.FlushAsync(ct);
                await Task.Delay(20, ct);
            }
        });
        using var core = Client(ShortTimeout);

        var ex = Timed(TimeSpan.FromSeconds(1), () => Assert.Throws<AliyunTransportException>(() => new ImsClient(core, server.Endpoint).GetDefaultDomain(default)), out _);

        Assert.True(ex.IsTimeout);
    }

    [Theory]
    [InlineData("SSH-2.0-OpenSSH_9.6\r\n")]
    [InlineData("HTTP/1.1 banana\r\n\r\n")]
    [InlineData("\0\0\0\0\0\0\0\0")]
    public void An_answer_that_is_not_HTTP_is_a_transport_exception(string garbage)
    {
        using var server = new RawServer(async (stream, ct) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(garbage), ct);
            await stream.FlushAsync(ct);
        });
        using var core = Client();

        var ex = Timed(TimeSpan.FromSeconds(2), () => Assert.Throws<AliyunTransportException>(() => new ImsClient(core, server.Endpoint).GetDefaultDomain(default)), out _);

        Assert.True(ex.RequestMayHaveBeenSent);
    }

    [Fact]
    public void A_negative_Content_Length_neither_crashes_nor_hangs()
    {
        using var server = new RawServer(async (stream, ct) =>
        {
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: -5\r\nConnection: close\r\n\r\n{}"u8.ToArray(), ct);
            await stream.FlushAsync(ct);
        });
        using var core = Client();

        var ex = Timed(TimeSpan.FromSeconds(4), () => Assert.ThrowsAny<AliyunException>(() => new ImsClient(core, server.Endpoint).GetDefaultDomain(default)), out _);

        Assert.True(ex is AliyunTransportException or AliyunResponseException, ex.GetType().Name);
    }

    [Fact]
    public void A_refused_connection_never_reached_the_server_so_even_CreateAccessKey_is_retried()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/");
        probe.Stop();
        using var core = Client(attempts: 3);
        var attempts = 0;
        core.CallCompleted += _ => attempts++;

        var ex = Timed(TimeSpan.FromSeconds(3), () => Assert.Throws<AliyunTransportException>(() => new ImsClient(core, endpoint).CreateAccessKey(null, default)), out _);

        Assert.False(ex.RequestMayHaveBeenSent);
        Assert.Equal(3, attempts);
    }

    // ------------------------------------------------------------------ what goes on the wire

    [Fact]
    public void Regression_an_AccessKey_ID_or_token_with_CR_LF_never_splits_a_header_on_the_wire()
    {
        // AcsCredential accepts any AccessKey ID and token, and both are written with
        // TryAddWithoutValidation: "\r\n" in them starts a header of the caller's choosing.
        using var server = new RawServer(Answer(200, """{"RequestId":"r","DefaultDomainName":"x"}"""));
        AcsClient core;
        try
        {
            core = Client(accessKeyId: "LTAI5tX\r\nX-Injected-Id: 1", token: "token\r\nX-Injected-Token: 1");
        }
        catch (ArgumentException)
        {
            return; // refused when the credential is made: nothing can reach the wire
        }

        using (core)
        {
            _ = Record.Exception(() => new ImsClient(core, server.Endpoint).GetDefaultDomain(default));
        }

        foreach (var head in server.Heads)
        {
            Assert.DoesNotContain("\r\nX-Injected-Id:", head, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("\r\nX-Injected-Token:", head, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void CR_LF_in_a_parameter_stays_inside_the_encoded_query()
    {
        using var server = new RawServer(Answer(200, """{"RequestId":"r","User":{"UserId":"1","UserPrincipalName":"a@example.onaliyun.com"}}"""));
        using var core = Client();

        new ImsClient(core, server.Endpoint).GetUserByPrincipalName("a\r\nX-Injected: 1@example.onaliyun.com", default);

        var head = Assert.Single(server.Heads);
        Assert.DoesNotContain("\r\nX-Injected:", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("%0D%0AX-Injected", head, StringComparison.Ordinal);
    }
}
