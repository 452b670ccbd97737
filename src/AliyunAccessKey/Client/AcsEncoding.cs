using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AliyunAccessKey.Client;

/// <summary>Percent-encoding, hashing and formatting shared by both signature schemes.</summary>
internal static class AcsEncoding
{
    private static readonly char[] HexDigits = "0123456789abcdef".ToCharArray();
    private static readonly char[] UpperHexDigits = "0123456789ABCDEF".ToCharArray();

    /// <summary>The wire and canonical timestamp format: UTC, seconds, no fraction.</summary>
    internal const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>
    /// RFC 3986 encoding of the UTF-8 bytes: only A-Z a-z 0-9 - _ . ~ stay as they are,
    /// so space is %20 and * is %2A, as both Alibaba signature schemes require.
    /// </summary>
    internal static string PercentEncode(string value)
    {
        if (value.Length == 0)
        {
            return value;
        }

        var needsEncoding = false;
        foreach (var c in value)
        {
            if (!IsUnreserved(c))
            {
                needsEncoding = true;
                break;
            }
        }

        if (!needsEncoding)
        {
            return value;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        var sb = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            var c = (char)b;
            if (b < 0x80 && IsUnreserved(c))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(UpperHexDigits[b >> 4]).Append(UpperHexDigits[b & 0xF]);
            }
        }

        return sb.ToString();
    }

    private static bool IsUnreserved(char c) =>
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
        c == '-' || c == '_' || c == '.' || c == '~';

    internal static string LowerHex(byte[] bytes)
    {
        var chars = new char[bytes.Length * 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i * 2] = HexDigits[bytes[i] >> 4];
            chars[(i * 2) + 1] = HexDigits[bytes[i] & 0xF];
        }

        return new string(chars);
    }

    internal static string Sha256Hex(byte[] data)
    {
        using var sha = SHA256.Create();
        return LowerHex(sha.ComputeHash(data));
    }

    internal static string Sha256Hex(string data) => Sha256Hex(Encoding.UTF8.GetBytes(data));

    /// <summary>The hash of an empty body, which every request of this module has.</summary>
    internal const string EmptyBodySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    internal static string FormatTimestamp(DateTime utc) =>
        utc.ToUniversalTime().ToString(TimestampFormat, CultureInfo.InvariantCulture);

    /// <summary>Canonical query string: ordinal sort by name, name=value encoded, joined with '&amp;'.</summary>
    internal static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var sorted = new List<KeyValuePair<string, string>>(parameters);
        sorted.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var sb = new StringBuilder();
        foreach (var p in sorted)
        {
            if (sb.Length > 0)
            {
                sb.Append('&');
            }

            sb.Append(PercentEncode(p.Key)).Append('=').Append(PercentEncode(p.Value));
        }

        return sb.ToString();
    }
}
