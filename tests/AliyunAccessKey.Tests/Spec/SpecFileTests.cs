using System.Globalization;
using System.Text.Json;
using Xunit;

namespace AliyunAccessKey.Tests.Spec;

/// <summary>A refresh of the spec that drops an action or breaks its shape fails here, not in a later test.</summary>
public class SpecFileTests
{
    /// <summary>The actions the module or the emulator calls; each must be in the spec.</summary>
    private static readonly string[] Required =
    [
        "ims/CreateAccessKey", "ims/ListAccessKeys", "ims/UpdateAccessKey", "ims/DeleteAccessKey", "ims/GetAccessKeyLastUsed",
        "ims/CreateUser", "ims/GetUser", "ims/ListUsers", "ims/ListUserBasicInfos", "ims/UpdateUser", "ims/DeleteUser",
        "ims/GetDefaultDomain", "sts/GetCallerIdentity", "sts/AssumeRole",
    ];

    private static readonly HashSet<string> LimitKinds =
    [
        "minLength", "maxLength", "minBytes", "maxBytes", "minimum", "maximum", "unit", "default", "enum",
        "allowedCharacters", "pattern", "forbiddenPrefixes", "forbiddenSubstrings", "format", "maxItems",
    ];

    [Fact]
    public void The_source_names_the_metadata_commit_it_was_read_from()
    {
        var source = OpenApiSpec.Root.GetProperty("source");

        Assert.Equal("https://github.com/dew-serverless/acs-metadata", source.GetProperty("repository").GetString());
        Assert.Matches("^[0-9a-f]{40}$", source.GetProperty("commit").GetString());
        Assert.True(DateTimeOffset.TryParse(source.GetProperty("commitDate").GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
        Assert.Contains("en_us/ims/2019-08-15/api-docs.json", source.GetProperty("paths").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("2019-08-15", OpenApiSpec.Root.GetProperty("services").GetProperty("ims").GetProperty("version").GetString());
        Assert.Equal("2015-04-01", OpenApiSpec.Root.GetProperty("services").GetProperty("sts").GetProperty("version").GetString());
    }

    [Fact]
    public void Every_action_the_module_uses_is_in_the_spec()
    {
        Assert.Empty(Required.Except(OpenApiSpec.ActionKeys()));
    }

    [Fact]
    public void Every_action_has_parameters_a_response_tree_and_a_JSON_example_that_parses()
    {
        foreach (var key in OpenApiSpec.ActionKeys())
        {
            var action = OpenApiSpec.Action(key);
            foreach (var p in action.GetProperty("parameters").EnumerateArray())
            {
                Assert.False(string.IsNullOrEmpty(p.GetProperty("name").GetString()), key);
                Assert.False(string.IsNullOrEmpty(p.GetProperty("location").GetString()), key);
                Assert.False(string.IsNullOrEmpty(p.GetProperty("type").GetString()), key);
                Assert.True(p.GetProperty("required").ValueKind is JsonValueKind.True or JsonValueKind.False, key);
            }

            Assert.Contains(action.GetProperty("response").EnumerateArray(), f => f.GetProperty("name").GetString() == "RequestId");
            var examples = action.GetProperty("responseExamples").EnumerateArray().ToList();
            Assert.NotEmpty(examples);
            foreach (var example in examples)
            {
                using var parsed = JsonDocument.Parse(example.GetString()!);
                Assert.Equal(JsonValueKind.Object, parsed.RootElement.ValueKind);
            }
        }
    }

    /// <summary>Each limit says where it came from, and a number in it is one its sentence states.</summary>
    [Fact]
    public void Every_limit_is_a_known_kind_and_carries_its_source_sentence()
    {
        var seen = 0;
        foreach (var key in OpenApiSpec.ActionKeys())
        {
            foreach (var p in OpenApiSpec.Action(key).GetProperty("parameters").EnumerateArray())
            {
                foreach (var (kind, value, from) in Limits(p))
                {
                    seen++;
                    var where = $"{key} {p.GetProperty("name").GetString()} {kind}";
                    Assert.Contains(kind, LimitKinds);
                    Assert.False(string.IsNullOrWhiteSpace(from), where);
                    if (value.ValueKind == JsonValueKind.Number && !from.StartsWith("schema.", StringComparison.Ordinal) && !from.Contains("empty string", StringComparison.Ordinal))
                    {
                        Assert.True(from.Replace(",", string.Empty, StringComparison.Ordinal).Contains(value.GetRawText(), StringComparison.Ordinal), $"{where}: {value.GetRawText()} is not in \"{from}\"");
                    }
                }
            }
        }

        Assert.True(seen > 0, "the spec holds no limits at all");
    }

    private static IEnumerable<(string Kind, JsonElement Value, string From)> Limits(JsonElement parameter)
    {
        if (parameter.TryGetProperty("limits", out var limits))
        {
            foreach (var l in limits.EnumerateObject())
            {
                yield return (l.Name, l.Value.GetProperty("value"), l.Value.GetProperty("from").GetString() ?? string.Empty);
            }
        }

        if (parameter.TryGetProperty("items", out var items) && items.TryGetProperty("fields", out var fields))
        {
            foreach (var f in fields.EnumerateArray())
            {
                foreach (var l in Limits(f))
                {
                    yield return l;
                }
            }
        }
    }
}
