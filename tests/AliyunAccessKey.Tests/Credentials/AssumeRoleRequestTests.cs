using System.Net;
using System.Web;
using AliyunAccessKey.Credentials;
using AliyunAccessKey.Tests.Client;
using Xunit;

namespace AliyunAccessKey.Tests.Credentials;

/// <summary>
/// What AssumeRole asks for. A role's MaxSessionDuration is 3600 s unless raised, so the module
/// must not ask for more unless the user did; -Policy, -ExternalId and the CLI profile's
/// external_id reach the request; a profile's bad value is refused before anything is sent.
/// </summary>
[Collection(ProcessWideSettings.Name)]
public sealed class AssumeRoleRequestTests : IDisposable
{
    private const string RoleArn = "acs:ram::1234567890123456:role/test-role";
    private static readonly DateTime Expiration = new(2030, 1, 1, 1, 0, 0, DateTimeKind.Utc);

    private readonly string _home = Path.Combine(Path.GetTempPath(), "aak-role-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> _saved = [];

    public AssumeRoleRequestTests()
    {
        Directory.CreateDirectory(Path.Combine(_home, ".aliyun"));
        foreach (var name in new[] { "HOME", "USERPROFILE", "ALIBABA_CLOUD_PROFILE", "ALIBABA_CLOUD_CREDENTIALS_FILE" })
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
        }

        Environment.SetEnvironmentVariable("HOME", _home);
        Environment.SetEnvironmentVariable("USERPROFILE", _home);
        Environment.SetEnvironmentVariable("ALIBABA_CLOUD_PROFILE", null);
        Environment.SetEnvironmentVariable("ALIBABA_CLOUD_CREDENTIALS_FILE", Path.Combine(_home, "no-credentials-file"));
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        Directory.Delete(_home, recursive: true);
    }

    private static string AssumeRoleJson(int n) => $$$"""
        {"RequestId":"r{{{n}}}","AssumedRoleUser":{"Arn":"acs:ram::1234567890123456:assumed-role/test-role/s","AssumedRoleId":"3000:s"},
         "Credentials":{"AccessKeyId":"STS.{{{n}}}","AccessKeySecret":"temp-secret","SecurityToken":"temp-token","Expiration":"{{{Expiration:yyyy-MM-ddTHH:mm:ssZ}}}"}}
        """;

    private static CredentialResolver Resolver(TestClients c) =>
        new(c.Sts, () => throw new InvalidOperationException("no metadata service here"), _ => { });

    private static ResolvedCredential BaseKey() => CredentialResolver.Static("test", "LTAI5tBase0000000001", "base-secret");

    private static System.Collections.Specialized.NameValueCollection Query(HttpRequestMessage request) =>
        HttpUtility.ParseQueryString(request.RequestUri!.Query);

    [Fact]
    public void Without_a_duration_none_is_asked_for_neither_first_nor_on_refresh()
    {
        var handler = new FakeHandler().ThenJson(HttpStatusCode.OK, AssumeRoleJson(1)).ThenJson(HttpStatusCode.OK, AssumeRoleJson(2));
        using var c = new TestClients(handler);
        var resolved = Resolver(c).AssumeRole(BaseKey(), new RoleRequest(RoleArn) { SessionName = "runbook" });
        var source = (RefreshingCredentialSource)resolved.Source;

        Assert.Equal("STS.1", source.GetCredential(default).AccessKeyId);
        source.UtcNow = () => Expiration.AddMinutes(-1);
        Assert.Equal("STS.2", source.GetCredential(default).AccessKeyId);

        Assert.Equal(2, handler.Requests.Count);
        foreach (var request in handler.Requests)
        {
            var query = Query(request);
            Assert.Null(query["DurationSeconds"]);
            Assert.Null(query["Policy"]);
            Assert.Null(query["ExternalId"]);
            Assert.Equal("runbook", query["RoleSessionName"]);
        }
    }

