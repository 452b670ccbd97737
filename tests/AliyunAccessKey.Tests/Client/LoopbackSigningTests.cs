using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using AliyunAccessKey.Client;
using Xunit;

namespace AliyunAccessKey.Tests.Client;

/// <summary>
/// Real HTTP on loopback: what reaches the server is checked by a verifier written here from the
/// published rules, independent of the signer under test.
/// </summary>
public sealed class LoopbackSigningTests : IDisposable
{
    private const string Secret = "loopback-secret";
    private readonly HttpListener _listener = new();
    private readonly Uri _endpoint;

    public LoopbackSigningTests()
    {
        // HttpListener refuses port 0, so take a free port from the OS first.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _endpoint = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(_endpoint.ToString());
        _listener.Start();
    }

    public void Dispose() => _listener.Close();

    private sealed record Received(string Method, string RawUrl, Dictionary<string, string> Headers, byte[] Body);

    private Task<Received> ServeOnce(string json)
    {
        return Task.Run(async () =>
        {
            var ctx = await _listener.GetContextAsync();
            using var ms = new MemoryStream();
            await ctx.Request.InputStream.CopyToAsync(ms);
            var headers = ctx.Request.Headers.AllKeys.ToDictionary(k => k!.ToLowerInvariant(), k => ctx.Request.Headers[k]!);
            var received = new Received(ctx.Request.HttpMethod, ctx.Request.RawUrl!, headers, ms.ToArray());
            var bytes = Encoding.UTF8.GetBytes(json);
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/json";
            ctx.Response.ContentLength64 = bytes.Length;
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
            return received;
        });
    }

    private static string Rfc3986(string s) =>
        Uri.EscapeDataString(s).Replace("!", "%21").Replace("'", "%27").Replace("(", "%28").Replace(")", "%29").Replace("*", "%2A");

    private static List<KeyValuePair<string, string>> DecodeQuery(string rawUrl)
    {
        var q = rawUrl.Contains('?', StringComparison.Ordinal) ? rawUrl[(rawUrl.IndexOf('?', StringComparison.Ordinal) + 1)..] : string.Empty;
        return q.Length == 0
            ? []
            : q.Split('&').Select(p =>
            {
                var i = p.IndexOf('=', StringComparison.Ordinal);
                return new KeyValuePair<string, string>(Uri.UnescapeDataString(p[..i]), Uri.UnescapeDataString(p[(i + 1)..]));
            }).ToList();
    }

    private static string Canonical(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join("&", pairs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Rfc3986(p.Key) + "=" + Rfc3986(p.Value)));

