using System.Collections;
using System.Management.Automation;
using System.Text.RegularExpressions;

namespace AliyunAccessKey.Commands;

/// <summary>
/// Checks made before any request, with the limits IMS documents, so that invalid input costs
/// no call and gets a message that says how to fix it. Each check returns null when valid.
/// </summary>
internal static class InputValidation
{
    private static readonly Regex UpnName = new("^[A-Za-z0-9._-]{1,64}\\z", RegexOptions.CultureInvariant);
    private static readonly Regex DomainName = new("^(?=.{3,})[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+\\z", RegexOptions.CultureInvariant);
    private static readonly Regex AccessKeyIdShape = new("^[A-Za-z0-9][A-Za-z0-9.]{0,127}\\z", RegexOptions.CultureInvariant);
    private static readonly Regex UserIdShape = new("^[0-9]{1,64}\\z", RegexOptions.CultureInvariant);
    private static readonly Regex EmailShape = new("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+\\z", RegexOptions.CultureInvariant);
    private static readonly Regex MobileShape = new("^[0-9]{1,4}-[0-9]{4,20}\\z", RegexOptions.CultureInvariant);

    internal const int MaxUpnLength = 128;
    internal const int MaxDisplayNameLength = 24;
    internal const int MaxCommentsLength = 128;
    internal const int MaxTags = 20;
    internal const int MaxTagKeyLength = 128;
    internal const int MaxTagValueLength = 128;

    internal static ErrorRecord? UserPrincipalName(string? upn, object? target)
    {
        const string Advice = "Use name@<alias>.onaliyun.com: the name is 1-64 letters, digits, '.', '-' or '_'; the whole name at most 128 characters.";
        if (string.IsNullOrWhiteSpace(upn))
        {
            return ErrorMapper.InvalidInput("InvalidUserPrincipalName", "The UserPrincipalName is empty.", target, Advice);
        }

        if (IsObjectText(upn!))
        {
            return NotText("InvalidUserPrincipalName", "UserPrincipalName", upn!, target, Advice);
        }

        if (upn!.Length > MaxUpnLength)
        {
            return ErrorMapper.InvalidInput("InvalidUserPrincipalName", $"The UserPrincipalName is {upn.Length} characters long; at most {MaxUpnLength} are allowed.", target, Advice);
        }

        var at = upn.IndexOf('@');
        if (at < 0 || at != upn.LastIndexOf('@'))
        {
            return ErrorMapper.InvalidInput("InvalidUserPrincipalName", $"'{Show(upn)}' is not a UserPrincipalName: it needs exactly one '@'.", target, Advice);
        }

        if (!UpnName.IsMatch(upn.Substring(0, at)))
        {
            return ErrorMapper.InvalidInput("InvalidUserPrincipalName", $"The name part of '{Show(upn)}' is not valid: use 1-64 letters, digits, '.', '-' or '_'.", target, Advice);
        }

        if (!DomainName.IsMatch(upn.Substring(at + 1)))
        {
            return ErrorMapper.InvalidInput("InvalidUserPrincipalName", $"The domain part of '{Show(upn)}' is not a domain name.", target, Advice);
        }

        return null;
    }

    internal static ErrorRecord? UserName(string? name, object? target) =>
        name is not null && UpnName.IsMatch(name)
            ? null
            : ErrorMapper.InvalidInput("InvalidUserName", $"'{Show(name)}' is not a valid user name: use 1-64 letters, digits, '.', '-' or '_' (the part before '@').", SafeTarget(target, "UserName"));

    internal static ErrorRecord? DisplayName(string? value, object? target) =>
        value is null || (value.Trim().Length is >= 1 and <= MaxDisplayNameLength && !HasControl(value))
            ? null
            : ErrorMapper.InvalidInput("InvalidDisplayName", $"The DisplayName must be 1-{MaxDisplayNameLength} characters without control characters; '{Show(value)}' is {value.Length}.", target);

