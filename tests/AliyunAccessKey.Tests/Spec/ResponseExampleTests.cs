using System.Collections;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using AliyunAccessKey.Client;
using AliyunAccessKey.Model;
using AliyunAccessKey.Tests.Client;
using Xunit;
using Xunit.Abstractions;

namespace AliyunAccessKey.Tests.Spec;

/// <summary>
/// Serves each action's official JSON response example (from the committed spec) as the HTTP answer
/// to the real client call, then walks the example: every field that the returned model has a
/// property for must come back non-null and equal. A field the module drops or misreads fails here.
/// </summary>
public class ResponseExampleTests(ITestOutputHelper output)
{
    /// <summary>How the client makes each call, and which part of the example its result models ("" = the whole answer).</summary>
    private static readonly Dictionary<string, (Func<TestClients, object?> Call, string Root)> Calls = new()
    {
        ["ims/CreateAccessKey"] = (c => c.Ims.CreateAccessKey("test@example.onaliyun.com", default), "AccessKey"),
        ["ims/ListAccessKeys"] = (c => c.Ims.ListAccessKeys("test@example.onaliyun.com", default), "AccessKeys"),
        ["ims/UpdateAccessKey"] = (c => Void(() => c.Ims.UpdateAccessKey("LTAI4Fexample", "Inactive", null, default)), ""),
        ["ims/DeleteAccessKey"] = (c => Void(() => c.Ims.DeleteAccessKey("LTAI4Fexample", null, default)), ""),
        ["ims/GetAccessKeyLastUsed"] = (c => c.Ims.GetAccessKeyLastUsed("LTAI4Fexample", null, default), "AccessKeyLastUsed"),
        ["ims/CreateUser"] = (c => c.Ims.CreateUser(new CreateUserRequest { UserPrincipalName = "test@example.onaliyun.com", DisplayName = "test" }, default), "User"),
        ["ims/GetUser"] = (c => c.Ims.GetUserByPrincipalName("test@example.onaliyun.com", default), "User"),
        ["ims/ListUsers"] = (c => c.Ims.ListUsers(null, null, default), ""),
        ["ims/ListUserBasicInfos"] = (c => c.Ims.ListUserBasicInfos(null, null, default), ""),
        ["ims/UpdateUser"] = (c => c.Ims.UpdateUser(new UpdateUserRequest { UserPrincipalName = "test@example.onaliyun.com", NewDisplayName = "new" }, default), "User"),
        ["ims/DeleteUser"] = (c => Void(() => c.Ims.DeleteUser("test@example.onaliyun.com", null, default)), ""),
        ["ims/GetDefaultDomain"] = (c => c.Ims.GetDefaultDomain(default), "DefaultDomainName"),
        ["ims/CreateLoginProfile"] = (c => c.Ims.CreateLoginProfile("test@example.onaliyun.com", SecureStrings.Secure("Passw0rd!x"), true, false, true, default), "LoginProfile"),
        ["ims/GetLoginProfile"] = (c => c.Ims.GetLoginProfile("test@example.onaliyun.com", default), "LoginProfile"),
        ["ims/UpdateLoginProfile"] = (c => c.Ims.UpdateLoginProfile("test@example.onaliyun.com", null, false, false, true, default), "LoginProfile"),
        ["ims/DeleteLoginProfile"] = (c => Void(() => c.Ims.DeleteLoginProfile("test@example.onaliyun.com", default)), ""),
        ["ims/GetUserMFAInfo"] = (c => c.Ims.GetUserMFAInfo("test@example.onaliyun.com", default), "MFADevice"),
        ["ims/UnbindMFADevice"] = (c => Void(() => c.Ims.UnbindMFADevice("test@example.onaliyun.com", default)), ""),
        ["ims/CreateGroup"] = (c => c.Ims.CreateGroup("Dev-Team", "Dev-Team", null, default), "Group"),
        ["ims/GetGroup"] = (c => c.Ims.GetGroup("Dev-Team", default), "Group"),
        ["ims/ListGroups"] = (c => c.Ims.ListGroups(null, null, default), ""),
        ["ims/UpdateGroup"] = (c => c.Ims.UpdateGroup("Dev-Team", "Test-Team", null, null, default), "Group"),
        ["ims/DeleteGroup"] = (c => Void(() => c.Ims.DeleteGroup("Dev-Team", default)), ""),
        ["ims/AddUserToGroup"] = (c => Void(() => c.Ims.AddUserToGroup("Test-Team", "test@example.onaliyun.com", default)), ""),
        ["ims/RemoveUserFromGroup"] = (c => Void(() => c.Ims.RemoveUserFromGroup("Test-Team", "alice@example.onaliyun.com", default)), ""),
        ["ims/ListGroupsForUser"] = (c => c.Ims.ListGroupsForUser("test@example.onaliyun.com", null, null, default), ""),
        ["ims/ListUsersForGroup"] = (c => c.Ims.ListUsersForGroup("Test-Team", null, null, default), ""),
        ["ims/GenerateCredentialReport"] = (c => c.Ims.GenerateCredentialReport(default), "State"),
        ["ims/GetCredentialReport"] = (c => c.Ims.GetCredentialReport(null, null, default), ""),
        ["ims/GetAccountSummary"] = (c => c.Ims.GetAccountSummary(default), "SummaryMap"),
        ["ims/GetSecurityPreference"] = (c => c.Ims.GetSecurityPreference(default), "SecurityPreference"),
        ["sts/GetCallerIdentity"] = (c => c.Sts.GetCallerIdentity(default), ""),
        ["sts/AssumeRole"] = (c => c.Sts.AssumeRole("acs:ram::123456789012****:role/adminrole", "alice", default), ""),
        ["ram/ListPolicies"] = (c => c.Ram.ListPolicies(null, null, null, default), ""),
        ["ram/GetPolicy"] = (c => c.Ram.GetPolicy("OSS-Administrator", "Custom", default), ""),
        ["ram/ListPoliciesForUser"] = (c => c.Ram.ListPoliciesForUser("alice", default), "Policies"),
        ["ram/ListPoliciesForGroup"] = (c => c.Ram.ListPoliciesForGroup("dev", default), "Policies"),
        ["ram/AttachPolicyToUser"] = (c => Void(() => c.Ram.AttachPolicyToUser("Custom", "OSS-Administrator", "alice", default)), ""),
        ["ram/DetachPolicyFromUser"] = (c => Void(() => c.Ram.DetachPolicyFromUser("Custom", "OSS-Administrator", "alice", default)), ""),
        ["ram/AttachPolicyToGroup"] = (c => Void(() => c.Ram.AttachPolicyToGroup("Custom", "OSS-Administrator", "dev", default)), ""),
        ["ram/DetachPolicyFromGroup"] = (c => Void(() => c.Ram.DetachPolicyFromGroup("Custom", "OSS-Administrator", "dev", default)), ""),
    };

