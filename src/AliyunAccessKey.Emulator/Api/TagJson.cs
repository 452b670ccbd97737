using System.Text.Json;

namespace AliyunAccessKey.Emulator.Api;

/// <summary>The Tags shape users and policies share in the official models: {"Tags":{"Tag":[{"TagKey","TagValue"}]}}.</summary>
internal static class TagJson
{
    /// <summary>Writes Tags when there are any; an object without tags has no Tags field.</summary>
    public static void Write(Utf8JsonWriter json, KeyValuePair<string, string>[]? tags)
    {
        if (tags is not { Length: > 0 })
        {
            return;
        }

        json.WriteStartObject("Tags");
        json.WriteStartArray("Tag");
        foreach (var tag in tags)
        {
            json.WriteStartObject();
            json.WriteString("TagKey", tag.Key);
            json.WriteString("TagValue", tag.Value);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
