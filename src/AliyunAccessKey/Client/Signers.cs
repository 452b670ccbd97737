using System.Security.Cryptography;
using System.Text;

namespace AliyunAccessKey.Client;

/// <summary>The parts of an ACS3-HMAC-SHA256 signature, kept so tests and diagnostics can see each step.</summary>
internal sealed class Acs3Signature
{
    internal Acs3Signature(string canonicalRequest, string stringToSign, string signedHeaders, string signature, string authorization)
    {
        CanonicalRequest = canonicalRequest;
        StringToSign = stringToSign;
        SignedHeaders = signedHeaders;
        Signature = signature;
        Authorization = authorization;
    }

    internal string CanonicalRequest { get; }

    internal string StringToSign { get; }

    internal string SignedHeaders { get; }

    internal string Signature { get; }

    internal string Authorization { get; }
}

/// <summary>ACS3-HMAC-SHA256 (signature V3), the official SDK's default scheme.</summary>
internal static class Acs3Signer
{
    internal const string Algorithm = "ACS3-HMAC-SHA256";

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

/// <summary>RPC signature version 1.0 (HMAC-SHA1): legacy, still accepted by IMS and STS.</summary>
internal static class RpcSigner
{
    /// <summary>The string to sign: METHOD&amp;%2F&amp;encode(canonical query), the Signature parameter excluded.</summary>
    internal static string StringToSign(string method, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var canonical = AcsEncoding.CanonicalQuery(parameters.Where(static p => p.Key != "Signature"));
        return method.ToUpperInvariant() + "&" + AcsEncoding.PercentEncode("/") + "&" + AcsEncoding.PercentEncode(canonical);
    }

    /// <summary>base64(HMAC-SHA1(secret + "&amp;", string to sign)).</summary>
    internal static string Sign(string method, IEnumerable<KeyValuePair<string, string>> parameters, AcsCredential credential)
    {
        var stringToSign = StringToSign(method, parameters);
        return credential.UseSecret(secret =>
        {
            var key = new byte[secret.Length + 1];
            try
            {
                Buffer.BlockCopy(secret, 0, key, 0, secret.Length);
                key[secret.Length] = (byte)'&';
#pragma warning disable CA5350 // HMAC-SHA1 is what signature version 1.0 is defined with.
                using var hmac = new HMACSHA1(key);
#pragma warning restore CA5350
                return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));
            }
            finally
            {
                Array.Clear(key, 0, key.Length);
            }
        });
    }
}
