using System.Diagnostics;
using AliyunAccessKey.Concurrency;
using Xunit;

namespace AliyunAccessKey.Tests.Concurrency;

/// <summary>What the BulkEngine test classes share: the stop deadline, waiting helpers and a sink that records.</summary>
internal static class BulkEngineKit
{
    internal static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(500);

    // For runs that end normally: idle workers still need a time slice to exit, which a loaded machine may take long to give.
    internal static readonly TimeSpan RunDeadline = TimeSpan.FromSeconds(10);

    // Generous: the machine running the tests may be loaded; what matters is "about the deadline, not per worker".
    internal static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);

    internal static void WaitFor(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "timed out waiting");
            Thread.Sleep(5);
        }
    }

    internal static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    internal sealed class RecordingSink : IBulkSink<string>
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