    private static string Hex(byte[] b) => string.Concat(b.Select(x => x.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Recomputes the ACS3 signature from the request as received and returns what it found wrong, if anything.</summary>
    private static void VerifyAcs3(Received r, string accessKeyId, string secret)
    {
        var auth = r.Headers["authorization"];
        Assert.StartsWith("ACS3-HMAC-SHA256 ", auth, StringComparison.Ordinal);
        var fields = auth["ACS3-HMAC-SHA256 ".Length..].Split(',').Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f[1]);
        Assert.Equal(accessKeyId, fields["Credential"]);
        var signedNames = fields["SignedHeaders"].Split(';');
        Assert.Subset(signedNames.ToHashSet(), new HashSet<string> { "host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256" });
        Assert.All(r.Headers.Keys.Where(k => k.StartsWith("x-acs-", StringComparison.Ordinal)), k => Assert.Contains(k, signedNames));

        var bodyHash = Hex(SHA256.HashData(r.Body));
        Assert.Equal(bodyHash, r.Headers["x-acs-content-sha256"]);
        var canonicalRequest = string.Join("\n",
            r.Method,
            "/",
            Canonical(DecodeQuery(r.RawUrl)),
            string.Concat(signedNames.Select(n => n + ":" + r.Headers[n].Trim() + "\n")),
            fields["SignedHeaders"],
            bodyHash);
        var stringToSign = "ACS3-HMAC-SHA256\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));
        var expected = Hex(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(stringToSign)));
        Assert.Equal(expected, fields["Signature"]);

        var date = DateTime.Parse(r.Headers["x-acs-date"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.InRange(date, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));
        Assert.Matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", r.Headers["x-acs-date"]);
    }

    private static AcsClient Client(SignatureScheme scheme, string? token = null) =>
        new(new StaticCredentialSource(AcsCredential.FromPlainText("LTAIloopback", Secret, token)), new AcsClientOptions { SignatureScheme = scheme, Retry = RetryPolicy.None });

    /// <summary>Calls STS GetCallerIdentity with a temporary key signed by <paramref name="scheme"/>; returns the request as the server got it.</summary>
    private async Task<Received> GetCallerIdentityAsServed(SignatureScheme scheme, string token)
    {
        var served = ServeOnce("""{"IdentityType":"AssumedRoleUser","AccountId":"1","Arn":"acs:ram::1:assumed-role/r/s","RequestId":"x"}""");
        using var core = Client(scheme, token: token);
        new StsClient(core, _endpoint).GetCallerIdentity(default);
        return await served;
    }

    [Fact]
    public async Task An_ACS3_request_reaches_the_server_with_a_valid_Authorization_header()
    {
        var served = ServeOnce("""{"IsTruncated":false,"RequestId":"r","Users":{"User":[]}}""");
        using var core = Client(SignatureScheme.Acs3HmacSha256);
        var ims = new ImsClient(core, _endpoint);

        ims.ListUsers("a b*c~'!@/é", 5, default, tags: [new("k", "v 1")]);
        var r = await served;

        Assert.Equal("POST", r.Method);
        Assert.Equal("ListUsers", r.Headers["x-acs-action"]);
        Assert.Equal("2019-08-15", r.Headers["x-acs-version"]);
        Assert.Equal(_endpoint.Authority, r.Headers["host"]);
        Assert.Empty(r.Body);
        Assert.Equal("0", r.Headers["content-length"]);
        Assert.Contains(new KeyValuePair<string, string>("Marker", "a b*c~'!@/é"), DecodeQuery(r.RawUrl));
        VerifyAcs3(r, "LTAIloopback", Secret);
    }

    [Fact]
    public async Task An_ACS3_request_with_an_STS_token_signs_the_token_header()
    {
        var r = await GetCallerIdentityAsServed(SignatureScheme.Acs3HmacSha256, "sts-token/with+chars=");

        Assert.Equal("sts-token/with+chars=", r.Headers["x-acs-security-token"]);
        Assert.Equal("2015-04-01", r.Headers["x-acs-version"]);
        VerifyAcs3(r, "LTAIloopback", Secret);
    }

    [Fact]
    public async Task A_tampered_ACS3_request_fails_the_independent_check()
    {
        // Guards the verifier itself: a different secret must not verify.
        var served = ServeOnce("""{"RequestId":"r","DefaultDomainName":"x.onaliyun.com"}""");
        using var core = Client(SignatureScheme.Acs3HmacSha256);

        new ImsClient(core, _endpoint).GetDefaultDomain(default);
        var r = await served;

        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => VerifyAcs3(r, "LTAIloopback", "another-secret"));
    }

    [Fact]
    public async Task An_RPC_request_carries_every_common_parameter_and_a_valid_HMAC_SHA1_signature()
    {
        var r = await GetCallerIdentityAsServed(SignatureScheme.RpcHmacSha1, "tok en");

        var query = DecodeQuery(r.RawUrl).ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("POST", r.Method);
        Assert.Equal("GetCallerIdentity", query["Action"]);
        Assert.Equal("2015-04-01", query["Version"]);
        Assert.Equal("JSON", query["Format"]);
        Assert.Equal("LTAIloopback", query["AccessKeyId"]);
        Assert.Equal("HMAC-SHA1", query["SignatureMethod"]);
        Assert.Equal("1.0", query["SignatureVersion"]);
        Assert.Equal("tok en", query["SecurityToken"]);
        Assert.False(string.IsNullOrEmpty(query["SignatureNonce"]));
        Assert.Matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", query["Timestamp"]);

        var signature = query["Signature"];
        query.Remove("Signature");
        var stringToSign = "POST&%2F&" + Rfc3986(Canonical(query));
        var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(Secret + "&"), Encoding.UTF8.GetBytes(stringToSign)));
        Assert.Equal(expected, signature);
    }
}
