using System.Diagnostics;
using AliyunAccessKey.Concurrency;
using Xunit;
using static AliyunAccessKey.Tests.Concurrency.BulkEngineKit;

namespace AliyunAccessKey.Tests.Concurrency;

/// <summary>Stop: cancel running units, start no more, return within one deadline.</summary>
public class BulkEngineStopTests
{
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
}