    [Fact]
    public void A_duration_policy_and_external_id_asked_for_are_sent_on_every_refresh()
    {
        const string policy = """{"Version":"1","Statement":[{"Effect":"Allow","Action":["ram:Get*"],"Resource":["*"]}]}""";
        var handler = new FakeHandler().ThenJson(HttpStatusCode.OK, AssumeRoleJson(1)).ThenJson(HttpStatusCode.OK, AssumeRoleJson(2));
        using var c = new TestClients(handler);
        var resolved = Resolver(c).AssumeRole(BaseKey(), new RoleRequest(RoleArn) { DurationSeconds = 7200, Policy = policy, ExternalId = "abcd+1234=x" });
        var source = (RefreshingCredentialSource)resolved.Source;

        source.GetCredential(default);
        source.UtcNow = () => Expiration.AddMinutes(-1);
        source.GetCredential(default);

        Assert.Equal(2, handler.Requests.Count);
        foreach (var request in handler.Requests)
        {
            var query = Query(request);
            Assert.Equal("7200", query["DurationSeconds"]);
            Assert.Equal(policy, query["Policy"]);
            Assert.Equal("abcd+1234=x", query["ExternalId"]);
        }
    }

    private void WriteCliConfig(string profileJson) =>
        File.WriteAllText(Path.Combine(_home, ".aliyun", "config.json"), $$"""{"current":"p","profiles":[{{profileJson}}]}""");

    [Fact]
    public void A_CLI_RamRoleArn_profile_sends_its_external_id_and_expired_seconds_as_the_CLI_does()
    {
        WriteCliConfig($$"""{"name":"p","mode":"RamRoleArn","access_key_id":"LTAI5tBase0000000001","access_key_secret":"s","ram_role_arn":"{{RoleArn}}","ram_session_name":"cli","expired_seconds":1800,"external_id":"ext-id:42"}""");
        var handler = new FakeHandler().ThenJson(HttpStatusCode.OK, AssumeRoleJson(1));
        using var c = new TestClients(handler);

        Resolver(c).FromProfileName("p", default).Source.GetCredential(default);

        var query = Query(Assert.Single(handler.Requests));
        Assert.Equal("ext-id:42", query["ExternalId"]);
        Assert.Equal("1800", query["DurationSeconds"]);
        Assert.Equal("cli", query["RoleSessionName"]);
    }

    [Fact]
    public void A_CLI_profile_without_expired_seconds_asks_for_no_duration()
    {
        WriteCliConfig($$"""{"name":"p","mode":"RamRoleArn","access_key_id":"LTAI5tBase0000000001","access_key_secret":"s","ram_role_arn":"{{RoleArn}}"}""");
        var handler = new FakeHandler().ThenJson(HttpStatusCode.OK, AssumeRoleJson(1));
        using var c = new TestClients(handler);

        Resolver(c).FromProfileName("p", default).Source.GetCredential(default);

        Assert.Null(Query(Assert.Single(handler.Requests))["DurationSeconds"]);
    }

    [Theory]
    [InlineData("external_id", "has spaces in it", "ExternalId")]
    [InlineData("external_id", "x", "ExternalId")]
    [InlineData("ram_session_name", "a b", "RoleSessionName")]
    [InlineData("ram_role_arn", "arn:aws:iam::1:role/x", "role ARN")]
    public void A_CLI_profile_with_a_bad_role_field_is_refused_naming_the_file_before_anything_is_sent(string field, string value, string named)
    {
        var fields = new Dictionary<string, string>
        {
            ["name"] = "p", ["mode"] = "ChainableRamRoleArn", ["source_profile"] = "base", ["ram_role_arn"] = RoleArn, [field] = value,
        };
        WriteCliConfig(
            System.Text.Json.JsonSerializer.Serialize(fields) +
            """,{"name":"base","mode":"AK","access_key_id":"LTAI5tBase0000000001","access_key_secret":"s"}""");
        var handler = new FakeHandler();
        using var c = new TestClients(handler);

        var ex = Assert.Throws<AliyunCredentialException>(() => Resolver(c).FromProfileName("p", default));

        Assert.Equal("InvalidProfileSetting", ex.ErrorId);
        Assert.Contains("config.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }
}
