using System.Net;
using Xunit;

namespace AliyunAccessKey.Tests.Client;

/// <summary>
/// ListUsers and ListUserBasicInfos answer only active users when Status is left out, so a listing
/// of "every user" must ask for active,freeze. The page here has the official example's shape
/// (spec/alibaba-openapi.json), with frozen users and LastLoginDate in epoch milliseconds.
/// </summary>
public class UserListingTests
{
    private const string OfficialShapePage = """
        {
          "RequestId": "4B450CA1-36E8-4AA2-8461-86B42BF4CC4E",
          "IsTruncated": false,
          "Users": {
            "User": [
              {
                "DisplayName": "test",
                "UserPrincipalName": "test@example.onaliyun.com",
                "Email": "alice@example.com",
                "UpdateDate": "2023-08-21T06:12:47Z",
                "MobilePhone": "86-1868888****",
                "UserId": "20732900249392****",
                "Comments": "This is a cloud computing engineer.",
                "LastLoginDate": "1692598367586",
                "CreateDate": "2020-08-25T09:23:57Z",
                "ProvisionType": "Manual",
                "Status": "active",
                "Tags": { "Tag": [ { "TagKey": "oparator", "TagValue": "alice" } ] }
              },
              {
                "DisplayName": "frozen",
                "UserPrincipalName": "frozen@example.onaliyun.com",
                "UpdateDate": "2024-01-02T03:04:05Z",
                "UserId": "20732900249393****",
                "LastLoginDate": "1700000000000",
                "CreateDate": "2021-01-01T00:00:00Z",
                "ProvisionType": "Manual",
                "Status": "freeze",
                "Tags": { "Tag": [] }
              },
              {
                "DisplayName": "never",
                "UserPrincipalName": "never@example.onaliyun.com",
                "UserId": "20732900249394****",
                "CreateDate": "2022-02-02T00:00:00Z",
                "ProvisionType": "Manual",
                "Status": "freeze"
              }
            ]
          }
        }
        """;

    [Fact]
    public void ListUsers_asks_for_both_states_and_reads_frozen_users_of_the_official_page()
    {
        var handler = new FakeHandler().ThenJson(HttpStatusCode.OK, OfficialShapePage);
        using var c = new TestClients(handler);

        var page = c.Ims.ListUsers(null, 1000, default);

        Assert.Equal("?MaxItems=1000&Status=active%2Cfreeze", handler.Requests[0].RequestUri!.Query);
        Assert.Equal(["test@example.onaliyun.com", "frozen@example.onaliyun.com", "never@example.onaliyun.com"], page.Items.Select(u => u.UserPrincipalName));
        Assert.Equal(["active", "freeze", "freeze"], page.Items.Select(u => u.Status));
        Assert.Equal(new DateTime(2023, 8, 21, 6, 12, 47, 586, DateTimeKind.Utc), page.Items[0].LastLoginDate);
        Assert.Equal(new DateTime(2023, 11, 14, 22, 13, 20, DateTimeKind.Utc), page.Items[1].LastLoginDate);
        Assert.Null(page.Items[2].LastLoginDate);
        Assert.Equal("oparator=alice", Assert.Single(page.Items[0].Tags).ToString());
    }

    [Fact]
    public void ListUsers_sends_one_state_when_asked_for_it()
    {
        var handler = new FakeHandler().ThenJson(HttpStatusCode.OK, OfficialShapePage).ThenJson(HttpStatusCode.OK, OfficialShapePage);
        using var c = new TestClients(handler);

        c.Ims.ListUsers(null, null, default, status: "freeze");
        c.Ims.ListUsers(null, null, default, status: "active", tags: [new("team", "ops")]);

        Assert.Equal("?Status=freeze", handler.Requests[0].RequestUri!.Query);
        Assert.Equal("?Status=active&Tag.1.Key=team&Tag.1.Value=ops", handler.Requests[1].RequestUri!.Query);
    }

    [Fact]
    public void ListUserBasicInfos_asks_for_both_states_but_sends_no_Status_beside_a_Tag_filter()
    {
        const string json = """{"RequestId":"r","IsTruncated":false,"UserBasicInfos":{"UserBasicInfo":[{"UserPrincipalName":"f@example.onaliyun.com","DisplayName":"f","UserId":"1","Status":"freeze"}]}}""";
        var handler = new FakeHandler().ThenJson(HttpStatusCode.OK, json).ThenJson(HttpStatusCode.OK, json);
        using var c = new TestClients(handler);

        var info = Assert.Single(c.Ims.ListUserBasicInfos(null, 1000, default).Items);
        c.Ims.ListUserBasicInfos(null, null, default, tags: [new("team", "ops")]);

        Assert.Equal("freeze", info.Status);
        Assert.Equal("?MaxItems=1000&Status=active%2Cfreeze", handler.Requests[0].RequestUri!.Query);

        // "If the Tag parameter is specified, you cannot specify the Status parameter"; a tag filter answers both states.
        Assert.Equal("?Tag.1.Key=team&Tag.1.Value=ops", handler.Requests[1].RequestUri!.Query);
    }
}
