using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;
using static AliyunAccessKey.Tests.Spec.LocalCheckTable;

namespace AliyunAccessKey.Tests.Spec;

/// <summary>
/// For every limit of every parameter in <see cref="LocalCheckTable"/>: a value just inside that
/// must be accepted and one just outside that must be refused, named by parameter, limit and case.
/// </summary>
internal static class SpecLimitCases
{
    internal static readonly Lazy<Dictionary<string, Action>> All = new(BuildCases);

    private static Dictionary<string, Action> BuildCases()
    {
        var cases = new Dictionary<string, Action>(StringComparer.Ordinal);
        foreach (var (key, limits) in SpecLimits())
        {
            if (!Table.TryGetValue(key, out var mapping) || mapping.Local is not { } local)
            {
                continue;
            }

            foreach (var limit in limits.EnumerateObject())
            {
                if (local.Exempt.ContainsKey(limit.Name) || !Generates(limit.Name, local))
                {
                    continue;
                }

                var value = limit.Value.GetProperty("value");
                var allLimits = limits;
                foreach (var (label, test) in Cases(key, limit.Name, value, allLimits, local))
                {
                    cases.Add($"{key} {limit.Name} {Compact(value)}: {label}", test);
                }
            }
        }

        return cases;
    }

    private static string Compact(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? "[" + string.Join(",", value.EnumerateArray().Select(v => v.ToString())) + "]" : value.ToString();

    /// <summary>A documented value as it goes on the wire: a string as it is, a boolean as true/false.</summary>
    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static Action Accepts(Local local, string? value, string why) => () =>
    {
        Assert.True(value is not null, $"no value could be built ({why})");
        var problem = local.Check!(value!);
        Assert.True(problem is null, $"the module refuses what the service takes ({why}): {problem}");
    };

    private static Action Refuses(Local local, string? value, string why) => () =>
    {
        Assert.True(value is not null, $"no value could be built ({why})");
        Assert.True(local.Check!(value!) is not null, $"the module would send what the service refuses ({why})");
    };

    private static IEnumerable<(string Label, Action Test)> Cases(string key, string kind, JsonElement value, JsonElement limits, Local local)
    {
        switch (kind)
        {
            case "minLength":
            {
                var min = value.GetInt32();

                // The shortest value the module can send at all (a UPN needs name@domain, a policy {}).
                var shortest = Enumerable.Range(min, 16).FirstOrDefault(n => local.Build!(n) is not null);
                yield return ($"{shortest} characters accepted", Accepts(local, local.Build!(shortest), $"{shortest} characters"));
                if (min > 0)
                {
                    yield return ($"{min - 1} characters refused", Refuses(local, local.Build!(min - 1), $"{min - 1} characters"));
                }

                break;
            }

            case "maxLength":
            {
                var max = value.GetInt32();
                yield return ($"{max} characters accepted", Accepts(local, local.Build!(max), $"{max} characters"));
                yield return ($"{max + 1} characters refused", Refuses(local, local.Build!(max + 1), $"{max + 1} characters"));
                break;
            }

            case "minimum":
            {
                var min = value.GetInt64();
                yield return ($"{min} accepted", Accepts(local, min.ToString(CultureInfo.InvariantCulture), "the minimum"));
                yield return ($"{min - 1} refused", Refuses(local, (min - 1).ToString(CultureInfo.InvariantCulture), "below the minimum"));
                break;
            }

            case "maximum":
            {
                var max = value.GetInt64();
                yield return ($"{max} accepted", Accepts(local, max.ToString(CultureInfo.InvariantCulture), "the maximum"));
                yield return ($"{max + 1} refused", Refuses(local, (max + 1).ToString(CultureInfo.InvariantCulture), "above the maximum"));
                break;
            }

            case "maxItems":
            {
                var max = value.GetInt32();
                yield return ($"{max} items accepted", Accepts(local, max.ToString(CultureInfo.InvariantCulture), "the most items"));
                yield return ($"{max + 1} items refused", Refuses(local, (max + 1).ToString(CultureInfo.InvariantCulture), "one item too many"));
                break;
            }

            case "enum":
            {
                var allowed = value.EnumerateArray().Select(Text).ToList();
                foreach (var sent in local.Sent ?? [])
                {
                    yield return ($"the module's '{sent}' is one of them", () => Assert.Contains(sent, allowed));
                }

                if (local.Check is not null)
                {
                    foreach (var a in allowed)
                    {
                        yield return ($"'{a}' accepted", Accepts(local, a, "a documented value"));
                    }

                    yield return ("'bogus' refused", Refuses(local, "bogus", "not a documented value"));
                }

                break;
            }

            case "default":
            {
                var specDefault = value.ValueKind == JsonValueKind.Number ? value.GetInt64().ToString(CultureInfo.InvariantCulture) : Text(value);
                if (local.ModuleDefault is { } mine)
                {
                    var label = $"the module sends '{mine}' when nothing is given, which the service takes";
                    yield return (label, limits.TryGetProperty("enum", out var e)
                        ? () => Assert.Contains(mine, e.GetProperty("value").EnumerateArray().Select(Text))
                        : Accepts(local, mine, "the module's default"));
                }
                else if (local.Check is null && local.Sent is { } sentValues)
                {
                    // No text is typed: the module sends one of its fixed values or nothing, and then the service's default applies.
                    yield return ($"nothing is sent by default; the service's {specDefault} is one the module can send too", () => Assert.Contains(specDefault, sentValues));
                }
                else
                {
                    yield return ($"nothing is sent by default; the service's {specDefault} passes the module's check", Accepts(local, specDefault, "the service's default"));
                }

                break;
            }

            case "allowedCharacters" or "pattern":
            {
                var allowedChars = new Regex(limits.TryGetProperty("allowedCharacters", out var ac) ? ac.GetProperty("value").GetString()! : "^$", RegexOptions.CultureInvariant);
                var pattern = limits.TryGetProperty("pattern", out var pt) ? new Regex("^(?:" + pt.GetProperty("value").GetString() + ")\\z", RegexOptions.CultureInvariant) : null;
                yield return ("every printable ASCII character as the docs allow it", () =>
                {
                    var wrong = new List<string>();
                    for (var c = ' '; c <= '~'; c++)
                    {
                        var text = c.ToString();

                        // Where the sentence and the regular expression differ ('+' in ExternalId), the service takes what either allows.
                        var documented = allowedChars.IsMatch(text) || (pattern?.IsMatch(text) ?? false);
                        var accepted = local.Check!(local.WithChar!(c)) is null;
                        if (documented != accepted)
                        {
                            wrong.Add($"'{c}' {(accepted ? "accepted" : "refused")}");
                        }
                    }

                    Assert.Empty(wrong);
                });
                break;
            }

            case "forbiddenPrefixes":
            {
                foreach (var prefix in value.EnumerateArray().Select(v => v.GetString()!))
                {
                    yield return ($"starting with '{prefix}' refused", Refuses(local, prefix + "x", $"starts with {prefix}"));
                    yield return ($"starting with '{prefix.ToUpperInvariant()}' refused", Refuses(local, prefix.ToUpperInvariant() + "x", $"starts with {prefix} in capitals"));
                    yield return ($"'{prefix}' later on accepted", Accepts(local, "x" + prefix, $"{prefix} not at the start"));
                }

                break;
            }

            case "forbiddenSubstrings":
            {
                foreach (var part in value.EnumerateArray().Select(v => v.GetString()!))
                {
                    yield return ($"containing '{part}' refused", Refuses(local, "x" + part + "x", $"contains {part}"));
                    var most = part.Substring(0, part.Length - 1);
                    yield return ($"containing '{most}' accepted", Accepts(local, "x" + most + "x", $"only part of {part}"));
                }

                break;
            }

            case "format":
            {
                var template = value.GetString()!;
                var filled = local.FormatSamples!.Aggregate(template, (t, s) => t.Replace(s.Key, s.Value, StringComparison.Ordinal));
                yield return ($"'{filled}' accepted", Accepts(local, filled, "the documented format"));
                foreach (var placeholder in local.FormatSamples!.Keys)
                {
                    var unfilled = local.FormatSamples!.Where(s => s.Key != placeholder).Aggregate(template, (t, s) => t.Replace(s.Key, s.Value, StringComparison.Ordinal));
                    yield return ($"{placeholder} missing refused", Refuses(local, unfilled, $"{placeholder} not filled in"));
                }

                yield return ("another kind of ARN refused", Refuses(local, filled.Replace(":role/", ":user/", StringComparison.Ordinal), "a user ARN"));
                break;
            }

            default:
                throw new InvalidOperationException($"{key}: no cases for limit kind {kind}");
        }
    }
}
