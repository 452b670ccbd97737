using System.Diagnostics;
using AliyunAccessKey.Concurrency;
using Xunit;

namespace AliyunAccessKey.Tests.Concurrency;

public class BulkEngineTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(500);

    // Generous: the machine running the tests may be loaded; what matters is "about the deadline, not per worker".
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);

    [Fact]
    public void Concurrency_1_runs_each_unit_inline_in_input_order()
    {
        var sink = new RecordingSink();
        using var cancel = new CancellationTokenSource();
        using var engine = new BulkEngine<string>(1, sink, cancel, Deadline);
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
        using var engine = new BulkEngine<string>(4, sink, cancel, Deadline);
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
        using var engine = new BulkEngine<string>(Concurrency, sink, cancel, Deadline);
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
    public void A_unit_that_throws_becomes_that_units_failure_and_the_others_go_on()
    {
        foreach (var concurrency in new[] { 1, 4 })
        {
            var sink = new RecordingSink();
            using var cancel = new CancellationTokenSource();
            using var engine = new BulkEngine<string>(concurrency, sink, cancel, Deadline);

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
        using var engine = new BulkEngine<string>(2, sink, cancel, Deadline);

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
            using var engine = new BulkEngine<string>(concurrency, sink, cancel, Deadline);

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

    [Fact]
    public void Stop_cancels_running_units_never_starts_waiting_ones_and_returns_within_the_deadline()
    {
        var sink = new RecordingSink();
        using var cancel = new CancellationTokenSource();
        var engine = new BulkEngine<string>(2, sink, cancel, Deadline);
        var started = new System.Collections.Concurrent.ConcurrentBag<int>();
        var sawCancellation = new System.Collections.Concurrent.ConcurrentBag<int>();

        for (var i = 0; i < engine.MaxOutstanding; i++)
        {
            var n = i;
            engine.Submit(n, (_, ct) =>
            {
                started.Add(n);
                ct.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
                sawCancellation.Add(n);
                ct.ThrowIfCancellationRequested();
            });
        }

        WaitFor(() => started.Count == 2);
        var watch = Stopwatch.StartNew();
        Assert.True(engine.Stop());
        watch.Stop();

        Assert.True(watch.Elapsed < Deadline + Slack, $"Stop took {watch.Elapsed}");
        Assert.True(cancel.IsCancellationRequested, "units were outstanding, so Stop cancels them");
        Thread.Sleep(100);
        Assert.Equal(2, started.Count);
        Assert.Equal(started.OrderBy(n => n), sawCancellation.OrderBy(n => n));
        Assert.Equal(0, engine.LiveWorkers);
        Assert.Empty(sink.Failures);
        Assert.Throws<OperationCanceledException>(() => engine.Submit(99, (_, _) => started.Add(99)));
        Assert.DoesNotContain(99, started);
    }

    [Fact]
    public void The_submitter_blocked_for_room_leaves_when_stopped()
    {
        var sink = new RecordingSink();
        using var cancel = new CancellationTokenSource();
        using var engine = new BulkEngine<string>(2, sink, cancel, Deadline);
        Exception? caught = null;
        var submitter = new Thread(() =>
        {
            try
            {
                for (var i = 0; i < 10; i++)
                {
                    engine.Submit(i, (_, ct) => ct.WaitHandle.WaitOne());
                }
            }
            catch (OperationCanceledException ex)
            {
                caught = ex;
            }
        });
        submitter.Start();
        Thread.Sleep(200);

        cancel.Cancel(); // Ctrl+C: StopProcessing cancels while ProcessRecord is blocked in Submit

        Assert.True(submitter.Join(TimeSpan.FromSeconds(5)));
        Assert.IsType<OperationCanceledException>(caught);
    }

    [Fact]
    public void Units_that_ignore_cancellation_delay_stop_only_to_one_deadline_and_find_nothing_disposed_later()
    {
        const int Hung = 4;
        var sink = new RecordingSink();
        var cancel = new CancellationTokenSource();
        var engine = new BulkEngine<string>(Hung + 2, sink, cancel, Deadline);
        using var gate = new ManualResetEventSlim(false);
        var entered = 0;
        var ranToTheEnd = 0;
        var faults = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        var honouring = 0;

        for (var i = 0; i < Hung; i++)
        {
            engine.Submit($"hung {i}", (output, ct) =>
            {
                Interlocked.Increment(ref entered);
                gate.Wait(CancellationToken.None); // ignores the token, like a connect that cannot be cancelled
                try
                {
                    // Carries on after the stop: posts, and looks at the token, as a request would.
                    output.Post("late");
                    _ = ct.WaitHandle.WaitOne(0);
                    Interlocked.Increment(ref ranToTheEnd);
                    ct.ThrowIfCancellationRequested();
                }
                catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException)
                {
                    faults.Add(ex);
                }
            });
        }

        for (var i = 0; i < 2; i++)
        {
            engine.Submit(i, (_, ct) =>
            {
                Interlocked.Increment(ref honouring);
                ct.WaitHandle.WaitOne();
            });
        }

        WaitFor(() => Volatile.Read(ref entered) == Hung && Volatile.Read(ref honouring) == 2);
        var watch = Stopwatch.StartNew();
        var ended = engine.Stop();
        watch.Stop();

        Assert.False(ended, "the hung workers are still running");
        Assert.True(watch.Elapsed >= Deadline - TimeSpan.FromMilliseconds(50), $"Stop returned after {watch.Elapsed}, before the deadline");

        // One deadline for all of them, not one each (that would be 4 x 500 ms).
        Assert.True(watch.Elapsed < Deadline + TimeSpan.FromMilliseconds(900), $"Stop took {watch.Elapsed}");
        Assert.Equal(Hung, engine.LiveWorkers);

        // A second Stop (Dispose after the cmdlet's own clean-up) waits for nothing more.
        watch.Restart();
        Assert.False(engine.Stop());
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(200), $"second Stop took {watch.Elapsed}");

        // The owner keeps the token source alive, as AliyunCmdlet does when Stop returns false. A
        // worker that found something disposed would throw on its own thread and end this process.
        gate.Set();
        WaitFor(() => engine.LiveWorkers == 0);
        Assert.Empty(faults);
        Assert.Equal(Hung, Volatile.Read(ref ranToTheEnd));
        Assert.DoesNotContain("late", sink.Events);

        // Now every worker has ended: Stop releases the queues, and the owner may dispose the source.
        Assert.True(engine.Stop());
        cancel.Dispose();
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    [Fact]
    public void Stop_without_work_and_inline_engines_have_nothing_to_wait_for()
    {
        using var cancel = new CancellationTokenSource();
        using var queued = new BulkEngine<string>(8, new RecordingSink(), cancel, Deadline);
        using var inline = new BulkEngine<string>(1, new RecordingSink(), cancel, Deadline);

        Assert.True(queued.Stop());
        Assert.True(inline.Stop());
        Assert.Equal(0, queued.LiveWorkers);
        Assert.False(cancel.IsCancellationRequested);
    }

    [Fact]
    public void Threads_start_only_as_units_arrive()
    {
        var sink = new RecordingSink();
        using var cancel = new CancellationTokenSource();
        using var engine = new BulkEngine<string>(64, sink, cancel, Deadline);
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

    private static void WaitFor(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "timed out waiting");
            Thread.Sleep(5);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private sealed class RecordingSink : IBulkSink<string>
    {
        private readonly object _lock = new();
        private readonly List<string> _events = [];
        private readonly List<int> _threads = [];
        private readonly List<(object? State, Exception Error)> _failures = [];

        public Action<string>? OnDeliver { get; set; }

        public List<string> Events => Snapshot(() => _events.ToList());

        public List<int> Threads => Snapshot(() => _threads.ToList());

        public List<(object? State, Exception Error)> Failures => Snapshot(() => _failures.ToList());

        public T Snapshot<T>(Func<T> read)
        {
            lock (_lock)
            {
                return read();
            }
        }

        public void Deliver(string message)
        {
            lock (_lock)
            {
                _threads.Add(Environment.CurrentManagedThreadId);
                OnDeliver?.Invoke(message);
                _events.Add(message);
            }
        }

        public void Failed(object? state, Exception error)
        {
            lock (_lock)
            {
                _threads.Add(Environment.CurrentManagedThreadId);
                _failures.Add((state, error));
            }
        }

        public void Completed(object? state)
        {
            lock (_lock)
            {
                _threads.Add(Environment.CurrentManagedThreadId);
                _events.Add($"done {state}");
            }
        }
    }
}
