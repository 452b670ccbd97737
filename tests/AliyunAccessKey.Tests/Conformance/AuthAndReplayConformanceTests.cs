using System.Security.Cryptography;
using AliyunAccessKey.Client;
using AliyunAccessKey.Emulator;
using Xunit;

namespace AliyunAccessKey.Tests.Conformance;

/// <summary>Conformance phases 8 and 9: wrong keys, stale or future timestamps, replayed nonces.</summary>
[Collection(ConformanceTestBase.Collection)]
public sealed class AuthAndReplayConformanceTests : ConformanceTestBase
{
    private readonly EmulatorServer _emu;

    public AuthAndReplayConformanceTests(ConformanceEmulatorFixture fixture) => _emu = fixture.Server;

    // ------------------------------------------------------------ 8. authentication errors

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Auth_a_wrong_secret_is_SignatureDoesNotMatch_400_on_IMS_and_STS(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);

        AssertError(() => run.ImsFor(RootKeyId, RootSecret + "-wrong").GetDefaultDomain(default), 400, "SignatureDoesNotMatch");
        AssertError(() => run.StsFor(RootKeyId, RootSecret + "-wrong").GetCallerIdentity(default), 400, "SignatureDoesNotMatch");
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Auth_an_unknown_key_id_is_InvalidAccessKeyId_NotFound_404_on_IMS_and_STS(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var unknownId = $"LTAIconformance{run.Suffix}unknown";

        AssertError(() => run.ImsFor(unknownId, RootSecret).GetDefaultDomain(default), 404, "InvalidAccessKeyId.NotFound");
        AssertError(() => run.StsFor(unknownId, RootSecret).GetCallerIdentity(default), 404, "InvalidAccessKeyId.NotFound");
    }

    // ------------------------------------------------------------ 9. stale timestamp and replayed nonce

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Replay_a_timestamp_20_minutes_old_is_InvalidTimeStamp_Expired_400_and_the_clock_skew_correction_then_succeeds(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var client = run.NewClient(RootKeyId, RootSecret);
        client.UtcNow = static () => DateTime.UtcNow.AddMinutes(-20);
        var calls = new List<AcsCallInfo>();
        client.CallCompleted += calls.Add;
        var ims = new ImsClient(client, _emu.BaseAddress);

        // By design the client learns the server's clock from the rejection and signs once more.
        Assert.Equal(Domain, ims.GetDefaultDomain(default));

        Assert.Equal(2, calls.Count);
        Assert.Equal(400, calls[0].HttpStatus);
        Assert.Equal("InvalidTimeStamp.Expired", calls[0].ErrorCode);
        Assert.Equal(200, calls[1].HttpStatus);
        Assert.Null(calls[1].ErrorCode);
        Assert.InRange(client.ClockOffset, TimeSpan.FromMinutes(20) - TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(20) + TimeSpan.FromSeconds(10));

        // The learnt offset stays: the next call is accepted at once.
        calls.Clear();
        Assert.Equal(Domain, ims.GetDefaultDomain(default));
        Assert.Null(Assert.Single(calls).ErrorCode);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Replay_a_timestamp_20_minutes_old_without_a_server_Date_to_correct_from_surfaces_InvalidTimeStamp_Expired_400(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);

        // Without the Date header the client cannot correct its clock, so the service's answer is the caller's.
        var client = run.NewClient(RootKeyId, RootSecret, handler: new DropDateHeader());
        client.UtcNow = static () => DateTime.UtcNow.AddMinutes(-20);
        var ims = new ImsClient(client, _emu.BaseAddress);

        AssertError(() => ims.GetDefaultDomain(default), 400, "InvalidTimeStamp.Expired");
        Assert.Equal(TimeSpan.Zero, client.ClockOffset);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Replay_a_timestamp_20_minutes_ahead_is_InvalidTimeStamp_400(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var client = run.NewClient(RootKeyId, RootSecret);
        client.UtcNow = static () => DateTime.UtcNow.AddMinutes(20);
        var calls = new List<AcsCallInfo>();
        client.CallCompleted += calls.Add;
        var ims = new ImsClient(client, _emu.BaseAddress);

        // The client may correct its clock afterwards (it does for InvalidTimeStamp.Expired); the first attempt is what the service said.
        try
        {
            ims.GetDefaultDomain(default);
        }
        catch (AliyunServiceException)
        {
        }

        Assert.NotEmpty(calls);
        Assert.Equal(400, calls[0].HttpStatus);
        Assert.True(
            calls[0].ErrorCode is { } code && code.StartsWith("InvalidTimeStamp.", StringComparison.Ordinal),
            $"expected InvalidTimeStamp.*, got {calls[0].ErrorCode}");
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Replay_a_fresh_timestamp_works(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var calls = new List<AcsCallInfo>();
        run.Root.CallCompleted += calls.Add;

        Assert.Equal(Domain, run.Ims.GetDefaultDomain(default));

        Assert.Null(Assert.Single(calls).ErrorCode);
        Assert.Equal(TimeSpan.Zero, run.Root.ClockOffset);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Replay_the_same_nonce_twice_is_SignatureNonceUsed_400_on_the_second_request(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var nonce = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var client = run.NewClient(RootKeyId, RootSecret);
        client.NewNonce = () => nonce;
        var ims = new ImsClient(client, _emu.BaseAddress);

        Assert.Equal(Domain, ims.GetDefaultDomain(default));
        AssertError(() => ims.GetDefaultDomain(default), 400, "SignatureNonceUsed");
    }

    /// <summary>Removes the Date header from answers, so the client has no server clock to correct from.</summary>
    private sealed class DropDateHeader : DelegatingHandler
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
}
