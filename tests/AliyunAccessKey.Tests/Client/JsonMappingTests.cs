using System.Net;
using AliyunAccessKey.Client;
using Xunit;

namespace AliyunAccessKey.Tests.Client;

public class JsonMappingTests
{
    private const string UserJson = """
        {"RequestId":"r1","User":{"UserId":"122748924538****","UserPrincipalName":"alice@example.onaliyun.com","UserName":"alice",
         "DisplayName":"Alice","Comments":"ops","Email":"alice@example.com","MobilePhone":"86-1860000****","ProvisionType":"Manual",
         "CreateDate":"2020-10-12T09:12:00Z","UpdateDate":"2020-10-13T02:18:01Z","LastLoginDate":"2020-10-14T03:00:00Z",
         "Tags":{"Tag":[{"TagKey":"team","TagValue":"ops"},{"TagKey":"cost","TagValue":"42"}]}}}
        """;

    [Fact]
    public void GetUser_maps_every_field_and_dates_are_UTC()
    {
        using var c = new TestClients(new FakeHandler().ThenJson(HttpStatusCode.OK, UserJson));

        var user = c.Ims.GetUserByPrincipalName("alice@example.onaliyun.com", default);

        Assert.Equal("122748924538****", user.UserId);
        Assert.Equal("alice@example.onaliyun.com", user.UserPrincipalName);
        Assert.Equal("alice", user.UserName);
        Assert.Equal("Alice", user.DisplayName);
        Assert.Equal("ops", user.Comments);
        Assert.Equal("alice@example.com", user.Email);
        Assert.Equal("86-1860000****", user.MobilePhone);
        Assert.Equal("Manual", user.ProvisionType);
        Assert.Equal(new DateTime(2020, 10, 12, 9, 12, 0, DateTimeKind.Utc), user.CreateDate);
        Assert.Equal(DateTimeKind.Utc, user.CreateDate!.Value.Kind);
        Assert.Equal(new DateTime(2020, 10, 13, 2, 18, 1, DateTimeKind.Utc), user.UpdateDate);
        Assert.Equal(new DateTime(2020, 10, 14, 3, 0, 0, DateTimeKind.Utc), user.LastLoginDate);
        Assert.Equal(["team=ops", "cost=42"], user.Tags.Select(t => t.ToString()));
        Assert.Null(user.Status);
    }

    [Fact]
    public void GetUser_sends_exactly_one_lookup_parameter()
    {
        var handler = new FakeHandler().ThenJson(HttpStatusCode.OK, UserJson).ThenJson(HttpStatusCode.OK, UserJson).ThenJson(HttpStatusCode.OK, UserJson);
        using var c = new TestClients(handler);

        c.Ims.GetUserByPrincipalName("alice@example.onaliyun.com", default);
        c.Ims.GetUserById("1227", default);
        c.Ims.GetUserByAccessKeyId("LTAI1", default);

        Assert.Equal("?UserPrincipalName=alice%40example.onaliyun.com", handler.Requests[0].RequestUri!.Query);
        Assert.Equal("?UserId=1227", handler.Requests[1].RequestUri!.Query);
        Assert.Equal("?UserAccessKeyId=LTAI1", handler.Requests[2].RequestUri!.Query);
    }

    [Fact]
    public void ListUsers_maps_a_page_with_status_marker_and_truncation()
    {
        const string json = """
            {"IsTruncated":true,"Marker":"EXAMPLE-marker","RequestId":"r","Users":{"User":[
              {"UserId":"1","UserPrincipalName":"a@example.onaliyun.com","DisplayName":"A","Status":"active","CreateDate":"2020-10-12T09:12:00Z","Tags":{"Tag":[]}},
              {"UserId":"2","UserPrincipalName":"b@example.onaliyun.com","DisplayName":"B","Status":"freeze","Comments":null}]}}
            """;
        var handler = new FakeHandler().ThenJson(HttpStatusCode.OK, json);
        using var c = new TestClients(handler);

        var page = c.Ims.ListUsers("m0", 2, default, status: "active", tags: [new("team", "ops")]);

        Assert.True(page.IsTruncated);
        Assert.Equal("EXAMPLE-marker", page.Marker);
        Assert.Equal(["a@example.onaliyun.com", "b@example.onaliyun.com"], page.Items.Select(u => u.UserPrincipalName));
        Assert.Equal(["active", "freeze"], page.Items.Select(u => u.Status));
        Assert.Null(page.Items[1].Comments);
        Assert.Empty(page.Items[0].Tags);
        Assert.Equal("?Marker=m0&MaxItems=2&Status=active&Tag.1.Key=team&Tag.1.Value=ops", handler.Requests[0].RequestUri!.Query);
    }

