using System.Globalization;
using System.Text.Json;
using AliyunAccessKey.Client;
using AliyunAccessKey.Model;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Tests.Spec;

/// <summary>
/// The one table that maps each limited parameter of spec/alibaba-openapi.json to the module's
/// local check, or says why there is none; <see cref="SpecLimitCases"/> makes the cases from it.
/// </summary>
internal static class LocalCheckTable
{
    /// <summary>How the module checks one spec parameter (key "service/Action.Parameter[.Field]").</summary>
    internal sealed class Local
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
    internal sealed record Mapping(Local? Local, string? Reason);

    private static Mapping Checked(Local local) => new(local, null);

    private static Mapping NotChecked(string reason) => new(null, reason);

    private static string? Number(string value, Func<int, string?> rule) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? rule(n) : "not a number";

    internal static string Repeat(char c, int n) => new(c, n);

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

    /// <summary>The client takes a bool (enabled or not) and sends only these.</summary>
    private static readonly Local LogonStatus = new() { Sent = [ImsClient.LogonActive, ImsClient.LogonInactive] };

    /// <summary>The client takes a bool? and sends true, false or nothing.</summary>
    private static readonly Local Flag = new() { Sent = [ImsClient.Flag(true)!, ImsClient.Flag(false)!] };
    private static readonly Local GroupNameCheck = new() { Check = InputRules.GroupName, Build = n => Repeat('g', n), WithChar = c => "ab" + c };

    private static readonly Local GroupMaxItemsCheck = new()
    {
        Check = v => Number(v, InputRules.GroupMaxItems),

        // Get-AliyunRamGroup and Get-AliyunRamGroupMember ask for the largest page, the service's own default.
        ModuleDefault = InputRules.MaxGroupMaxItems.ToString(CultureInfo.InvariantCulture),
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
    internal static readonly Dictionary<string, Mapping> Table = new(StringComparer.Ordinal)
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
        ["ims/CreateGroup.GroupName"] = Checked(GroupNameCheck),
        ["ims/UpdateGroup.NewGroupName"] = Checked(GroupNameCheck),
        ["ims/CreateGroup.DisplayName"] = Checked(DisplayNameCheck),
        ["ims/UpdateGroup.NewDisplayName"] = Checked(DisplayNameCheck),
        ["ims/CreateGroup.Comments"] = Checked(CommentsCheck),
        ["ims/UpdateGroup.NewComments"] = Checked(CommentsCheck),
        ["ims/ListGroups.MaxItems"] = Checked(GroupMaxItemsCheck),

        // Get-AliyunCredentialReport asks for the largest page unless -PageSize says otherwise.
        ["ims/GetCredentialReport.MaxItems"] = Checked(new Local
        {
            Check = v => Number(v, InputRules.ReportMaxItems),
            ModuleDefault = InputRules.MaxReportMaxItems.ToString(CultureInfo.InvariantCulture),
        }),
        ["ims/ListUsersForGroup.MaxItems"] = Checked(GroupMaxItemsCheck),
        ["ims/UpdateAccessKey.Status"] = Checked(new Local { Sent = [ImsClient.KeyActive, ImsClient.KeyInactive] }),
        ["ims/CreateLoginProfile.Status"] = Checked(LogonStatus),
        ["ims/UpdateLoginProfile.Status"] = Checked(LogonStatus),
        ["ims/CreateLoginProfile.PasswordResetRequired"] = Checked(Flag),
        ["ims/UpdateLoginProfile.PasswordResetRequired"] = Checked(Flag),
        ["ims/CreateLoginProfile.MFABindRequired"] = Checked(Flag),
        ["ims/UpdateLoginProfile.MFABindRequired"] = Checked(Flag),
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
    internal static IEnumerable<(string Key, JsonElement Limits)> SpecLimits()
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

    internal static bool Generates(string kind, Local local) => kind switch
    {
        "minLength" or "maxLength" => local.Check is not null && local.Build is not null,
        "minimum" or "maximum" or "maxItems" or "forbiddenPrefixes" or "forbiddenSubstrings" => local.Check is not null,
        "allowedCharacters" or "pattern" => local.Check is not null && local.WithChar is not null,
        "enum" => local.Sent is not null || local.Check is not null,
        "default" => local.Check is not null || local.Sent is not null,
        "format" => local.Check is not null && local.FormatSamples is not null,
        _ => false,
    };
}