    /// <summary>Spec actions the module has no client call for; listing one here is a deliberate choice.</summary>
    private static readonly HashSet<string> NotCalled =
    [
        // In the spec for the emulator and the conformance run (seeding custom policies); the module grants policies, it does not write them.
        "ram/CreatePolicy",
    ];

    /// <summary>Fields of an answer the client deliberately does not read, by path, and why.</summary>
    private static readonly Dictionary<string, string> NotRead = new(StringComparer.Ordinal)
    {
        ["$.Policy.PolicyDocument"] = "GetPolicy's Policy.PolicyDocument is deprecated (\"N/A\"); the client reads DefaultPolicyVersion.PolicyDocument",
    };

    /// <summary>Model properties named unlike the answer's field (by model type and field name).</summary>
    private static readonly Dictionary<(Type, string), Func<object, object?>> Renamed = new()
    {
        [(typeof(NewAccessKey), "AccessKeySecret")] = m => SecureStrings.Plain(((NewAccessKey)m).Secret),
        [(typeof(RamTag), "TagKey")] = m => ((RamTag)m).Key,
        [(typeof(AliyunRamLoginProfile), "MFABindRequired")] = m => ((AliyunRamLoginProfile)m).MfaBindRequired,
        [(typeof(RamTag), "TagValue")] = m => ((RamTag)m).Value,
        [(typeof(Page<AliyunRamUser>), "Users")] = m => ((Page<AliyunRamUser>)m).Items,
        [(typeof(Page<RamUserBasicInfo>), "UserBasicInfos")] = m => ((Page<RamUserBasicInfo>)m).Items,
        [(typeof(Page<AliyunRamGroup>), "Groups")] = m => ((Page<AliyunRamGroup>)m).Items,
        [(typeof(Page<AliyunRamGroupMember>), "Users")] = m => ((Page<AliyunRamGroupMember>)m).Items,
        [(typeof(Page<AliyunRamPolicy>), "Policies")] = m => ((Page<AliyunRamPolicy>)m).Items,

        // GetPolicy's Policy and DefaultPolicyVersion are read onto one AliyunRamPolicy.
        [(typeof(AliyunRamPolicy), "Policy")] = m => m,

        // SummaryMap is read whole into Values; SecurityPreference keeps MaxIdleDays' fields on itself.
        [(typeof(AliyunSecurityPreference), "MaxIdleDays")] = m => m,

        // IsTruncated is the string "true"/"false" in GetCredentialReport's model; the page holds a bool.
        [(typeof(CredentialReportPage), "IsTruncated")] = m => ((CredentialReportPage)m).IsTruncated ? "true" : "false",
        [(typeof(AliyunSecurityPreference), "AccessKeyPreference")] = m => m,
        [(typeof(AliyunRamPolicy), "DefaultPolicyVersion")] = m => m,
        // AssumedRole keeps AssumedRoleUser's two fields on itself.
        [(typeof(AssumedRole), "AssumedRoleUser")] = m => m,
        [(typeof(AcsCredential), "AccessKeySecret")] = m => ((AcsCredential)m).UseSecret(Encoding.UTF8.GetString),
        [(typeof(AcsCredential), "SecurityToken")] = m => ((AcsCredential)m).RevealSecurityToken(),
    };

