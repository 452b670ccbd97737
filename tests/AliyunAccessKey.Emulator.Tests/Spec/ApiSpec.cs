using System.Text.Json;
using AliyunAccessKey.Emulator.Api;

namespace AliyunAccessKey.Emulator.Tests.Spec;

/// <summary>
/// spec/alibaba-openapi.json, the extract of Alibaba's own OpenAPI metadata (see spec/README.md),
/// copied next to the test assembly. The emulator never reads it; these tests hold it to it.
/// </summary>
internal static class ApiSpec
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Spec", "alibaba-openapi.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    /// <summary>Every action of the spec that the emulator serves, as (service, action, spec).</summary>
    public static IEnumerable<(string Service, string Action, JsonElement Spec)> ServedActions() =>
        from service in Root.GetProperty("services").EnumerateObject()
        from action in service.Value.GetProperty("actions").EnumerateObject()
        where ActionCatalog.Default.Find(service.Name, action.Name) is not null
        select (service.Name, action.Name, action.Value);

    public static JsonElement Action(string service, string action) =>
        Root.GetProperty("services").GetProperty(service).GetProperty("actions").GetProperty(action);

    /// <summary>The documented errors of an action (STS only), code → (status, message).</summary>
    public static Dictionary<string, (int Status, string Message)> Errors(string service, string action)
    {
        var result = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
        if (Action(service, action).TryGetProperty("errors", out var errors))
        {
            foreach (var e in errors.EnumerateArray())
            {
                result[e.GetProperty("code").GetString()!] = (e.GetProperty("httpStatus").GetInt32(), e.GetProperty("message").GetString()!);
            }
        }

        return result;
    }

    /// <summary>
    /// Every limit of every served action's parameters, list items included: (service, action,
    /// parameter path such as "Tag.Key", whether the parameter is required, kind, the limit).
    /// </summary>
    public static IEnumerable<SpecLimit> Limits()
    {
        foreach (var (service, action, spec) in ServedActions())
        {
            foreach (var p in spec.GetProperty("parameters").EnumerateArray())
            {
                var name = p.GetProperty("name").GetString()!;
                var required = p.GetProperty("required").GetBoolean() || (p.TryGetProperty("docRequired", out var dr) && dr.GetBoolean());
                if (p.TryGetProperty("limits", out var limits))
                {
                    foreach (var limit in limits.EnumerateObject())
                    {
                        yield return new SpecLimit(service, action, name, required, false, limit.Name, limit.Value.GetProperty("value").Clone(), Siblings(limits));
                    }
                }

                if (p.TryGetProperty("items", out var items) && items.TryGetProperty("fields", out var fields))
                {
                    foreach (var f in fields.EnumerateArray())
                    {
                        if (!f.TryGetProperty("limits", out var fieldLimits))
                        {
                            continue;
                        }

                        var path = name + "." + f.GetProperty("name").GetString();
                        foreach (var limit in fieldLimits.EnumerateObject())
                        {
                            yield return new SpecLimit(service, action, path, false, true, limit.Name, limit.Value.GetProperty("value").Clone(), Siblings(fieldLimits));
                        }
                    }
                }
            }
        }
    }

    private static Dictionary<string, JsonElement> Siblings(JsonElement limits) =>
        limits.EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetProperty("value").Clone(), StringComparer.Ordinal);

    /// <summary>The sentences of served actions that no rule of the extraction tool reads, as (service, action, parameter, sentence).</summary>
    public static IEnumerable<(string Service, string Action, string Parameter, string Sentence)> Unparsed() =>
        from a in ServedActions()
        where a.Spec.TryGetProperty("unparsed", out _)
        from u in a.Spec.GetProperty("unparsed").EnumerateArray()
        select (a.Service, a.Action, u.GetProperty("parameter").GetString()!, u.GetProperty("sentence").GetString()!);
}

/// <summary>One documented limit. <see cref="All"/> holds every limit of the same parameter.</summary>
internal sealed record SpecLimit(
    string Service,
    string Action,
    string Parameter,
    bool Required,
    bool IsListItem,
    string Kind,
    JsonElement Value,
    Dictionary<string, JsonElement> All)
{
    /// <summary>"ims/CreateUser Comments maxLength".</summary>
    public string Key => $"{Service}/{Action} {Parameter} {Kind}";

    /// <summary>The request parameter a refusal names: "Tag" for Tag.Key and Tag.Value.</summary>
    public string Top => Parameter.Split('.')[0];

    public int? Int(string kind) => All.TryGetValue(kind, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
}
