using AliyunAccessKey.Client;
using AliyunAccessKey.Validation;
using Xunit;

namespace AliyunAccessKey.Tests.Spec;

/// <summary>
/// What the module's input rules do beyond the spec's limits: which listing it asks for, what it
/// leaves out, how a policy is measured, and that error messages never quote long or secret values.
/// </summary>
public class InputRuleTests
{
    [Theory]
    [InlineData("Read Only", "has other characters")]
    [InlineData("Read_Only", "has other characters")]
    [InlineData("", "is 0 characters")]
    public void A_bad_policy_name_is_told_what_is_wrong_with_it(string name, string expected)
    {
        Assert.Contains(expected, InputRules.PolicyName(name), StringComparison.Ordinal);
        Assert.Contains("129 characters", InputRules.PolicyName(new string('a', 129)), StringComparison.Ordinal);
        Assert.Null(InputRules.PolicyName("AliyunOSSReadOnlyAccess"));
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
        var wide = "{\"x\":\"" + new string('é', 2048 - 8) + "\"}";
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
        var longValue = new string('x', 5000);

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
}
