using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AliyunAccessKey.Client;
using AliyunAccessKey.Model;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;
using Xunit;

namespace AliyunAccessKey.Tests.Spec;

/// <summary>
/// The module's local checks against the limits of spec/alibaba-openapi.json: for every limit of
/// every parameter, a value just inside is accepted and one just outside refused, so the module
/// never refuses what the service would take and never sends what it would refuse. Cases are made
/// from the spec; <see cref="Table"/> maps each spec parameter to the module's check, or says why
/// there is none, and a limit that no case and no reason covers fails the coverage test.
/// </summary>
public class LocalValidationTests
{
    /// <summary>How the module checks one spec parameter (key "service/Action.Parameter[.Field]").</summary>
    private sealed class Local
    {
        /// <summary>The module's check: null when the value would be sent, else what is wrong.</summary>
        public Func<string, string?>? Check { get; init; }

        /// <summary>A value of exactly n characters that is otherwise valid; null when none exists.</summary>
        public Func<int, string?>? Build { get; init; }

        /// <summary>A valid value with the character c in it (for allowedCharacters and pattern).</summary>
        public Func<char, string>? WithChar { get; init; }

        /// <summary>Every value the module can send where the user does not type the text (enums).</summary>
        public IReadOnlyList<string>? Sent { get; init; }

        /// <summary>What the module sends when the user gives nothing; null when it sends nothing (the service's default applies).</summary>
        public string? ModuleDefault { get; init; }

        /// <summary>Samples for the placeholders of a documented format.</summary>
        public IReadOnlyDictionary<string, string>? FormatSamples { get; init; }

        /// <summary>Limit kinds this parameter is not checked for locally, and why.</summary>
        public Dictionary<string, string> Exempt { get; init; } = [];
    }

    /// <summary>One row per spec parameter that has limits: the module's check, or why it has none.</summary>
    private sealed record Mapping(Local? Local, string? Reason);

    private static Mapping Checked(Local local) => new(local, null);

    private static Mapping NotChecked(string reason) => new(null, reason);

    private static string? Number(string value, Func<int, string?> rule) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? rule(n) : "not a number";

    private static string Repeat(char c, int n) => new(c, n);

    /// <summary>name@domain of exactly n characters: the name part at most 64, as the docs say of &lt;username&gt;.</summary>
    private static string? Upn(int n)
    {
        if (n == 0)
        {
            return string.Empty;
        }

        if (n < 5)
        {
            // a@b.c is the shortest name@domain; the documented format needs one too.
            return null;
        }

        var name = Math.Min(InputRules.MaxUserNameLength, n - 4);
        var domain = n - name - 1;
        return Repeat('a', name) + "@" + (domain switch { 3 => "b.c", 4 => "bb.c", _ => Repeat('d', domain - 4) + ".com" });
    }

    /// <summary>A session policy of exactly n characters: a real one padded with spaces, or {} padded.</summary>
    private static string? Policy(int n)
    {
        const string Real = """{"Version":"1","Statement":[{"Effect":"Allow","Action":["ram:Get*"],"Resource":["*"]}]}""";
        return n switch
        {
            0 => string.Empty,
            1 => null,
            _ when n < Real.Length => "{" + Repeat(' ', n - 2) + "}",
            _ => string.Concat(Real.AsSpan(0, Real.Length - 1), Repeat(' ', n - Real.Length), "}"),
        };
    }

    private const string CommentsMin =
        "an empty -Comments means \"not given\" (New-AliyunRamUser: no comments; Set-AliyunRamUser: leave them as they are), " +
        "so it is never sent and the service's minimum of 1 always holds (Empty_text_parameters_are_left_out checks this)";

    private const string Unit = "the unit of the value, not a limit";

    private static readonly Local UpnCheck = new() { Check = InputRules.UserPrincipalName, Build = Upn };
    private static readonly Local DisplayNameCheck = new() { Check = InputRules.DisplayName, Build = n => Repeat('d', n) };
    private static readonly Local CommentsCheck = new()
    {
        Check = InputRules.Comments,
        Build = n => Repeat('c', n),
        Exempt = new Dictionary<string, string> { ["minLength"] = CommentsMin },
    };

