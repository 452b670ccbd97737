using System.Diagnostics;
using AliyunAccessKey.Client;
using Xunit;

namespace AliyunAccessKey.Tests.Client;

/// <summary>
/// What the misbehaviour tests share (<see cref="MisbehaviourTests"/>, <see cref="MalformedAnswerTests"/>):
/// a client whose secret must never show, and timing checks.
/// </summary>
public abstract class MisbehaviourTestBase
{
    /// <summary>
    /// One xunit collection for all of them, so they run one after another as when they were one
    /// class: many time limits here are tight, and tests in parallel would eat into them.
    /// </summary>
    public const string Collection = "Loopback misbehaviour";

    private protected const string Secret = "misbehaviour-secret-DO-NOT-LEAK";

    // Timeout tests use the short one; the rest allow for a slow CI machine.
    private protected static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(300);
    private protected static readonly TimeSpan RoomyTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// True in the subclasses that run every test again on .NET Framework's path: no synchronous
    /// Send, and a response stream that ignores the token (<see cref="FrameworkLikeHandler"/>).
    /// </summary>
    private protected virtual bool FrameworkPath => false;

    private protected AcsClient Client(TimeSpan? timeout = null, int attempts = 1, string accessKeyId = "LTAI5tMisbehaviour", string? token = null)
    {
        var client = new AcsClient(
            new StaticCredentialSource(AcsCredential.FromPlainText(accessKeyId, Secret, token)),
            new AcsClientOptions { Timeout = timeout ?? RoomyTimeout, Retry = new RetryPolicy(1) { MaxAttempts = attempts } },
            FrameworkPath ? new FrameworkLikeHandler() : null);
        client.Sleep = static (_, _) => { };
        return client;
    }

    private protected static T Timed<T>(TimeSpan limit, Func<T> call, out TimeSpan elapsed)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            return call();
        }
        finally
        {
            elapsed = watch.Elapsed;
            Assert.True(elapsed < limit, $"the call took {elapsed.TotalMilliseconds:0} ms; it must end within {limit.TotalMilliseconds:0} ms");
        }
    }

    private protected static void NoSecretIn(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain(Secret, e.ToString(), StringComparison.Ordinal);
        }
    }
}
