using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AliyunAccessKey.Emulator.Tests.Features.Groups;
using AliyunAccessKey.Emulator.Tests.Features.Policies;
using AliyunAccessKey.Emulator.Tests.Features.Sts;
using AliyunAccessKey.Emulator.Tests.Features.Users;

namespace AliyunAccessKey.Emulator.Tests.Spec;

/// <summary>One generated case: a value just inside a documented limit (accepted) or just outside it (refused).</summary>
/// <param name="Id">Stable, readable id, the theory's argument.</param>
/// <param name="Limit">The limit it exercises.</param>
/// <param name="Inside">True: the value must be accepted; false: refused.</param>
/// <param name="Values">The parameters that carry the value (the rest of the request is valid).</param>
/// <param name="ExpectedCode">An exact refusal code where one follows from the case (an empty required parameter); else the InvalidParameter.&lt;Param&gt; family.</param>
internal sealed record LimitCase(string Id, SpecLimit Limit, bool Inside, Func<SpecEmulator, List<KeyValuePair<string, string>>> Values, string? ExpectedCode = null)
{
    public override string ToString() => Id;
}

/// <summary>
/// Generates the cases from spec/alibaba-openapi.json: for every limit of every action the
/// emulator serves, a value just inside (accepted) and one just outside (refused). Values are
/// built to satisfy everything else about the parameter (a UPN keeps its @domain, a Policy stays
/// JSON), so the limit under test is the only thing that changes.
/// </summary>
internal static class LimitCases
{
    /// <summary>Printable ASCII plus two non-ASCII letters: the characters a character rule is probed with.</summary>
    private static readonly char[] Probe = [.. Enumerable.Range(0x20, 0x7F - 0x20).Select(i => (char)i), 'é', '中'];

