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
        using var reader = JsonReaderWriterFactory.CreateJsonReader(body, XmlDictionaryReaderQuotas.Max);
        return XElement.Load(reader);
    }

    internal static XElement? Child(this XElement e, string name)
    {
        var child = e.Element(name);
        return child is null || (string?)child.Attribute("type") == "null" ? null : child;
    }

    internal static string? Str(this XElement e, string name) => e.Child(name)?.Value;

    internal static bool Bool(this XElement e, string name) =>
        string.Equals(e.Str(name), "true", StringComparison.OrdinalIgnoreCase);

    internal static DateTime? Date(this XElement e, string name) => ParseDate(e.Str(name));

    internal static DateTime? ParseDate(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
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
