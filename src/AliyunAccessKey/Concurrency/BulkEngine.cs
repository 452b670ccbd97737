using System.Collections.Concurrent;
using System.Diagnostics;

namespace AliyunAccessKey.Concurrency;

/// <summary>
/// Runs units of work for one command invocation with bounded concurrency and hands everything
/// they produce to one thread. With a concurrency of 1 a unit runs inline, on the submitting
/// thread, so results keep input order. Otherwise units run on worker threads; each posts
/// messages and, when it ends, a "finished" item to one results queue that only the submitting
/// thread takes from: it writes what is ready whenever it submits, and blocks on that queue when
/// too much is outstanding or when it waits for all. Nothing polls and no closure crosses threads
/// for output.
/// </summary>
/// <remarks>
/// Requests block their thread (the synchronous send is cheaper per request), so the workers are
/// threads of our own: the thread pool grows too slowly for many blocking requests, and a thread
/// per request costs more. Stopping gives all workers one deadline together; a worker that
/// outlives it (one that ignores cancellation) is left running, and nothing it can touch is
/// disposed under it.
/// </remarks>
/// <typeparam name="TMessage">What units post.</typeparam>
internal sealed class BulkEngine<TMessage> : IDisposable
{
    private readonly IBulkSink<TMessage> _sink;
    private readonly CancellationTokenSource _cancel;

    // Taken once: a worker that outlives Stop must never have to ask a source that may be disposed by then.
    private readonly CancellationToken _token;
    private readonly TimeSpan _stopDeadline;
    private readonly IUnitOutput<TMessage> _output;
    private readonly BlockingCollection<Unit>? _work;
    private readonly BlockingCollection<Item>? _results;
    private readonly List<Thread> _workers = [];

    // Units submitted whose "finished" item the submitting thread has not taken yet; only that thread touches it.
    private int _outstanding;
    private long _stopBy = -1;
    private bool _released;
    private Exception? _deliveryFault;

    /// <param name="concurrency">How many units may run at once; 1 (or less) runs each inline.</param>
    /// <param name="sink">Receives messages, failures and completions on the submitting thread.</param>
    /// <param name="cancel">Cancelled by the owner to stop (Ctrl+C) and by <see cref="Stop"/>; the units get its token. The owner disposes it, and only when <see cref="Stop"/> returned true.</param>
    /// <param name="stopDeadline">How long <see cref="Stop"/> waits for all workers together.</param>
    internal BulkEngine(int concurrency, IBulkSink<TMessage> sink, CancellationTokenSource cancel, TimeSpan stopDeadline)
    {
        Concurrency = Math.Max(1, concurrency);
        _sink = sink;
        _cancel = cancel;
        _token = cancel.Token;
        _stopDeadline = stopDeadline;
        if (Concurrency == 1)
        {
            _output = new InlineOutput(this);
            return;
        }

        _work = new BlockingCollection<Unit>(new ConcurrentQueue<Unit>());
        _results = new BlockingCollection<Item>(new ConcurrentQueue<Item>());
        _output = new QueuedOutput(_results);
    }

    /// <summary>How many units may run at once.</summary>
    internal int Concurrency { get; }

    /// <summary>
    /// How many units may be outstanding before Submit blocks: one running per worker and one
    /// waiting per worker, so a worker that finishes never idles while the submitting thread is
    /// busy elsewhere (writing output downstream, another command's work).
    /// </summary>
    internal int MaxOutstanding => Concurrency * 2;

    /// <summary>Worker threads still alive (for tests: a worker that outlived Stop ends later).</summary>
    internal int LiveWorkers => _workers.Count(static w => w.IsAlive);

    /// <summary>
    /// Runs <paramref name="work"/> for one input: inline when the concurrency is 1, otherwise on a
    /// worker. First writes what is ready; while too much is outstanding, blocks and writes what
    /// finishes meanwhile.
    /// </summary>
    /// <param name="state">Passed back with the unit's failure and completion (the input, for errors and progress).</param>
    /// <param name="work">The unit: posts its results to the output it is given, and should honour the token.</param>
    /// <exception cref="OperationCanceledException">Stopping: the unit was not started.</exception>
    internal void Submit(object? state, Action<IUnitOutput<TMessage>, CancellationToken> work)
    {
        _token.ThrowIfCancellationRequested();
        if (_work is null)
        {
            RunInline(state, work);
            return;
        }

        if (_stopBy >= 0)
        {
            throw new InvalidOperationException("The engine has been stopped.");
        }

        DeliverReady();
        while (_outstanding >= MaxOutstanding)
        {
            DeliverNext();
        }

        _outstanding++;
        if (_workers.Count < Math.Min(Concurrency, _outstanding))
        {
            // No more threads than units ever outstanding: three inputs never start 64 threads.
            var worker = new Thread(WorkerLoop) { IsBackground = true, Name = "AliyunAccessKey worker" };
            _workers.Add(worker);
            worker.Start();
        }

        _work.Add(new Unit(state, work));
    }

    /// <summary>Blocks until every submitted unit has finished, writing everything they produce.</summary>
    /// <exception cref="OperationCanceledException">Stopping.</exception>
    internal void WaitForAll()
    {
        while (_outstanding > 0)
        {
            DeliverNext();
        }
    }

