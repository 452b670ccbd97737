using AliyunAccessKey.Client;
using AliyunAccessKey.Emulator;
using AliyunAccessKey.Operations;
using Xunit;

namespace AliyunAccessKey.Tests.Operations;

/// <summary><see cref="ExactlyOnce"/> against the emulator, on a clock only the test moves, with faults on CreateAccessKey.</summary>
public class ExactlyOnceEmulatorTests
{
    private static readonly DateTime Now = ExactlyOnceTests.Now;

    [Fact]
    public async Task A_lost_create_deletes_its_key_creates_one_again_and_leaves_no_orphan()
    {
        await using var s = await Scene.StartAsync(FaultKind.DropAfterAct);
        s.OnList = s.FaultsOff;

        var key = s.Once.CreateAccessKey(s.Upn, default, s.Log.Add);

        Assert.Equal([key.AccessKeyId], s.KeysOfUser());
        // The orphan's delete is not final (it goes to the user's recycle bin): it is purged from there too.
        Assert.Equal(["CreateAccessKey", "ListAccessKeys", "DeleteAccessKey", "GetAccessKeyInfoInRecycleBin", "DeleteAccessKeyInRecycleBin", "CreateAccessKey"], s.Actions);
        Assert.Equal(0, s.Emu.Counters.OrphanKeys);
        Assert.False(s.Once.HasPendingSweeps, "a dropped answer is no timeout: nothing can act late");
    }

    [Fact]
    public async Task A_lost_creates_key_is_purged_from_the_recycle_bin_so_nobody_can_restore_it()
    {
        await using var s = await Scene.StartAsync(FaultKind.DropAfterAct);
        s.OnList = s.FaultsOff;

        var key = s.Once.CreateAccessKey(s.Upn, default, s.Log.Add);

        var userId = s.Ims.GetUserByPrincipalName(s.Upn, default).UserId;
        Assert.Empty(s.Ims.ListAccessKeysInRecycleBin(userId, s.Upn, default));
        Assert.Equal(0, s.Emu.State.OrphanKeyCount);
        Assert.Contains(s.Log, l => l.Contains("recycle bin", StringComparison.Ordinal));
        Assert.Equal([key.AccessKeyId], s.KeysOfUser());
    }

    [Fact]
    public async Task The_sweep_purges_a_late_key_from_the_recycle_bin_too()
    {
        await using var s = await Scene.StartAsync(FaultKind.Slow);
        s.OnList = s.FaultsOff;
        var created = s.Once.CreateAccessKey(s.Upn, default, s.Log.Add);
        var late = s.WaitForLateKey(created.AccessKeyId);
        s.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Empty(s.Once.SweepAfterTimeouts(default, s.Log.Add));

        Assert.Equal([created.AccessKeyId], s.KeysOfUser());
        var userId = s.Ims.GetUserByPrincipalName(s.Upn, default).UserId;
        Assert.DoesNotContain(late, s.Ims.ListAccessKeysInRecycleBin(userId, s.Upn, default).Select(k => k.AccessKeyId));
        Assert.Equal(0, s.Emu.State.OrphanKeyCount);
    }

    [Fact]
    public async Task A_key_someone_else_creates_after_the_reconcile_window_is_not_taken_for_the_lost_calls()
    {
        await using var s = await Scene.StartAsync(FaultKind.DropAfterAct);

        // A minute after the lost call, while the list is read, another admin adds a key.
        var other = s.OnListAnotherAdminAddsAKey(TimeSpan.FromMinutes(1));

        var key = s.Once.CreateAccessKey(s.Upn, default, s.Log.Add);

        Assert.Equal(new[] { other(), key.AccessKeyId }.Order(), s.KeysOfUser().Order());
        Assert.Equal(0, s.Emu.Counters.OrphanKeys);
        Assert.DoesNotContain(s.Log, l => l.Contains($"deleted {other()}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_unexplained_keys_in_the_window_of_one_lost_call_are_both_kept_and_reported()
    {
        await using var s = await Scene.StartAsync(FaultKind.DropAfterAct);
        var other = s.OnListAnotherAdminAddsAKey(TimeSpan.FromSeconds(1));

        var ex = Assert.Throws<AliyunOutcomeUnknownException>(() => s.Once.CreateAccessKey(s.Upn, default, s.Log.Add));

        var keys = s.KeysOfUser();
        Assert.Equal(2, keys.Count);
        Assert.Contains(other(), keys);
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

        /// <summary>
        /// When the list is read: faults off, the clock moved on by <paramref name="after"/>, and
        /// another admin adds a key to the user. Returns a reader of that key's ID.
        /// </summary>
        public Func<string> OnListAnotherAdminAddsAKey(TimeSpan after)
        {
            string? other = null;
            OnList = () =>
            {
                FaultsOff();
                Clock.Advance(after);
                other = Emu.State.IssueCredentials(Upn).AccessKeyId;
            };
            return () => other ?? throw new InvalidOperationException("the list was never read");
        }

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
}
