using AliyunAccessKey.Client;

namespace AliyunAccessKey.Tests.Client;

/// <summary>Clients wired to a <see cref="FakeHandler"/>, with recorded sleeps instead of real ones.</summary>
internal sealed class TestClients : IDisposable
{
    public TestClients(FakeHandler handler, RetryPolicy? retry = null, SignatureScheme scheme = SignatureScheme.Acs3HmacSha256)
    {
        Handler = handler;
        Core = new AcsClient(
            new StaticCredentialSource(AcsCredential.FromPlainText("testid", Secret)),
            new AcsClientOptions { Retry = retry ?? new RetryPolicy(seed: 1), SignatureScheme = scheme },
            handler);
        Core.Sleep = (delay, _) => Sleeps.Add(delay);
        Core.CallCompleted += Calls.Add;
        Ims = new ImsClient(Core, new Uri("https://ims.example.test/"));
        Sts = new StsClient(Core, new Uri("https://sts.example.test/"));
        Ram = new RamClient(Core, new Uri("https://ram.example.test/"));
    }

    public const string Secret = "caller-secret-DO-NOT-LEAK";

    public FakeHandler Handler { get; }

    public AcsClient Core { get; }

    public ImsClient Ims { get; }

    public StsClient Sts { get; }


    public RamClient Ram { get; }

    public List<TimeSpan> Sleeps { get; } = [];

    public List<AcsCallInfo> Calls { get; } = [];

    public void Dispose() => Core.Dispose();
}
