using System.Net;
using AliyunAccessKey.Client;
using Xunit;

namespace AliyunAccessKey.Tests.Client;

public class PacerTests
{
    private static readonly DateTime T0 = new(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Nothing_is_spaced_until_the_service_throttles()
    {
        var pacer = new Pacer();

        Assert.Equal(TimeSpan.Zero, pacer.Reserve(T0));
        Assert.Equal(TimeSpan.Zero, pacer.Reserve(T0));
        Assert.Equal(TimeSpan.Zero, pacer.Interval);
    }

    [Fact]
    public void After_throttling_requests_take_successive_slots_at_least_the_hint_apart()
    {
        var pacer = new Pacer();
        pacer.OnThrottled(T0, TimeSpan.FromMilliseconds(10));

        var waits = Enumerable.Range(0, 4).Select(_ => pacer.Reserve(T0).TotalMilliseconds).ToList();

        Assert.Equal([0, 10, 20, 30], waits);
    }

    [Fact]
    public void Throttling_reported_by_requests_already_in_flight_raises_the_spacing_once()
    {
        var pacer = new Pacer();
        pacer.OnThrottled(T0, TimeSpan.FromMilliseconds(10));
        pacer.OnThrottled(T0.AddMilliseconds(1), TimeSpan.FromMilliseconds(10));
        pacer.OnThrottled(T0.AddMilliseconds(2), TimeSpan.FromMilliseconds(10));

        Assert.Equal(TimeSpan.FromMilliseconds(10), pacer.Interval);

        pacer.OnThrottled(T0.AddMilliseconds(50), TimeSpan.FromMilliseconds(10));
        Assert.Equal(TimeSpan.FromMilliseconds(12), pacer.Interval);
    }

    [Fact]
    public void Successes_shrink_the_spacing_back_to_none()
    {
        var pacer = new Pacer();
        pacer.OnThrottled(T0, TimeSpan.FromMilliseconds(10));

        for (var i = 0; i < 2000; i++)
        {
            pacer.OnSuccess();
        }

        Assert.Equal(TimeSpan.Zero, pacer.Interval);
    }

    [Fact]
    public void A_huge_hint_is_capped_at_one_second()
    {
        var pacer = new Pacer();
        pacer.OnThrottled(T0, TimeSpan.FromMinutes(5));

        Assert.Equal(TimeSpan.FromSeconds(1), pacer.Interval);
    }

    [Fact]
    public void Throttled_attempts_do_not_use_up_MaxAttempts()
    {
        var handler = new FakeHandler();
        for (var i = 0; i < 6; i++)
        {
            handler.ThenError(HttpStatusCode.BadRequest, "Throttling.User");
        }

        handler.ThenJson(HttpStatusCode.OK, """{"IsTruncated":false,"RequestId":"r","Users":{"User":[]}}""");
        using var c = new TestClients(handler, new RetryPolicy(1) { MaxAttempts = 2, MaxThrottleRetries = 10 });

        c.Ims.ListUsers(null, null, default);

        Assert.Equal(7, handler.Requests.Count);
        Assert.True(c.Core.PacingInterval > TimeSpan.Zero);
    }

    [Fact]
    public void The_throttling_budget_is_bounded_too()
    {
        var handler = new FakeHandler();
        for (var i = 0; i < 5; i++)
        {
            handler.ThenError(HttpStatusCode.BadRequest, "Throttling.User");
        }

        using var c = new TestClients(handler, new RetryPolicy(1) { MaxAttempts = 2, MaxThrottleRetries = 3 });

        var ex = Assert.Throws<AliyunServiceException>(() => c.Ims.ListUsers(null, null, default));

        Assert.Equal("Throttling.User", ex.Code);
        Assert.Equal(5, handler.Requests.Count);
    }
}
