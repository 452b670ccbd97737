using AliyunAccessKey.Concurrency;
using Xunit;
using static AliyunAccessKey.Tests.Concurrency.BulkEngineKit;

namespace AliyunAccessKey.Tests.Concurrency;

/// <summary>
/// How units run: where, how many at once, that only the submitting thread writes results, and
/// that a failing unit is that unit's failure while a failing sink is the submitter's.
/// </summary>
public class BulkEngineRunTests
{
    [Fact]
    public void Concurrency_1_runs_each_unit_inline_in_input_order()
    {
        var sink = new RecordingSink();
        using var cancel = new CancellationTokenSource();
        using var engine = new BulkEngine<string>(1, sink, cancel, RunDeadline);
        var caller = Environment.CurrentManagedThreadId;
        var threads = new List<int>();

        for (var i = 0; i < 4; i++)
        {
            var n = i;
            engine.Submit(n, (output, _) =>
            {
                threads.Add(Environment.CurrentManagedThreadId);
                output.Post($"{n}a");
                output.Post($"{n}b");
            });

            // Inline: the unit has run and been written before Submit returns.
            Assert.Equal($"done {n}", sink.Events[^1]);
        }

        engine.WaitForAll();
        Assert.Equal(
            ["0a", "0b", "done 0", "1a", "1b", "done 1", "2a", "2b", "done 2", "3a", "3b", "done 3"],
            sink.Events);
        Assert.All(threads, t => Assert.Equal(caller, t));
        Assert.All(sink.Threads, t => Assert.Equal(caller, t));
        Assert.True(engine.Stop());
    }

    [Fact]
    public void Units_run_on_workers_and_only_the_submitting_thread_writes_their_results()
    {
        var sink = new RecordingSink();
        using var cancel = new CancellationTokenSource();
        using var engine = new BulkEngine<string>(4, sink, cancel, RunDeadline);
        var caller = Environment.CurrentManagedThreadId;
        var unitThreads = new System.Collections.Concurrent.ConcurrentBag<int>();

        for (var i = 0; i < 50; i++)
        {
            var n = i;
            engine.Submit(n, (output, _) =>
            {
                unitThreads.Add(Environment.CurrentManagedThreadId);
                output.Post($"{n}a");
                Thread.Sleep(1);
                output.Post($"{n}b");
            });
        }

        engine.WaitForAll();

        Assert.DoesNotContain(caller, unitThreads);
        Assert.True(unitThreads.Distinct().Count() <= 4);
        Assert.All(sink.Threads, t => Assert.Equal(caller, t));
        for (var n = 0; n < 50; n++)
        {
            // Each unit's messages arrive in its own order, and before its completion.
            var a = sink.Events.IndexOf($"{n}a");
            var b = sink.Events.IndexOf($"{n}b");
            var done = sink.Events.IndexOf($"done {n}");
            Assert.True(a >= 0 && a < b && b < done, $"unit {n}: {a} {b} {done}");
        }

        Assert.Equal(150, sink.Events.Count);
        Assert.False(cancel.IsCancellationRequested);
        Assert.True(engine.Stop());
        Assert.False(cancel.IsCancellationRequested, "a stop after everything finished cancels nothing");
    }

    [Fact]
    public void No_more_than_the_concurrency_run_and_the_submitter_blocks_while_writing_finished_results()
    {
        const int Concurrency = 3;
        const int Units = 20;
        var sink = new RecordingSink();
        using var cancel = new CancellationTokenSource();
        using var engine = new BulkEngine<string>(Concurrency, sink, cancel, RunDeadline);
        using var permits = new SemaphoreSlim(0);
        var running = 0;
        var maxRunning = 0;
        var submitted = 0;
        var submitting = -1;
        var deliveredWhileBlocked = new List<int>();
        sink.OnDeliver = _ => deliveredWhileBlocked.Add(Volatile.Read(ref submitting));

        var submitter = new Thread(() =>
        {
            for (var i = 0; i < Units; i++)
            {
                var n = i;
                Volatile.Write(ref submitting, n);
                engine.Submit(n, (output, ct) =>
                {
                    var now = Interlocked.Increment(ref running);
                    InterlockedMax(ref maxRunning, now);
                    permits.Wait(ct);
                    Interlocked.Decrement(ref running);
                    output.Post($"{n}");
                });
                Volatile.Write(ref submitting, -1);
                Interlocked.Increment(ref submitted);
            }

            engine.WaitForAll();
        });
        submitter.Start();

        // Three run, three wait for a worker, and the seventh Submit blocks.
        WaitFor(() => Volatile.Read(ref running) == Concurrency && Volatile.Read(ref submitted) == engine.MaxOutstanding);
        Thread.Sleep(200);
        Assert.Equal(Concurrency, Volatile.Read(ref running));
        Assert.Equal(engine.MaxOutstanding, Volatile.Read(ref submitted));
        Assert.Equal(engine.MaxOutstanding, Volatile.Read(ref submitting));

        // One finishes: the blocked Submit writes its result, then takes the freed slot.
        permits.Release();
        WaitFor(() => Volatile.Read(ref submitted) == engine.MaxOutstanding + 1);
        Assert.Equal([engine.MaxOutstanding], sink.Snapshot(() => deliveredWhileBlocked.ToList()));

        permits.Release(Units);
        Assert.True(submitter.Join(TimeSpan.FromSeconds(10)));
        Assert.Equal(Units, sink.Events.Count(e => e.StartsWith("done ", StringComparison.Ordinal)));
        Assert.InRange(maxRunning, 1, Concurrency);
        Assert.Empty(sink.Failures);
    }