    [Fact]
    public void ListUsers_last_page_and_a_single_object_instead_of_an_array()
    {
        const string json = """{"IsTruncated":false,"RequestId":"r","Users":{"User":{"UserId":"9","UserPrincipalName":"z@example.onaliyun.com"}}}""";
        using var c = new TestClients(new FakeHandler().ThenJson(HttpStatusCode.OK, json));

        var page = c.Ims.ListUsers(null, null, default);

        Assert.False(page.IsTruncated);
        Assert.Null(page.Marker);
        Assert.Equal("9", Assert.Single(page.Items).UserId);
    }

    [Fact]
    public void ListUserBasicInfos_maps_every_field()
    {
        const string json = """
            {"IsTruncated":false,"Marker":"","RequestId":"r","UserBasicInfos":{"UserBasicInfo":[
              {"UserId":"1","UserPrincipalName":"a@example.onaliyun.com","DisplayName":"A","Status":"active"}]}}
            """;
        using var c = new TestClients(new FakeHandler().ThenJson(HttpStatusCode.OK, json));

        var info = Assert.Single(c.Ims.ListUserBasicInfos(null, 10, default).Items);

        Assert.Equal(("1", "a@example.onaliyun.com", "A", "active"), (info.UserId, info.UserPrincipalName, info.DisplayName, info.Status));
    }

    [Fact]
    public void CreateAccessKey_keeps_the_secret_in_a_SecureString_and_is_not_idempotent()
    {
        const string json = """{"RequestId":"r","AccessKey":{"AccessKeyId":"LTAI4Fxxx","AccessKeySecret":"YJalr-new-secret","CreateDate":"2020-10-13T02:18:01Z","Status":"Active"}}""";
        var handler = new FakeHandler().ThenJson(HttpStatusCode.OK, json);
        using var c = new TestClients(handler);

        var key = c.Ims.CreateAccessKey("alice@example.onaliyun.com", default);

        Assert.Equal("LTAI4Fxxx", key.AccessKeyId);
        Assert.Equal("YJalr-new-secret", SecureStrings.Plain(key.Secret));
        Assert.Equal("Active", key.Status);
        Assert.Equal(new DateTime(2020, 10, 13, 2, 18, 1, DateTimeKind.Utc), key.CreateDate);
        Assert.Equal("alice@example.onaliyun.com", key.UserPrincipalName);
        Assert.Equal("LTAI4Fxxx", key.ToString());
        Assert.Equal("CreateAccessKey", handler.Requests[0].Headers.GetValues("x-acs-action").Single());
    }

    [Fact]
    public void CreateAccessKey_for_the_caller_sends_no_user()
    {
        const string json = """{"RequestId":"r","AccessKey":{"AccessKeyId":"LTAI","AccessKeySecret":"s","CreateDate":"2020-10-13T02:18:01Z","Status":"Active"}}""";
        var handler = new FakeHandler().ThenJson(HttpStatusCode.OK, json);
        using var c = new TestClients(handler);

        var key = c.Ims.CreateAccessKey(null, default);

        Assert.Null(key.UserPrincipalName);
        Assert.Equal("/", handler.Requests[0].RequestUri!.PathAndQuery);
    }

    [Fact]
    public void ListAccessKeys_maps_keys_and_remembers_the_owner_asked_for()
    {
        const string json = """
            {"RequestId":"r","AccessKeys":{"AccessKey":[
              {"AccessKeyId":"LTAI1","Status":"Active","CreateDate":"2020-10-13T02:18:01Z","UpdateDate":"2020-10-14T02:18:01Z"},
              {"AccessKeyId":"LTAI2","Status":"Inactive","CreateDate":"2021-01-01T00:00:00Z"}]}}
            """;
        using var c = new TestClients(new FakeHandler().ThenJson(HttpStatusCode.OK, json));

        var keys = c.Ims.ListAccessKeys("bob@example.onaliyun.com", default);

        Assert.Equal(["LTAI1", "LTAI2"], keys.Select(k => k.AccessKeyId));
        Assert.Equal(["Active", "Inactive"], keys.Select(k => k.Status));
        Assert.Equal(new DateTime(2020, 10, 14, 2, 18, 1, DateTimeKind.Utc), keys[0].UpdateDate);
        Assert.Null(keys[1].UpdateDate);
        Assert.All(keys, k => Assert.Equal("bob@example.onaliyun.com", k.UserPrincipalName));
    }

    [Fact]
    public void ListAccessKeys_with_no_keys_is_empty()
    {
        using var c = new TestClients(new FakeHandler().ThenJson(HttpStatusCode.OK, """{"RequestId":"r","AccessKeys":{"AccessKey":[]}}"""));

        Assert.Empty(c.Ims.ListAccessKeys(null, default));
    }

