using System.Globalization;
using System.Text;

namespace AliyunAccessKey.Emulator.Signing;

/// <summary>Percent-encoding, hex and timestamps as both Alibaba signature schemes define them.</summary>
internal static class AcsEncoding
{
    /// <summary>UTC, whole seconds: the format of Timestamp, x-acs-date and every date in a response.</summary>
    public const string DateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    private static readonly string[] AcceptedTimestampFormats =
    [
        DateFormat,
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
    ];

    /// <summary>RFC 3986 over UTF-8: only A-Z a-z 0-9 - _ . ~ stay, so space is %20 and * is %2A.</summary>
    public static string PercentEncode(string value)
    {
        var plain = true;
        foreach (var c in value)
        {
            if (!IsUnreserved(c))
            {
                plain = false;
                break;
            }
        }

        if (plain)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length * 3);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b < 0x80 && IsUnreserved((char)b))
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private static bool IsUnreserved(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~';

    /// <summary>
    /// Decodes an application/x-www-form-urlencoded string (a query or a form body) the way the
    /// service does: '+' is a space, %XX sequences are UTF-8. Whatever encoding the client chose on
    /// the wire, the signature is checked against the decoded values re-encoded canonically.
    /// </summary>
    public static List<KeyValuePair<string, string>> ParseFormEncoded(string raw)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (raw.StartsWith('?'))
        {
            raw = raw[1..];
        }

        foreach (var part in raw.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? string.Empty : part[(eq + 1)..];
            result.Add(new(Decode(name), Decode(value)));
        }

        return result;
    }

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    /// <summary>Sorted by name (ordinal), then value; name=value each encoded; joined with '&amp;'.</summary>
    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var encoded = parameters
            .Select(static p => (Name: PercentEncode(p.Key), Value: PercentEncode(p.Value)))
            .ToList();
        encoded.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', encoded.Select(static p => p.Name + "=" + p.Value));
    }

    public static string LowerHex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    public static string FormatDate(DateTime utc) => utc.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static bool TryParseTimestamp(string value, out DateTime utc) =>
        DateTime.TryParseExact(
            value,
            AcceptedTimestampFormats,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal,
            out utc);
}
