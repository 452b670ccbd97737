using System.Net;
using AliyunAccessKey.Client;
using AliyunAccessKey.Operations;
using AliyunAccessKey.Tests.Client;
using Xunit;

namespace AliyunAccessKey.Tests.Operations;

public class ExactlyOnceTests
{
    internal static readonly DateTime Now = new(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>The helper over <paramref name="c"/>'s IMS client, on a clock only the test moves (<see cref="Now"/> unless given).</summary>
    private static ExactlyOnce Once(TestClients c, Func<DateTime>? serverNow = null) => new(c.Ims, c.Core.Options, serverNow ?? (() => Now));

    private static string Key(string id, DateTime created) =>
        $$$"""{"RequestId":"r","AccessKey":{"AccessKeyId":"{{{id}}}","AccessKeySecret":"secret-{{{id}}}","CreateDate":"{{{created:yyyy-MM-ddTHH:mm:ssZ}}}","Status":"Active"}}""";

    private static string Keys(params (string Id, DateTime Created)[] keys) =>
        """{"RequestId":"r","AccessKeys":{"AccessKey":[""" +
        string.Join(",", keys.Select(k => $$$"""{"AccessKeyId":"{{{k.Id}}}","Status":"Active","CreateDate":"{{{k.Created:yyyy-MM-ddTHH:mm:ssZ}}}"}""")) + "]}}";

    /// <summary>GetAccessKeyInfoInRecycleBin: the deleted key is in the bin of user 2001.</summary>
    private static string InBin(string id) =>
        $$$"""{"RequestId":"r","AccessKey":{"UserId":"2001","UserPrincipalName":"u@example.onaliyun.com","UserRecycled":false,"AccessKeyId":"{{{id}}}","CreateDate":"2026-11-29T12:00:00Z","RecycleDate":"2026-11-29T12:00:00Z","DeleteDate":"2026-12-29T12:00:00Z"}}""";

    private static HttpRequestException Lost() => new("lost", new IOException("The response ended prematurely."));

    [Fact]
    public void A_lost_create_deletes_the_key_it_made_but_never_one_whose_secret_was_delivered()
    {
        var handler = new FakeHandler()
            .ThenJson(HttpStatusCode.OK, Key("A", Now))                        // first create: delivered
            .ThenThrow(Lost())                                                 // second create: answer lost
            .ThenJson(HttpStatusCode.OK, Keys(("OLD", Now.AddDays(-30)), ("A", Now), ("B", Now)))
            .ThenJson(HttpStatusCode.OK, """{"RequestId":"r"}""")              // delete B: to the recycle bin
            .ThenJson(HttpStatusCode.OK, InBin("B"))                           // its owner in the bin
            .ThenJson(HttpStatusCode.OK, """{"RequestId":"r"}""")              // purge B from the bin
            .ThenJson(HttpStatusCode.OK, Key("C", Now));                       // create again
        using var c = new TestClients(handler);
        var once = Once(c);
        var log = new List<string>();

        Assert.Equal("A", once.CreateAccessKey("bob@example.onaliyun.com", default, log.Add).AccessKeyId);
        Assert.Equal("C", once.CreateAccessKey("bob@example.onaliyun.com", default, log.Add).AccessKeyId);

        var actions = handler.Requests.Select(r => r.Headers.GetValues("x-acs-action").Single()).ToList();
        Assert.Equal(["CreateAccessKey", "CreateAccessKey", "ListAccessKeys", "DeleteAccessKey", "GetAccessKeyInfoInRecycleBin", "DeleteAccessKeyInRecycleBin", "CreateAccessKey"], actions);
        Assert.Contains("UserAccessKeyId=B", handler.Requests[3].RequestUri!.Query, StringComparison.Ordinal);
        Assert.Contains("UserAccessKeyId=B", handler.Requests[5].RequestUri!.Query, StringComparison.Ordinal);
        Assert.Contains("UserId=2001", handler.Requests[5].RequestUri!.Query, StringComparison.Ordinal);
        Assert.Contains(log, l => l.Contains("deleted B", StringComparison.Ordinal) && l.Contains("cannot be recovered", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains("secret-", StringComparison.Ordinal));
    }

    [Fact]
    public void A_purge_the_caller_may_not_do_is_said_and_does_not_fail_the_creation()
    {
        // The orphan is deleted (it signs nothing) but stays restorable: the log says so and how to purge it.
        var handler = new FakeHandler()
            .ThenThrow(Lost())
            .ThenJson(HttpStatusCode.OK, Keys(("K", Now)))
            .ThenJson(HttpStatusCode.OK, """{"RequestId":"r"}""")
            .ThenError(HttpStatusCode.Forbidden, "NoPermission")
            .ThenJson(HttpStatusCode.OK, Key("N", Now));
        using var c = new TestClients(handler);
        var log = new List<string>();

        Assert.Equal("N", Once(c).CreateAccessKey("u@example.onaliyun.com", default, log.Add).AccessKeyId);

        Assert.Contains(log, l => l.Contains("Could not purge K", StringComparison.Ordinal) && l.Contains("Remove-AliyunAccessKey -InRecycleBin", StringComparison.Ordinal));
    }

    [Fact]
    public void A_lost_create_that_made_nothing_is_simply_created_again()
    {
        var handler = new FakeHandler()
            .ThenError(HttpStatusCode.InternalServerError, "InternalError")
            .ThenJson(HttpStatusCode.OK, Keys())
            .ThenJson(HttpStatusCode.OK, Key("N", Now));
        using var c = new TestClients(handler);

        Assert.Equal("N", Once(c).CreateAccessKey(null, default).AccessKeyId);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public void The_attempt_budget_bounds_reconciliation()
    {
        var handler = new FakeHandler();
        for (var i = 0; i < 2; i++)
        {
            handler.ThenThrow(Lost()).ThenJson(HttpStatusCode.OK, Keys());
        }

        handler.ThenThrow(Lost());
        using var c = new TestClients(handler, new RetryPolicy(1) { MaxAttempts = 3 });

        Assert.Throws<AliyunOutcomeUnknownException>(() => Once(c).CreateAccessKey("u@example.onaliyun.com", default));
        Assert.Equal(5, handler.Requests.Count);
    }

    [Fact]
    public void Two_timed_out_calls_for_one_user_account_for_two_late_keys_in_their_windows()
    {
        var now = Now;
        var handler = new FakeHandler()
            .ThenHang().ThenJson(HttpStatusCode.OK, Keys())           // attempt 1 times out; nothing yet
            .ThenHang().ThenJson(HttpStatusCode.OK, Keys())           // attempt 2 as well
            .ThenJson(HttpStatusCode.OK, Key("C", Now))               // attempt 3: delivered
            .ThenJson(HttpStatusCode.OK, Keys(("L1", Now), ("L2", Now.AddSeconds(1)), ("C", Now)))
            .ThenJson(HttpStatusCode.OK, """{"RequestId":"r"}""").ThenJson(HttpStatusCode.OK, InBin("L1")).ThenJson(HttpStatusCode.OK, """{"RequestId":"r"}""")
            .ThenJson(HttpStatusCode.OK, """{"RequestId":"r"}""").ThenJson(HttpStatusCode.OK, InBin("L2")).ThenJson(HttpStatusCode.OK, """{"RequestId":"r"}""");
        using var c = new TestClients(handler, new RetryPolicy(1) { MaxAttempts = 3 });
        c.Core.Options.Timeout = TimeSpan.FromMilliseconds(50);
        var once = Once(c, () => now);

        Assert.Equal("C", once.CreateAccessKey("u@example.onaliyun.com", default).AccessKeyId);
        now = Now.AddMinutes(1);   // past every late-act horizon: no waiting
        Assert.Empty(once.SweepAfterTimeouts(default));

        // Each late key: deleted, then purged from the recycle bin (nobody holds its secret).
        var deleted = handler.Requests.Skip(6).Where(r => r.Headers.GetValues("x-acs-action").Single() == "DeleteAccessKey").Select(r => r.RequestUri!.Query).ToList();
        Assert.Equal(2, deleted.Count);
        Assert.Equal(2, handler.Requests.Count(r => r.Headers.GetValues("x-acs-action").Single() == "DeleteAccessKeyInRecycleBin"));
        Assert.Contains(deleted, q => q.Contains("UserAccessKeyId=L1", StringComparison.Ordinal));
        Assert.Contains(deleted, q => q.Contains("UserAccessKeyId=L2", StringComparison.Ordinal));
    }

    [Fact]
    public void More_late_keys_than_timed_out_calls_are_all_kept_and_reported_once_for_the_user()
    {
        var now = Now;
        using var c = TimedOutThenC(sweepList: Keys(("L", Now), ("X", Now.AddSeconds(2)), ("C", Now)));
        var once = Once(c, () => now);

        once.CreateAccessKey("u@example.onaliyun.com", default);
        now = Now.AddMinutes(1);
        var error = Assert.Single(once.SweepAfterTimeouts(default));

        Assert.Equal("u@example.onaliyun.com", error.UserPrincipalName);
        Assert.IsType<AliyunOutcomeUnknownException>(error.Error);
        Assert.Contains("L, X", error.Error.Message, StringComparison.Ordinal);
        Assert.Equal(4, c.Handler.Requests.Count);   // nothing deleted
    }

    [Fact]
    public void The_window_of_a_lost_call_is_read_on_the_injected_server_clock_not_the_transports()
    {
        // The service made K at Now, when the lost call went out by the injected clock: K is the
        // lost call's and goes. The transport's clock, an hour off, must not move the window.
        var handler = new FakeHandler()
            .ThenThrow(Lost())
            .ThenJson(HttpStatusCode.OK, Keys(("K", Now)))
            .ThenJson(HttpStatusCode.OK, """{"RequestId":"r"}""")
            .ThenError(HttpStatusCode.NotFound, "EntityNotExist.User.AccessKey")    // not in a bin: nothing to purge
            .ThenJson(HttpStatusCode.OK, Key("N", Now));
        using var c = new TestClients(handler);
        c.Core.UtcNow = () => Now.AddHours(1);

        Assert.Equal("N", Once(c, () => Now).CreateAccessKey("u@example.onaliyun.com", default).AccessKeyId);

        Assert.Equal(["CreateAccessKey", "ListAccessKeys", "DeleteAccessKey", "GetAccessKeyInfoInRecycleBin", "CreateAccessKey"], handler.Requests.Select(r => r.Headers.GetValues("x-acs-action").Single()));
    }

    [Fact]
    public void The_sweep_waits_on_the_injected_clock_until_a_late_act_would_have_landed()
    {
        var now = Now;
        using var c = TimedOutThenC(sweepList: Keys(("C", Now)));
        var once = Once(c, () => now);
        var waits = new List<TimeSpan>();
        once.Wait = (delay, _) =>
        {
            waits.Add(delay);
            now += delay;
        };

        once.CreateAccessKey("u@example.onaliyun.com", default);
        now = Now.AddSeconds(1);
        Assert.Empty(once.SweepAfterTimeouts(default));

        // Sent at Now, it may act until twice the timeout later; CreateDate has whole seconds, so 5 s more.
        Assert.Equal([TimeSpan.FromMilliseconds(100) + TimeSpan.FromSeconds(5) - TimeSpan.FromSeconds(1)], waits);
        Assert.False(once.HasPendingSweeps);
    }

    [Fact]
    public void A_user_created_by_the_lost_call_is_accepted_when_it_matches()
    {
        const string User = """{"RequestId":"r","User":{"UserId":"1","UserPrincipalName":"u@example.onaliyun.com","DisplayName":"U"}}""";
        var handler = new FakeHandler().ThenThrow(Lost()).ThenJson(HttpStatusCode.OK, User);
        using var c = new TestClients(handler);

        var user = Once(c).CreateUser(new CreateUserRequest { UserPrincipalName = "u@example.onaliyun.com", DisplayName = "U" }, default);

        Assert.Equal("1", user.UserId);
        Assert.Equal(["CreateUser", "GetUser"], handler.Requests.Select(r => r.Headers.GetValues("x-acs-action").Single()));
    }

    [Fact]
    public void A_different_user_found_after_a_lost_create_is_not_taken_for_ours()
    {
        const string Other = """{"RequestId":"r","User":{"UserId":"9","UserPrincipalName":"u@example.onaliyun.com","DisplayName":"Someone else"}}""";
        var handler = new FakeHandler().ThenThrow(Lost()).ThenJson(HttpStatusCode.OK, Other);
        using var c = new TestClients(handler);

        Assert.Throws<AliyunOutcomeUnknownException>(() =>
            Once(c).CreateUser(new CreateUserRequest { UserPrincipalName = "u@example.onaliyun.com", DisplayName = "U" }, default));
    }

    [Fact]
    public void A_user_not_created_by_the_lost_call_is_created_again()
    {
        const string User = """{"RequestId":"r","User":{"UserId":"2","UserPrincipalName":"u@example.onaliyun.com","DisplayName":"U"}}""";
        var handler = new FakeHandler()
            .ThenThrow(Lost())
            .ThenError(HttpStatusCode.NotFound, "EntityNotExist.User")
            .ThenJson(HttpStatusCode.OK, User);
        using var c = new TestClients(handler);

        Assert.Equal("2", Once(c).CreateUser(new CreateUserRequest { UserPrincipalName = "u@example.onaliyun.com", DisplayName = "U" }, default).UserId);
    }

    /// <summary>
    /// Clients (50 ms timeout) whose first CreateAccessKey times out with no key listed after it, the
    /// retry makes C at Now, and the sweep's list then answers <paramref name="sweepList"/>.
    /// </summary>
    private static TestClients TimedOutThenC(string sweepList)
    {
        var handler = new FakeHandler()
            .ThenHang().ThenJson(HttpStatusCode.OK, Keys())
            .ThenJson(HttpStatusCode.OK, Key("C", Now))
            .ThenJson(HttpStatusCode.OK, sweepList);
        var c = new TestClients(handler, new RetryPolicy(1) { MaxAttempts = 3 });
        c.Core.Options.Timeout = TimeSpan.FromMilliseconds(50);
        return c;
    }
}
