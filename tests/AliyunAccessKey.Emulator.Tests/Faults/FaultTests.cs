using System.Diagnostics;
using AliyunAccessKey.Emulator.Faults;

namespace AliyunAccessKey.Emulator.Tests.Faults;

public class FaultTests
{
    private static async Task<List<int>> StatusSequenceAsync(Emu emu, int count)
    {
        var statuses = new List<int>();
        for (var i = 0; i < count; i++)
        {
            statuses.Add((await emu.Client.ImsAsync("GetDefaultDomain")).Status);
        }

        return statuses;
    }

    [Fact]
    public async Task The_same_seed_replays_the_same_faults()
    {
        var knobs = new EmulatorKnobs { FaultRate = 0.4, FaultSeed = 42, FaultKinds = [FaultKind.ServiceUnavailable, FaultKind.InternalError] };
        await using var emu = await Emu.StartAsync(o => o.Knobs = knobs);
        var first = await StatusSequenceAsync(emu, 40);
        var firstLog = emu.Server.FaultLog.Select(f => (f.Ordinal, f.Kind)).ToList();

        emu.Server.Knobs = knobs;
        emu.Server.ResetCounters();
        var second = await StatusSequenceAsync(emu, 40);
        Assert.Equal(first, second);
        Assert.Equal(firstLog, emu.Server.FaultLog.Select(f => (f.Ordinal, f.Kind)).ToList());
        Assert.Contains(503, first);
        Assert.Contains(500, first);
        Assert.Contains(200, first);

        // The sequence is the pure function of seed and ordinal.
        var expected = Enumerable.Range(0, 40)
            .Select(n => FaultInjector.DecideAt(42, n, 0.4, knobs.FaultKinds) switch
            {
                FaultKind.ServiceUnavailable => 503,
                FaultKind.InternalError => 500,
                _ => 200,
            });
        Assert.Equal(expected, first);

        emu.Server.Knobs = knobs with { FaultSeed = 7 };
        Assert.NotEqual(first, await StatusSequenceAsync(emu, 40));
    }

