using System.Net;
using AliyunAccessKey.Client;
using AliyunAccessKey.Emulator;
using AliyunAccessKey.Operations;
using AliyunAccessKey.Tests.Client;
using Xunit;

namespace AliyunAccessKey.Tests.Operations;

public class ExactlyOnceTests
{
    private static readonly DateTime Now = new(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>The helper over <paramref name="c"/>'s IMS client, on a clock only the test moves (<see cref="Now"/> unless given).</summary>
    private static ExactlyOnce Once(TestClients c, Func<DateTime>? serverNow = null) => new(c.Ims, c.Core.Options, serverNow ?? (() => Now));

    private static string Key(string id, DateTime created) =>
        $$$"""{"RequestId":"r","AccessKey":{"AccessKeyId":"{{{id}}}","AccessKeySecret":"secret-{{{id}}}","CreateDate":"{{{created:yyyy-MM-ddTHH:mm:ssZ}}}","Status":"Active"}}""";

    private static string Keys(params (string Id, DateTime Created)[] keys) =>
        """{"RequestId":"r","AccessKeys":{"AccessKey":[""" +
        string.Join(",", keys.Select(k => $$$"""{"AccessKeyId":"{{{k.Id}}}","Status":"Active","CreateDate":"{{{k.Created:yyyy-MM-ddTHH:mm:ssZ}}}"}""")) + "]}}";

    private static HttpRequestException Lost() => new("lost", new IOException("The response ended prematurely."));

    [Fact]
    public void A_lost_create_deletes_the_key_it_made_but_never_one_whose_secret_was_delivered()
    {
        var handler = new FakeHandler()
            .ThenJson(HttpStatusCode.OK, Key("A", Now))                        // first create: delivered
            .ThenThrow(Lost())                                                 // second create: answer lost
            .ThenJson(HttpStatusCode.OK, Keys(("OLD", Now.AddDays(-30)), ("A", Now), ("B", Now)))
            .ThenJson(HttpStatusCode.OK, """{"RequestId":"r"}""")              // delete B
            .ThenJson(HttpStatusCode.OK, Key("C", Now));                       // create again
        using var c = new TestClients(handler);
        var once = Once(c);
        var log = new List<string>();

        Assert.Equal("A", once.CreateAccessKey("bob@example.onaliyun.com", default, log.Add).AccessKeyId);
        Assert.Equal("C", once.CreateAccessKey("bob@example.onaliyun.com", default, log.Add).AccessKeyId);

        var actions = handler.Requests.Select(r => r.Headers.GetValues("x-acs-action").Single()).ToList();
        Assert.Equal(["CreateAccessKey", "CreateAccessKey", "ListAccessKeys", "DeleteAccessKey", "CreateAccessKey"], actions);
        Assert.Contains("UserAccessKeyId=B", handler.Requests[3].RequestUri!.Query, StringComparison.Ordinal);
        Assert.Contains(log, l => l.Contains("deleted B", StringComparison.Ordinal) && l.Contains("cannot be recovered", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains("secret-", StringComparison.Ordinal));
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
            .ThenJson(HttpStatusCode.OK, """{"RequestId":"r"}""")
            .ThenJson(HttpStatusCode.OK, """{"RequestId":"r"}""");
        using var c = new TestClients(handler, new RetryPolicy(1) { MaxAttempts = 3 });
        c.Core.Options.Timeout = TimeSpan.FromMilliseconds(50);
        var once = Once(c, () => now);

        Assert.Equal("C", once.CreateAccessKey("u@example.onaliyun.com", default).AccessKeyId);
        now = Now.AddMinutes(1);   // past every late-act horizon: no waiting
        Assert.Empty(once.SweepAfterTimeouts(default));

        var deleted = handler.Requests.Skip(6).Select(r => r.RequestUri!.Query).ToList();
        Assert.Equal(2, deleted.Count);
        Assert.Contains(deleted, q => q.Contains("UserAccessKeyId=L1", StringComparison.Ordinal));
        Assert.Contains(deleted, q => q.Contains("UserAccessKeyId=L2", StringComparison.Ordinal));
    }

    [Fact]
    public void More_late_keys_than_timed_out_calls_are_all_kept_and_reported_once_for_the_user()
    {
        var now = Now;
        var handler = new FakeHandler()
            .ThenHang().ThenJson(HttpStatusCode.OK, Keys())
            .ThenJson(HttpStatusCode.OK, Key("C", Now))
            .ThenJson(HttpStatusCode.OK, Keys(("L", Now), ("X", Now.AddSeconds(2)), ("C", Now)));
        using var c = new TestClients(handler, new RetryPolicy(1) { MaxAttempts = 3 });
        c.Core.Options.Timeout = TimeSpan.FromMilliseconds(50);
        var once = Once(c, () => now);

        once.CreateAccessKey("u@example.onaliyun.com", default);
        now = Now.AddMinutes(1);
        var error = Assert.Single(once.SweepAfterTimeouts(default));

        Assert.Equal("u@example.onaliyun.com", error.UserPrincipalName);
        Assert.IsType<AliyunOutcomeUnknownException>(error.Error);
        Assert.Contains("L, X", error.Error.Message, StringComparison.Ordinal);
        Assert.Equal(4, handler.Requests.Count);   // nothing deleted
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
            .ThenJson(HttpStatusCode.OK, Key("N", Now));
        using var c = new TestClients(handler);
        c.Core.UtcNow = () => Now.AddHours(1);

        Assert.Equal("N", Once(c, () => Now).CreateAccessKey("u@example.onaliyun.com", default).AccessKeyId);

        Assert.Equal(["CreateAccessKey", "ListAccessKeys", "DeleteAccessKey", "CreateAccessKey"], handler.Requests.Select(r => r.Headers.GetValues("x-acs-action").Single()));
    }

    [Fact]
    public void The_sweep_waits_on_the_injected_clock_until_a_late_act_would_have_landed()
    {
        var now = Now;
        var handler = new FakeHandler()
            .ThenHang().ThenJson(HttpStatusCode.OK, Keys())
            .ThenJson(HttpStatusCode.OK, Key("C", Now))
            .ThenJson(HttpStatusCode.OK, Keys(("C", Now)));
        using var c = new TestClients(handler, new RetryPolicy(1) { MaxAttempts = 3 });
        c.Core.Options.Timeout = TimeSpan.FromMilliseconds(50);
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
    public async Task A_lost_create_deletes_its_key_creates_one_again_and_leaves_no_orphan()
    {
        await using var s = await Scene.StartAsync(FaultKind.DropAfterAct);
        s.OnList = s.FaultsOff;

        var key = s.Once.CreateAccessKey(s.Upn, default, s.Log.Add);

        Assert.Equal([key.AccessKeyId], s.KeysOfUser());
        Assert.Equal(["CreateAccessKey", "ListAccessKeys", "DeleteAccessKey", "CreateAccessKey"], s.Actions);
        Assert.Equal(0, s.Emu.Counters.OrphanKeys);
        Assert.False(s.Once.HasPendingSweeps, "a dropped answer is no timeout: nothing can act late");
    }

    [Fact]
    public async Task A_key_someone_else_creates_after_the_reconcile_window_is_not_taken_for_the_lost_calls()
    {
        await using var s = await Scene.StartAsync(FaultKind.DropAfterAct);
        string? other = null;
        s.OnList = () =>
        {
            // A minute after the lost call, while the list is read, another admin adds a key.
            s.FaultsOff();
            s.Clock.Advance(TimeSpan.FromMinutes(1));
            other = s.Emu.State.IssueCredentials(s.Upn).AccessKeyId;
        };

        var key = s.Once.CreateAccessKey(s.Upn, default, s.Log.Add);

        Assert.Equal(new[] { other!, key.AccessKeyId }.Order(), s.KeysOfUser().Order());
        Assert.Equal(0, s.Emu.Counters.OrphanKeys);
        Assert.DoesNotContain(s.Log, l => l.Contains($"deleted {other}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_unexplained_keys_in_the_window_of_one_lost_call_are_both_kept_and_reported()
    {
        await using var s = await Scene.StartAsync(FaultKind.DropAfterAct);
        string? other = null;
        s.OnList = () =>
        {
            s.FaultsOff();
            s.Clock.Advance(TimeSpan.FromSeconds(1));
            other = s.Emu.State.IssueCredentials(s.Upn).AccessKeyId;
        };

        var ex = Assert.Throws<AliyunOutcomeUnknownException>(() => s.Once.CreateAccessKey(s.Upn, default, s.Log.Add));

        var keys = s.KeysOfUser();
        Assert.Equal(2, keys.Count);
        Assert.Contains(other!, keys);
        Assert.All(keys, id => Assert.Contains(id, ex.Message, StringComparison.Ordinal));
        Assert.Equal(["CreateAccessKey", "ListAccessKeys"], s.Actions);   // nothing deleted, not created again
    }

    [Fact]
    public async Task The_sweep_deletes_a_timed_out_calls_late_key_but_not_one_someone_else_made_after_its_window()
    {
        await using var s = await Scene.StartAsync(FaultKind.Slow);
        s.OnList = s.FaultsOff;
        var created = s.Once.CreateAccessKey(s.Upn, default, s.Log.Add);
        Assert.True(s.Once.HasPendingSweeps);
        var late = s.WaitForLateKey(created.AccessKeyId);

        // Room for another key (a user has two at most), then another admin adds one a minute later.
        s.Ims.DeleteAccessKey(created.AccessKeyId, s.Upn, default);
        s.Clock.Advance(TimeSpan.FromMinutes(1));
        var other = s.Emu.State.IssueCredentials(s.Upn).AccessKeyId;

        Assert.Empty(s.Once.SweepAfterTimeouts(default, s.Log.Add));

        Assert.Equal([other], s.KeysOfUser());
        Assert.Contains(s.Log, l => l.Contains($"deleted {late}", StringComparison.Ordinal));
        Assert.Equal(0, s.Emu.Counters.OrphanKeys);
    }

    [Fact]
    public async Task The_sweep_keeps_and_reports_two_keys_in_the_window_of_one_timed_out_call()
    {
        await using var s = await Scene.StartAsync(FaultKind.Slow);
        s.OnList = s.FaultsOff;
        var created = s.Once.CreateAccessKey(s.Upn, default, s.Log.Add);
        var late = s.WaitForLateKey(created.AccessKeyId);
        s.Ims.DeleteAccessKey(created.AccessKeyId, s.Upn, default);
        s.Clock.Advance(TimeSpan.FromSeconds(1));
        var other = s.Emu.State.IssueCredentials(s.Upn).AccessKeyId;
        s.Clock.Advance(TimeSpan.FromMinutes(1));   // past the late-act horizon: the sweep need not wait
        var before = s.Actions.Count;

        var error = Assert.Single(s.Once.SweepAfterTimeouts(default, s.Log.Add));

        Assert.Equal(s.Upn, error.UserPrincipalName);
        Assert.IsType<AliyunOutcomeUnknownException>(error.Error);
        Assert.Contains(late, error.Error.Message, StringComparison.Ordinal);
        Assert.Contains(other, error.Error.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { late, other }.Order(), s.KeysOfUser().Order());
        Assert.Equal(["ListAccessKeys"], s.Actions.Skip(before));
    }

    /// <summary>
    /// The emulator and a client on one clock that only the test moves, a fresh user, faults on
    /// CreateAccessKey, and a hook that runs as ListAccessKeys goes out (where "someone else" acts).
    /// </summary>
    private sealed class Scene : IAsyncDisposable
    {
        private Scene(EmulatorServer emu, ManualClock clock, AcsClient client, string upn)
        {
            Emu = emu;
            Clock = clock;
            Client = client;
            Ims = new ImsClient(client, emu.BaseAddress);
            Once = new ExactlyOnce(Ims, client.Options, () => clock.Now);
            Upn = upn;
        }

        public EmulatorServer Emu { get; }

        public ManualClock Clock { get; }

        public AcsClient Client { get; }

        public ImsClient Ims { get; }

        public ExactlyOnce Once { get; }

        public string Upn { get; }

        public Action? OnList { get; set; }

        public List<string> Actions { get; } = [];

        public List<string> Log { get; } = [];

        public static async Task<Scene> StartAsync(FaultKind fault)
        {
            var clock = new ManualClock(Now);
            var emu = await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0, TimeProvider = clock });
            Scene? scene = null;
            var hook = new Hook(action =>
            {
                scene!.Actions.Add(action);
                if (action == "ListAccessKeys")
                {
                    scene.OnList?.Invoke();
                }
            });
            var client = new AcsClient(
                new StaticCredentialSource(AcsCredential.FromPlainText("testid", "testsecret")),
                new AcsClientOptions { SignatureScheme = SignatureScheme.Acs3HmacSha256, Retry = new RetryPolicy(1) { MaxAttempts = 3 }, Timeout = TimeSpan.FromSeconds(30) },
                hook);
            client.UtcNow = () => clock.Now;
            client.Sleep = (_, _) => { };
            scene = new Scene(emu, clock, client, emu.State.Upn("bob" + Guid.NewGuid().ToString("N")[..8]));
            scene.Ims.CreateUser(new CreateUserRequest { UserPrincipalName = scene.Upn, DisplayName = "Bob" }, default);

            // The first request to a new emulator may take over a second on a busy machine (and
            // CreateUser is not retried): the scene's short timeout applies from here on.
            client.Options.Timeout = TimeSpan.FromSeconds(1);
            scene.Actions.Clear();
            emu.Knobs = emu.Knobs with { FaultRate = 1, FaultKinds = [fault], FaultActions = ["CreateAccessKey"], SlowMs = 2500 };
            return scene;
        }

        public void FaultsOff() => Emu.Knobs = Emu.Knobs with { FaultRate = 0 };

        public List<string> KeysOfUser() => [.. Emu.State.FindUser(Upn)!.AccessKeyIds];

        /// <summary>Waits (real time) for the slow call the client gave up on to create its key.</summary>
        public string WaitForLateKey(string delivered)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromSeconds(15))
            {
                if (KeysOfUser().FirstOrDefault(id => id != delivered) is { } late)
                {
                    return late;
                }

                Thread.Sleep(50);
            }

            throw new TimeoutException("the timed-out CreateAccessKey never acted");
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Emu.DisposeAsync();
        }
    }

    /// <summary>A clock the test moves by hand, for the emulator (CreateDate, Date) and the client alike.</summary>
    private sealed class ManualClock(DateTime start) : TimeProvider
    {
        private long _ticks = start.Ticks;

        public DateTime Now => new(Interlocked.Read(ref _ticks), DateTimeKind.Utc);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

        public override DateTimeOffset GetUtcNow() => new(Now);
    }

    /// <summary>Passes requests to the network, telling the test each action first.</summary>
    private sealed class Hook(Action<string> before) : DelegatingHandler(new HttpClientHandler())
    {
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            before(Action(request));
            return base.Send(request, cancellationToken);
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            before(Action(request));
            return base.SendAsync(request, cancellationToken);
        }

        private static string Action(HttpRequestMessage request) => request.Headers.GetValues("x-acs-action").Single();
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
}
