using System.Text;
using AliyunAccessKey.Client;
using Xunit;
using Xunit.Abstractions;
using static AliyunAccessKey.Tests.Client.RawAnswers;

namespace AliyunAccessKey.Tests.Client;

/// <summary>
/// A server that sends the headers and then stalls mid-body: the timeout and Ctrl+C must still end
/// the call. On .NET Framework the token is dropped once the headers are in and the response stream
/// ignores it (the subclass runs these on that path), so only the transport can stop the wait.
/// </summary>
[Collection(MisbehaviourTestBase.Collection)]
public class StalledBodyTests : MisbehaviourTestBase
{
    // Long enough that a call which waits for the body is plainly told from one that does not.
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(6);

    private static Func<Stream, CancellationToken, Task> HeadersThenStall(bool chunked) => async (stream, ct) =>
    {
        var body = Encoding.ASCII.GetBytes("""{"RequestId":"r","DefaultDomainName":"stalled.onaliyun.com"}""");
        if (chunked)
        {
            await stream.WriteAsync(Head(200, null, "application/json", "Transfer-Encoding: chunked"), ct);
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"5\r\n{Encoding.ASCII.GetString(body, 0, 5)}\r\n"), ct);
            await stream.FlushAsync(ct);
            await Task.Delay(Stall, ct);
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{body.Length - 5:x}\r\n{Encoding.ASCII.GetString(body, 5, body.Length - 5)}\r\n0\r\n\r\n"), ct);
        }
        else
        {
            await stream.WriteAsync(Head(200, body.Length), ct);
            await stream.WriteAsync(body.AsMemory(0, 5), ct);
            await stream.FlushAsync(ct);
            await Task.Delay(Stall, ct);
            await stream.WriteAsync(body.AsMemory(5), ct);
        }

        await stream.FlushAsync(ct);
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_body_that_stalls_after_the_headers_times_out_within_the_timeout(bool chunked)
    {
        using var server = new RawServer(HeadersThenStall(chunked));
        using var core = Client(ShortTimeout);

        var ex = Timed(TimeSpan.FromSeconds(2), () => Assert.Throws<AliyunTransportException>(() => new ImsClient(core, server.Endpoint).GetDefaultDomain(default)), out var elapsed);

        Assert.True(ex.IsTimeout);
        Assert.True(elapsed >= ShortTimeout - TimeSpan.FromMilliseconds(50), $"gave up after {elapsed.TotalMilliseconds:0} ms, before the timeout");
        Assert.Equal(FrameworkPath, !core.UsesSyncSend);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Cancellation_stops_a_call_whose_body_stalls_after_the_headers(bool chunked)
    {
        using var server = new RawServer(HeadersThenStall(chunked));
        using var core = Client(TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Timed(TimeSpan.FromSeconds(1.2), () => Assert.ThrowsAny<OperationCanceledException>(() => new ImsClient(core, server.Endpoint).GetDefaultDomain(cts.Token)), out _);
    }

    [Fact]
    public void A_body_that_stalls_briefly_within_the_timeout_is_still_read()
    {
        using var server = new RawServer(async (stream, ct) =>
        {
            var body = Encoding.ASCII.GetBytes("""{"RequestId":"r","DefaultDomainName":"late.onaliyun.com"}""");
            await stream.WriteAsync(Head(200, body.Length), ct);
            await stream.WriteAsync(body.AsMemory(0, 5), ct);
            await stream.FlushAsync(ct);
            await Task.Delay(300, ct);
            await stream.WriteAsync(body.AsMemory(5), ct);
            await stream.FlushAsync(ct);
        });
        using var core = Client();

        Assert.Equal("late.onaliyun.com", new ImsClient(core, server.Endpoint).GetDefaultDomain(default));
    }
}

/// <summary><see cref="StalledBodyTests"/> on .NET Framework's path.</summary>
[Collection(MisbehaviourTestBase.Collection)]
public sealed class StalledBodyOnTheFrameworkPathTests : StalledBodyTests
{
    private protected override bool FrameworkPath => true;
}

/// <summary>Every <see cref="MisbehaviourTests"/> case again on .NET Framework's path (SendAsync, a stream that ignores the token).</summary>
[Collection(MisbehaviourTestBase.Collection)]
public sealed class MisbehaviourOnTheFrameworkPathTests : MisbehaviourTests
{
    private protected override bool FrameworkPath => true;
}

/// <summary>Every <see cref="MalformedAnswerTests"/> case again on .NET Framework's path.</summary>
[Collection(MisbehaviourTestBase.Collection)]
public sealed class MalformedAnswerOnTheFrameworkPathTests(ITestOutputHelper output) : MalformedAnswerTests(output)
{
    private protected override bool FrameworkPath => true;
}
