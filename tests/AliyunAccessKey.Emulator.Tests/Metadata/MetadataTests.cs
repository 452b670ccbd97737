using System.Net;
using System.Text.Json;

namespace AliyunAccessKey.Emulator.Tests.Metadata;

public class MetadataTests
{
    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(Emu emu, string path, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emu.Server.MetadataAddress, path));
        if (token is not null)
        {
            request.Headers.Add("X-aliyun-ecs-metadata-token", token);
        }

        using var response = await emu.Client.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> TokenAsync(Emu emu, int ttl = 60)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(emu.Server.MetadataAddress, "latest/api/token"));
        request.Headers.Add("X-aliyun-ecs-metadata-token-ttl-seconds", ttl.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await emu.Client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task IMDSv2_token_then_role_credentials_that_sign_as_the_role()
    {
        await using var emu = await Emu.StartAsync(o => o.Knobs = new EmulatorKnobs { ImdsRequireToken = true });
        var token = await TokenAsync(emu);

        var role = await GetAsync(emu, "latest/meta-data/ram/security-credentials/", token);
        Assert.Equal((HttpStatusCode.OK, "test-role"), role);

        var (status, body) = await GetAsync(emu, "latest/meta-data/ram/security-credentials/test-role", token);
        Assert.Equal(HttpStatusCode.OK, status);
        using var doc = JsonDocument.Parse(body);
        var c = doc.RootElement;
        Assert.Equal("Success", c.GetProperty("Code").GetString());
        Assert.StartsWith("STS.", c.GetProperty("AccessKeyId").GetString(), StringComparison.Ordinal);
        Assert.True(c.TryGetProperty("LastUpdated", out _));
        Assert.True(c.TryGetProperty("Expiration", out _));

        var cred = new Cred(c.GetProperty("AccessKeyId").GetString()!, c.GetProperty("AccessKeySecret").GetString()!, c.GetProperty("SecurityToken").GetString());
        var who = await emu.Client.StsAsync("GetCallerIdentity", cred);
        Assert.Equal("AssumedRoleUser", who.Str("IdentityType"));
        Assert.StartsWith("acs:ram::1234567890123456:assumed-role/test-role/", who.Str("Arn"), StringComparison.Ordinal);

        // The same credentials come back until they near expiry.
        var again = await GetAsync(emu, "latest/meta-data/ram/security-credentials/test-role", token);
        Assert.Contains(c.GetProperty("AccessKeyId").GetString()!, again.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IMDSv1_is_allowed_unless_the_knob_requires_a_token()
    {
        await using var emu = await Emu.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(emu, "latest/meta-data/ram/security-credentials/test-role")).Status);
        Assert.Equal((HttpStatusCode.OK, "i-emulator000000000001"), await GetAsync(emu, "latest/meta-data/instance-id"));

        emu.Server.Knobs = emu.Server.Knobs with { ImdsRequireToken = true };
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(emu, "latest/meta-data/ram/security-credentials/test-role")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(emu, "latest/meta-data/ram/security-credentials/test-role", "bogus")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(emu, "latest/meta-data/ram/security-credentials/test-role", await TokenAsync(emu))).Status);
    }

    [Fact]
    public async Task Token_ttl_is_required_and_tokens_expire()
    {
        var clock = new ManualClock();
        await using var emu = await Emu.StartAsync(o => o.TimeProvider = clock);
        using (var noTtl = new HttpRequestMessage(HttpMethod.Put, new Uri(emu.Server.MetadataAddress, "latest/api/token")))
        {
            using var response = await emu.Client.Http.SendAsync(noTtl);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        var token = await TokenAsync(emu, ttl: 10);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(emu, "latest/meta-data/region-id", token)).Status);
        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(emu, "latest/meta-data/region-id", token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(emu, "latest/meta-data/ram/security-credentials/other-role")).Status);
    }

    [Fact]
    public async Task Metadata_credentials_are_refreshed_before_they_expire()
    {
        var clock = new ManualClock();
        await using var emu = await Emu.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.Knobs = new EmulatorKnobs { ImdsCredentialSeconds = 3600 };
        });
        var first = JsonDocument.Parse((await GetAsync(emu, "latest/meta-data/ram/security-credentials/test-role")).Body).RootElement.GetProperty("AccessKeyId").GetString();
        clock.Advance(TimeSpan.FromMinutes(50));
        var second = JsonDocument.Parse((await GetAsync(emu, "latest/meta-data/ram/security-credentials/test-role")).Body).RootElement.GetProperty("AccessKeyId").GetString();
        Assert.NotEqual(first, second);
    }
}