    /// <summary>
    /// Limit kinds that say what a value means rather than what is allowed, or that cannot be
    /// exercised generically; each names the hand-written test that covers it.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> NotGeneric = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["default"] = "what an absent parameter means, checked by hand: " +
            $"{nameof(UserStatusTests)}.{nameof(UserStatusTests.MaxItems_defaults_are_100_for_ListUserBasicInfos_and_1000_for_ListUsers)}, " +
            $"{nameof(UserStatusTests)}.{nameof(UserStatusTests.Without_Status_the_lists_answer_only_active_users)}, " +
            $"{nameof(StsTests)}.{nameof(StsTests.DurationSeconds_defaults_to_3600_and_is_bounded_by_the_roles_MaxSessionDuration)}, " +
            $"{nameof(GroupTests)}.{nameof(GroupTests.Listings_page_by_Marker_with_MaxItems_1_to_100_default_100)}, " +
            $"{nameof(PolicyTests)}.{nameof(PolicyTests.ListPolicies_MaxItems_defaults_to_100)}",
        ["unit"] = "a unit (seconds), not a limit",
        ["format"] = "a template (acs:ram::<account_id>:role/<role_name>), checked by hand: " +
            $"{nameof(SpecLimitTests)}.{nameof(SpecLimitTests.RoleArn_follows_the_documented_format)}",
    };

    /// <summary>
    /// One side of a limit ("&lt;key&gt; inside|outside") that cannot be exercised generically, and why;
    /// each names the hand-written test that covers what can be covered.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Explained = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // A UPN is <name>@<default domain>: no valid UPN is 1 character long.
        ["ims/CreateUser UserPrincipalName minLength inside"] = UpnMinimum,
        ["ims/GetUser UserPrincipalName minLength inside"] = UpnMinimum,
        ["ims/UpdateUser NewUserPrincipalName minLength inside"] = UpnMinimum,

        // An empty optional parameter reads as not given (an SDK leaves an unset one out), so
        // "1 character at least" has no outside value.
        ["ims/CreateUser Comments minLength outside"] = EmptyOptional,
        ["ims/UpdateUser NewComments minLength outside"] = EmptyOptional,
        ["ims/UpdateUser NewUserPrincipalName minLength outside"] = EmptyOptional,
        ["ims/GetUser UserPrincipalName minLength outside"] = EmptyOptional,
        ["sts/AssumeRole Policy minLength outside"] = EmptyOptional,
        ["ram/CreatePolicy Description minLength outside"] = EmptyOptional,

        // The shortest policy document is longer than 1 character.
        ["ram/CreatePolicy PolicyDocument minLength inside"] = "a PolicyDocument must be a policy document ({\"Version\":…,\"Statement\":[…]}), longer than 1 character: " +
            $"{nameof(PolicyTests)}.{nameof(PolicyTests.CreatePolicy_makes_a_custom_policy_once)}",
        ["sts/AssumeRole Policy minLength inside"] = "a Policy must be a policy document ({\"Version\":…,\"Statement\":[…]}), longer than 1 character: " +
            $"{nameof(StsTests)}.{nameof(StsTests.Policy_must_be_a_policy_document)}",
    };

    private const string UpnMinimum =
        "a UPN is <name>@<default domain>, so its shortest valid form is 2 characters longer than the domain; the name part's 1–64 is checked by " +
        nameof(SpecLimitTests) + "." + nameof(SpecLimitTests.Upn_name_part_is_1_to_64_letters_digits_and_dot_dash_underscore);

    private const string EmptyOptional =
        "an empty optional parameter reads as not given: " + nameof(SpecLimitTests) + "." + nameof(SpecLimitTests.Empty_optional_parameters_read_as_not_given);

    /// <summary>Characters on which the spec's two character rules for a parameter disagree, and which one the emulator follows.</summary>
    public static readonly IReadOnlyDictionary<string, string> CharacterDisagreements = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // "can contain letters, digits, and … = , . @ : / - _" against the verbatim regex [\w+=,.@:\/-]*:
        // the regex (and the issue) allow '+'; checked by hand.
        ["sts/AssumeRole ExternalId"] = "+",
    };

    private static readonly Lazy<Dictionary<string, LimitCase>> Cases = new(Build);

    public static IReadOnlyDictionary<string, LimitCase> All => Cases.Value;

    /// <summary>Limit kinds the generator knows; a new kind in the spec fails a test until it is handled.</summary>
    public static readonly IReadOnlySet<string> KnownKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "minLength", "maxLength", "maxBytes", "minimum", "maximum", "enum", "allowedCharacters", "pattern",
        "forbiddenPrefixes", "forbiddenSubstrings", "maxItems", "default", "unit", "format",
    };

    private static Dictionary<string, LimitCase> Build()
    {
        var cases = new Dictionary<string, LimitCase>(StringComparer.Ordinal);
        var characterRulesDone = new HashSet<string>(StringComparer.Ordinal);
        foreach (var limit in ApiSpec.Limits())
        {
            foreach (var c in For(limit, characterRulesDone))
            {
                cases.Add(c.Id, c);
            }
        }

        return cases;
    }

    private static IEnumerable<LimitCase> For(SpecLimit limit, HashSet<string> characterRulesDone)
    {
        switch (limit.Kind)
        {
            case "minLength":
            {
                var n = limit.Value.GetInt32();
                if (!Explained.ContainsKey(limit.Key + " inside"))
                {
                    yield return Case(limit, true, $"{n} characters", Length(limit, n));
                }

                if (n > 0 && !Explained.ContainsKey(limit.Key + " outside"))
                {
                    // An empty required parameter is a missing one: Missing<Param>, as the service answers.
                    var expected = n == 1 && limit.Required ? "Missing" + limit.Parameter : null;
                    yield return Case(limit, false, $"{n - 1} characters", Length(limit, n - 1), expected);
                }

                break;
            }

            case "maxLength":
            case "maxBytes":
            {
                // Fillers use ASCII, so characters and bytes agree; StsTests checks multi-byte Policy sizes.
                var n = limit.Value.GetInt32();
                yield return Case(limit, true, $"{n} characters", Length(limit, n));
                yield return Case(limit, false, $"{n + 1} characters", Length(limit, n + 1));
                break;
            }

            case "minimum":
            {
                var n = limit.Value.GetInt64();
                yield return Case(limit, true, n.ToString(CultureInfo.InvariantCulture), Fixed(limit, n.ToString(CultureInfo.InvariantCulture)));
                yield return Case(limit, false, (n - 1).ToString(CultureInfo.InvariantCulture), Fixed(limit, (n - 1).ToString(CultureInfo.InvariantCulture)));
                break;
            }

            case "maximum":
            {
                var n = limit.Value.GetInt64();
                yield return Case(limit, true, n.ToString(CultureInfo.InvariantCulture), Fixed(limit, n.ToString(CultureInfo.InvariantCulture)));
                yield return Case(limit, false, (n + 1).ToString(CultureInfo.InvariantCulture), Fixed(limit, (n + 1).ToString(CultureInfo.InvariantCulture)));
                break;
            }

            case "enum":
            {
                // A boolean's values (true, false) are sent as the SDKs send them: "true", "false".
                var values = limit.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToList();
                foreach (var v in values)
                {
                    yield return Case(limit, true, $"'{v}'", Fixed(limit, v));
                }

                yield return Case(limit, false, $"'{values[0]}x'", Fixed(limit, values[0] + "x"));
                break;
            }

            case "allowedCharacters":
            case "pattern":
            {
                // Both rules of a parameter are probed together, once: a character is allowed when
                // every rule allows it and refused when every rule refuses it.
                if (!characterRulesDone.Add($"{limit.Service}/{limit.Action} {limit.Parameter}"))
                {
                    break;
                }

                foreach (var c in Characters(limit))
                {
                    yield return c;
                }

                break;
            }

            case "forbiddenPrefixes":
                foreach (var prefix in limit.Value.EnumerateArray().Select(v => v.GetString()!))
                {
                    yield return Case(limit, true, $"'x{prefix}…'", Fixed(limit, "x" + prefix + "y"));
                    yield return Case(limit, false, $"'{prefix}…'", Fixed(limit, prefix + "y"));
                }

                break;

            case "forbiddenSubstrings":
                foreach (var part in limit.Value.EnumerateArray().Select(v => v.GetString()!))
                {
                    yield return Case(limit, true, $"'…{part[..^1]}…'", Fixed(limit, "x" + part[..^1] + "y"));
                    yield return Case(limit, false, $"'…{part}…'", Fixed(limit, "x" + part + "y"));
                }

                break;

            case "maxItems":
            {
                var n = limit.Value.GetInt32();
                yield return Case(limit, true, $"{n} items", _ => Items(limit.Parameter, n));
                yield return Case(limit, false, $"{n + 1} items", _ => Items(limit.Parameter, n + 1));
                break;
            }

            default:
                // default, unit and format: see NotGeneric; an unknown kind fails Every_limit_kind_is_known.
                break;
        }
    }

    private static LimitCase Case(SpecLimit limit, bool inside, string what, Func<SpecEmulator, List<KeyValuePair<string, string>>> values, string? expected = null) =>
        new($"{limit.Action}.{limit.Parameter} {what} {(inside ? "accepted" : "refused")} ({limit.Kind} {Describe(limit)})", limit, inside, values, expected);

    private static string Describe(SpecLimit limit) =>
        limit.Value.ValueKind == JsonValueKind.Array ? $"[{limit.Value.GetArrayLength()}]" : limit.Value.ToString();

    private static Func<SpecEmulator, List<KeyValuePair<string, string>>> Fixed(SpecLimit limit, string value) =>
        _ => Place(limit.Parameter, value);

    private static Func<SpecEmulator, List<KeyValuePair<string, string>>> Length(SpecLimit limit, int length) =>
        emu => Place(limit.Parameter, Filler(limit, length, emu));

    /// <summary>A parameter's value where it goes: a list item's field goes into item 1 of a valid list.</summary>
    private static List<KeyValuePair<string, string>> Place(string parameter, string value) => parameter switch
    {
        "Tag.Key" => [new("Tag.1.Key", value), new("Tag.1.Value", "v")],
        "Tag.Value" => [new("Tag.1.Key", "k"), new("Tag.1.Value", value)],
        _ when parameter.Contains('.', StringComparison.Ordinal) => throw new InvalidOperationException($"No placement for the list field {parameter}."),
        _ => [new(parameter, value)],
    };

    private static List<KeyValuePair<string, string>> Items(string parameter, int count) => parameter switch
    {
        "Tag" => [.. Enumerable.Range(1, count).SelectMany(i => new KeyValuePair<string, string>[] { new($"Tag.{i}.Key", "k" + i), new($"Tag.{i}.Value", "v") })],
        _ => throw new InvalidOperationException($"No items for the list {parameter}."),
    };

    /// <summary>A value of exactly <paramref name="length"/> characters that breaks no other rule of the parameter.</summary>
    private static string Filler(SpecLimit limit, int length, SpecEmulator emu)
    {
        switch (limit.Parameter)
        {
            case "UserPrincipalName":
            case "NewUserPrincipalName":
            {
                // <name>@<domain>: the name part takes up the rest (a name part over 64 is refused too, with the same code family).
                var nameLength = length - 1 - SpecEmulator.Domain.Length;
                if (nameLength < 1)
                {
                    return new string('n', Math.Max(0, length));
                }

                var unique = emu.Unique();
                var name = (unique.Length <= nameLength ? unique : string.Empty).PadRight(nameLength, 'n');
                return name + "@" + SpecEmulator.Domain;
            }

            case "Policy":
            case "PolicyDocument":
            {
                const string Head = "{\"Version\":\"1\",\"Statement\":[],\"Pad\":\"";
                const string Tail = "\"}";
                return length >= Head.Length + Tail.Length
                    ? Head + new string('a', length - Head.Length - Tail.Length) + Tail
                    : new string('a', length);
            }

            default:
                return new string('a', length);
        }
    }

    private static IEnumerable<LimitCase> Characters(SpecLimit limit)
    {
        var rules = new List<Regex>();
        if (limit.All.TryGetValue("allowedCharacters", out var allowed))
        {
            rules.Add(new Regex(allowed.GetString()!, RegexOptions.ECMAScript));
        }

        if (limit.All.TryGetValue("pattern", out var pattern))
        {
            // The documented regex is unanchored ("[\w+=,.@:\/-]*"); a value must match it whole. ECMAScript: \w is ASCII.
            rules.Add(new Regex("^(?:" + pattern.GetString() + ")$", RegexOptions.ECMAScript));
        }

        var ok = Probe.Where(c => rules.All(r => r.IsMatch(c.ToString()))).ToList();
        var refused = Probe.Where(c => rules.All(r => !r.IsMatch(c.ToString()))).ToList();
        var disagreement = new string([.. Probe.Where(c => !ok.Contains(c) && !refused.Contains(c))]);
        var key = $"{limit.Service}/{limit.Action} {limit.Parameter}";
        if (disagreement.Length > 0 && (!CharacterDisagreements.TryGetValue(key, out var known) || known != disagreement))
        {
            throw new InvalidOperationException($"{key}: the spec's character rules disagree on \"{disagreement}\"; decide which one the emulator follows and list it in {nameof(CharacterDisagreements)}.");
        }

        var min = limit.Int("minLength") ?? 1;
        var max = limit.Int("maxLength") ?? 64;
        var kind = rules.Count == 2 ? "allowedCharacters+pattern" : limit.Kind;

        // Every allowed character, in values no longer than the maximum.
        var chunk = Math.Max(min, Math.Min(max, 32));
        for (var i = 0; i < ok.Count; i += chunk)
        {
            var part = new string([.. ok.Skip(i).Take(chunk)]).PadRight(min, ok[0]);
            yield return new LimitCase($"{limit.Action}.{limit.Parameter} '{part}' accepted ({kind})", limit, true, _ => Place(limit.Parameter, part));
        }

        // Each refused character, alone in an otherwise valid value.
        var pad = new string(ok[0], Math.Max(1, (min + 1) / 2));
        foreach (var c in refused)
        {
            var value = pad + c + pad;
            var shown = char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : c.ToString();
            yield return new LimitCase($"{limit.Action}.{limit.Parameter} '{shown}' refused ({kind})", limit, false, _ => Place(limit.Parameter, value));
        }
    }

    /// <summary>A short description for failure messages: the value, shortened.</summary>
    public static string Show(IEnumerable<KeyValuePair<string, string>> values)
    {
        var sb = new StringBuilder();
        foreach (var (k, v) in values)
        {
            sb.Append(k).Append('=').Append(v.Length > 40 ? v[..20] + $"…({v.Length})" : v).Append(' ');
        }

        return sb.ToString().TrimEnd();
    }
}