    private static readonly Local TagCountCheck = new() { Check = v => Number(v, InputRules.TagCount) };

    private static readonly Local StatusFilter = new()
    {
        Sent = [InputRules.UserStatusFilter(null), InputRules.UserStatusFilter(RamUserStatus.Active), InputRules.UserStatusFilter(RamUserStatus.Frozen)],
        ModuleDefault = InputRules.UserStatusFilter(null),
    };

    private static readonly Local PolicyTypeCheck = new() { Check = InputRules.PolicyType, Sent = InputRules.PolicyTypes };

    private const string NotCreated = "not sent: the module grants and revokes policies, it does not create them (CreatePolicy is in the spec for the emulator)";

    private const string NoTagFilter = "not sent: Get-AliyunRamUser and tab completion have no tag filter";

    /// <summary>
    /// The one table: spec parameter -> the module's local check, or the reason there is none.
    /// Sentences the spec could not read as a limit (its "unparsed" list) are not here: the UPN's
    /// allowed-character sentence leaves out '@' and so refuses the documented example, so the
    /// module applies those characters to the name part only (1-64, the docs' &lt;username&gt;).
    /// Module checks without a documented limit (Email, MobilePhone, AccessKeyId and UserId shapes)
    /// are not in the spec either.
    /// </summary>
    private static readonly Dictionary<string, Mapping> Table = new(StringComparer.Ordinal)
    {
        ["ims/CreateUser.UserPrincipalName"] = Checked(UpnCheck),
        ["ims/GetUser.UserPrincipalName"] = Checked(UpnCheck),
        ["ims/UpdateUser.NewUserPrincipalName"] = Checked(UpnCheck),
        ["ims/CreateUser.DisplayName"] = Checked(DisplayNameCheck),
        ["ims/UpdateUser.NewDisplayName"] = Checked(DisplayNameCheck),
        ["ims/CreateUser.Comments"] = Checked(CommentsCheck),
        ["ims/UpdateUser.NewComments"] = Checked(CommentsCheck),
        ["ims/CreateUser.Tag"] = Checked(TagCountCheck),
        ["ims/CreateUser.Tag.Key"] = Checked(new Local { Check = InputRules.TagKey, Build = n => Repeat('k', n) }),
        ["ims/CreateUser.Tag.Value"] = Checked(new Local { Check = v => InputRules.TagValue("k", v), Build = n => Repeat('v', n) }),
        ["ims/ListUsers.MaxItems"] = Checked(new Local
        {
            Check = v => Number(v, InputRules.MaxItems),

            // Get-AliyunRamUser -PageSize defaults to this constant.
            ModuleDefault = InputRules.MaxMaxItems.ToString(CultureInfo.InvariantCulture),
        }),
        ["ims/ListUserBasicInfos.MaxItems"] = Checked(new Local
        {
            Check = v => Number(v, InputRules.MaxItems),
            ModuleDefault = CompletionCache.PageSize.ToString(CultureInfo.InvariantCulture),
        }),
        ["ims/ListUsers.Status"] = Checked(StatusFilter),
        ["ims/ListUserBasicInfos.Status"] = Checked(StatusFilter),
        ["ims/ListUsers.Tag"] = NotChecked(NoTagFilter),
        ["ims/ListUserBasicInfos.Tag"] = NotChecked(NoTagFilter),
        ["ims/UpdateAccessKey.Status"] = Checked(new Local { Sent = [ImsClient.KeyActive, ImsClient.KeyInactive] }),
        ["sts/AssumeRole.DurationSeconds"] = Checked(new Local
        {
            Check = v => Number(v, InputRules.DurationSeconds),
            Exempt = new Dictionary<string, string> { ["unit"] = Unit },
        }),
        ["sts/AssumeRole.ExternalId"] = Checked(new Local { Check = InputRules.ExternalId, Build = n => Repeat('e', n), WithChar = c => "ab" + c }),
        ["sts/AssumeRole.Policy"] = Checked(new Local { Check = InputRules.Policy, Build = Policy }),
        ["sts/AssumeRole.RoleArn"] = Checked(new Local
        {
            Check = InputRules.RoleArn,
            FormatSamples = new Dictionary<string, string> { ["<account_id>"] = "1234567890123456", ["<role_name>"] = "adminrole" },
        }),
        ["sts/AssumeRole.RoleSessionName"] = Checked(new Local { Check = InputRules.RoleSessionName, Build = n => Repeat('s', n), WithChar = c => "ab" + c }),
        ["sts/AssumeRole.SourceIdentity"] = NotChecked("not sent: no cmdlet or profile sets a source identity"),

        // Every policy name the module sends keeps CreatePolicy's rule: the only one RAM documents.
        ["ram/CreatePolicy.PolicyName"] = Checked(new Local { Check = InputRules.PolicyName, Build = n => Repeat('p', n), WithChar = c => "ab" + c }),
        ["ram/CreatePolicy.Description"] = NotChecked(NotCreated),
        ["ram/CreatePolicy.PolicyDocument"] = NotChecked(NotCreated),
        ["ram/ListPolicies.MaxItems"] = Checked(new Local
        {
            Check = v => Number(v, InputRules.MaxItems),

            // Get-AliyunRamPolicy and the PolicyName completer list 1,000 a page.
            ModuleDefault = InputRules.MaxMaxItems.ToString(CultureInfo.InvariantCulture),
        }),
        ["ram/ListPolicies.PolicyType"] = Checked(PolicyTypeCheck),
        ["ram/GetPolicy.PolicyType"] = Checked(PolicyTypeCheck),
        ["ram/AttachPolicyToUser.PolicyType"] = Checked(PolicyTypeCheck),
        ["ram/DetachPolicyFromUser.PolicyType"] = Checked(PolicyTypeCheck),
        ["ram/AttachPolicyToGroup.PolicyType"] = Checked(PolicyTypeCheck),
        ["ram/DetachPolicyFromGroup.PolicyType"] = Checked(PolicyTypeCheck),
    };

