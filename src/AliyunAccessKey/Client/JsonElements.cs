using System.Globalization;
using System.Xml.Linq;

namespace AliyunAccessKey.Client;

/// <summary>Reading the parsed document: a child by name, as text, a flag, a date or a list.</summary>
internal static partial class Json
{
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
