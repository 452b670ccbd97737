using System.Text.Json;
using AliyunAccessKey.Emulator.Tests.Features.LoginProfiles;
using AliyunAccessKey.Emulator.Tests.Features.Mfa;
using AliyunAccessKey.Emulator.Tests.Features.Reports;
using AliyunAccessKey.Emulator.Tests.Features.Groups;
using AliyunAccessKey.Emulator.Tests.Features.Sts;
using AliyunAccessKey.Emulator.Tests.Features.Users;

namespace AliyunAccessKey.Emulator.Tests.Spec;

/// <summary>
/// The emulator's parameter checks against spec/alibaba-openapi.json: for every documented limit of
/// every action the emulator serves, a value just inside is accepted and one just outside is refused
/// with the InvalidParameter.&lt;Param&gt; family (STS: a documented code, with its documented
/// message). The cases are generated from the spec (<see cref="LimitCases"/>); what cannot be
/// generated is listed there with the hand-written test below or elsewhere that covers it.
/// </summary>
public sealed class SpecLimitTests : IClassFixture<SpecEmulator>
{
    private readonly SpecEmulator _emu;

    public SpecLimitTests(SpecEmulator emu) => _emu = emu;

    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in LimitCases.All.Keys.Order(StringComparer.Ordinal))
        {
            data.Add(id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public async Task A_value_just_inside_a_documented_limit_is_accepted_and_one_just_outside_is_refused(string id)
    {
        var c = LimitCases.All[id];
        var (service, action) = (c.Limit.Service, c.Limit.Action);
        var values = c.Values(_emu);
        var (cred, parameters) = await _emu.RequestAsync(service, action, values, c.Inside);
        var r = await _emu.SendAsync(service, action, cred, parameters);
        var shown = $"{id}: {LimitCases.Show(values)}";
        if (c.Inside)
        {
            Assert.True(r.Status == 200, $"{shown} should be accepted: {r}");
            return;
        }

        Assert.True(r.Status == 400, $"{shown} should be refused with 400: {r}");
        if (c.ExpectedCode is string exact)
        {
            Assert.Equal(exact, r.Code);
            return;
        }

        var family = "InvalidParameter." + c.Limit.Top;
        Assert.True(r.Code?.StartsWith(family, StringComparison.Ordinal) == true, $"{shown}: expected {family}*, got {r.Code}");

        // Where the service documents codes for this parameter (STS), the code and message must be one of them.
        var documented = ApiSpec.Errors(service, action).Where(e => e.Key.StartsWith(family, StringComparison.Ordinal)).ToDictionary();
        if (documented.Count > 0)
        {
            Assert.True(documented.ContainsKey(r.Code!), $"{r.Code} is not one of the documented {string.Join(", ", documented.Keys)}");
            Assert.Equal((documented[r.Code!].Status, documented[r.Code!].Message), (r.Status, r.Message));
        }
    }

    // ---- the generator is complete and its exceptions are not stale ------------------------

    [Fact]
    public void The_spec_is_there_and_the_emulator_serves_its_actions()
    {
        var served = ApiSpec.ServedActions().Select(a => $"{a.Service}/{a.Action}").ToList();
        Assert.Contains("ims/ListUsers", served);
        Assert.Contains("sts/AssumeRole", served);
        Assert.Equal(42, served.Count);
        Assert.True(LimitCases.All.Count > 100, $"only {LimitCases.All.Count} cases were generated");
    }

    [Fact]
    public void Every_limit_kind_in_the_spec_is_known_to_the_generator()
    {
        var unknown = ApiSpec.Limits().Select(l => l.Kind).Distinct().Where(k => !LimitCases.KnownKinds.Contains(k)).ToList();
        Assert.True(unknown.Count == 0, $"limit kinds the generator does not handle: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void Every_limit_is_exercised_on_both_sides_or_explained()
    {
        static string Group(SpecLimit l) => l.Kind is "pattern" ? "allowedCharacters" : l.Kind;
        var cases = LimitCases.All.Values.ToList();
        var missing = new List<string>();
        foreach (var limit in ApiSpec.Limits())
        {
            if (LimitCases.NotGeneric.ContainsKey(limit.Kind))
            {
                continue;
            }

            var mine = cases.Where(c => c.Limit.Service == limit.Service && c.Limit.Action == limit.Action &&
                c.Limit.Parameter == limit.Parameter && Group(c.Limit) == Group(limit)).ToList();
            if (!mine.Any(c => c.Inside) && !LimitCases.Explained.ContainsKey(limit.Key + " inside"))
            {
                missing.Add(limit.Key + " inside");
            }

            var hasOutside = !(limit.Kind == "minLength" && limit.Value.GetInt32() == 0);
            if (hasOutside && !mine.Any(c => !c.Inside) && !LimitCases.Explained.ContainsKey(limit.Key + " outside"))
            {
                missing.Add(limit.Key + " outside");
            }
        }

        Assert.True(missing.Count == 0, "limits neither exercised nor explained: " + string.Join("; ", missing));
    }

    [Fact]
    public void Every_explanation_names_a_limit_of_the_spec()
    {
        var keys = ApiSpec.Limits().SelectMany(l => new[] { l.Key + " inside", l.Key + " outside" }).ToHashSet();
        Assert.DoesNotContain(LimitCases.Explained.Keys, k => !keys.Contains(k));

        // An explained side must really be left out, or the explanation is stale.
        var generated = LimitCases.All.Values.Select(c => $"{c.Limit.Key} {(c.Inside ? "inside" : "outside")}").ToHashSet();
        Assert.DoesNotContain(LimitCases.Explained.Keys, generated.Contains);
    }

    /// <summary>
    /// The sentences the extraction tool could not turn into a limit (spec "unparsed") are read by
    /// hand: each of a served action is covered by the test named here, or said to be not emulated.
    /// </summary>
    private static readonly (string Action, string Parameter, string SentenceStart, string CoveredBy)[] UnparsedCoverage =
    [
        ("ims/CreateUser", "MobilePhone", "Format: Country code-Mobile phone number", nameof(MobilePhone_is_country_code_dash_number)),
        ("ims/UpdateUser", "NewMobilePhone", "Format: \\<Country code>-\\<Mobile phone number>", nameof(MobilePhone_is_country_code_dash_number)),
        ("*", "UserPrincipalName", "The name is in the format of", nameof(Upn_is_name_at_the_default_domain)),
        ("*", "NewUserPrincipalName", "The name is in the format of", nameof(Upn_is_name_at_the_default_domain)),
        ("*", "UserPrincipalName", "The value of `<username>` must be `1 to 64`", nameof(Upn_name_part_is_1_to_64_letters_digits_and_dot_dash_underscore)),
        ("*", "NewUserPrincipalName", "The value of `<username>` must be `1 to 64`", nameof(Upn_name_part_is_1_to_64_letters_digits_and_dot_dash_underscore)),
        ("*", "UserPrincipalName", "The value of `UserPrincipalName` must be `1 to 128`", nameof(Upn_name_part_is_1_to_64_letters_digits_and_dot_dash_underscore)),
        ("*", "NewUserPrincipalName", "The value of `NewUserPrincipalName` must be `1 to 128`", nameof(Upn_name_part_is_1_to_64_letters_digits_and_dot_dash_underscore)),
        ("*", "*", "> You must specify only one of", nameof(Only_one_way_to_name_a_user)),
        ("*", "*", ">  You must specify only one of", nameof(Only_one_way_to_name_a_user)),
        ("ims/ListUserBasicInfos", "Status", "If the Tag parameter is specified", nameof(UserStatusTests) + "." + nameof(UserStatusTests.ListUserBasicInfos_refuses_Status_together_with_Tag)),
        ("*", "Tag.Key", "N must be consecutive", nameof(Tag_numbers_must_be_consecutive)),
        ("*", "Tag.Value", "N must be consecutive", nameof(Tag_numbers_must_be_consecutive)),
        ("ims/ListUsers", "Tag[]", "The tag value", nameof(UserTests) + "." + nameof(UserTests.Tag_filters_follow_the_same_rules)),
        ("sts/AssumeRole", "DurationSeconds", "Maximum value: the value of the `MaxSessionDuration`", nameof(StsTests) + "." + nameof(StsTests.DurationSeconds_defaults_to_3600_and_is_bounded_by_the_roles_MaxSessionDuration)),
        ("sts/AssumeRole", "SourceIdentity", "SourceIdentity 长度为", nameof(SourceIdentity_is_2_to_64_of_the_documented_characters)),
        ("sts/AssumeRole", "SourceIdentity", "您不能使用以", nameof(SourceIdentity_is_2_to_64_of_the_documented_characters)),
        ("ims/CreateLoginProfile", "Password", "The password must meet the complexity requirements", nameof(LoginProfileTests) + "." + nameof(LoginProfileTests.A_password_shorter_than_the_default_policy_is_refused_and_never_echoed)),
        ("ims/UpdateLoginProfile", "Password", "The new password must meet the complexity requirements", nameof(LoginProfileTests) + "." + nameof(LoginProfileTests.A_password_shorter_than_the_default_policy_is_refused_and_never_echoed)),
        ("ims/GetUserMFAInfo", "UserPrincipalName", "*   If you use an Alibaba Cloud account to call this operation", nameof(MfaTests) + "." + nameof(MfaTests.GetUserMFAInfo_names_the_user_or_asks_about_the_caller)),
        ("ims/CreateGroup", "GroupName", "You must specify this parameter.", nameof(GroupTests) + "." + nameof(GroupTests.GroupName_is_required_and_checked)),
        ("ims/GetCredentialReport", "MaxItems", "Valid values: 1 to 3501.", nameof(CredentialReportTests) + "." + nameof(CredentialReportTests.MaxItems_outside_1_to_3501_is_refused)),
    ];

    [Fact]
    public void Every_unparsed_sentence_of_a_served_action_is_covered_by_hand()
    {
        var uncovered = ApiSpec.Unparsed()
            .Where(u => !UnparsedCoverage.Any(c =>
                (c.Action == "*" || c.Action == $"{u.Service}/{u.Action}") &&
                (c.Parameter == "*" || c.Parameter == u.Parameter) &&
                u.Sentence.StartsWith(c.SentenceStart, StringComparison.Ordinal)))
            .Select(u => $"{u.Service}/{u.Action} {u.Parameter}: {u.Sentence}")
            .ToList();
        Assert.True(uncovered.Count == 0, "unparsed sentences nobody checks: " + string.Join(" | ", uncovered));
    }

    // ---- hand-written cases: what the generator cannot reach ------------------------------

    [Fact]
    public async Task Upn_name_part_is_1_to_64_letters_digits_and_dot_dash_underscore()
    {
        // The name part's own limit (1–64) and character set are sentences the tool leaves unparsed
        // (its example "test@…" has an @, so "letters, digits, . - _" cannot be the whole UPN's set).
        var ok = await _emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = SpecEmulator.Upn("A-z_0." + new string('n', 58)), DisplayName = "D" });
        Assert.Equal(200, ok.Status);
        foreach (var (name, code) in new[]
        {
            (string.Empty, "InvalidParameter.UserPrincipalName.Length"),
            (new string('n', 65), "InvalidParameter.UserPrincipalName.Length"),
            ("a b", "InvalidParameter.UserPrincipalName.InvalidChars"),
            ("a+b", "InvalidParameter.UserPrincipalName.InvalidChars"),
            ("añb", "InvalidParameter.UserPrincipalName.InvalidChars"),
        })
        {
            var r = await _emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = SpecEmulator.Upn(name), DisplayName = "D" });
            Assert.Equal((400, code), (r.Status, r.Code));
        }

        var renamed = await _emu.Client.ImsAsync("UpdateUser", parameters: new { UserPrincipalName = SpecEmulator.Upn("spec-caller"), NewUserPrincipalName = SpecEmulator.Upn("a b") });
        Assert.Equal("InvalidParameter.NewUserPrincipalName.InvalidChars", renamed.Code);
    }

    [Fact]
    public async Task Upn_is_name_at_the_default_domain()
    {
        foreach (var upn in new[] { "no-at-sign", "a@b@" + SpecEmulator.Domain, "x@other.onaliyun.com" })
        {
            var r = await _emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = upn, DisplayName = "D" });
            Assert.Equal((400, "InvalidParameter.UserPrincipalName.Format"), (r.Status, r.Code));
        }
    }

    [Fact]
    public async Task MobilePhone_is_country_code_dash_number()
    {
        var ok = await _emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = SpecEmulator.Upn(_emu.Unique()), DisplayName = "D", MobilePhone = "86-18600008888" });
        Assert.Equal(200, ok.Status);
        foreach (var phone in new[] { "18600008888", "86-", "-18600008888", "86-1860000888x", "+86-18600008888" })
        {
            var r = await _emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = SpecEmulator.Upn(_emu.Unique()), DisplayName = "D", MobilePhone = phone });
            Assert.Equal((400, "InvalidParameter.MobilePhone.Format"), (r.Status, r.Code));
        }

        var update = await _emu.Client.ImsAsync("UpdateUser", parameters: new { UserPrincipalName = SpecEmulator.Upn("spec-caller"), NewMobilePhone = "86 186" });
        Assert.Equal("InvalidParameter.NewMobilePhone.Format", update.Code);
    }

    [Fact]
    public async Task Only_one_way_to_name_a_user()
    {
        // "You must specify only one of the following parameters: UserPrincipalName and UserId." (GetUser adds UserAccessKeyId)
        var key = _emu.Server.State.IssueCredentials(SpecEmulator.Upn(_emu.Unique()));
        var both = new { UserPrincipalName = key.UserPrincipalName, UserId = key.UserId };
        foreach (var action in new[] { "GetUser", "UpdateUser", "DeleteUser" })
        {
            var r = await _emu.Client.ImsAsync(action, parameters: both);
            Assert.Equal((400, "InvalidParameter"), (r.Status, r.Code));
        }

        Assert.NotNull(_emu.Server.State.FindUser(key.UserPrincipalName!));
    }

    [Fact]
    public async Task Tag_numbers_must_be_consecutive()
    {
        // "N must be consecutive." (Tag.N.Key / Tag.N.Value), from 1.
        var gap = new Dictionary<string, string> { ["Tag.1.Key"] = "a", ["Tag.3.Key"] = "c" };
        foreach (var action in new[] { "ListUsers", "ListUserBasicInfos" })
        {
            var r = await _emu.Client.ImsAsync(action, parameters: gap);
            Assert.Equal((400, "InvalidParameter.Tag.Format"), (r.Status, r.Code));
        }

        var fromTwo = new Dictionary<string, string> { ["UserPrincipalName"] = SpecEmulator.Upn(_emu.Unique()), ["DisplayName"] = "D", ["Tag.2.Key"] = "b" };
        Assert.Equal("InvalidParameter.Tag.Format", (await _emu.Client.ImsAsync("CreateUser", parameters: fromTwo)).Code);
        var ok = new Dictionary<string, string> { ["UserPrincipalName"] = SpecEmulator.Upn(_emu.Unique()), ["DisplayName"] = "D", ["Tag.1.Key"] = "a", ["Tag.2.Key"] = "b" };
        Assert.Equal(200, (await _emu.Client.ImsAsync("CreateUser", parameters: ok)).Status);
    }

    [Fact]
    public async Task SourceIdentity_is_2_to_64_of_the_documented_characters()
    {
        // zh_cn: 2–64 characters of letters, digits and "=,.@-_" (the regex adds '+'); values may not
        // start with acs:, aliyun: or alibabacloud: (':' is outside the set anyway).
        var ok = await _emu.Client.StsAsync("AssumeRole", _emu.User, new { RoleArn = "acs:ram::1234567890123456:role/test-role", RoleSessionName = "s1", SourceIdentity = "Alice_+=,.@-" });
        Assert.Equal(200, ok.Status);
        Assert.Equal("Alice_+=,.@-", ok.Str("SourceIdentity"));
        foreach (var value in new[] { "a", new string('a', 65), "acs:alice", "aliyun:alice", "alibabacloud:x", "a b" })
        {
            var r = await _emu.Client.StsAsync("AssumeRole", _emu.User, new { RoleArn = "acs:ram::1234567890123456:role/test-role", RoleSessionName = "s1", SourceIdentity = value });
            Assert.Equal((400, "InvalidParameter.SourceIdentity"), (r.Status, r.Code));
        }
    }

    [Fact]
    public async Task RoleArn_follows_the_documented_format()
    {
        // Format: acs:ram::<account_id>:role/<role_name>.
        var ok = await _emu.Client.StsAsync("AssumeRole", _emu.User, new { RoleArn = "acs:ram::1234567890123456:role/test-role", RoleSessionName = "s1" });
        Assert.Equal(200, ok.Status);
        var documented = ApiSpec.Errors("sts", "AssumeRole")["InvalidParameter.RoleArn"];
        foreach (var arn in new[] { "test-role", "acs:ram::1234567890123456:user/test-role", "arn:aws:iam::1:role/x" })
        {
            var r = await _emu.Client.StsAsync("AssumeRole", _emu.User, new { RoleArn = arn, RoleSessionName = "s1" });
            Assert.Equal((documented.Status, "InvalidParameter.RoleArn", documented.Message), (r.Status, r.Code, r.Message));
        }
    }

    [Fact]
    public async Task Empty_optional_parameters_read_as_not_given()
    {
        // An SDK leaves an unset optional parameter out; an empty one is read the same way, so the
        // documented "1 character at least" has no value just outside it.
        var upn = SpecEmulator.Upn(_emu.Unique());
        var created = await _emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = upn, DisplayName = "D", Comments = string.Empty });
        Assert.Equal(200, created.Status);
        Assert.False(created.Json.GetProperty("User").TryGetProperty("Comments", out _));

        // UpdateUser: an empty NewComments clears the description, an empty NewUserPrincipalName
        // changes nothing. (An empty NewDisplayName is refused: a display name cannot be cleared;
        // the generated cases check that.)
        await _emu.Client.ImsAsync("UpdateUser", parameters: new { UserPrincipalName = upn, NewComments = "c" });
        var cleared = await _emu.Client.ImsAsync("UpdateUser", parameters: new { UserPrincipalName = upn, NewComments = string.Empty, NewUserPrincipalName = string.Empty });
        Assert.Equal(200, cleared.Status);
        Assert.False(cleared.Json.GetProperty("User").TryGetProperty("Comments", out _));
        Assert.Equal(("D", upn), (cleared.Str("User", "DisplayName"), cleared.Str("User", "UserPrincipalName")));

        Assert.Equal("MissingUserPrincipalName", (await _emu.Client.ImsAsync("GetUser", parameters: new { UserPrincipalName = string.Empty })).Code);
        var policy = await _emu.Client.StsAsync("AssumeRole", _emu.User, new { RoleArn = "acs:ram::1234567890123456:role/test-role", RoleSessionName = "s1", Policy = string.Empty });
        Assert.Equal(200, policy.Status);
    }

    [Fact]
    public async Task Sts_answers_carry_the_documented_message_for_every_documented_code_they_use()
    {
        var documented = ApiSpec.Errors("sts", "AssumeRole");
        var arn = "acs:ram::1234567890123456:role/test-role";
        var provoked = new Dictionary<string, ApiResult>
        {
            ["InvalidParameter.DurationSeconds"] = await _emu.Client.StsAsync("AssumeRole", _emu.User, new { RoleArn = arn, RoleSessionName = "s1", DurationSeconds = 3601 }),
            ["InvalidParameter.ExternalId"] = await _emu.Client.StsAsync("AssumeRole", _emu.User, new { RoleArn = arn, RoleSessionName = "s1", ExternalId = "a b" }),
            ["InvalidParameter.RoleArn"] = await _emu.Client.StsAsync("AssumeRole", _emu.User, new { RoleArn = "x", RoleSessionName = "s1" }),
            ["InvalidParameter.RoleSessionName"] = await _emu.Client.StsAsync("AssumeRole", _emu.User, new { RoleArn = arn, RoleSessionName = "a b" }),
            ["InvalidParameter.PolicyGrammar"] = await _emu.Client.StsAsync("AssumeRole", _emu.User, new { RoleArn = arn, RoleSessionName = "s1", Policy = "{" }),
            ["InvalidParameter.PolicySize"] = await _emu.Client.StsAsync("AssumeRole", _emu.User, new { RoleArn = arn, RoleSessionName = "s1", Policy = new string(' ', 2049) }),
            ["EntityNotExist.Role"] = await _emu.Client.StsAsync("AssumeRole", _emu.User, new { RoleArn = arn + "-none", RoleSessionName = "s1" }),
        };
        foreach (var (code, r) in provoked)
        {
            Assert.Equal((documented[code].Status, code, documented[code].Message), (r.Status, r.Code, r.Message));
        }

        // STS's own InternalError message (an injected 500 fault).
        _emu.Server.Knobs = _emu.Server.Knobs with { FaultRate = 1, FaultKinds = [FaultKind.InternalError], FaultActions = ["GetCallerIdentity"] };
        try
        {
            var fault = await _emu.Client.StsAsync("GetCallerIdentity", _emu.User);
            var internalError = ApiSpec.Errors("sts", "GetCallerIdentity")["InternalError"];
            Assert.Equal((internalError.Status, "InternalError", internalError.Message), (fault.Status, fault.Code, fault.Message));
        }
        finally
        {
            _emu.Server.Knobs = new EmulatorKnobs();
        }
    }

    [Fact]
    public void The_limits_are_read_from_the_committed_spec()
    {
        // A guard against a generator that silently reads nothing: known limits come through.
        var limits = ApiSpec.Limits().ToList();
        Assert.Contains(limits, l => l.Key == "ims/ListUserBasicInfos MaxItems default" && l.Value.GetInt32() == 100);
        Assert.Contains(limits, l => l.Key == "sts/AssumeRole Policy maxLength" && l.Value.GetInt32() == 2048);
        Assert.Contains(limits, l => l.Key == "ims/CreateUser Tag.Key forbiddenSubstrings" && l.Value.ValueKind == JsonValueKind.Array);
    }
}