    /// <summary>Every spec parameter with limits, as (key, limits), fields of list items included.</summary>
    private static IEnumerable<(string Key, JsonElement Limits)> SpecLimits()
    {
        foreach (var action in OpenApiSpec.ActionKeys())
        {
            foreach (var p in OpenApiSpec.Action(action).GetProperty("parameters").EnumerateArray())
            {
                var key = $"{action}.{p.GetProperty("name").GetString()}";
                if (p.TryGetProperty("limits", out var limits))
                {
                    yield return (key, limits);
                }

                if (p.TryGetProperty("items", out var items) && items.TryGetProperty("fields", out var fields))
                {
                    foreach (var f in fields.EnumerateArray())
                    {
                        if (f.TryGetProperty("limits", out var fieldLimits))
                        {
                            yield return ($"{key}.{f.GetProperty("name").GetString()}", fieldLimits);
                        }
                    }
                }
            }
        }
    }

    private static readonly Lazy<Dictionary<string, Action>> AllCases = new(BuildCases);

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in AllCases.Value.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void The_local_check_agrees_with_the_spec(string name) => AllCases.Value[name]();

    [Fact]
    public void Every_spec_limit_is_checked_locally_or_listed_with_a_reason()
    {
        var unmapped = new List<string>();
        foreach (var (key, limits) in SpecLimits())
        {
            if (!Table.TryGetValue(key, out var mapping))
            {
                unmapped.Add($"{key}: not in the table");
                continue;
            }

            if (mapping.Local is null)
            {
                Assert.False(string.IsNullOrWhiteSpace(mapping.Reason), key);
                continue;
            }

            foreach (var limit in limits.EnumerateObject())
            {
                if (!mapping.Local.Exempt.ContainsKey(limit.Name) && !Generates(limit.Name, mapping.Local))
                {
                    unmapped.Add($"{key} {limit.Name}: no case and no reason");
                }
            }
        }

        Assert.Empty(unmapped);
    }

    [Fact]
    public void The_table_names_only_parameters_the_spec_limits()
    {
        var keys = SpecLimits().Select(l => l.Key).ToHashSet(StringComparer.Ordinal);

        Assert.All(Table.Keys, k => Assert.Contains(k, keys));
    }

