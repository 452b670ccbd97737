using System.Security.Cryptography;
using System.Text;

namespace AliyunAccessKey.Client;

/// <summary>The parts of an ACS3-HMAC-SHA256 signature, kept so tests and diagnostics can see each step.</summary>
internal sealed class Acs3Signature(string canonicalRequest, string stringToSign, string signedHeaders, string signature, string authorization)
{
    internal string CanonicalRequest { get; } = canonicalRequest;

    internal string StringToSign { get; } = stringToSign;

    internal string SignedHeaders { get; } = signedHeaders;

    internal string Signature { get; } = signature;

    internal string Authorization { get; } = authorization;
}

/// <summary>ACS3-HMAC-SHA256 (signature V3), the official SDK's default scheme.</summary>
internal sealed class Acs3Signer : IRequestSigner
{
    internal const string Algorithm = "ACS3-HMAC-SHA256";

    /// <summary>The one instance: a signer holds no state.</summary>
    internal static readonly Acs3Signer Instance = new();

    private Acs3Signer()
    {
    }

    /// <summary>
    /// The action, version, time and nonce go in x-acs-* headers, the action's parameters in the
    /// query; all of them are signed, and the signature goes in the Authorization header.
    /// </summary>
    public HttpRequestMessage CreateRequest(Uri endpoint, AcsRequest request, AcsCredential credential, string timestamp, string nonce)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("host", endpoint.Authority),
            new("x-acs-action", request.Action),
            new("x-acs-version", request.Version),
            new("x-acs-date", timestamp),
            new("x-acs-signature-nonce", nonce),
            new("x-acs-content-sha256", AcsEncoding.EmptyBodySha256),
        };
        if (credential.RevealSecurityToken() is { } token)
        {
            headers.Add(new("x-acs-security-token", token));
        }

        var signature = Sign("POST", "/", request.Parameters, headers, AcsEncoding.EmptyBodySha256, credential);
        var query = AcsEncoding.CanonicalQuery(request.Parameters);
        var message = Signers.EmptyPost(endpoint, query.Length == 0 ? "/" : "/?" + query);
        foreach (var h in headers)
        {
            if (h.Key != "host")
            {
                message.Headers.TryAddWithoutValidation(h.Key, h.Value);
            }
        }

        message.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        return message;
    }

    /// <summary>
    /// Signs a request. <paramref name="headers"/> holds every header the request will carry;
    /// the signed ones are host, content-type and all x-acs-* headers, as the service expects.
    /// </summary>
    internal static Acs3Signature Sign(
        string method,
        string path,
        IEnumerable<KeyValuePair<string, string>> query,
        IEnumerable<KeyValuePair<string, string>> headers,
        string bodySha256Hex,
        AcsCredential credential)
    {
        var signed = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var h in headers)
        {
            var name = h.Key.Trim().ToLowerInvariant();
            if (name == "host" || name == "content-type" || name.StartsWith("x-acs-", StringComparison.Ordinal))
            {
                signed[name] = h.Value.Trim();
            }
        }

        var canonicalHeaders = new StringBuilder();
        foreach (var h in signed)
        {
            canonicalHeaders.Append(h.Key).Append(':').Append(h.Value).Append('\n');
        }

        var signedHeaders = string.Join(";", signed.Keys);
        var canonicalRequest =
            method.ToUpperInvariant() + "\n" +
            path + "\n" +
            AcsEncoding.CanonicalQuery(query) + "\n" +
            canonicalHeaders + "\n" +
            signedHeaders + "\n" +
            bodySha256Hex;
        var stringToSign = Algorithm + "\n" + AcsEncoding.Sha256Hex(canonicalRequest);
        var signature = credential.UseSecret(key =>
        {
            using var hmac = new HMACSHA256(key);
            return AcsEncoding.LowerHex(hmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));
        });
        var authorization = $"{Algorithm} Credential={credential.AccessKeyId},SignedHeaders={signedHeaders},Signature={signature}";
        return new Acs3Signature(canonicalRequest, stringToSign, signedHeaders, signature, authorization);
    }
}
