using System.Globalization;
using System.Runtime.Serialization.Json;
using System.Xml;
using System.Xml.Linq;

namespace AliyunAccessKey.Client;

/// <summary>
/// Reads JSON with the BCL's JSON-to-XML reader (no third-party assembly), then maps elements
/// by name. An element's "type" attribute says what the JSON value was.
/// </summary>
internal static class Json
{
    internal static XElement Parse(byte[] body)
    {
        EnsureComplete(body);
        using var reader = JsonReaderWriterFactory.CreateJsonReader(body, XmlDictionaryReaderQuotas.Max);
        return XElement.Load(reader);
    }

    /// <summary>IMS and STS answers nest a few levels; far deeper input is refused before the reader's cost grows with it.</summary>
    private const int MaxDepth = 64;

    /// <summary>
    /// The BCL reader accepts a document cut short ({"A":1 parses), which would turn a truncated
    /// page into a silently short one; so check that brackets balance and every string is closed.
    /// </summary>
    private static void EnsureComplete(byte[] body)
    {
        var depth = 0;
        var inString = false;
        var escaped = false;
        var sawValue = false;
        foreach (var b in body)
        {
            if (inString)
            {
                if (escaped)
                {
                    escaped = false;
                }
                else if (b == (byte)'\\')
                {
                    escaped = true;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }

                continue;
            }

            switch (b)
            {
                case (byte)'"':
                    inString = true;
                    break;
                case (byte)'{' or (byte)'[':
                    if (depth == 0 && sawValue)
                    {
                        throw new XmlException("JSON has more than one top-level value.");
                    }

                    if (++depth > MaxDepth)
                    {
                        throw new XmlException($"JSON nests deeper than {MaxDepth} levels.");
                    }

                    sawValue = true;
                    break;
                case (byte)'}' or (byte)']':
                    if (--depth < 0)
                    {
                        throw new XmlException("JSON closes more brackets than it opens.");
                    }

                    break;
            }
        }

        if (depth != 0 || inString || !sawValue)
        {
            throw new XmlException("JSON ends before the document is complete.");
        }
    }

    /// <summary>The child when it is a JSON object; null when absent, null, or of another type.</summary>
    internal static XElement? Object(this XElement e, string name) =>
        e.Child(name) is { } child && (string?)child.Attribute("type") == "object" ? child : null;

    internal static XElement? Child(this XElement e, string name)
    {
        var child = e.Element(name);
        return child is null || (string?)child.Attribute("type") == "null" ? null : child;
    }

    internal static string? Str(this XElement e, string name) => e.Child(name)?.Value;

    internal static bool Bool(this XElement e, string name) =>
        string.Equals(e.Str(name), "true", StringComparison.OrdinalIgnoreCase);

    internal static DateTime? Date(this XElement e, string name) => ParseDate(e.Str(name));

    /// <summary>
    /// A date as the service writes it: ISO 8601 ("2020-10-12T09:12:00Z") or, in some answers (the
    /// official ListUsers example's LastLoginDate), Unix epoch time as a string of digits.
    /// 13 digits are milliseconds. 10 digits are seconds: read as milliseconds they would fall in
    /// early 1970, long before any RAM user existed. Other lengths fit neither unit plausibly, so
    /// they read as no date rather than a wrong one.
    /// </summary>
    internal static DateTime? ParseDate(string? value)
    {
        if (value is null || value.Length == 0)
        {
            return null;
        }

        if (value.All(static c => c is >= '0' and <= '9'))
        {
            // Only these two lengths are parsed, so a long run of digits cannot overflow.
            return value.Length switch
            {
                13 => DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture)).UtcDateTime,
                10 => DateTimeOffset.FromUnixTimeSeconds(long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture)).UtcDateTime,
                _ => null,
            };
        }

        return DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d)
            ? DateTime.SpecifyKind(d, DateTimeKind.Utc)
            : null;
    }

    /// <summary>
    /// The items of a wrapped list such as {"Users":{"User":[...]}}. The service sometimes
    /// sends a single object where a list is meant; that is read as a list of one.
    /// </summary>
    internal static IEnumerable<XElement> List(this XElement e, string wrapper, string itemName)
    {
        var list = e.Child(wrapper)?.Child(itemName);
        if (list is null)
        {
            return [];
        }

        return (string?)list.Attribute("type") == "array" ? list.Elements() : [list];
    }
}
