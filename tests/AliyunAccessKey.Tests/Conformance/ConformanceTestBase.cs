using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AliyunAccessKey.Client;
using AliyunAccessKey.Emulator;
using AliyunAccessKey.Model;
using Xunit;

namespace AliyunAccessKey.Tests.Conformance;

/// <summary>One in-process emulator for all the conformance classes, on a free loopback port.</summary>
public sealed class ConformanceEmulatorFixture : IAsyncLifetime
{
    private EmulatorServer? _server;

    public EmulatorServer Server => _server ?? throw new InvalidOperationException("The emulator has not started.");

    public async Task InitializeAsync() => _server = await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0 });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>The conformance classes share one emulator and run one after another, as the single class they came from did.</summary>
[CollectionDefinition(ConformanceTestBase.Collection)]
public sealed class SharedConformanceEmulator : ICollectionFixture<ConformanceEmulatorFixture>
{
}

/// <summary>
/// The scenario of tests/conformance/conformance.js (which drives the official Alibaba Node SDK),
/// run through the module's own ImsClient/StsClient against the emulator, once per signature
/// scheme: the same phases, the same expected values, error codes and HTTP statuses. Each test
/// name starts with the phase it belongs to; each run uses user names with a random suffix and
/// removes what it created. The derived classes hold one phase each; this holds what they share.
/// </summary>
public abstract class ConformanceTestBase
{
    public const string Collection = "Conformance emulator";

    // The emulator's defaults, which conformance.js also assumes (--access-key-id testid …).
    protected const string RootKeyId = "testid";
    protected const string RootSecret = "testsecret";
    protected const string Account = "1234567890123456";
    protected const string Domain = "example.onaliyun.com";
    protected const string RoleArn = "acs:ram::" + Account + ":role/test-role";

    public static TheoryData<SignatureScheme> Schemes => new() { SignatureScheme.Acs3HmacSha256, SignatureScheme.RpcHmacSha1 };

    // ------------------------------------------------------------ helpers

    /// <summary>Every case once per signature scheme.</summary>
    protected static TheoryData<SignatureScheme, string> Cross(params string[] cases)
    {
        var data = new TheoryData<SignatureScheme, string>();
        foreach (var scheme in new[] { SignatureScheme.Acs3HmacSha256, SignatureScheme.RpcHmacSha1 })
        {
            foreach (var c in cases)
            {
                data.Add(scheme, c);
            }
        }

        return data;
    }

    /// <summary>Expects a service error whose code is exactly one of <paramref name="codes"/>, with <paramref name="status"/> unless null.</summary>
    protected static AliyunServiceException AssertError(Action call, int? status, params string[] codes) =>
        AssertServiceError(call, status, codes, family: false);

    /// <summary>Expects a service error in one of the dotted code families (the code itself or code.&lt;anything&gt;).</summary>
    protected static AliyunServiceException AssertErrorFamily(Action call, int? status, params string[] families) =>
        AssertServiceError(call, status, families, family: true);

    private static AliyunServiceException AssertServiceError(Action call, int? status, string[] codes, bool family)
    {
        var ex = Assert.Throws<AliyunServiceException>(call);
        var ok = codes.Any(c => family ? ex.IsCode(c) : string.Equals(ex.Code, c, StringComparison.Ordinal));
        Assert.True(ok, $"expected error {string.Join(" or ", codes)}{(family ? "*" : string.Empty)}, got {ex.Code} (HTTP {ex.HttpStatus}): {ex.ServiceMessage}");
        if (status is int s)
        {
            Assert.True(ex.HttpStatus == s, $"code {ex.Code} ok, but HTTP status expected {s}, got {ex.HttpStatus}");
        }

        return ex;
    }

    /// <summary>Follows Marker until IsTruncated is false.</summary>
    private protected static (List<T> Items, int Pages, int MaxPage) ListAll<T>(Func<string?, Page<T>> fetch)
    {
        var items = new List<T>();
        string? marker = null;
        var pages = 0;
        var maxPage = 0;
        while (true)
        {
            pages++;
            Assert.True(pages <= 10000, "paging did not end after 10000 pages");
            var page = fetch(marker);
            maxPage = Math.Max(maxPage, page.Items.Count);
            items.AddRange(page.Items);
            if (!page.IsTruncated)
            {
                return (items, pages, maxPage);
            }

            Assert.False(string.IsNullOrEmpty(page.Marker), $"IsTruncated true but no Marker on page {pages}");
            Assert.NotEqual(marker, page.Marker);
            marker = page.Marker;
        }
    }

    protected static void AssertRecent(DateTime? value, DateTime started, string what)
    {
        Assert.True(value.HasValue, $"{what} missing");
        Assert.Equal(DateTimeKind.Utc, value!.Value.Kind);

        // The service's dates have whole seconds.
        Assert.InRange(value.Value, started.AddSeconds(-5), DateTime.UtcNow.AddSeconds(5));
    }

