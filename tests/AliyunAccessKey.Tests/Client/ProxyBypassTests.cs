using System.Net;
using AliyunAccessKey.Client;
using AliyunAccessKey.Credentials;
using AliyunAccessKey.Emulator;
using Xunit;

namespace AliyunAccessKey.Tests.Client;

/// <summary>HttpClient.DefaultProxy and the ALIBABA_CLOUD_* variables are process-wide: tests that set them run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideSettings
{
    public const string Name = "Process-wide proxy and environment";
}

/// <summary>
/// With a proxy configured for the process (as HTTP_PROXY does), the metadata service, the
/// credentials URI and loopback endpoints are reached directly, and everything else still goes
/// through the proxy. The "proxy" is a local listener that records what it was asked and hangs up.
/// </summary>
[Collection(ProcessWideSettings.Name)]
public sealed class ProxyBypassTests : IAsyncLifetime, IDisposable
{
    private const string RootKeyId = "testid";
    private const string RootSecret = "testsecret";

    // A stand-in proxy: it reads each request's head, then hangs up.
    private readonly RawServer _proxy = new(static (_, _) => Task.CompletedTask);
    private IWebProxy? _savedProxy;
    private EmulatorServer? _emu;

    private EmulatorServer Emu => _emu ?? throw new InvalidOperationException("The emulator has not started.");

    public async Task InitializeAsync()
    {
        _emu = await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0 });
        _savedProxy = HttpClient.DefaultProxy;
        HttpClient.DefaultProxy = new WebProxy(_proxy.Endpoint);
    }

    public async Task DisposeAsync()
    {
        HttpClient.DefaultProxy = _savedProxy!;
        if (_emu is not null)
        {
            await _emu.DisposeAsync();
        }
    }

    public void Dispose() => _proxy.Dispose();

    /// <summary>The request line of each request the proxy was asked.</summary>
    private IReadOnlyList<string> ProxyRequests => [.. _proxy.Heads.Select(static h => h.Split("\r\n")[0])];

    private static AcsClient RootClient() =>
        new(
            new StaticCredentialSource(AcsCredential.FromPlainText(RootKeyId, RootSecret)),
            new AcsClientOptions { Retry = RetryPolicy.None, Timeout = TimeSpan.FromSeconds(10) });

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public void Signed_requests_to_a_loopback_endpoint_do_not_go_through_the_proxy(string host)
    {
        using var client = RootClient();
        var sts = new StsClient(client, new UriBuilder(Emu.BaseAddress) { Host = host }.Uri);

        var me = sts.GetCallerIdentity(default);

        Assert.Equal("Account", me.IdentityType);
        Assert.Empty(ProxyRequests);
    }

    [Fact]
    public void The_metadata_service_is_asked_directly_token_and_credentials()
    {
        using var metadata = new EcsMetadataClient(Emu.MetadataAddress, TimeSpan.FromSeconds(10));
        var trace = new List<string>();
        metadata.Trace = trace.Add;

        var role = metadata.GetRoleName(default);
        var credential = metadata.GetCredentials(role, default);

        Assert.StartsWith("STS.", credential.AccessKeyId, StringComparison.Ordinal);
        // The IMDSv2 token PUT succeeded too: no fallback to v1 was noted.
        Assert.Empty(trace);
        Assert.Empty(ProxyRequests);
    }

    [Fact]
    public void A_credentials_uri_on_loopback_is_asked_directly()
    {
        string[] names =
        [
            "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_PROFILE",
            "ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "ALIBABA_CLOUD_CREDENTIALS_FILE", "ALIBABA_CLOUD_ECS_METADATA_DISABLED", "ALIBABA_CLOUD_CREDENTIALS_URI",
        ];
        var saved = names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var name in names)
            {
                Environment.SetEnvironmentVariable(name, null);
            }

            Environment.SetEnvironmentVariable("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true");
            Environment.SetEnvironmentVariable("ALIBABA_CLOUD_CREDENTIALS_FILE", Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")));
            Environment.SetEnvironmentVariable("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true");
            Environment.SetEnvironmentVariable("ALIBABA_CLOUD_CREDENTIALS_URI", new Uri(Emu.MetadataAddress, "latest/meta-data/ram/security-credentials/test-role").ToString());
            using var client = RootClient();
            var resolver = new CredentialResolver(new StsClient(client, Emu.BaseAddress), () => throw new InvalidOperationException("The metadata service is disabled here."), _ => { });

            var resolved = resolver.DefaultChain(default);

            Assert.Equal("CredentialsUri", resolved.Description);
            Assert.StartsWith("STS.", resolved.Source.GetCredential(default).AccessKeyId, StringComparison.Ordinal);
            Assert.Empty(ProxyRequests);
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }

    [Fact]
    public void Other_addresses_still_go_through_the_proxy()
    {
        // The control: the proxy set above is the one the module's transport consults, so the
        // tests above would see a connection if it were used. Public endpoints keep it (corporate networks need it).
        using var client = RootClient();
        var sts = new StsClient(client, new Uri("https://sts.aliyuncs.com/"));
        Assert.ThrowsAny<AliyunException>(() => sts.GetCallerIdentity(default));

        // A metadata endpoint moved to an ordinary host name is not the metadata service's address: proxied like any other.
        using var metadata = new EcsMetadataClient(new Uri("http://metadata.example.test/"), TimeSpan.FromSeconds(10));
        Assert.ThrowsAny<AliyunCredentialException>(() => metadata.GetRoleName(default));

        var seen = ProxyRequests;
        Assert.Contains(seen, r => r.StartsWith("CONNECT sts.aliyuncs.com:443 ", StringComparison.Ordinal));
        Assert.Contains(seen, r => r.StartsWith("GET http://metadata.example.test/latest/meta-data/ram/security-credentials/ ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/", true)]
    [InlineData("http://127.45.6.7/", true)]
    [InlineData("http://localhost:5000/", true)]
    [InlineData("http://LOCALHOST/", true)]
    [InlineData("http://[::1]:5000/", true)]
    [InlineData("http://[::ffff:127.0.0.1]/", true)]
    [InlineData("http://100.100.100.200/", true)]
    [InlineData("http://[::ffff:100.100.100.200]/", true)]
    [InlineData("http://169.254.169.254/", true)]
    [InlineData("http://169.254.0.1/", true)]
    [InlineData("http://[fe80::1]/", true)]
    [InlineData("http://[febf::1]/", true)]
    [InlineData("https://ims.aliyuncs.com/", false)]
    [InlineData("http://100.100.100.201/", false)]
    [InlineData("http://169.253.255.255/", false)]
    [InlineData("http://10.0.0.1/", false)]
    [InlineData("http://[fec0::1]/", false)]
    [InlineData("http://localhost.example.com/", false)]
    [InlineData("http://127.0.0.1.example.com/", false)]
    public void Only_this_machine_and_the_metadata_addresses_bypass_the_proxy(string address, bool bypassed)
    {
        Assert.Equal(bypassed, LocalBypassProxy.IsDirect(new Uri(address)));
    }
}