    internal static ErrorRecord? Comments(string? value, object? target) =>
        value is null || (value.Length <= MaxCommentsLength && !HasControl(value))
            ? null
            : ErrorMapper.InvalidInput("InvalidComments", $"Comments must be at most {MaxCommentsLength} characters without control characters; these are {value.Length}.", target);

    internal static ErrorRecord? Email(string? value, object? target) =>
        string.IsNullOrEmpty(value) || (value!.Length <= 128 && EmailShape.IsMatch(value))
            ? null
            : ErrorMapper.InvalidInput("InvalidEmail", $"'{Show(value)}' is not an email address.", target);

    internal static ErrorRecord? MobilePhone(string? value, object? target) =>
        string.IsNullOrEmpty(value) || MobileShape.IsMatch(value!)
            ? null
            : ErrorMapper.InvalidInput("InvalidMobilePhone", $"'{Show(value)}' is not a mobile phone number: write <country code>-<number>, e.g. 86-18600008888.", target);

    internal static ErrorRecord? AccessKeyId(string? value, object? target) =>
        value is not null && IsObjectText(value)
            ? NotText("InvalidAccessKeyId", "AccessKeyId", value, target, null)
            : value is not null && AccessKeyIdShape.IsMatch(value)
            ? null
            : ErrorMapper.InvalidInput("InvalidAccessKeyId", $"'{Show(value)}' is not an AccessKey ID: it has letters, digits and '.', at most 128.", target);

    /// <summary>
    /// True for the text PowerShell makes of an object it could not bind by property name when a
    /// parameter also takes pipeline input by value: "@{A=1; B=2}" for a row, or a .NET type name
    /// such as "System.Collections.Hashtable". No UPN or AccessKey ID looks like either.
    /// </summary>
    internal static bool IsObjectText(string? value) =>
        value is not null &&
        ((value.StartsWith("@{", StringComparison.Ordinal) && value.EndsWith("}", StringComparison.Ordinal)) ||
        ObjectTypeName.IsMatch(value));

    private static readonly Regex ObjectTypeName = new("^System(\\.[A-Za-z0-9_`]+)+(\\[\\])?\\z", RegexOptions.CultureInvariant);

    // A property name in a row's text: identifier-like, at the start ("@{") or after "; ", and
    // followed by '='. A value could hold "; x=" too, so only such names are read, never the rest.
    private static readonly Regex RowPropertyName = new("(?:^@\\{|; )([\\p{L}_][\\p{L}\\p{Nd}_]{0,63})=", RegexOptions.CultureInvariant);

    private const int MaxNamesShown = 10;

    /// <summary>
    /// The error for an object PowerShell passed as its text in place of <paramref name="parameter"/>:
    /// a whole row without a usable value, or an object in that column. A row's text holds every
    /// other value of the row (an AccessKeySecret column, say), so the message names properties only
    /// and a target that is such text becomes a fixed description.
    /// </summary>
    private static ErrorRecord NotText(string errorId, string parameter, string text, object? target, string? advice)
    {
        var names = PropertyNames(text);
        var wholeRow = target is string t && string.Equals(t, text, StringComparison.Ordinal);
        var what = DescribeObjectText(text, names, wholeRow ? "a row" : "an object");
        string message;
        if (!wholeRow)
        {
            // An object in a column bound by name (the row itself is not the value here).
            message = $"The {parameter} is not text but {what}.";
        }
        else if (names.Contains(parameter, StringComparer.OrdinalIgnoreCase))
        {
            message = $"The input's {parameter} is empty or not text, so PowerShell passed the whole row in its place: {what}.";
        }
        else if (names.Count > 0 || text.StartsWith("@{", StringComparison.Ordinal))
        {
            message = $"The input has no {parameter} value, so PowerShell passed the whole row in its place: {what}.";
        }
        else
        {
            message = $"The input has no {parameter} value, so PowerShell passed the object itself in its place: {what} (a hashtable does not bind by property name; pipe [pscustomobject] rows).";
        }

        return ErrorMapper.InvalidInput(errorId, message + $" Give each row a column named {parameter} with a text value.", SafeTarget(target, parameter), advice);
    }