    public static TheoryData<string> SpecActions() => new(OpenApiSpec.ActionKeys());

    [Theory]
    [MemberData(nameof(SpecActions))]
    public void The_official_response_example_reads_without_losing_a_field(string action)
    {
        if (NotCalled.Contains(action))
        {
            return;
        }

        Assert.True(Calls.ContainsKey(action), $"{action} is in the spec but this test does not know the client call for it: add it to Calls (or NotCalled).");
        var (call, root) = Calls[action];
        foreach (var example in OpenApiSpec.Action(action).GetProperty("responseExamples").EnumerateArray())
        {
            var handler = new FakeHandler().ThenJson(HttpStatusCode.OK, example.GetString()!);
            using var c = new TestClients(handler);
            var result = call(c);

            Assert.Equal(action.Split('/')[1], handler.Requests.Single().Headers.GetValues("x-acs-action").Single());
            using var doc = JsonDocument.Parse(example.GetString()!);
            var compared = new List<string>();
            var unmodelled = new List<string>();
            if (result is not null)
            {
                var node = root.Length == 0 ? doc.RootElement : doc.RootElement.GetProperty(root);
                AssertSame(node, result, root.Length == 0 ? "$" : root, compared, unmodelled);
                Assert.NotEmpty(compared);
            }

            output.WriteLine($"compared: {string.Join(", ", compared)}");
            output.WriteLine($"not in the model: {string.Join(", ", unmodelled)}");
        }
    }

    private static void AssertSame(JsonElement expected, object? actual, string path, List<string> compared, List<string> unmodelled)
    {
        Assert.True(actual is not null, $"{path}: the example has {expected.GetRawText()} but the client gave null");
        switch (expected.ValueKind)
        {
            // An item node ({"Tag":[...]}) wraps a list that the model holds directly.
            case JsonValueKind.Object when actual is IEnumerable and not string:
                var wrapped = expected.EnumerateObject().Single();
                AssertSame(wrapped.Value, actual, $"{path}.{wrapped.Name}", compared, unmodelled);
                return;
            case JsonValueKind.Object:
                foreach (var field in expected.EnumerateObject())
                {
                    if (NotRead.ContainsKey($"{path}.{field.Name}") || !TryRead(actual, field.Name, out var value))
                    {
                        unmodelled.Add($"{path}.{field.Name}");
                        continue;
                    }

                    AssertSame(field.Value, value, $"{path}.{field.Name}", compared, unmodelled);
                }

                return;
            case JsonValueKind.Array:
                var items = ((IEnumerable)actual).Cast<object?>().ToList();
                Assert.True(expected.GetArrayLength() == items.Count, $"{path}: the example has {expected.GetArrayLength()} items, the client gave {items.Count}");
                for (var i = 0; i < items.Count; i++)
                {
                    AssertSame(expected[i], items[i], $"{path}[{i}]", compared, unmodelled);
                }

                return;
            case JsonValueKind.String when actual is DateTime date:
                Assert.True(ExpectedInstant(expected.GetString()!) == date, $"{path}: the example has {expected.GetString()}, the client gave {date:o}");
                Assert.Equal(DateTimeKind.Utc, date.Kind);
                break;
            case JsonValueKind.True or JsonValueKind.False:
                Assert.True(expected.GetBoolean().Equals(actual), $"{path}: the example has {expected.GetRawText()}, the client gave {actual}");
                break;
            default:
                var text = expected.ValueKind == JsonValueKind.String ? expected.GetString() : expected.GetRawText();
                Assert.True(text == Convert.ToString(actual, CultureInfo.InvariantCulture), $"{path}: the example has {text}, the client gave {actual}");
                break;
        }

        compared.Add(path);
    }

    private static bool TryRead(object model, string field, out object? value)
    {
        if (model is AliyunAccountSummary summary)
        {
            var found = summary.Values.TryGetValue(field, out var n);
            value = n;
            return found;
        }

        if (Renamed.TryGetValue((model.GetType(), field), out var read))
        {
            value = read(model);
            return true;
        }

        var property = model.GetType().GetProperty(field, BindingFlags.Public | BindingFlags.Instance);
        value = property?.GetValue(model);
        return property is not null;
    }

    /// <summary>The instant the example means, read here independently of the client's parser.</summary>
    private static DateTime ExpectedInstant(string text) =>
        text.All(char.IsAsciiDigit) && text.Length == 13
            ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(text, CultureInfo.InvariantCulture)).UtcDateTime
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime;

    private static object? Void(Action call)
    {
        call();
        return null;
    }
}
