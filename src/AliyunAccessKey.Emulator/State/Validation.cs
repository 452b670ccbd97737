using System.Globalization;
using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator.State;

/// <summary>The service's input rules for names, lengths and tags.</summary>
internal static class Validation
{
    public const int MaxUpnLength = 128;
    public const int MaxNameLength = 64;
    public const int MaxDisplayNameLength = 24;
    public const int MaxCommentsLength = 128;
    public const int MaxTags = 20;
    public const int MaxTagKeyLength = 128;
    public const int MaxTagValueLength = 128;

    /// <summary>Checks name@domain and returns the name part; the domain must be the account's default domain.</summary>
    public static string UserName(string upn, string defaultDomain, string parameter = "UserPrincipalName")
    {
        if (upn.Length > MaxUpnLength)
        {
            throw Errors.Invalid(parameter + ".Length", $"The {parameter} is longer than {MaxUpnLength} characters.");
        }

        var at = upn.IndexOf('@', StringComparison.Ordinal);
        if (at < 0 || at != upn.LastIndexOf('@'))
        {
            throw Errors.Invalid(parameter + ".Format", $"The {parameter} must be <name>@{defaultDomain}.");
        }

        var name = upn[..at];
        if (name.Length is 0 or > MaxNameLength)
        {
            throw Errors.Invalid(parameter + ".Length", $"The name part of {parameter} must be 1 to {MaxNameLength} characters.");
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                throw Errors.Invalid(parameter + ".Format", $"The name part of {parameter} may contain only A-Z, a-z, 0-9, '.', '-' and '_'.");
            }
        }

        if (!string.Equals(upn[(at + 1)..], defaultDomain, StringComparison.OrdinalIgnoreCase))
        {
            throw Errors.Invalid(parameter + ".Domain", $"The domain of {parameter} must be the account's domain {defaultDomain}.");
        }

        return name;
    }

    public static void DisplayName(string value, string parameter = "DisplayName")
    {
        if (value.Length is 0 or > MaxDisplayNameLength)
        {
            throw Errors.Invalid(parameter + ".Length", $"The {parameter} must be 1 to {MaxDisplayNameLength} characters.");
        }
    }

    public static void Comments(string value, string parameter = "Comments")
    {
        if (value.Length > MaxCommentsLength)
        {
            throw Errors.Invalid(parameter + ".Length", $"The {parameter} must be at most {MaxCommentsLength} characters.");
        }
    }

    public static void Email(string value, string parameter = "Email")
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (value.Length > 128 || at <= 0 || at == value.Length - 1)
        {
            throw Errors.Invalid(parameter + ".Format", $"The {parameter} is not a valid email address.");
        }
    }

    /// <summary>&lt;country code&gt;-&lt;number&gt;, e.g. 86-18600008888.</summary>
    public static void MobilePhone(string value, string parameter = "MobilePhone")
    {
        var dash = value.IndexOf('-', StringComparison.Ordinal);
        if (dash is <= 0 or > 4 || value.Length - dash - 1 is < 4 or > 20 || !AllDigits(value[..dash]) || !AllDigits(value[(dash + 1)..]))
        {
            throw Errors.Invalid(parameter + ".Format", $"The {parameter} must be <country code>-<number>.");
        }
    }

    private static bool AllDigits(string s) => s.All(char.IsAsciiDigit);

    public static void Tags(IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        if (tags.Count > MaxTags)
        {
            throw Errors.Invalid("Tag.Count", $"A user has at most {MaxTags} tags.");
        }

        foreach (var tag in tags)
        {
            if (tag.Key.Length is 0 or > MaxTagKeyLength)
            {
                throw Errors.Invalid("Tag.Key", $"A tag key must be 1 to {MaxTagKeyLength} characters.");
            }

            if (tag.Key.StartsWith("aliyun", StringComparison.OrdinalIgnoreCase) || tag.Key.StartsWith("acs:", StringComparison.OrdinalIgnoreCase))
            {
                throw Errors.Invalid("Tag.Key", $"The tag key '{tag.Key}' must not start with 'aliyun' or 'acs:'.");
            }

            if (tag.Value.Length > MaxTagValueLength)
            {
                throw Errors.Invalid("Tag.Value", $"A tag value must be at most {MaxTagValueLength} characters.");
            }
        }
    }

    /// <summary>MaxItems: 1–1000; absent means 1000.</summary>
    public static int MaxItems(string? value)
    {
        if (value is null)
        {
            return 1000;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 1000)
        {
            throw Errors.Invalid("MaxItems", "The MaxItems must be an integer from 1 to 1000.");
        }

        return n;
    }

    /// <summary>Active or Inactive (case-insensitive on input, canonical on output).</summary>
    public static bool KeyStatusIsActive(string value) =>
        value.ToUpperInvariant() switch
        {
            "ACTIVE" => true,
            "INACTIVE" => false,
            _ => throw Errors.Invalid("Status", "The Status must be Active or Inactive."),
        };
}
