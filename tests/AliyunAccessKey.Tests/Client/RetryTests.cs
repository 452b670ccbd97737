using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AliyunAccessKey.Client;
using Xunit;

namespace AliyunAccessKey.Tests.Client;

public class RetryTests
{
    private const string UsersPage = """{"IsTruncated":false,"RequestId":"r","Users":{"User":[]}}""";
    private const string NewKey = """{"RequestId":"r","AccessKey":{"AccessKeyId":"LTAI","AccessKeySecret":"s","CreateDate":"2020-10-13T02:18:01Z","Status":"Active"}}""";

    private static HttpRequestException Refused() =>
        new("Connection refused", new SocketException((int)SocketError.ConnectionRefused));

    private static HttpRequestException LostAfterSending() =>
        new("An error occurred while sending the request.", new IOException("The response ended prematurely."));

    [Fact]
    public void Throttling_is_retried_and_then_succeeds()
    {
        var handler = new FakeHandler().ThenError(HttpStatusCode.BadRequest, "Throttling.User", "Request was denied due to user flow control.").ThenJson(HttpStatusCode.OK, UsersPage);
        using var c = new TestClients(handler);

        c.Ims.ListUsers(null, null, default);

        Assert.Equal(2, handler.Requests.Count);
        Assert.Single(c.Sleeps);
        Assert.Equal([1, 2], c.Calls.Select(x => x.Attempt));
        Assert.Equal("Throttling.User", c.Calls[0].ErrorCode);
        Assert.NotNull(c.Calls[0].RetryDelay);
        Assert.Null(c.Calls[1].ErrorCode);
    }

    [Fact]
    public void The_server_retry_after_hint_in_milliseconds_is_honoured()
    {
        var handler = new FakeHandler()
            .ThenJson(HttpStatusCode.BadRequest, """{"Code":"Throttling.User","Message":"m","RequestId":"r"}""", r => r.Headers.Add("x-acs-retry-after", "1500"))
            .ThenJson(HttpStatusCode.OK, UsersPage);
        using var c = new TestClients(handler);

        c.Ims.ListUsers(null, null, default);

        Assert.Equal([TimeSpan.FromMilliseconds(1500)], c.Sleeps);
    }

    [Fact]
    public void A_retry_after_hint_beyond_the_cap_waits_only_the_cap()
    {
        var handler = new FakeHandler()
            .ThenJson(HttpStatusCode.BadRequest, """{"Code":"Throttling.User","Message":"m"}""", r => r.Headers.Add("x-acs-retry-after", "600000"))
            .ThenJson(HttpStatusCode.OK, UsersPage);
        using var c = new TestClients(handler, new RetryPolicy(1) { MaxDelay = TimeSpan.FromSeconds(3) });

        c.Ims.ListUsers(null, null, default);

        Assert.Equal([TimeSpan.FromSeconds(3)], c.Sleeps);
    }

    [Fact]
    public void Server_errors_on_a_safe_call_are_retried_up_to_MaxAttempts_then_thrown()
    {
        var handler = new FakeHandler();
        for (var i = 0; i < 3; i++)
        {
            handler.ThenError(HttpStatusCode.InternalServerError, "InternalError");
        }

        using var c = new TestClients(handler, new RetryPolicy(1) { MaxAttempts = 3 });

        var ex = Assert.Throws<AliyunServiceException>(() => c.Ims.ListUsers(null, null, default));

        Assert.Equal("InternalError", ex.Code);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(2, c.Sleeps.Count);
        Assert.Null(c.Calls[^1].RetryDelay);
    }

    [Fact]
    public void Client_errors_are_not_retried()
    {
        var handler = new FakeHandler().ThenError(HttpStatusCode.Conflict, "LimitExceeded.User.AccessKey");
        using var c = new TestClients(handler);

        Assert.Throws<AliyunServiceException>(() => c.Ims.CreateAccessKey("bob@example.onaliyun.com", default));
        Assert.Single(handler.Requests);
        Assert.Empty(c.Sleeps);
    }