    [Fact]
    public void GetAccessKeyLastUsed_maps_date_and_service_and_never_used()
    {
        var handler = new FakeHandler()
            .ThenJson(HttpStatusCode.OK, """{"RequestId":"r","AccessKeyLastUsed":{"LastUsedDate":"2020-10-13T02:18:01Z","ServiceName":"ims"}}""")
            .ThenJson(HttpStatusCode.OK, """{"RequestId":"r","AccessKeyLastUsed":{}}""");
        using var c = new TestClients(handler);

        var used = c.Ims.GetAccessKeyLastUsed("LTAI1", "bob@example.onaliyun.com", default);
        var never = c.Ims.GetAccessKeyLastUsed("LTAI2", null, default);

        Assert.Equal(new DateTime(2020, 10, 13, 2, 18, 1, DateTimeKind.Utc), used.LastUsedDate);
        Assert.Equal("ims", used.ServiceName);
        Assert.Null(never.LastUsedDate);
        Assert.Equal("?UserAccessKeyId=LTAI1&UserPrincipalName=bob%40example.onaliyun.com", handler.Requests[0].RequestUri!.Query);
    }

    [Fact]
    public void CreateUser_sends_every_field_and_flattens_tags()
    {
        var handler = new FakeHandler().ThenJson(HttpStatusCode.OK, UserJson);
        using var c = new TestClients(handler);
        var request = new CreateUserRequest
        {
            UserPrincipalName = "alice@example.onaliyun.com",
            DisplayName = "Alice",
            Comments = "ops",
            Email = "alice@example.com",
            MobilePhone = "86-18600000000",
        };
        request.Tags.Add(new("team", "ops"));

        var user = c.Ims.CreateUser(request, default);

        Assert.Equal("alice", user.UserName);
        Assert.Equal(
            "?Comments=ops&DisplayName=Alice&Email=alice%40example.com&MobilePhone=86-18600000000&Tag.1.Key=team&Tag.1.Value=ops&UserPrincipalName=alice%40example.onaliyun.com",
            handler.Requests[0].RequestUri!.Query);
    }

    [Fact]
    public void UpdateUser_sends_only_what_changes()
    {
        var handler = new FakeHandler().ThenJson(HttpStatusCode.OK, UserJson);
        using var c = new TestClients(handler);

        c.Ims.UpdateUser(new UpdateUserRequest { UserPrincipalName = "old@example.onaliyun.com", NewUserPrincipalName = "new@example.onaliyun.com", NewDisplayName = "New" }, default);

        Assert.Equal("?NewDisplayName=New&NewUserPrincipalName=new%40example.onaliyun.com&UserPrincipalName=old%40example.onaliyun.com", handler.Requests[0].RequestUri!.Query);
    }

    [Fact]
    public void Update_and_delete_calls_send_their_parameters()
    {
        var handler = new FakeHandler()
            .ThenJson(HttpStatusCode.OK, """{"RequestId":"a"}""")
            .ThenJson(HttpStatusCode.OK, """{"RequestId":"b"}""")
            .ThenJson(HttpStatusCode.OK, """{"RequestId":"c"}""");
        using var c = new TestClients(handler);

        c.Ims.UpdateAccessKey("LTAI1", "Inactive", "bob@example.onaliyun.com", default);
        c.Ims.DeleteAccessKey("LTAI1", null, default);
        c.Ims.DeleteUser(null, "1227", default);

        Assert.Equal("?Status=Inactive&UserAccessKeyId=LTAI1&UserPrincipalName=bob%40example.onaliyun.com", handler.Requests[0].RequestUri!.Query);
        Assert.Equal("?UserAccessKeyId=LTAI1", handler.Requests[1].RequestUri!.Query);
        Assert.Equal("?UserId=1227", handler.Requests[2].RequestUri!.Query);
        Assert.Equal(["UpdateAccessKey", "DeleteAccessKey", "DeleteUser"], handler.Requests.Select(r => r.Headers.GetValues("x-acs-action").Single()));
    }

    [Fact]
    public void GetDefaultDomain_returns_the_domain()
    {
        using var c = new TestClients(new FakeHandler().ThenJson(HttpStatusCode.OK, """{"RequestId":"r","DefaultDomainName":"1234567890123456.onaliyun.com"}"""));

        Assert.Equal("1234567890123456.onaliyun.com", c.Ims.GetDefaultDomain(default));
    }

