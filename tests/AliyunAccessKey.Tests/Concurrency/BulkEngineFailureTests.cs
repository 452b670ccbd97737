using AliyunAccessKey.Concurrency;
using Xunit;
using static AliyunAccessKey.Tests.Concurrency.BulkEngineKit;

namespace AliyunAccessKey.Tests.Concurrency;

/// <summary>A failing unit is that unit's failure; a failing sink is the submitter's.</summary>
public class BulkEngineFailureTests
{
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
}
