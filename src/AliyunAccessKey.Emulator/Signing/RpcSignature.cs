using System.Security.Cryptography;
using System.Text;

namespace AliyunAccessKey.Emulator.Signing;

/// <summary>Server side of RPC signature version 1.0 (HMAC-SHA1).</summary>
internal static class RpcSignature
{
    /// <summary>METHOD&amp;%2F&amp;encode(canonical parameters without Signature).</summary>
    public static string StringToSign(string method, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var canonical = AcsEncoding.CanonicalQuery(parameters.Where(static p => p.Key != "Signature"));
        return method.ToUpperInvariant() + "&" + AcsEncoding.PercentEncode("/") + "&" + AcsEncoding.PercentEncode(canonical);
    }

    /// <summary>base64(HMAC-SHA1(secret + "&amp;", string to sign)).</summary>
    public static string Sign(string secret, string stringToSign)
    {
#pragma warning disable CA5350 // Signature version 1.0 is defined with HMAC-SHA1.
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret + "&"), Encoding.UTF8.GetBytes(stringToSign));
#pragma warning restore CA5350
        return Convert.ToBase64String(mac);
    }
}