    [Theory]
    [InlineData("""{"IdentityType":"Account","AccountId":"1234567890123456","UserId":"1234567890123456","PrincipalId":"1234567890123456","Arn":"acs:ram::1234567890123456:root","RequestId":"r"}""", "Account", "1234567890123456", null)]
    [InlineData("""{"IdentityType":"RAMUser","AccountId":"1234567890123456","UserId":"2000","PrincipalId":"2000","Arn":"acs:ram::1234567890123456:user/bob","RequestId":"r"}""", "RAMUser", "2000", null)]
    [InlineData("""{"IdentityType":"AssumedRoleUser","AccountId":"1234567890123456","PrincipalId":"3000:s","RoleId":"3000","Arn":"acs:ram::1234567890123456:assumed-role/test-role/s","RequestId":"r"}""", "AssumedRoleUser", null, "3000")]
    public void GetCallerIdentity_maps_each_identity_type(string json, string type, string? userId, string? roleId)
    {
        var handler = new FakeHandler().ThenJson(HttpStatusCode.OK, json);
        using var c = new TestClients(handler);

        var id = c.Sts.GetCallerIdentity(default);

        Assert.Equal(type, id.IdentityType);
        Assert.Equal("1234567890123456", id.AccountId);
        Assert.Equal(userId, id.UserId);
        Assert.Equal(roleId, id.RoleId);
        Assert.StartsWith("acs:ram::1234567890123456:", id.Arn, StringComparison.Ordinal);
        Assert.NotNull(id.PrincipalId);
        Assert.Equal("2015-04-01", handler.Requests[0].Headers.GetValues("x-acs-version").Single());
        Assert.Equal("sts.example.test", handler.Requests[0].RequestUri!.Host);
    }

    [Fact]
    public void AssumeRole_maps_temporary_credentials_without_showing_the_secret()
    {
        const string json = """
            {"RequestId":"r","SourceIdentity":"src","AssumedRoleUser":{"Arn":"acs:ram::1234567890123456:assumed-role/test-role/s","AssumedRoleId":"3000:s"},
             "Credentials":{"AccessKeyId":"STS.NUgYrLnoC37mZZCNnAbez","AccessKeySecret":"temp-secret","SecurityToken":"temp-token","Expiration":"2015-04-09T11:52:19Z"}}
            """;
        var handler = new FakeHandler().ThenJson(HttpStatusCode.OK, json);
        using var c = new TestClients(handler);

        var role = c.Sts.AssumeRole("acs:ram::1234567890123456:role/test-role", "s", default, durationSeconds: 900);

        Assert.Equal("STS.NUgYrLnoC37mZZCNnAbez", role.Credentials.AccessKeyId);
        Assert.True(role.Credentials.HasSecurityToken);
        Assert.Equal("temp-token", role.Credentials.RevealSecurityToken());
        Assert.Equal(new DateTime(2015, 4, 9, 11, 52, 19, DateTimeKind.Utc), role.Expiration);
        Assert.Equal("acs:ram::1234567890123456:assumed-role/test-role/s", role.Arn);
        Assert.Equal("3000:s", role.AssumedRoleId);
        Assert.Equal("src", role.SourceIdentity);
        Assert.DoesNotContain("temp-secret", role.Credentials.ToString(), StringComparison.Ordinal);
        Assert.Equal("?DurationSeconds=900&RoleArn=acs%3Aram%3A%3A1234567890123456%3Arole%2Ftest-role&RoleSessionName=s", handler.Requests[0].RequestUri!.Query);
    }

    [Theory]
    [InlineData("""{"IsTruncated":true,"Marker":"m","Users":{"User":[{"UserId":"1"}""")]
    [InlineData("""{"IsTruncated":false}}""")]
    [InlineData("""{"IsTruncated":false} {"x":1}""")]
    [InlineData("""{"Marker":"unterminated""")]
    [InlineData("")]
    [InlineData("not json")]
    public void A_cut_short_or_malformed_page_is_an_error_not_a_short_page(string body)
    {
        using var c = new TestClients(new FakeHandler().ThenJson(HttpStatusCode.OK, body));

        var ex = Assert.Throws<AliyunResponseException>(() => c.Ims.ListUsers(null, null, default));

        Assert.Equal(200, ex.HttpStatus);
    }

    [Fact]
    public void Braces_and_escaped_quotes_inside_strings_do_not_confuse_the_completeness_check()
    {
        const string json = """{"IsTruncated":false,"RequestId":"r","Users":{"User":[{"UserId":"1","UserPrincipalName":"a@example.onaliyun.com","Comments":"}] \" {[ \\"}]}}""";
        using var c = new TestClients(new FakeHandler().ThenJson(HttpStatusCode.OK, json));

        var user = Assert.Single(c.Ims.ListUsers(null, null, default).Items);

        Assert.Equal("}] \" {[ \\", user.Comments);
    }
}
