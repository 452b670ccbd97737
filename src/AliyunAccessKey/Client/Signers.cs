namespace AliyunAccessKey.Client;

/// <summary>What the signature schemes share: the choice of one, and the empty POST each fills in.</summary>
internal static class Signers
{
    /// <summary>The signer of <paramref name="scheme"/>.</summary>
    internal static IRequestSigner For(SignatureScheme scheme) => scheme switch
    {
        SignatureScheme.Acs3HmacSha256 => Acs3Signer.Instance,
        SignatureScheme.RpcHmacSha1 => RpcSigner.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Not a signature scheme this module knows."),
    };

    /// <summary>
    /// A POST with an empty body to <paramref name="pathAndQuery"/> of <paramref name="endpoint"/>;
    /// the Host header is the endpoint's authority, which is what V3 signs.
    /// </summary>
    internal static HttpRequestMessage EmptyPost(Uri endpoint, string pathAndQuery) =>
        new(HttpMethod.Post, new Uri(endpoint, pathAndQuery))
        {
            Headers = { Host = endpoint.Authority },
            Content = new ByteArrayContent([]),
        };
}
