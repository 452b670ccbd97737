using System.Runtime.Serialization.Json;
using System.Xml;
using System.Xml.Linq;

namespace AliyunAccessKey.Client;

/// <summary>
/// Reads JSON with the BCL's JSON-to-XML reader (no third-party assembly), then maps elements
/// by name (JsonElements.cs). An element's "type" attribute says what the JSON value was.
/// </summary>
internal static partial class Json
{
    /// <summary>
    /// The document as XML; JSON that does not parse throws <see cref="JsonSyntaxException"/>, which
    /// says where the first fault is but never quotes the text: the reader's own messages do
    /// ("unexpected character 'q'", "found 'tSec'"), and the broken spot may be inside a secret.
    /// </summary>
    internal static XElement Parse(byte[] body)
    {
        try
        {
            EnsureComplete(body);
            using var reader = JsonReaderWriterFactory.CreateJsonReader(body, XmlDictionaryReaderQuotas.Max);
            return XElement.Load(reader);
        }
        catch (Exception ex) when (ex is XmlException or FormatException or ArgumentException or OverflowException or InvalidOperationException or System.Runtime.Serialization.SerializationException)
        {
            // Only on failure: find the fault from scratch, so a good answer costs nothing more.
            throw JsonChecker.FindFault(body) ?? ex as JsonSyntaxException ?? new JsonSyntaxException("something the JSON reader cannot read", 0, 0);
        }
    }

    /// <summary>IMS and STS answers nest a few levels; far deeper input is refused before the reader's cost grows with it.</summary>
    internal const int MaxDepth = 64;

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
                        throw new JsonSyntaxException("more than one top-level value", 0, 0);
                    }

                    if (++depth > MaxDepth)
                    {
                        throw new JsonSyntaxException($"JSON nests deeper than {MaxDepth} levels", 0, 0);
                    }

                    sawValue = true;
                    break;
                case (byte)'}' or (byte)']':
                    if (--depth < 0)
                    {
                        throw new JsonSyntaxException("more brackets closed than opened", 0, 0);
                    }

                    break;
            }
        }

        if (depth != 0 || inString || !sawValue)
        {
            throw new JsonSyntaxException("the JSON ends before it is complete", 0, 0);
        }
    }
}
