using System.Net;
using Xunit;

namespace AliyunAccessKey.Tests.Client;

/// <summary>
/// The group calls: what each sends, and how the answers (in the official examples' shapes,
/// spec/alibaba-openapi.json) map onto AliyunRamGroup and AliyunRamGroupMember.
/// </summary>
public class GroupClientTests
{
    [Fact]
    public void ListGroupsForUser_does_not_page_and_says_whose_groups_they_are()
    {
        const string json = """{"RequestId":"r","Groups":{"Group":[{"DisplayName":"Test-Team","GroupName":"Test-Team","GroupId":"740317625433843","Comments":"c","JoinDate":"2020-10-20T06:57:00Z"}]}}""";
        var handler = new FakeHandler().ThenJson(HttpStatusCode.OK, json);
        using var c = new TestClients(handler);

        var page = c.Ims.ListGroupsForUser("test@example.onaliyun.com", "ignored", 5, default);

        // The action documents no Marker or MaxItems: none is sent, and the answer is all of them.
        Assert.Equal("?UserPrincipalName=test%40example.onaliyun.com", handler.Requests[0].RequestUri!.Query);
        Assert.False(page.IsTruncated);
        Assert.Null(page.Marker);
        var group = Assert.Single(page.Items);
        Assert.Equal(("Test-Team", "test@example.onaliyun.com"), (group.GroupName, group.UserPrincipalName));
        Assert.Equal(new DateTime(2020, 10, 20, 6, 57, 0, DateTimeKind.Utc), group.JoinDate);
        Assert.Null(group.CreateDate);
    }

    [Fact]
    public void ListUsersForGroup_pages_and_names_the_group_on_each_member()
    {
        const string json = """{"RequestId":"r","IsTruncated":true,"Marker":"NEXT","Users":{"User":[{"UserPrincipalName":"a@example.onaliyun.com","DisplayName":"a","UserId":"1","JoinDate":"2020-10-20T06:57:00Z"}]}}""";
        var handler = new FakeHandler().ThenJson(HttpStatusCode.OK, json);
        using var c = new TestClients(handler);

        var page = c.Ims.ListUsersForGroup("dev", "M1", 100, default);

        Assert.Equal("?GroupName=dev&Marker=M1&MaxItems=100", handler.Requests[0].RequestUri!.Query);
        Assert.True(page.IsTruncated);
        Assert.Equal("NEXT", page.Marker);
        var member = Assert.Single(page.Items);
        Assert.Equal(("dev", "a@example.onaliyun.com", "1"), (member.GroupName, member.UserPrincipalName, member.UserId));
    }

    [Fact]
    public void A_truncated_group_listing_without_a_marker_is_refused()
    {
        var handler = new FakeHandler().ThenJson(HttpStatusCode.OK, """{"RequestId":"r","IsTruncated":true,"Groups":{"Group":[]}}""");
        using var c = new TestClients(handler);

        Assert.ThrowsAny<Exception>(() => c.Ims.ListGroups(null, null, default));
    }

    [Fact]
    public void UpdateGroup_sends_only_what_changes()
    {
        var handler = new FakeHandler()
            .ThenJson(HttpStatusCode.OK, """{"RequestId":"r","Group":{"GroupName":"b","GroupId":"1"}}""");
        using var c = new TestClients(handler);

        Assert.Equal("b", c.Ims.UpdateGroup("a", "b", null, null, default).GroupName);
        Assert.Equal("?GroupName=a&NewGroupName=b", handler.Requests[0].RequestUri!.Query);
    }
}