    [Fact]
    public void Threads_start_only_as_units_arrive()
    {
        var sink = new RecordingSink();
        using var cancel = new CancellationTokenSource();
        using var engine = new BulkEngine<string>(64, sink, cancel, RunDeadline);
        using var gate = new ManualResetEventSlim(false);

        for (var i = 0; i < 3; i++)
        {
            engine.Submit(i, (_, ct) => gate.Wait(ct));
        }

        Assert.Equal(3, engine.LiveWorkers);
        gate.Set();
        engine.WaitForAll();
        Assert.True(engine.Stop());
    }

    [Fact]
    public void A_unit_that_throws_becomes_that_units_failure_and_the_others_go_on()
    {
        foreach (var concurrency in new[] { 1, 4 })
        {
            var sink = new RecordingSink();
            using var cancel = new CancellationTokenSource();
            using var engine = new BulkEngine<string>(concurrency, sink, cancel, RunDeadline);

            for (var i = 0; i < 10; i++)
            {
                var n = i;
                engine.Submit(n, (output, _) =>
                {
                    output.Post($"{n}");
                    if (n == 3)
                    {
                        throw new InvalidOperationException("unit 3 broke");
                    }
                });
            }

            engine.WaitForAll();

            var failure = Assert.Single(sink.Failures);
            Assert.Equal(3, failure.State);
            Assert.Equal("unit 3 broke", failure.Error.Message);
            Assert.Equal(10, sink.Events.Count(e => e.StartsWith("done ", StringComparison.Ordinal)));
            Assert.Equal(10, sink.Events.Count(e => !e.StartsWith("done ", StringComparison.Ordinal)));
            Assert.True(sink.Events.IndexOf("3") < sink.Events.IndexOf("done 3"));
            Assert.True(engine.Stop());
        }
    }

    [Fact]
    public void A_cancellation_for_a_unit_of_its_own_is_its_failure_not_a_stop()
    {
        var sink = new RecordingSink();
        using var cancel = new CancellationTokenSource();
        using var engine = new BulkEngine<string>(2, sink, cancel, RunDeadline);

        engine.Submit("a", (_, _) => throw new OperationCanceledException("a timeout of its own"));
        engine.Submit("b", (output, _) => output.Post("b"));
        engine.WaitForAll();

        Assert.Equal("a", Assert.Single(sink.Failures).State);
        Assert.Contains("b", sink.Events);
    }

    [Fact]
    public void What_the_sink_throws_propagates_to_the_submitter_and_is_no_units_failure()
    {
        foreach (var concurrency in new[] { 1, 3 })
        {
            var sink = new RecordingSink
            {
                OnDeliver = m =>
                {
                    if (m == "boom")
                    {
                        throw new InvalidTimeZoneException("downstream stopped");
                    }
                },
            };
            using var cancel = new CancellationTokenSource();
            using var engine = new BulkEngine<string>(concurrency, sink, cancel, RunDeadline);

            var thrown = Assert.Throws<InvalidTimeZoneException>(() =>
            {
                engine.Submit(0, (output, _) => output.Post("boom"));
                engine.WaitForAll();
            });

            Assert.Equal("downstream stopped", thrown.Message);
            Assert.Empty(sink.Failures);

            // The engine is still consistent: more work runs and WaitForAll returns.
            engine.Submit(1, (output, _) => output.Post("after"));
            engine.WaitForAll();
            Assert.Contains("after", sink.Events);
            Assert.Contains("done 1", sink.Events);
            Assert.True(engine.Stop());
        }
    }
}