    [Fact]
    public void A_user_listing_asks_for_both_states_not_the_services_default()
    {
        // Left out, Status means "active": a frozen user would be missing from "every user".
        foreach (var action in new[] { "ims/ListUsers", "ims/ListUserBasicInfos" })
        {
            var status = OpenApiSpec.Action(action).GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Status");
            Assert.Equal("active", status.GetProperty("limits").GetProperty("default").GetProperty("value").GetString());
        }

        Assert.Equal("active,freeze", InputRules.UserStatusFilter(null));
        Assert.Equal("active,freeze", ImsClient.AllUserStatuses);
    }

    [Fact]
    public void Empty_text_parameters_are_left_out()
    {
        Assert.Null(InputRules.Optional(string.Empty));
        Assert.Null(InputRules.Optional("   "));
        Assert.Equal("x", InputRules.Optional("x"));
    }

    [Fact]
    public void A_policy_is_counted_in_UTF8_bytes_and_must_be_a_JSON_object()
    {
        // 2,048 characters but 4,096 bytes: STS answers InvalidParameter.PolicySize in bytes.
        var wide = "{\"x\":\"" + Repeat('é', 2048 - 8) + "\"}";
        Assert.Equal(2048, wide.Length);
        Assert.Contains("bytes", InputRules.Policy(wide), StringComparison.Ordinal);

        Assert.Null(InputRules.Policy("""{"Version":"1","Statement":[{"Effect":"Allow","Action":["ram:Get*"],"Resource":["*"]}]}"""));
        Assert.NotNull(InputRules.Policy("[]"));
        Assert.NotNull(InputRules.Policy("\"text\""));
        Assert.NotNull(InputRules.Policy("   "));

        // Not JSON: the message says where, never what the value holds.
        var problem = InputRules.Policy("{\"Version\":\"1\",\"Statement\":[SECRETWORD]}");
        Assert.NotNull(problem);
        Assert.DoesNotContain("SECRETWORD", problem, StringComparison.Ordinal);
        Assert.Contains("column", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_about_long_values_do_not_quote_them()
    {
        var longValue = Repeat('x', 5000);

        foreach (var problem in new[]
        {
            InputRules.TagKey(longValue), InputRules.TagValue("k", longValue), InputRules.ExternalId(longValue + " "),
            InputRules.RoleSessionName(longValue), InputRules.RoleArn(longValue), InputRules.DisplayName(longValue), InputRules.UserPrincipalName(longValue),
        })
        {
            Assert.NotNull(problem);
            Assert.True(problem!.Length < 400, problem);
        }
    }

    [Fact]
    public void An_external_id_is_never_quoted_in_its_error()
    {
        // The ExternalId guards a role against a confused deputy: treat it like a credential.
        var problem = InputRules.ExternalId("ExtSecretWord 42");

        Assert.NotNull(problem);
        Assert.DoesNotContain("ExtSecretWord", problem, StringComparison.Ordinal);
    }

    private static bool Generates(string kind, Local local) => kind switch
    {
        "minLength" or "maxLength" => local.Check is not null && local.Build is not null,
        "minimum" or "maximum" or "maxItems" or "forbiddenPrefixes" or "forbiddenSubstrings" => local.Check is not null,
        "allowedCharacters" or "pattern" => local.Check is not null && local.WithChar is not null,
        "enum" => local.Sent is not null || local.Check is not null,
        "default" => local.Check is not null || local.Sent is not null,
        "format" => local.Check is not null && local.FormatSamples is not null,
        _ => false,
    };

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
                var allowed = value.EnumerateArray().Select(v => v.GetString()).ToList();
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
                var specDefault = value.ValueKind == JsonValueKind.Number ? value.GetInt64().ToString(CultureInfo.InvariantCulture) : value.GetString()!;
                if (local.ModuleDefault is { } mine)
                {
                    var label = $"the module sends '{mine}' when nothing is given, which the service takes";
                    yield return (label, limits.TryGetProperty("enum", out var e)
                        ? () => Assert.Contains(mine, e.GetProperty("value").EnumerateArray().Select(v => v.GetString()))
                        : Accepts(local, mine, "the module's default"));
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
