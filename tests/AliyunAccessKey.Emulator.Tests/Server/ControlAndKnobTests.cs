using System.Diagnostics;
using System.Net;

namespace AliyunAccessKey.Emulator.Tests.Server;

public class ControlAndKnobTests
{
    [Fact]
    public async Task Control_endpoint_info_counters_knobs_seed_state_reset()
    {
        await using var emu = await Emu.StartAsync();
        var info = await emu.Client.ControlAsync(HttpMethod.Get, "");
        Assert.Equal(emu.Server.BaseAddress.ToString(), info.GetProperty("address").GetString());
        Assert.Equal("testid", info.GetProperty("accessKeyId").GetString());
        Assert.Equal("acs:ram::1234567890123456:role/test-role", info.GetProperty("roles")[0].GetProperty("arn").GetString());

        var seeded = await emu.Client.ControlAsync(HttpMethod.Post, "seed", new { users = 50, keysPerUser = 1 });
        Assert.Equal(50, seeded.GetProperty("users").GetInt32());
        var state = await emu.Client.ControlAsync(HttpMethod.Get, "state");
        Assert.Equal(51, state.GetProperty("accessKeys").GetInt32());

        await emu.Client.ImsAsync("GetDefaultDomain");
        var counters = await emu.Client.ControlAsync(HttpMethod.Get, "counters");
        Assert.Equal(1, counters.GetProperty("requests").GetInt64());
        Assert.Equal(1, counters.GetProperty("actions").GetProperty("GetDefaultDomain").GetInt64());

        var knobs = await emu.Client.ControlAsync(HttpMethod.Post, "knobs", new { faultRate = 1, faultKinds = new[] { "503" }, latencyMs = 5 });
        Assert.Equal("503", knobs.GetProperty("faultKinds")[0].GetString());
        Assert.Equal(5, emu.Server.Knobs.LatencyMs);
        Assert.Equal(503, (await emu.Client.ImsAsync("GetDefaultDomain")).Status);
        Assert.Equal(1, (await emu.Client.ControlAsync(HttpMethod.Get, "faults")).GetArrayLength());

        await emu.Client.ControlAsync(HttpMethod.Post, "reset");
        Assert.Equal(0, emu.State.UserCount);
        Assert.Equal(0, emu.Server.Counters.Requests);
        Assert.Equal(0, emu.Server.Knobs.FaultRate);
        Assert.Equal(200, (await emu.Client.ImsAsync("GetDefaultDomain")).Status);
    }

    [Fact]
    public async Task Control_credentials_shortcut_issues_a_working_user_key()
    {
        await using var emu = await Emu.StartAsync();
        var issued = await emu.Client.ControlAsync(HttpMethod.Post, "credentials", new { userPrincipalName = emu.Upn("pester") });
        var cred = new Cred(issued.GetProperty("accessKeyId").GetString()!, issued.GetProperty("accessKeySecret").GetString()!);
        var who = await emu.Client.StsAsync("GetCallerIdentity", cred);
        Assert.Equal("RAMUser", who.Str("IdentityType"));
    }

    [Fact]
    public async Task Control_endpoint_refuses_unknown_paths_and_bad_json()
    {
        await using var emu = await Emu.StartAsync();
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => emu.Client.ControlAsync(HttpMethod.Get, "nothing-here"));
        Assert.StartsWith("404", ex.Message, StringComparison.Ordinal);

        using var bad = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        using var response = await emu.Client.Http.PostAsync(new Uri(emu.Server.ControlAddress, "knobs"), bad);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        using var badKind = new StringContent("""{"faultKinds":["meteor"]}""", System.Text.Encoding.UTF8, "application/json");
        using var response2 = await emu.Client.Http.PostAsync(new Uri(emu.Server.ControlAddress, "knobs"), badKind);
        Assert.Equal(HttpStatusCode.BadRequest, response2.StatusCode);
    }

    [Fact]
    public async Task Latency_knob_delays_every_API_request()
    {
        await using var emu = await Emu.StartAsync();
        await emu.Client.ImsAsync("GetDefaultDomain");
        emu.Server.Knobs = emu.Server.Knobs with { LatencyMs = 150 };
        var watch = Stopwatch.StartNew();
        Assert.Equal(200, (await emu.Client.ImsAsync("GetDefaultDomain")).Status);
        Assert.True(watch.ElapsedMilliseconds >= 145, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Rate_limit_throttles_per_key_with_a_retry_hint()
    {
        await using var emu = await Emu.StartAsync(o => o.Knobs = new EmulatorKnobs { RateLimit = 0.1, RateLimitBurst = 2 });
        var other = Cred.From(emu.State.IssueCredentials(emu.Upn("other")));
        Assert.Equal(200, (await emu.Client.ImsAsync("GetDefaultDomain")).Status);
        Assert.Equal(200, (await emu.Client.ImsAsync("GetDefaultDomain")).Status);
        var throttled = await emu.Client.ImsAsync("GetDefaultDomain");
        Assert.Equal((400, "Throttling.User"), (throttled.Status, throttled.Code));
        Assert.Equal("Request was denied due to user flow control.", throttled.Message);
        var retryAfter = long.Parse(throttled.Headers.GetValues("x-acs-retry-after").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 10_000);

        // Another key has its own bucket.
        Assert.Equal(200, (await emu.Client.ImsAsync("GetDefaultDomain", other)).Status);
        Assert.Equal(1, emu.Server.Counters.Throttled);
        Assert.Equal(1, emu.Server.Counters.Rejected["Throttling.User"]);

        emu.Server.Knobs = emu.Server.Knobs with { SendRetryAfter = false, RateLimitBurst = 1 };
        await emu.Client.ImsAsync("GetDefaultDomain");
        var quiet = await emu.Client.ImsAsync("GetDefaultDomain");
        Assert.Equal("Throttling.User", quiet.Code);
        Assert.False(quiet.Headers.Contains("x-acs-retry-after"));
    }

    [Fact]
    public async Task Listens_on_loopback_only()
    {
        await using var emu = await Emu.StartAsync();
        Assert.Equal("127.0.0.1", emu.Server.BaseAddress.Host);
        Assert.NotEqual(0, emu.Server.BaseAddress.Port);
        Assert.Equal(new Uri(emu.Server.BaseAddress, "_emulator/"), emu.Server.ControlAddress);
    }
}
