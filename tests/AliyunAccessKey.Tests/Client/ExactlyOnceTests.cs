using System.Net;
using AliyunAccessKey.Client;
using Xunit;

namespace AliyunAccessKey.Tests.Client;

public class ExactlyOnceTests
{
    private static readonly DateTime Now = new(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);

    private static string Key(string id, DateTime created) =>
        $$$"""{"RequestId":"r","AccessKey":{"AccessKeyId":"{{{id}}}","AccessKeySecret":"secret-{{{id}}}","CreateDate":"{{{created:yyyy-MM-ddTHH:mm:ssZ}}}","Status":"Active"}}""";

    private static string Keys(params (string Id, DateTime Created)[] keys) =>
        """{"RequestId":"r","AccessKeys":{"AccessKey":[""" +
        string.Join(",", keys.Select(k => $$$"""{"AccessKeyId":"{{{k.Id}}}","Status":"Active","CreateDate":"{{{k.Created:yyyy-MM-ddTHH:mm:ssZ}}}"}""")) + "]}}";

    private static HttpRequestException Lost() => new("lost", new IOException("The response ended prematurely."));

    [Fact]
    public void A_lost_create_deletes_the_key_it_made_but_never_one_whose_secret_was_delivered()
    {
        var handler = new FakeHandler()
            .ThenJson(HttpStatusCode.OK, Key("A", Now))                        // first create: delivered
            .ThenThrow(Lost())                                                 // second create: answer lost
            .ThenJson(HttpStatusCode.OK, Keys(("OLD", Now.AddDays(-30)), ("A", Now), ("B", Now)))
            .ThenJson(HttpStatusCode.OK, """{"RequestId":"r"}""")              // delete B
            .ThenJson(HttpStatusCode.OK, Key("C", Now));                       // create again
        using var c = new TestClients(handler);
        c.Core.UtcNow = () => Now;
        var once = new ExactlyOnce(c.Ims, c.Core);
        var log = new List<string>();

        Assert.Equal("A", once.CreateAccessKey("bob@example.onaliyun.com", default, log.Add).AccessKeyId);
        Assert.Equal("C", once.CreateAccessKey("bob@example.onaliyun.com", default, log.Add).AccessKeyId);

        var actions = handler.Requests.Select(r => r.Headers.GetValues("x-acs-action").Single()).ToList();
        Assert.Equal(["CreateAccessKey", "CreateAccessKey", "ListAccessKeys", "DeleteAccessKey", "CreateAccessKey"], actions);
        Assert.Contains("UserAccessKeyId=B", handler.Requests[3].RequestUri!.Query, StringComparison.Ordinal);
        Assert.Contains(log, l => l.Contains("deleted B", StringComparison.Ordinal) && l.Contains("cannot be recovered", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains("secret-", StringComparison.Ordinal));
    }

    [Fact]
    public void A_lost_create_that_made_nothing_is_simply_created_again()
    {
        var handler = new FakeHandler()
            .ThenError(HttpStatusCode.InternalServerError, "InternalError")
            .ThenJson(HttpStatusCode.OK, Keys())
            .ThenJson(HttpStatusCode.OK, Key("N", Now));
        using var c = new TestClients(handler);
        c.Core.UtcNow = () => Now;

        Assert.Equal("N", new ExactlyOnce(c.Ims, c.Core).CreateAccessKey(null, default).AccessKeyId);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public void The_attempt_budget_bounds_reconciliation()
    {
        var handler = new FakeHandler();
        for (var i = 0; i < 2; i++)
        {
            handler.ThenThrow(Lost()).ThenJson(HttpStatusCode.OK, Keys());
        }

        handler.ThenThrow(Lost());
        using var c = new TestClients(handler, new RetryPolicy(1) { MaxAttempts = 3 });

        Assert.Throws<AliyunOutcomeUnknownException>(() => new ExactlyOnce(c.Ims, c.Core).CreateAccessKey("u@example.onaliyun.com", default));
        Assert.Equal(5, handler.Requests.Count);
    }

    [Fact]
    public void A_user_created_by_the_lost_call_is_accepted_when_it_matches()
    {
        const string User = """{"RequestId":"r","User":{"UserId":"1","UserPrincipalName":"u@example.onaliyun.com","DisplayName":"U"}}""";
        var handler = new FakeHandler().ThenThrow(Lost()).ThenJson(HttpStatusCode.OK, User);
        using var c = new TestClients(handler);

        var user = new ExactlyOnce(c.Ims, c.Core).CreateUser(new CreateUserRequest { UserPrincipalName = "u@example.onaliyun.com", DisplayName = "U" }, default);

        Assert.Equal("1", user.UserId);
        Assert.Equal(["CreateUser", "GetUser"], handler.Requests.Select(r => r.Headers.GetValues("x-acs-action").Single()));
    }

    [Fact]
    public void A_different_user_found_after_a_lost_create_is_not_taken_for_ours()
    {
        const string Other = """{"RequestId":"r","User":{"UserId":"9","UserPrincipalName":"u@example.onaliyun.com","DisplayName":"Someone else"}}""";
        var handler = new FakeHandler().ThenThrow(Lost()).ThenJson(HttpStatusCode.OK, Other);
        using var c = new TestClients(handler);

        Assert.Throws<AliyunOutcomeUnknownException>(() =>
            new ExactlyOnce(c.Ims, c.Core).CreateUser(new CreateUserRequest { UserPrincipalName = "u@example.onaliyun.com", DisplayName = "U" }, default));
    }

    [Fact]
    public void A_user_not_created_by_the_lost_call_is_created_again()
    {
        const string User = """{"RequestId":"r","User":{"UserId":"2","UserPrincipalName":"u@example.onaliyun.com","DisplayName":"U"}}""";
        var handler = new FakeHandler()
            .ThenThrow(Lost())
            .ThenError(HttpStatusCode.NotFound, "EntityNotExist.User")
            .ThenJson(HttpStatusCode.OK, User);
        using var c = new TestClients(handler);

        Assert.Equal("2", new ExactlyOnce(c.Ims, c.Core).CreateUser(new CreateUserRequest { UserPrincipalName = "u@example.onaliyun.com", DisplayName = "U" }, default).UserId);
    }
}