    /// <summary>
    /// Stops the workers: units not started never start, units running are cancelled (when any
    /// are outstanding), and all workers together get the stop deadline to end. Safe to call
    /// again; later calls wait only for what is left of the same deadline.
    /// </summary>
    /// <returns>True when every worker has ended; false when one is still running (then nothing it touches was disposed).</returns>
    internal bool Stop()
    {
        if (_work is null || _released)
        {
            return true;
        }

        if (_stopBy < 0)
        {
            _stopBy = Stopwatch.GetTimestamp() + (long)(_stopDeadline.TotalSeconds * Stopwatch.Frequency);
            if (_outstanding > 0)
            {
                _cancel.Cancel();
            }

            _work.CompleteAdding();
        }

        var allEnded = true;
        foreach (var worker in _workers)
        {
            // One deadline for all together: once it has passed, the rest are only checked.
            var left = TimeSpan.FromSeconds(Math.Max(0, _stopBy - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
            allEnded &= worker.Join(left);
        }

        if (!allEnded)
        {
            return false;
        }

        // Every worker has ended: nothing can touch the queues any more.
        _released = true;
        _work.Dispose();
        _results!.Dispose();
        return true;
    }

    /// <summary>Same as <see cref="Stop"/>.</summary>
    public void Dispose() => Stop();

    private void RunInline(object? state, Action<IUnitOutput<TMessage>, CancellationToken> work)
    {
        _deliveryFault = null;
        try
        {
            work(_output, _token);
        }
        catch (Exception ex) when (ReferenceEquals(ex, _deliveryFault))
        {
            // Thrown by the sink (the pipeline is stopping, -ErrorAction Stop downstream): not
            // this unit's failure, and the same as a queued unit's delivery would do.
            _deliveryFault = null;
            throw;
        }
        catch (OperationCanceledException) when (_token.IsCancellationRequested)
        {
            // Stopping: nothing more to report for this unit.
        }
        catch (Exception ex)
        {
            _sink.Failed(state, ex);
        }

        _sink.Completed(state);
    }

    private void WorkerLoop()
    {
        try
        {
            while (_work!.TryTake(out var unit, Timeout.Infinite, _token))
            {
                if (_token.IsCancellationRequested)
                {
                    // Taken just as the stop came: it never started, so it never runs.
                    return;
                }

                Exception? error = null;
                try
                {
                    unit.Work(_output, _token);
                }
                catch (OperationCanceledException) when (_token.IsCancellationRequested)
                {
                    // Stopping: nothing more to report for this unit.
                }
                catch (Exception ex)
                {
                    // On this thread nothing else would ever see it: it becomes the unit's failure.
                    error = ex;
                }

                // The queue is never completed or disposed while a worker lives, so this cannot throw.
                _results!.Add(Item.Finished(unit.State, error));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: units still queued never started, so nothing of theirs exists.
        }
    }

    /// <summary>Writes everything already finished, without blocking.</summary>
    private void DeliverReady()
    {
        while (_results!.TryTake(out var item))
        {
            Deliver(item);
        }
    }

    /// <summary>Blocks for the next item and writes it.</summary>
    private void DeliverNext() => Deliver(_results!.Take(_token));

    private void Deliver(Item item)
    {
        if (!item.IsFinished)
        {
            _sink.Deliver(item.Message);
            return;
        }

        // Counted before the sink runs: if the sink throws, the count is still right.
        _outstanding--;
        if (item.Error is not null)
        {
            _sink.Failed(item.State, item.Error);
        }

        _sink.Completed(item.State);
    }

    private readonly struct Unit(object? state, Action<IUnitOutput<TMessage>, CancellationToken> work)
    {
        internal object? State { get; } = state;

        internal Action<IUnitOutput<TMessage>, CancellationToken> Work { get; } = work;
    }

    /// <summary>A message of a unit, or the end of a unit (with its failure, if any).</summary>
    private readonly struct Item
    {
        private Item(bool finished, TMessage message, object? state, Exception? error)
        {
            IsFinished = finished;
            Message = message;
            State = state;
            Error = error;
        }

        internal bool IsFinished { get; }

        internal TMessage Message { get; }

        internal object? State { get; }

        internal Exception? Error { get; }

        internal static Item Of(TMessage message) => new(false, message, null, null);

        internal static Item Finished(object? state, Exception? error) => new(true, default!, state, error);
    }

    /// <summary>Delivers at once: the unit runs on the submitting thread.</summary>
    private sealed class InlineOutput(BulkEngine<TMessage> engine) : IUnitOutput<TMessage>
    {
        public void Post(TMessage message)
        {
            try
            {
                engine._sink.Deliver(message);
            }
            catch (Exception ex)
            {
                // Remembered so the unit's own catch-all does not mistake it for the unit failing.
                engine._deliveryFault = ex;
                throw;
            }
        }
    }

    /// <summary>Queues for the submitting thread: the unit runs on a worker.</summary>
    private sealed class QueuedOutput(BlockingCollection<Item> results) : IUnitOutput<TMessage>
    {
        public void Post(TMessage message) => results.Add(Item.Of(message));
    }
}
