using AliyunAccessKey.Emulator.Api;
using AliyunAccessKey.Emulator.Server;
using static AliyunAccessKey.Emulator.Api.ParameterRules;

namespace AliyunAccessKey.Emulator.Features.Users;

/// <summary>
/// The users' input rules (spec/alibaba-openapi.json), answered with RAM's codes (<see cref="ParameterRules"/>).
/// </summary>
internal static class UserValidation
{
    public const int MaxUpnLength = 128;
    public const int MaxNameLength = 64;
    public const int MaxDisplayNameLength = 24;
    public const int MaxCommentsLength = 128;
    public const int MaxTags = 20;
    public const int MaxTagKeyLength = 128;
    public const int MaxTagValueLength = 128;

    private static readonly string[] ForbiddenTagKeyPrefixes = ["aliyun", "acs:"];
    private static readonly string[] ForbiddenTagValuePrefixes = ["acs:"];
    private static readonly string[] ForbiddenTagSubstrings = ["http://", "https://"];

    /// <summary>Checks name@domain and returns the name part; the domain must be the account's default domain.</summary>
    public static string UserName(string upn, string defaultDomain, string parameter = "UserPrincipalName")
    {
        if (upn.Length > MaxUpnLength)
        {
            throw Length(parameter, $"It must be 1 to {MaxUpnLength} characters.");
        }

        var at = upn.IndexOf('@', StringComparison.Ordinal);
        if (at < 0 || at != upn.LastIndexOf('@'))
        {
            throw Format(parameter, $"It must be <name>@{defaultDomain}.");
        }

        var name = upn[..at];
        if (name.Length is 0 or > MaxNameLength)
        {
            throw Length(parameter, $"The name part must be 1 to {MaxNameLength} characters.");
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                throw InvalidChars(parameter, "The name part may contain only letters, digits, periods (.), hyphens (-) and underscores (_).");
            }
        }

        if (!string.Equals(upn[(at + 1)..], defaultDomain, StringComparison.OrdinalIgnoreCase))
        {
            throw Format(parameter, $"The domain must be the account's default domain {defaultDomain}.");
        }

        return name;
    }

    public static void DisplayName(string value, string parameter = "DisplayName")
    {
        if (value.Length is 0 or > MaxDisplayNameLength)
        {
            throw Length(parameter, $"It must be 1 to {MaxDisplayNameLength} characters.");
        }
    }

    public static void Comments(string value, string parameter = "Comments")
    {
        if (value.Length > MaxCommentsLength)
        {
            throw Length(parameter, $"It must be 1 to {MaxCommentsLength} characters.");
        }
    }

    public static void Email(string value, string parameter = "Email")
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (value.Length > 128 || at <= 0 || at == value.Length - 1)
        {
            throw Format(parameter, "It must be an email address.");
        }
    }

    /// <summary>&lt;country code&gt;-&lt;number&gt;, e.g. 86-18600008888.</summary>
    public static void MobilePhone(string value, string parameter = "MobilePhone")
    {
        var dash = value.IndexOf('-', StringComparison.Ordinal);
        if (dash is <= 0 or > 4 || value.Length - dash - 1 is < 4 or > 20 || !AllDigits(value[..dash]) || !AllDigits(value[(dash + 1)..]))
        {
            throw Format(parameter, "It must be <country code>-<number>.");
        }
    }

    private static bool AllDigits(string s) => s.All(char.IsAsciiDigit);

    /// <summary>
    /// At most 20 tags. Key: not empty, at most 128, not starting with aliyun or acs:, no http:// or
    /// https://. Value: may be empty, at most 128, not starting with acs:, no http:// or https://.
    /// </summary>
    public static void Tags(IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        if (tags.Count > MaxTags)
        {
            // A list's size counts as its length, as RAM-style APIs document (InvalidParameter.ResourceIds.Length).
            throw Length("Tag", $"At most {MaxTags} tags are allowed.");
        }

        foreach (var tag in tags)
        {
            if (tag.Key.Length is 0 or > MaxTagKeyLength)
            {
                throw Length("Tag.Key", $"A tag key must be 1 to {MaxTagKeyLength} characters.");
            }

            if (StartsWithAny(tag.Key, ForbiddenTagKeyPrefixes) || ContainsAny(tag.Key, ForbiddenTagSubstrings))
            {
                throw Format("Tag.Key", "A tag key must not start with aliyun or acs: and must not contain http:// or https://.");
            }

            if (tag.Value.Length > MaxTagValueLength)
            {
                throw Length("Tag.Value", $"A tag value must be at most {MaxTagValueLength} characters.");
            }

            if (StartsWithAny(tag.Value, ForbiddenTagValuePrefixes) || ContainsAny(tag.Value, ForbiddenTagSubstrings))
            {
                throw Format("Tag.Value", "A tag value must not start with acs: and must not contain http:// or https://.");
            }
        }
    }

    private static bool StartsWithAny(string value, string[] prefixes) =>
        prefixes.Any(p => value.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    private static bool ContainsAny(string value, string[] parts) =>
        parts.Any(p => value.Contains(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>A list's Status filter: active, freeze or active,freeze (case-insensitive, any order).</summary>
    public static (bool Active, bool Frozen) UserStatusFilter(string value)
    {
        bool active = false, frozen = false;
        foreach (var part in value.Split(','))
        {
            switch (part.Trim().ToUpperInvariant())
            {
                case "ACTIVE":
                    active = true;
                    break;
                case "FREEZE":
                    frozen = true;
                    break;
                default:
                    throw Errors.Invalid("Status", "The parameter Status is invalid. Valid values: active, freeze, and active,freeze.");
            }
        }

        return (active, frozen);
    }
}