    [Fact]
    public async Task Fault_503_and_500_answer_before_acting()
    {
        await using var emu = await Emu.StartAsync();
        emu.Server.Knobs = new EmulatorKnobs { FaultRate = 1, FaultKinds = [FaultKind.ServiceUnavailable] };
        var unavailable = await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = emu.Upn("a"), DisplayName = "A" });
        Assert.Equal((503, "ServiceUnavailable"), (unavailable.Status, unavailable.Code));

        emu.Server.Knobs = new EmulatorKnobs { FaultRate = 1, FaultKinds = [FaultKind.InternalError] };
        var internalError = await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = emu.Upn("a"), DisplayName = "A" });
        Assert.Equal((500, "InternalError"), (internalError.Status, internalError.Code));
        Assert.Equal(0, emu.State.UserCount);
        Assert.Equal(1, emu.Server.Counters.Faults["503"]);
        Assert.Equal(1, emu.Server.Counters.Faults["500"]);
    }

    [Fact]
    public async Task Fault_reset_aborts_the_connection_before_acting()
    {
        await using var emu = await Emu.StartAsync(o => o.Knobs = new EmulatorKnobs { FaultRate = 1, FaultKinds = [FaultKind.Reset] });
        await Assert.ThrowsAsync<HttpRequestException>(() => emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = emu.Upn("a"), DisplayName = "A" }));
        Assert.Equal(0, emu.State.UserCount);
        Assert.Equal(1, emu.Server.Counters.Faults["reset"]);

        // The next connection works.
        emu.Server.Knobs = new EmulatorKnobs();
        Assert.Equal(200, (await emu.Client.ImsAsync("GetDefaultDomain")).Status);
    }

    [Fact]
    public async Task Fault_drop_after_act_makes_the_change_and_orphans_a_created_key()
    {
        await using var emu = await Emu.StartAsync();
        emu.State.IssueCredentials(emu.Upn("victim"));
        emu.Server.Knobs = new EmulatorKnobs { FaultRate = 1, FaultKinds = [FaultKind.DropAfterAct], FaultActions = ["CreateAccessKey"] };

        // Other actions are not eligible.
        Assert.Equal(200, (await emu.Client.ImsAsync("GetDefaultDomain")).Status);

        await Assert.ThrowsAsync<HttpRequestException>(() => emu.Client.ImsAsync("CreateAccessKey", parameters: new { UserPrincipalName = emu.Upn("victim") }));
        var user = emu.State.FindUser(emu.Upn("victim"))!;
        Assert.Equal(2, user.AccessKeyIds.Count);
        Assert.Equal(1, emu.State.OrphanKeyCount);
        Assert.Equal(1, emu.Server.Counters.OrphanKeys);
        var orphan = user.AccessKeyIds.Single(id => emu.State.FindAccessKey(id)!.IsOrphan);

        emu.Server.Knobs = new EmulatorKnobs();
        await emu.Client.ImsAsync("DeleteAccessKey", parameters: new { UserPrincipalName = emu.Upn("victim"), UserAccessKeyId = orphan });

        // Deleted, but restorable from the user's recycle bin: still an orphan until purged there.
        Assert.Equal(1, emu.Server.Counters.OrphanKeys);
        var userId = (await emu.Client.ImsAsync("GetUser", parameters: new { UserPrincipalName = emu.Upn("victim") })).Str("User", "UserId");
        await emu.Client.ImsAsync("DeleteAccessKeyInRecycleBin", parameters: new { UserId = userId, UserAccessKeyId = orphan });
        Assert.Equal(0, emu.Server.Counters.OrphanKeys);
    }

    [Fact]
    public async Task Fault_slow_answers_late()
    {
        await using var emu = await Emu.StartAsync(o => o.Knobs = new EmulatorKnobs { FaultRate = 1, FaultKinds = [FaultKind.Slow], SlowMs = 300 });
        var watch = Stopwatch.StartNew();
        var r = await emu.Client.ImsAsync("GetDefaultDomain");
        Assert.Equal(200, r.Status);
        Assert.True(watch.ElapsedMilliseconds >= 290, $"answered after {watch.ElapsedMilliseconds} ms");
        Assert.Equal(1, emu.Server.Counters.Faults["slow"]);
    }

    [Fact]
    public async Task Fault_slow_with_a_client_that_gives_up_orphans_the_key()
    {
        await using var emu = await Emu.StartAsync(o => o.Knobs = new EmulatorKnobs { FaultRate = 1, FaultKinds = [FaultKind.Slow], SlowMs = 2000 });
        using var request = emu.Client.Build(ApiClient.Ims, "CreateAccessKey", [], Cred.Root, Scheme.V3, new Tweaks());
        using var giveUp = new CancellationTokenSource();
        var call = emu.Client.Http.SendAsync(request, giveUp.Token);

        // Give up once the emulator has the request and is being slow: a fixed client timeout raced
        // the request's arrival on a loaded machine, and then no key was created at all.
        for (var i = 0; i < 200 && emu.Server.FaultLog.Count == 0; i++)
        {
            await Task.Delay(25);
        }

        Assert.Single(emu.Server.FaultLog);
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => call);

        // The server finishes the slow request on its own time; wait for it (bounded).
        for (var i = 0; i < 100 && emu.State.OrphanKeyCount == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(2, emu.State.AccessKeyCount);
        Assert.Equal(1, emu.State.OrphanKeyCount);
    }

    [Fact]
    public void Fault_rate_is_honoured_over_many_ordinals()
    {
        var hits = Enumerable.Range(0, 10_000).Count(n => FaultInjector.DecideAt(123, n, 0.1, FaultKinds.All) is not null);
        Assert.InRange(hits, 900, 1100);
        Assert.Equal(5, Enumerable.Range(0, 10_000).Select(n => FaultInjector.DecideAt(9, n, 1, FaultKinds.All)).Distinct().Count());
    }
}
