using System.Collections;
using System.Management.Automation;
using System.Text.RegularExpressions;
using AliyunAccessKey.Client;
using AliyunAccessKey.Errors;

namespace AliyunAccessKey.Validation;

/// <summary>
/// Checks made before any request, with the limits IMS documents, so that invalid input costs
/// no call and gets a message that says how to fix it. Each check returns null when valid.
/// </summary>
internal static class InputValidation
{
    private static readonly Regex UserIdShape = new("^[0-9]{1,64}\\z", RegexOptions.CultureInvariant);
    private static readonly Regex EmailShape = new("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+\\z", RegexOptions.CultureInvariant);
    private static readonly Regex MobileShape = new("^[0-9]{1,4}-[0-9]{4,20}\\z", RegexOptions.CultureInvariant);

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

        return InputRules.UserPrincipalName(upn!) is { } problem
            ? ErrorMapper.InvalidInput("InvalidUserPrincipalName", problem, target, Advice)
            : null;
    }

    internal static ErrorRecord? UserName(string? name, object? target) =>
        name is not null && InputRules.UpnName.IsMatch(name)
            ? null
            : ErrorMapper.InvalidInput("InvalidUserName", $"'{Show(name)}' is not a valid user name: use 1-64 letters, digits, '.', '-' or '_' (the part before '@').", SafeTarget(target, "UserName"));

    /// <summary>A group name as typed or piped; a row's text in its place is described, never quoted.</summary>
    internal static ErrorRecord? GroupName(string? value, object? target)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return ErrorMapper.InvalidInput("InvalidGroupName", "The GroupName is empty.", SafeTarget(target, "GroupName"));
        }

        if (IsObjectText(value))
        {
            return NotText("InvalidGroupName", "GroupName", value!, target, null);
        }

        return InputRules.GroupName(value!) is { } problem
            ? ErrorMapper.InvalidInput("InvalidGroupName", problem, SafeTarget(target, "GroupName"))
            : null;
    }

    internal static ErrorRecord? PolicyName(string? value, object? target)
    {
        const string Advice = "Use the policy's name as Get-AliyunRamPolicy lists it: 1-128 letters, digits or hyphens.";
        if (string.IsNullOrWhiteSpace(value))
        {
            return ErrorMapper.InvalidInput("InvalidPolicyName", "The PolicyName is empty.", target, Advice);
        }

        if (IsObjectText(value!))
        {
            return NotText("InvalidPolicyName", "PolicyName", value!, target, Advice);
        }

        return InputRules.PolicyName(value!) is { } problem
            ? ErrorMapper.InvalidInput("InvalidPolicyName", problem, target, Advice)
            : null;
    }

    internal static ErrorRecord? PolicyType(string? value, object? target) =>
        InputRules.CanonicalPolicyType(value) is null
            ? ErrorMapper.InvalidInput("InvalidPolicyType", $"The PolicyType must be System or Custom; '{Show(value)}' was given.", target, "System policies are Alibaba's (AdministratorAccess, ReadOnlyAccess...); Custom ones are the account's own.")
            : null;

    internal static ErrorRecord? DisplayName(string? value, object? target) =>
        value is not null && InputRules.DisplayName(value) is { } problem
            ? ErrorMapper.InvalidInput("InvalidDisplayName", problem, target)
            : null;

    internal static ErrorRecord? Comments(string? value, object? target) =>
        value is not null && InputRules.Comments(value) is { } problem
            ? ErrorMapper.InvalidInput("InvalidComments", problem, target)
            : null;

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
            : AccessKeyIds.IsWellFormed(value)
            ? null
            : ErrorMapper.InvalidInput("InvalidAccessKeyId", $"'{Show(value)}' is not an AccessKey ID: it has {AccessKeyIds.Rule}.", target);

    /// <summary>True for the text PowerShell makes of an object it bound as text (see <see cref="InputRules.IsObjectText"/>).</summary>
    internal static bool IsObjectText(string? value) => InputRules.IsObjectText(value);

    /// <summary>
    /// The error for an object PowerShell passed as its text in place of <paramref name="parameter"/>:
    /// a whole row without a usable value, or an object in that column. A row's text holds every
    /// other value of the row (an AccessKeySecret column, say), so the message names properties only
    /// and a target that is such text becomes a fixed description.
    /// </summary>
    private static ErrorRecord NotText(string errorId, string parameter, string text, object? target, string? advice)
    {
        var names = InputRules.PropertyNames(text);
        var wholeRow = target is string t && string.Equals(t, text, StringComparison.Ordinal);
        var what = InputRules.DescribeObjectText(text, names, wholeRow ? "a row" : "an object");
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

        if (InputRules.TagCount(tags.Count) is { } tooMany)
        {
            return ErrorMapper.InvalidInput("InvalidTag", tooMany, target);
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
            if ((InputRules.TagKey(key) ?? InputRules.TagValue(key, value)) is { } problem)
            {
                return ErrorMapper.InvalidInput("InvalidTag", problem, target);
            }

            pairs.Add(new KeyValuePair<string, string>(key, value));
        }

        return null;
    }

    internal static bool HasWildcard(string value) => WildcardPattern.ContainsWildcardCharacters(value);

    /// <summary>Quotes input in a message (see <see cref="InputRules.Show"/>).</summary>
    internal static string Show(string? value) => InputRules.Show(value);
}