    /// <summary>A target that is an object's text (the row itself, bound by value) becomes a fixed description of it.</summary>
    private static object? SafeTarget(object? target, string parameter) =>
        target is string s && IsObjectText(s) ? $"(piped row without {parameter})" : target;

    /// <summary>Says what a row's text is without a single value from it.</summary>
    private static string DescribeObjectText(string text, List<string> names, string kind = "an object")
    {
        if (ObjectTypeName.IsMatch(text))
        {
            // A hashtable or another object without properties to bind: its text is a type name.
            return "an object that names no properties";
        }

        if (names.Count == 0)
        {
            return text == "@{}" ? $"{kind} without properties" : $"{kind} whose property names cannot be read";
        }

        var shown = string.Join(", ", names.Take(MaxNamesShown));
        return names.Count > MaxNamesShown
            ? $"{kind} with the properties {shown} and {names.Count - MaxNamesShown} more"
            : $"{kind} with the properties {shown}";
    }

    private static List<string> PropertyNames(string text)
    {
        var names = new List<string>();
        if (!text.StartsWith("@{", StringComparison.Ordinal))
        {
            return names;
        }

        foreach (Match m in RowPropertyName.Matches(text))
        {
            var name = m.Groups[1].Value;
            if (!names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                names.Add(name);
            }
        }

        return names;
    }

    internal static ErrorRecord? UserId(string? value, object? target) =>
        value is not null && UserIdShape.IsMatch(value)
            ? null
            : ErrorMapper.InvalidInput("InvalidUserId", $"'{Show(value)}' is not a RAM user id: it is a string of digits.", SafeTarget(target, "UserId"));

    /// <summary>Turns -Tag input into pairs, or says what is wrong with it.</summary>
    internal static ErrorRecord? Tags(IDictionary? tags, object? target, out List<KeyValuePair<string, string>> pairs)
    {
        pairs = [];
        if (tags is null)
        {
            return null;
        }

        if (tags.Count > MaxTags)
        {
            return ErrorMapper.InvalidInput("InvalidTag", $"A RAM user can have at most {MaxTags} tags; {tags.Count} were given.", target);
        }

        foreach (DictionaryEntry entry in tags)
        {
            var key = entry.Key?.ToString() ?? string.Empty;
            var raw = entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value;
            if (raw is not string and IEnumerable)
            {
                return ErrorMapper.InvalidInput("InvalidTag", $"The value of tag '{Show(key)}' must be text; a {raw.GetType().Name} was given.", target);
            }

            var value = raw?.ToString() ?? string.Empty;
            if (key.Trim().Length == 0 || key.Length > MaxTagKeyLength || HasControl(key))
            {
                return ErrorMapper.InvalidInput("InvalidTag", $"Tag key '{Show(key)}' must be 1-{MaxTagKeyLength} characters without control characters.", target);
            }

            if (key.StartsWith("aliyun", StringComparison.OrdinalIgnoreCase) || key.StartsWith("acs:", StringComparison.OrdinalIgnoreCase))
            {
                return ErrorMapper.InvalidInput("InvalidTag", $"Tag key '{Show(key)}' is reserved: keys must not start with 'aliyun' or 'acs:'.", target);
            }

            if (value.Length > MaxTagValueLength || HasControl(value))
            {
                return ErrorMapper.InvalidInput("InvalidTag", $"The value of tag '{Show(key)}' must be at most {MaxTagValueLength} characters without control characters.", target);
            }

            pairs.Add(new KeyValuePair<string, string>(key, value));
        }

        return null;
    }

    internal static bool HasWildcard(string value) => WildcardPattern.ContainsWildcardCharacters(value);

    private static bool HasControl(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Quotes input in a message: control characters made visible, very long input cut. The text
    /// of a whole object is described, not quoted: it carries values of other columns.
    /// </summary>
    internal static string Show(string? value)
    {
        if (value is null)
        {
            return "(null)";
        }

        if (IsObjectText(value))
        {
            return $"({DescribeObjectText(value, PropertyNames(value))})";
        }

        var s = new string(value.Take(64).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return value.Length > 64 ? s + "…" : s;
    }
}
