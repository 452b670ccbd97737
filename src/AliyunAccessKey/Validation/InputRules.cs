using System.Text;
using System.Text.RegularExpressions;
using AliyunAccessKey.Client;
using AliyunAccessKey.Model;

namespace AliyunAccessKey.Validation;

/// <summary>
/// The limits IMS and STS document (spec/alibaba-openapi.json) as checks that return what is wrong,
/// or null when the value is fine. Nothing here touches System.Management.Automation, so the Spec
/// tests run every rule against the spec's own limits; <see cref="InputValidation"/> and the
/// parameter attributes turn a problem into an ErrorRecord.
/// </summary>
internal static class InputRules
{
    internal const int MaxUpnLength = 128;
    internal const int MaxUserNameLength = 64;
    internal const int MaxDisplayNameLength = 24;
    internal const int MaxCommentsLength = 128;
    internal const int MaxTags = 20;
    internal const int MaxTagKeyLength = 128;
    internal const int MaxTagValueLength = 128;

    /// <summary>ListUsers and ListUserBasicInfos take MaxItems from 1 to 1000.</summary>
    internal const int MinMaxItems = 1;

    /// <summary>The largest page; also ListUsers' own default, so Get-AliyunRamUser sends it.</summary>
    internal const int MaxMaxItems = 1000;

    internal const int MaxGroupNameLength = 64;

    /// <summary>ListGroups and ListUsersForGroup take MaxItems from 1 to 100 (also their default).</summary>
    internal const int MaxGroupMaxItems = 100;

    /// <summary>AssumeRole's documented minimum.</summary>
    internal const int MinDurationSeconds = 900;

    /// <summary>
    /// The highest MaxSessionDuration a RAM role can have: nothing above can ever succeed. Each
    /// role's own maximum (3600 unless raised) is known only to the service, which checks it.
    /// </summary>
    internal const int MaxDurationSeconds = 43200;

    /// <summary>What AssumeRole grants when no DurationSeconds is sent, and every role allows.</summary>
    internal const int DefaultDurationSeconds = 3600;

    internal const int MinRoleSessionNameLength = 2;
    internal const int MaxRoleSessionNameLength = 64;
    internal const int MinExternalIdLength = 2;
    internal const int MaxExternalIdLength = 1224;

    /// <summary>STS answers InvalidParameter.PolicySize above 2,048 bytes.</summary>
    internal const int MaxPolicyBytes = 2048;

    internal static readonly Regex UpnName = new("^[A-Za-z0-9._-]{1,64}\\z", RegexOptions.CultureInvariant);
    private static readonly Regex GroupNameShape = new("^[A-Za-z0-9._-]{1,64}\\z", RegexOptions.CultureInvariant);
    private static readonly Regex DomainName = new("^(?=.{3,})[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+\\z", RegexOptions.CultureInvariant);
    private static readonly Regex RoleArnShape = new("^acs:ram::[0-9]{1,32}:role/[A-Za-z0-9.@_-]{1,64}\\z", RegexOptions.CultureInvariant);
    private static readonly Regex RoleSessionNameShape = new("^[A-Za-z0-9.@_-]{2,64}\\z", RegexOptions.CultureInvariant);

    // The documented regular expression [\w+=,.@:\/-]* (ASCII): it allows '+', which the sentence
    // beside it leaves out, and the service takes what its expression takes.
    private static readonly Regex ExternalIdShape = new("^[A-Za-z0-9_+=,.@:/-]{2,1224}\\z", RegexOptions.CultureInvariant);

    // Compared without regard to case, as the emulator does: a key the service may reserve is refused here too.
    private static readonly string[] ReservedTagKeyPrefixes = ["aliyun", "acs:"];
    private static readonly string[] ReservedTagValuePrefixes = ["acs:"];
    private static readonly string[] ForbiddenTagText = ["http://", "https://"];

    internal static string? UserPrincipalName(string upn)
    {
        if (upn.Length > MaxUpnLength)
        {
            return $"The UserPrincipalName is {upn.Length} characters long; at most {MaxUpnLength} are allowed.";
        }

        var at = upn.IndexOf('@');
        if (at < 0 || at != upn.LastIndexOf('@'))
        {
            return $"'{Show(upn)}' is not a UserPrincipalName: it needs exactly one '@'.";
        }

        if (!UpnName.IsMatch(upn.Substring(0, at)))
        {
            return $"The name part of '{Show(upn)}' is not valid: use 1-{MaxUserNameLength} letters, digits, '.', '-' or '_'.";
        }

        return DomainName.IsMatch(upn.Substring(at + 1)) ? null : $"The domain part of '{Show(upn)}' is not a domain name.";
    }

