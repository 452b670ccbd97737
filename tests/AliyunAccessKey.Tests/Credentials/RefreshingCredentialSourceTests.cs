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

        public Func<DateTime> Now { get; set; } = () => T0;

        public bool Fail { get; set; }

        public AcsCredential Fetch(CancellationToken ct)
        {
            Calls++;
            if (Fail)
            {
                throw new AliyunCredentialException("Down", "metadata down");
            }

            return AcsCredential.FromPlainText($"STS.{Calls}", "s", "t", Now() + Lifetime);
        }
    }

    [Fact]
    public void Fetches_once_and_reuses_until_15_minutes_before_expiry()
    {
        var now = T0;
        var f = new Fetcher { Now = () => now };
        var source = new RefreshingCredentialSource("test", f.Fetch) { UtcNow = () => now };

        Assert.Equal("STS.1", source.GetCredential(default).AccessKeyId);
        now = T0.AddMinutes(44);
        Assert.Equal("STS.1", source.GetCredential(default).AccessKeyId);
        now = T0.AddMinutes(45);
        Assert.Equal("STS.2", source.GetCredential(default).AccessKeyId);
        Assert.Equal(2, source.FetchCount);
    }

    [Fact]
    public void Short_lived_credentials_refresh_in_the_last_quarter_of_their_life()
    {
        var now = T0;
        var f = new Fetcher { Now = () => now, Lifetime = TimeSpan.FromSeconds(900) };
        var source = new RefreshingCredentialSource("test", f.Fetch) { UtcNow = () => now };

        source.GetCredential(default);
        now = T0.AddSeconds(674);
        Assert.Equal("STS.1", source.GetCredential(default).AccessKeyId);
        now = T0.AddSeconds(675);
        Assert.Equal("STS.2", source.GetCredential(default).AccessKeyId);
    }

    [Fact]
    public void A_failed_early_refresh_keeps_the_still_valid_credential_and_retries_next_call()
    {
        var now = T0;
        var f = new Fetcher { Now = () => now };
        var source = new RefreshingCredentialSource("test", f.Fetch) { UtcNow = () => now };
        source.GetCredential(default);

        f.Fail = true;
        now = T0.AddMinutes(50);
        Assert.Equal("STS.1", source.GetCredential(default).AccessKeyId);
        f.Fail = false;
        Assert.Equal("STS.3", source.GetCredential(default).AccessKeyId);
    }

    [Fact]
    public void An_expired_credential_is_never_handed_out_when_refreshing_fails()
    {
        var now = T0;
        var f = new Fetcher { Now = () => now };
        var source = new RefreshingCredentialSource("test", f.Fetch) { UtcNow = () => now };
        source.GetCredential(default);

        f.Fail = true;
        now = T0.AddHours(2);
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
