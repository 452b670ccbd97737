namespace AliyunAccessKey.Client;

/// <summary>
/// One signature scheme: turns a call into the signed HTTP request of one attempt. A client picks
/// its signer once, from its options (<see cref="Signers.For"/>), and never branches on the scheme again.
/// </summary>
internal interface IRequestSigner
{
    /// <summary>The signed POST of <paramref name="request"/> to <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">The service's base address.</param>
    /// <param name="request">The call.</param>
    /// <param name="credential">The key that signs; its token, if any, goes with the request.</param>
    /// <param name="timestamp">The request time on the service's clock, as <see cref="AcsEncoding.FormatTimestamp"/> writes it.</param>
    /// <param name="nonce">Never used before: the service refuses a replayed request.</param>
    HttpRequestMessage CreateRequest(Uri endpoint, AcsRequest request, AcsCredential credential, string timestamp, string nonce);
}