    [Fact]
    public void MaxAttempts_of_one_never_retries()
    {
        var handler = new FakeHandler().ThenError(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable");
        using var c = new TestClients(handler, RetryPolicy.None);

        Assert.Throws<AliyunServiceException>(() => c.Ims.ListUsers(null, null, default));
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(500, "InternalError")]
    [InlineData(502, null)] // a gateway's HTML page, no service error code
    public void CreateAccessKey_after_a_5xx_is_not_repeated_and_reports_an_unknown_outcome(int status, string? code)
    {
        var handler = code is null
            ? new FakeHandler().Then(_ => new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent("<html>Bad Gateway</html>", Encoding.UTF8, "text/html") })
            : new FakeHandler().ThenError((HttpStatusCode)status, code);
        using var c = new TestClients(handler);

        var ex = Assert.Throws<AliyunOutcomeUnknownException>(() => c.Ims.CreateAccessKey("bob@example.onaliyun.com", default));

        Assert.Equal("CreateAccessKey", ex.Action);
        Assert.IsType(code is null ? typeof(AliyunResponseException) : typeof(AliyunServiceException), ex.InnerException);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public void CreateAccessKey_after_a_lost_connection_is_not_repeated()
    {
        var handler = new FakeHandler().ThenThrow(LostAfterSending());
        using var c = new TestClients(handler);

        var ex = Assert.Throws<AliyunOutcomeUnknownException>(() => c.Ims.CreateAccessKey("bob@example.onaliyun.com", default));

        var inner = Assert.IsType<AliyunTransportException>(ex.InnerException);
        Assert.True(inner.RequestMayHaveBeenSent);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public void CreateUser_after_a_timeout_is_not_repeated()
    {
        var handler = new FakeHandler().ThenThrow(new TaskCanceledException("timed out"));
        using var c = new TestClients(handler);

        var ex = Assert.Throws<AliyunOutcomeUnknownException>(() => c.Ims.CreateUser(new CreateUserRequest { UserPrincipalName = "a@example.onaliyun.com", DisplayName = "a" }, default));

        Assert.True(Assert.IsType<AliyunTransportException>(ex.InnerException).IsTimeout);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public void CreateAccessKey_is_retried_when_the_service_surely_did_not_act()
    {
        var handler = new FakeHandler()
            .ThenError(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable")
            .ThenError(HttpStatusCode.BadRequest, "Throttling.User")
            .ThenThrow(Refused())
            .ThenJson(HttpStatusCode.OK, NewKey);
        using var c = new TestClients(handler, new RetryPolicy(1) { MaxAttempts = 4 });

        var key = c.Ims.CreateAccessKey("bob@example.onaliyun.com", default);

        Assert.Equal("LTAI", key.AccessKeyId);
        Assert.Equal(4, handler.Requests.Count);
        Assert.Equal(["ServiceUnavailable", "Throttling.User", "ConnectionFailed", null], c.Calls.Select(x => x.ErrorCode));
    }

    [Fact]
    public void A_safe_call_is_retried_after_a_lost_connection_and_a_timeout()
    {
        var handler = new FakeHandler()
            .ThenThrow(LostAfterSending())
            .ThenThrow(new TaskCanceledException("timed out"))
            .ThenJson(HttpStatusCode.OK, UsersPage);
        using var c = new TestClients(handler);

        c.Ims.ListUsers(null, null, default);

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(["ConnectionFailed", "Timeout", null], c.Calls.Select(x => x.ErrorCode));
    }

    [Fact]
    public void A_connection_that_was_never_made_is_known_not_to_have_been_sent()
    {
        var handler = new FakeHandler().ThenThrow(Refused());
        using var c = new TestClients(handler, RetryPolicy.None);

        var ex = Assert.Throws<AliyunTransportException>(() => c.Ims.ListUsers(null, null, default));

        Assert.False(ex.RequestMayHaveBeenSent);
        Assert.False(ex.IsTimeout);
        Assert.Contains("could not connect", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_that_hangs_times_out_after_the_configured_timeout()
    {
        var handler = new FakeHandler().ThenHang();
        using var c = new TestClients(handler, RetryPolicy.None);
        c.Core.Options.Timeout = TimeSpan.FromMilliseconds(100);

        var ex = Assert.Throws<AliyunTransportException>(() => c.Ims.ListUsers(null, null, default));

        Assert.True(ex.IsTimeout);
        Assert.Contains("0.1 s", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancelling_stops_a_request_in_flight_and_is_not_a_timeout()
    {
        var handler = new FakeHandler().ThenHang();
        using var c = new TestClients(handler);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        Assert.ThrowsAny<OperationCanceledException>(() => c.Ims.ListUsers(null, null, cts.Token));
        Assert.Single(handler.Requests);
        Assert.Empty(c.Sleeps);
    }

    [Fact]
    public void Cancelling_ends_a_wait_between_attempts()
    {
        var handler = new FakeHandler().ThenError(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable");
        using var core = new AcsClient(
            new StaticCredentialSource(AcsCredential.FromPlainText("id", "s")),
            new AcsClientOptions { Retry = new RetryPolicy { BaseDelay = TimeSpan.FromMinutes(10), MaxDelay = TimeSpan.FromMinutes(10) } },
            handler);
        core.Sleep = (delay, ct) => { Assert.True(delay > TimeSpan.Zero); ct.WaitHandle.WaitOne(delay); };
        using var cts = new CancellationTokenSource();
        core.CallCompleted += _ => cts.CancelAfter(50);
        var ims = new ImsClient(core, new Uri("https://ims.example.test/"));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        Assert.ThrowsAny<OperationCanceledException>(() => ims.ListUsers(null, null, cts.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public void A_stale_clock_is_corrected_from_the_server_Date_and_the_call_is_sent_once_more()
    {
        var serverNow = new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);
        var handler = new FakeHandler()
            .ThenJson(HttpStatusCode.BadRequest, """{"Code":"InvalidTimeStamp.Expired","Message":"Specified time stamp or date value is expired.","RequestId":"r"}""", r => r.Headers.Date = serverNow)
            .ThenJson(HttpStatusCode.OK, NewKey);
        using var c = new TestClients(handler);
        c.Core.UtcNow = () => serverNow.AddHours(-1);

        c.Ims.CreateAccessKey("bob@example.onaliyun.com", default);

        Assert.Equal(TimeSpan.FromHours(1), c.Core.ClockOffset);
        Assert.Equal("2026-11-29T11:00:00Z", handler.Requests[0].Headers.GetValues("x-acs-date").Single());
        Assert.Equal("2026-11-29T12:00:00Z", handler.Requests[1].Headers.GetValues("x-acs-date").Single());
        Assert.Empty(c.Sleeps);
    }

    [Fact]
    public void Clock_skew_is_corrected_only_once_per_call()
    {
        var handler = new FakeHandler();
        for (var i = 0; i < 2; i++)
        {
            handler.ThenJson(HttpStatusCode.BadRequest, """{"Code":"InvalidTimeStamp.Expired","Message":"m"}""", r => r.Headers.Date = DateTimeOffset.UtcNow);
        }

        using var c = new TestClients(handler);

        var ex = Assert.Throws<AliyunServiceException>(() => c.Ims.ListUsers(null, null, default));

        Assert.Equal("InvalidTimeStamp.Expired", ex.Code);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public void Every_attempt_is_signed_afresh_with_a_new_nonce()
    {
        var handler = new FakeHandler().ThenError(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable").ThenJson(HttpStatusCode.OK, UsersPage);
        using var c = new TestClients(handler);

        c.Ims.ListUsers(null, null, default);

        var nonces = handler.Requests.Select(r => r.Headers.GetValues("x-acs-signature-nonce").Single()).ToList();
        Assert.Equal(2, nonces.Distinct().Count());
        Assert.NotEqual(handler.Requests[0].Headers.GetValues("Authorization").Single(), handler.Requests[1].Headers.GetValues("Authorization").Single());
    }

    [Fact]
    public void Requests_go_through_the_synchronous_HttpClient_Send_on_modern_NET()
    {
        var handler = new FakeHandler().ThenJson(HttpStatusCode.OK, UsersPage);
        using var c = new TestClients(handler);

        c.Ims.ListUsers(null, null, default);

        Assert.True(c.Core.UsesSyncSend);
        Assert.Equal(1, handler.SyncSends);
    }

    [Fact]
    public void Backoff_delays_are_jittered_under_an_exponential_cap()
    {
        var policy = new RetryPolicy(seed: 42) { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(1000) };

        for (var attempt = 2; attempt <= 8; attempt++)
        {
            var cap = Math.Min(1000, 100 * Math.Pow(2, attempt - 2));
            var samples = Enumerable.Range(0, 200).Select(_ => policy.GetDelay(attempt, null).TotalMilliseconds).ToList();
            Assert.All(samples, d => Assert.InRange(d, 0, cap));
            Assert.True(samples.Max() > cap * 0.9, $"attempt {attempt.ToString(CultureInfo.InvariantCulture)}: the jitter should reach near the cap");
            Assert.True(samples.Distinct().Count() > 100, "delays should be jittered, not fixed");
        }
    }

    [Fact]
    public void Backoff_is_repeatable_under_a_seed()
    {
        var a = new RetryPolicy(seed: 7);
        var b = new RetryPolicy(seed: 7);

        Assert.Equal(
            Enumerable.Range(2, 5).Select(n => a.GetDelay(n, null)),
            Enumerable.Range(2, 5).Select(n => b.GetDelay(n, null)));
    }

    public static TheoryData<string, AliyunException, string, string> Verdicts => new()
    {
        { "throttled", Service(400, "Throttling.User"), nameof(RetryVerdict.Retry), nameof(RetryVerdict.Retry) },
        { "503 with a code", Service(503, "Unknown"), nameof(RetryVerdict.Retry), nameof(RetryVerdict.Retry) },
        { "ServiceUnavailable", Service(500, "ServiceUnavailable"), nameof(RetryVerdict.Retry), nameof(RetryVerdict.Retry) },
        { "500 InternalError", Service(500, "InternalError"), nameof(RetryVerdict.Retry), nameof(RetryVerdict.OutcomeUnknown) },
        { "200 InternalError", Service(200, "InternalError"), nameof(RetryVerdict.Retry), nameof(RetryVerdict.OutcomeUnknown) },
        { "a refusal", Service(404, "EntityNotExist.User"), nameof(RetryVerdict.Fail), nameof(RetryVerdict.Fail) },
        { "never connected", new AliyunTransportException("A", "m", isTimeout: false, requestMayHaveBeenSent: false, null), nameof(RetryVerdict.Retry), nameof(RetryVerdict.Retry) },
        { "timed out", new AliyunTransportException("A", "m", isTimeout: true, requestMayHaveBeenSent: true, null), nameof(RetryVerdict.Retry), nameof(RetryVerdict.OutcomeUnknown) },
        { "unreadable 503", new AliyunResponseException("A", 503, "m", null), nameof(RetryVerdict.Retry), nameof(RetryVerdict.Retry) },
        { "unreadable 502", new AliyunResponseException("A", 502, "m", null), nameof(RetryVerdict.Retry), nameof(RetryVerdict.OutcomeUnknown) },
        { "unreadable success", new AliyunResponseException("A", 200, "m", null), nameof(RetryVerdict.Fail), nameof(RetryVerdict.OutcomeUnknown) },
        { "unreadable 403", new AliyunResponseException("A", 403, "m", null), nameof(RetryVerdict.Fail), nameof(RetryVerdict.Fail) },
    };

    [Theory]
    [MemberData(nameof(Verdicts))]
    public void The_retry_verdict_depends_on_the_failure_and_on_whether_a_repeat_is_safe(string what, AliyunException failure, string idempotent, string notIdempotent)
    {
        // The verdicts are internal: compared by name, so the test method can stay public.
        Assert.Equal((what, idempotent, notIdempotent), (what, RetryPolicy.Judge(failure, idempotent: true).ToString(), RetryPolicy.Judge(failure, idempotent: false).ToString()));
    }

    private static AliyunServiceException Service(int status, string code) => new("A", status, code, null, null, null, null);
}
