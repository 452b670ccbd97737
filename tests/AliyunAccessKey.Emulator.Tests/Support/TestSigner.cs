using System.Security.Cryptography;
using System.Text;

namespace AliyunAccessKey.Emulator.Tests.Support;

/// <summary>
/// A small signer written for the tests from the published algorithms, independent of both the
/// emulator's verifier and the module's client (it encodes with Uri.EscapeDataString, which is
/// RFC 3986 on .NET 5+).
/// </summary>
public static class TestSigner
{
    public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static string Encode(string s) => Uri.EscapeDataString(s);

    public static string Query(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join("&", parameters
            .Select(p => Encode(p.Key) + "=" + Encode(p.Value))
            .OrderBy(s => s, StringComparer.Ordinal));

    public static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    public static string Sha256Hex(byte[] data) => Hex(SHA256.HashData(data));

    public static string V3CanonicalRequest(string method, string path, IEnumerable<KeyValuePair<string, string>> query, IDictionary<string, string> headers, string bodyHash)
    {
        var signed = headers
            .Select(h => new KeyValuePair<string, string>(h.Key.ToLowerInvariant(), h.Value.Trim()))
            .Where(h => h.Key == "host" || h.Key == "content-type" || h.Key.StartsWith("x-acs-", StringComparison.Ordinal))
            .OrderBy(h => h.Key, StringComparer.Ordinal)
            .ToList();
        var canonicalHeaders = string.Concat(signed.Select(h => h.Key + ":" + h.Value + "\n"));
        var signedHeaders = string.Join(";", signed.Select(h => h.Key));
        return $"{method}\n{path}\n{Query(query)}\n{canonicalHeaders}\n{signedHeaders}\n{bodyHash}";
    }

    public static string V3SignedHeaders(IDictionary<string, string> headers) =>
        string.Join(";", headers.Keys
            .Select(k => k.ToLowerInvariant())
            .Where(k => k == "host" || k == "content-type" || k.StartsWith("x-acs-", StringComparison.Ordinal))
            .OrderBy(k => k, StringComparer.Ordinal));

    public static string V3StringToSign(string canonicalRequest) =>
        "ACS3-HMAC-SHA256\n" + Sha256Hex(Encoding.UTF8.GetBytes(canonicalRequest));

    public static string V3Signature(string secret, string stringToSign) =>
        Hex(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(stringToSign)));

    public static string RpcStringToSign(string method, IEnumerable<KeyValuePair<string, string>> parameters) =>
        method + "&" + Encode("/") + "&" + Encode(Query(parameters.Where(p => p.Key != "Signature")));

    public static string RpcSignature(string secret, string stringToSign) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret + "&"), Encoding.UTF8.GetBytes(stringToSign)));
}
