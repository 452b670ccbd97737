using System.Net;
using System.Security.Authentication;
using AliyunAccessKey.Client;
using Xunit;

namespace AliyunAccessKey.Tests.Client;

/// <summary>
/// A failed TLS handshake (TLS 1.2 off in Windows PowerShell 5.1, an untrusted certificate) means the
/// request never left: one attempt, no OutcomeUnknown, and an error that says to enable TLS 1.2.
/// </summary>
public class SecureChannelTests
{
    public static TheoryData<string> Failures => ["core-authentication", "framework-secure-channel", "framework-trust", "bare-web-exception"];

    private static Exception Failure(string kind) => kind switch
    {
        // .NET Core: SslStream's AuthenticationException inside HttpRequestException.
        "core-authentication" => new HttpRequestException("The SSL connection could not be established, see inner exception.", new AuthenticationException("Authentication failed because the remote party sent a TLS alert: 'HandshakeFailure'.")),

        // .NET Framework: HttpClientHandler wraps the HttpWebRequest's WebException.
        "framework-secure-channel" => new HttpRequestException(
            "An error occurred while sending the request.",
            new WebException("The underlying connection was closed: An unexpected error occurred on a send.", new IOException("Unable to read data from the transport connection."), WebExceptionStatus.SecureChannelFailure, null)),
        "framework-trust" => new HttpRequestException(
            "An error occurred while sending the request.",
            new WebException("The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel.", new AuthenticationException("The remote certificate is invalid according to the validation procedure."), WebExceptionStatus.TrustFailure, null)),
        _ => new WebException("The request was aborted: Could not create SSL/TLS secure channel.", WebExceptionStatus.SecureChannelFailure),
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_TLS_handshake_failure_is_tried_once_and_says_to_enable_TLS_1_2(string kind)
    {
        var handler = new FakeHandler().ThenThrow(Failure(kind)).ThenThrow(Failure(kind)).ThenThrow(Failure(kind)).ThenThrow(Failure(kind));
        using var c = new TestClients(handler);

        var ex = Assert.Throws<AliyunTransportException>(() => c.Ims.ListUsers(null, null, default));

        Assert.Single(handler.Requests);
        Assert.Empty(c.Sleeps);
        Assert.False(ex.RequestMayHaveBeenSent);
        Assert.False(ex.IsTimeout);
        Assert.Contains("TLS", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["SecureChannelFailed"], c.Calls.Select(x => x.ErrorCode));
        Assert.True(ex.IsSecureChannelFailure);
        Assert.Contains("Enable TLS 1.2", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_CreateAccessKey_whose_TLS_handshake_failed_is_a_plain_failure_not_an_unknown_outcome(string kind)
    {
        var handler = new FakeHandler().ThenThrow(Failure(kind)).ThenThrow(Failure(kind)).ThenThrow(Failure(kind)).ThenThrow(Failure(kind));
        using var c = new TestClients(handler);

        var ex = Assert.Throws<AliyunTransportException>(() => c.Ims.CreateAccessKey(null, default));

        Assert.Single(handler.Requests);
        Assert.False(ex.RequestMayHaveBeenSent);
        Assert.True(ex.IsSecureChannelFailure);
        Assert.Equal(["SecureChannelFailed"], c.Calls.Select(x => x.ErrorCode));
    }

    [Fact]
    public void A_reset_during_the_request_is_still_a_lost_connection_not_a_TLS_failure()
    {
        var lost = new HttpRequestException("An error occurred while sending the request.", new IOException("The response ended prematurely."));

        Assert.False(HttpTransport.SecureChannelFailed(lost));
        Assert.False(HttpTransport.SecureChannelFailed(new WebException("closed", WebExceptionStatus.ConnectionClosed)));
    }
}