    /// <summary>A display name as sent (trimmed): 1-24 characters.</summary>
    /// <summary>RAM's PolicyName: 1-128 letters, digits and hyphens (CreatePolicy's documented rule, which every policy name keeps).</summary>
    internal const int MaxPolicyNameLength = 128;

    private static readonly Regex PolicyNameShape = new("^[A-Za-z0-9-]{1,128}\\z", RegexOptions.CultureInvariant);

    /// <summary>The PolicyType values RAM takes ("Valid values: System and Custom").</summary>
    internal static readonly IReadOnlyList<string> PolicyTypes = [AliyunRamPolicy.SystemType, AliyunRamPolicy.CustomType];

    internal static string? PolicyName(string value) =>
        PolicyNameShape.IsMatch(value)
            ? null
            : value.Length is 0 or > MaxPolicyNameLength
                ? $"A PolicyName is 1-{MaxPolicyNameLength} letters, digits or hyphens (-); '{Show(value)}' is {value.Length} characters."
                : $"A PolicyName is 1-{MaxPolicyNameLength} letters, digits or hyphens (-); '{Show(value)}' has other characters.";

    /// <summary>System or Custom, in any case (the module sends the canonical spelling, <see cref="CanonicalPolicyType"/>).</summary>
    internal static string? PolicyType(string value) =>
        CanonicalPolicyType(value) is null
            ? $"The PolicyType must be System or Custom; '{Show(value)}' was given."
            : null;

    /// <summary>System or Custom as RAM spells it, or null for anything else.</summary>
    internal static string? CanonicalPolicyType(string? value) =>
        PolicyTypes.FirstOrDefault(t => string.Equals(t, value?.Trim(), StringComparison.OrdinalIgnoreCase));

    internal static string? DisplayName(string value) =>
        value.Trim().Length is >= 1 and <= MaxDisplayNameLength && !HasControl(value)
            ? null
            : $"The DisplayName must be 1-{MaxDisplayNameLength} characters without control characters; '{Show(value)}' is {value.Length}.";

    /// <summary>
    /// Comments up to 128 characters. The service's minimum of 1 is kept by never sending empty
    /// comments: the cmdlets read an empty -Comments as "not given" (see <see cref="Optional"/>).
    /// </summary>
    internal static string? Comments(string value) =>
        value.Length <= MaxCommentsLength && !HasControl(value)
            ? null
            : $"Comments must be at most {MaxCommentsLength} characters without control characters; these are {value.Length}.";

    /// <summary>A text parameter as sent: null (left out of the request) when empty or blank.</summary>
    internal static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    internal static string? TagCount(int count) =>
        count <= MaxTags ? null : $"A RAM user can have at most {MaxTags} tags; {count} were given.";

    internal static string? TagKey(string key)
    {
        if (key.Trim().Length == 0 || key.Length > MaxTagKeyLength || HasControl(key))
        {
            return $"Tag key '{Show(key)}' must be 1-{MaxTagKeyLength} characters without control characters.";
        }

        if (StartsWithAny(key, ReservedTagKeyPrefixes))
        {
            return $"Tag key '{Show(key)}' is reserved: keys must not start with 'aliyun' or 'acs:'.";
        }

        return ContainsAny(key, ForbiddenTagText) ? $"Tag key '{Show(key)}' must not contain 'http://' or 'https://'." : null;
    }

    /// <summary>A tag's value may be empty; the message names the key, never the value (it may be long).</summary>
    internal static string? TagValue(string key, string value)
    {
        if (value.Length > MaxTagValueLength || HasControl(value))
        {
            return $"The value of tag '{Show(key)}' must be at most {MaxTagValueLength} characters without control characters; it is {value.Length}.";
        }

        if (StartsWithAny(value, ReservedTagValuePrefixes))
        {
            return $"The value of tag '{Show(key)}' must not start with 'acs:'.";
        }

        return ContainsAny(value, ForbiddenTagText) ? $"The value of tag '{Show(key)}' must not contain 'http://' or 'https://'." : null;
    }

    internal static string? MaxItems(int value) =>
        value is >= MinMaxItems and <= MaxMaxItems ? null : $"MaxItems must be from {MinMaxItems} to {MaxMaxItems}; {value} was given.";

    /// <summary>The Status a user listing sends: both states unless one is asked for.</summary>
    internal static string UserStatusFilter(RamUserStatus? status) => status switch
    {
        RamUserStatus.Active => "active",
        RamUserStatus.Frozen => "freeze",
        _ => ImsClient.AllUserStatuses,
    };

    /// <summary>A group name: 1-64 letters, digits, '.', '-' or '_'.</summary>
    internal static string? GroupName(string value) =>
        GroupNameShape.IsMatch(value)
            ? null
            : $"'{Show(value)}' is not a valid group name: use 1-{MaxGroupNameLength} letters, digits, '.', '-' or '_'.";

