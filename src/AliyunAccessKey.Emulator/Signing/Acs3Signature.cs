using System.Security.Cryptography;
using System.Text;

namespace AliyunAccessKey.Emulator.Signing;

/// <summary>The parsed Authorization header of an ACS3-HMAC-SHA256 request.</summary>
internal sealed record Acs3Authorization(string Algorithm, string AccessKeyId, IReadOnlyList<string> SignedHeaders, string Signature)
{
    public const string HmacSha256 = "ACS3-HMAC-SHA256";

    /// <summary>
    /// Parses "ACS3-HMAC-SHA256 Credential=id,SignedHeaders=a;b,Signature=hex". Returns null when a
    /// part is missing, which the service answers with IncompleteSignature.
    /// </summary>
    public static Acs3Authorization? Parse(string header)
    {
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return null;
        }

        var algorithm = header[..space];
        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in header[(space + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return null;
            }

            var value = part[(eq + 1)..].Trim();
            switch (part[..eq].Trim())
            {
                case "Credential":
                    credential = value;
                    break;
                case "SignedHeaders":
                    signedHeaders = value;
                    break;
                case "Signature":
                    signature = value;
                    break;
            }
        }

        if (string.IsNullOrEmpty(credential) || string.IsNullOrEmpty(signedHeaders) || string.IsNullOrEmpty(signature))
        {
            return null;
        }

        var names = signedHeaders
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(static n => n.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
        return new Acs3Authorization(algorithm, credential, names, signature);
    }
}

/// <summary>
/// Server side of ACS3-HMAC-SHA256, written from the published algorithm (not shared with the
/// module's client, so a bug cannot hide on both sides).
/// </summary>
internal static class Acs3Signature
{
    /// <summary>
    /// METHOD \n path \n canonical query \n canonical headers \n signed headers \n body hash.
    /// <paramref name="headerValue"/> returns a header's (joined) value, or null when it is absent.
    /// </summary>
    public static string CanonicalRequest(
        string method,
        string path,
        IEnumerable<KeyValuePair<string, string>> query,
        IReadOnlyList<string> signedHeaders,
        Func<string, string?> headerValue,
        string bodySha256Hex)
    {
        var headers = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            headers.Append(name).Append(':').Append((headerValue(name) ?? string.Empty).Trim()).Append('\n');
        }

        return method.ToUpperInvariant() + "\n" +
            (path.Length == 0 ? "/" : path) + "\n" +
            AcsEncoding.CanonicalQuery(query) + "\n" +
            headers + "\n" +
            string.Join(';', signedHeaders) + "\n" +
            bodySha256Hex;
    }

    public static string StringToSign(string canonicalRequest) =>
        Acs3Authorization.HmacSha256 + "\n" + Sha256Hex(Encoding.UTF8.GetBytes(canonicalRequest));

    public static string Sign(string secret, string stringToSign) =>
        AcsEncoding.LowerHex(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(stringToSign)));

    public static string Sha256Hex(ReadOnlySpan<byte> data) => AcsEncoding.LowerHex(SHA256.HashData(data));
}
