using AliyunAccessKey.Client;
using AliyunAccessKey.Credentials;
using Xunit;

namespace AliyunAccessKey.Tests.Credentials;

public class RefreshingCredentialSourceTests
{
    private static readonly DateTime T0 = new(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);

    private sealed class Fetcher
    {
        public int Calls { get; private set; }

        public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

        /// <summary>The clock of both the fetcher and <see cref="Source"/>: only the test moves it.</summary>
        public DateTime Now { get; set; } = T0;

        public bool Fail { get; set; }

        public AcsCredential Fetch(CancellationToken ct)
        {
            Calls++;
            if (Fail)
            {
                throw new AliyunCredentialException("Down", "metadata down");
            }

            return AcsCredential.FromPlainText($"STS.{Calls}", "s", "t", Now + Lifetime);
        }

        public RefreshingCredentialSource Source() => new("test", Fetch) { UtcNow = () => Now };
    }

    /// <summary>A source that fetched its one-hour credential at T0; now its fetcher fails and the clock reads T0 + <paramref name="later"/>.</summary>
    private static RefreshingCredentialSource FetchedThenFailingAt(TimeSpan later, out Fetcher fetcher)
    {
        fetcher = new Fetcher();
        var source = fetcher.Source();
        source.GetCredential(default);
        fetcher.Fail = true;
        fetcher.Now = T0 + later;
        return source;
    }

    [Fact]
    public void Fetches_once_and_reuses_until_15_minutes_before_expiry()
    {
        var f = new Fetcher();
        var source = f.Source();

        Assert.Equal("STS.1", source.GetCredential(default).AccessKeyId);
        f.Now = T0.AddMinutes(44);
        Assert.Equal("STS.1", source.GetCredential(default).AccessKeyId);
        f.Now = T0.AddMinutes(45);
        Assert.Equal("STS.2", source.GetCredential(default).AccessKeyId);
        Assert.Equal(2, source.FetchCount);
    }

    [Fact]
    public void Short_lived_credentials_refresh_in_the_last_quarter_of_their_life()
    {
        var f = new Fetcher { Lifetime = TimeSpan.FromSeconds(900) };
        var source = f.Source();

        source.GetCredential(default);
        f.Now = T0.AddSeconds(674);
        Assert.Equal("STS.1", source.GetCredential(default).AccessKeyId);
        f.Now = T0.AddSeconds(675);
        Assert.Equal("STS.2", source.GetCredential(default).AccessKeyId);
    }

    [Fact]
    public void A_failed_early_refresh_keeps_the_still_valid_credential_and_retries_next_call()
    {
        var source = FetchedThenFailingAt(TimeSpan.FromMinutes(50), out var f);

        Assert.Equal("STS.1", source.GetCredential(default).AccessKeyId);
        f.Fail = false;
        Assert.Equal("STS.3", source.GetCredential(default).AccessKeyId);
    }

    [Fact]
    public void An_expired_credential_is_never_handed_out_when_refreshing_fails()
    {
        var source = FetchedThenFailingAt(TimeSpan.FromHours(2), out _);

        Assert.Throws<AliyunCredentialException>(() => source.GetCredential(default));
    }

    [Fact]
    public void Parallel_callers_share_one_fetch()
    {
        var calls = 0;
        var source = new RefreshingCredentialSource("test", _ =>
        {
            Interlocked.Increment(ref calls);
            Thread.Sleep(50);
            return AcsCredential.FromPlainText("STS.x", "s", "t", DateTime.UtcNow.AddHours(1));
        });

        Parallel.For(0, 16, _ => source.GetCredential(default));

        Assert.Equal(1, calls);
    }

    [Fact]
    public void A_permanent_key_is_fetched_once()
    {
        var calls = 0;
        var source = new RefreshingCredentialSource("test", _ => { calls++; return AcsCredential.FromPlainText("LTAI", "s"); });

        source.GetCredential(default);
        source.GetCredential(default);

        Assert.Equal(1, calls);
    }
}
