using System.Collections;
using System.Management.Automation;

namespace AliyunAccessKey.Validation;

/// <summary>
/// Lets -Tag take what users have: a hashtable, or from a CSV cell a string "key=value;key2=value2".
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class TagTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc/>
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        switch (value)
        {
            case null:
                return null;
            case IDictionary dictionary:
                return dictionary;
            case string text when string.IsNullOrWhiteSpace(text):
                return null;
            case IEnumerable<Model.RamTag> tags:
                // Tags of a user object piped in (e.g. to copy users).
                var fromTags = new Hashtable(StringComparer.Ordinal);
                foreach (var tag in tags)
                {
                    fromTags[tag.Key] = tag.Value;
                }

                return fromTags.Count == 0 ? null : fromTags;
            case string text:
                var table = new Hashtable(StringComparer.Ordinal);
                foreach (var part in text.Split([';', ','], StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = part.IndexOf('=');
                    if (eq <= 0)
                    {
                        throw new ArgumentTransformationMetadataException($"'{part.Trim()}' is not a tag: write key=value, separated by ';'.");
                    }

                    table[part.Substring(0, eq).Trim()] = part.Substring(eq + 1).Trim();
                }

                return table;
            default:
                throw new ArgumentTransformationMetadataException("-Tag takes a hashtable (@{ team = 'ops' }) or a string 'key=value;key2=value2'.");
        }
    }
}
