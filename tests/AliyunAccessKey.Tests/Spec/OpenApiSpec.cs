using System.Text.Json;

namespace AliyunAccessKey.Tests.Spec;

/// <summary>
/// The committed spec/alibaba-openapi.json (made by tools/Update-ApiSpec.ps1 from Alibaba's OpenAPI
/// metadata), copied next to the test assembly. Tests read the file; they never run the tool.
/// </summary>
internal static class OpenApiSpec
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Spec", "alibaba-openapi.json"))));

    internal static JsonElement Root => Document.Value.RootElement;

    /// <summary>Every action in the spec as "service/Action", e.g. "ims/ListUsers".</summary>
    internal static IEnumerable<string> ActionKeys() =>
        Root.GetProperty("services").EnumerateObject()
            .SelectMany(s => s.Value.GetProperty("actions").EnumerateObject().Select(a => $"{s.Name}/{a.Name}"));

    internal static JsonElement Action(string key)
    {
        var parts = key.Split('/');
        return Root.GetProperty("services").GetProperty(parts[0]).GetProperty("actions").GetProperty(parts[1]);
    }
}