    /// <summary>GetCredentialReport takes MaxItems from 1 to 3,501 (also its default: the account's row and 3,500 users).</summary>
    internal const int MaxReportMaxItems = 3501;

    internal static string? ReportMaxItems(int value) =>
        value is >= MinMaxItems and <= MaxReportMaxItems ? null : $"MaxItems must be from {MinMaxItems} to {MaxReportMaxItems}; {value} was given.";

    internal static string? GroupMaxItems(int value) =>
        value is >= MinMaxItems and <= MaxGroupMaxItems ? null : $"MaxItems must be from {MinMaxItems} to {MaxGroupMaxItems}; {value} was given.";

    internal static string? DurationSeconds(int value) =>
        value is >= MinDurationSeconds and <= MaxDurationSeconds
            ? null
            : $"DurationSeconds must be from {MinDurationSeconds} to {MaxDurationSeconds}, and at most the role's MaxSessionDuration ({DefaultDurationSeconds} unless raised); {value} was given.";

    internal static string? RoleArn(string value) =>
        RoleArnShape.IsMatch(value)
            ? null
            : $"'{Show(value)}' is not a RAM role ARN: write acs:ram::<account id>:role/<role name>, as the role's page in the RAM console shows it.";

    internal static string? RoleSessionName(string value) =>
        RoleSessionNameShape.IsMatch(value)
            ? null
            : $"The RoleSessionName must be {MinRoleSessionNameLength}-{MaxRoleSessionNameLength} letters, digits, '.', '@', '-' or '_'; '{Show(value)}' is {value.Length} characters.";

    internal static string? ExternalId(string value) =>
        ExternalIdShape.IsMatch(value)
            ? null
            : $"The ExternalId must be {MinExternalIdLength}-{MaxExternalIdLength} letters, digits or the characters _ + = , . @ : / - (the value given, not quoted here, is {value.Length} characters).";

    /// <summary>
    /// A session policy: a JSON object of at most 2,048 bytes in UTF-8. The service checks its
    /// grammar; a value that is not even JSON is refused here, and the message never quotes it.
    /// </summary>
    internal static string? Policy(string value)
    {
        if (value.Trim().Length == 0)
        {
            return "The Policy is empty: give a policy document such as {\"Version\":\"1\",\"Statement\":[...]}, or leave -Policy out.";
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length > MaxPolicyBytes)
        {
            return $"The Policy is {bytes.Length} bytes in UTF-8; at most {MaxPolicyBytes} are allowed.";
        }

        try
        {
            var root = Json.Parse(bytes);
            return string.Equals((string?)root.Attribute("type"), "object", StringComparison.Ordinal)
                ? null
                : "The Policy must be a JSON object, a policy document such as {\"Version\":\"1\",\"Statement\":[...]}.";
        }
        catch (JsonSyntaxException ex)
        {
            var where = ex.LineNumber > 0 ? $" at line {ex.LineNumber}, column {ex.LinePosition}" : string.Empty;
            return $"The Policy is not valid JSON: {ex.Reason}{where}.";
        }
    }

    internal static bool HasControl(string value)
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

    private static bool StartsWithAny(string value, string[] prefixes) =>
        prefixes.Any(p => value.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    private static bool ContainsAny(string value, string[] parts) =>
        parts.Any(p => value.IndexOf(p, StringComparison.OrdinalIgnoreCase) >= 0);

    /// <summary>
    /// True for the text PowerShell makes of an object it could not bind by property name when a
    /// parameter also takes pipeline input by value: "@{A=1; B=2}" for a row, or a .NET type name
    /// such as "System.Collections.Hashtable". No UPN or AccessKey ID looks like either.
    /// </summary>
    internal static bool IsObjectText(string? value) =>
        value is not null &&
        ((value.StartsWith("@{", StringComparison.Ordinal) && value.EndsWith("}", StringComparison.Ordinal)) ||
        ObjectTypeName.IsMatch(value));

    internal static readonly Regex ObjectTypeName = new("^System(\\.[A-Za-z0-9_`]+)+(\\[\\])?\\z", RegexOptions.CultureInvariant);

    // A property name in a row's text: identifier-like, at the start ("@{") or after "; ", and
    // followed by '='. A value could hold "; x=" too, so only such names are read, never the rest.
    private static readonly Regex RowPropertyName = new("(?:^@\\{|; )([\\p{L}_][\\p{L}\\p{Nd}_]{0,63})=", RegexOptions.CultureInvariant);

    private const int MaxNamesShown = 10;

    /// <summary>Says what a row's text is without a single value from it.</summary>
    internal static string DescribeObjectText(string text, List<string> names, string kind = "an object")
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

    internal static List<string> PropertyNames(string text)
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