    protected static string RevealSecret(AcsCredential credential) => credential.UseSecret(Encoding.UTF8.GetString);

    /// <summary>Removes the Date header from answers, so the client has no server clock to correct from.</summary>
    protected sealed class DropDateHeader : DelegatingHandler
    {
        public DropDateHeader()
            : base(new HttpClientHandler())
        {
        }

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = base.Send(request, cancellationToken);
            response.Headers.Date = null;
            return response;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            response.Headers.Date = null;
            return response;
        }
    }

    /// <summary>
    /// One scheme's run: a root client that never retries (so errors surface as they come), a random
    /// suffix for user names, extra clients for other keys, and best-effort removal of what it created.
    /// </summary>
    private protected sealed class Run : IDisposable
    {
        private readonly EmulatorServer _emu;
        private readonly List<AcsClient> _clients = [];

        public Run(EmulatorServer emu, SignatureScheme scheme)
        {
            _emu = emu;
            Scheme = scheme;
            Suffix = RandomNumberGenerator.GetHexString(6, lowercase: true);
            Root = NewClient(RootKeyId, RootSecret);
            Ims = new ImsClient(Root, emu.BaseAddress);
            Sts = new StsClient(Root, emu.BaseAddress);
        }

        public SignatureScheme Scheme { get; }

        public string Suffix { get; }

        public AcsClient Root { get; }

        public ImsClient Ims { get; }

        public StsClient Sts { get; }

        /// <summary>UPNs to remove at the end.</summary>
        public HashSet<string> Cleanup { get; } = new(StringComparer.OrdinalIgnoreCase);

        private string Tag => Scheme == SignatureScheme.RpcHmacSha1 ? "v2" : "v3";

        public string Name(string? part = null) => part is null ? $"conf-{Tag}-{Suffix}" : $"conf-{Tag}-{Suffix}-{part}";

        // UPNs use the service's own domain, as conformance.js does.
        public string Upn(string name) => $"{name}@{_emu.State.DefaultDomain}";

        public AcsClient NewClient(AcsCredential credential, HttpMessageHandler? handler = null)
        {
            var client = new AcsClient(
                new StaticCredentialSource(credential),
                new AcsClientOptions { SignatureScheme = Scheme, Retry = RetryPolicy.None, Timeout = TimeSpan.FromSeconds(10) },
                handler);
            _clients.Add(client);
            return client;
        }

        public AcsClient NewClient(string id, string secret, string? token = null, HttpMessageHandler? handler = null) =>
            NewClient(AcsCredential.FromPlainText(id, secret, token), handler);

        public ImsClient ImsFor(string id, string secret) => new(NewClient(id, secret), _emu.BaseAddress);

        public ImsClient ImsFor(AcsCredential credential) => new(NewClient(credential), _emu.BaseAddress);

        public StsClient StsFor(string id, string secret) => new(NewClient(id, secret), _emu.BaseAddress);

        public StsClient StsFor(AcsCredential credential) => new(NewClient(credential), _emu.BaseAddress);

        public AliyunRamUser CreateUser(CreateUserRequest request)
        {
            Cleanup.Add(request.UserPrincipalName);
            return Ims.CreateUser(request, default);
        }

        public AliyunRamUser CreateUser(string upn, string displayName) =>
            CreateUser(new CreateUserRequest { UserPrincipalName = upn, DisplayName = displayName });

        /// <summary>A new user with one AccessKey; the secret in plain text for signing.</summary>
        public (string Upn, string UserId, string KeyId, string Secret) UserWithKey(string name)
        {
            var upn = Upn(name);
            var user = CreateUser(upn, name.Length > 24 ? name[..24] : name);
            var key = Ims.CreateAccessKey(upn, default);
            return (upn, user.UserId, key.AccessKeyId, SecureStrings.Plain(key.Secret));
        }

        /// <summary>Five users for the paging checks.</summary>
        public (List<string> Upns, List<string> Ids) CreatePagingUsers()
        {
            var upns = new List<string>();
            var ids = new List<string>();
            for (var i = 1; i <= 5; i++)
            {
                var upn = Upn(Name("p" + i.ToString(CultureInfo.InvariantCulture)));
                upns.Add(upn);
                ids.Add(CreateUser(upn, $"Page {i} {Suffix}").UserId);
            }

            return (upns, ids);
        }

        public void Dispose()
        {
            try
            {
                foreach (var upn in Cleanup)
                {
                    try
                    {
                        foreach (var k in Ims.ListAccessKeys(upn, default))
                        {
                            try
                            {
                                Ims.DeleteAccessKey(k.AccessKeyId, upn, default);
                            }
                            catch (AliyunException)
                            {
                            }
                        }
                    }
                    catch (AliyunException)
                    {
                    }

                    try
                    {
                        Ims.DeleteUser(upn, null, default);
                    }
                    catch (AliyunException)
                    {
                        // already gone
                    }
                }
            }
            finally
            {
                foreach (var c in _clients)
                {
                    c.Dispose();
                }
            }
        }
    }
}
