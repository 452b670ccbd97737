using System.Net;
using AliyunAccessKey.Client;
using Xunit;

namespace AliyunAccessKey.Tests.Client;

/// <summary>RamClient's policy calls: what they send (RAM 2015-05-01, UserName) and how they read the answers.</summary>
public class RamPolicyMappingTests
{
    [Fact]
    public void ListPolicies_sends_type_marker_and_page_size_and_reads_a_page()
    {
        const string json = """
            {"IsTruncated":true,"Marker":"next-1","RequestId":"r","Policies":{"Policy":[
              {"PolicyName":"AdministratorAccess","PolicyType":"System","Description":"all","DefaultVersion":"v1","AttachmentCount":3,
               "CreateDate":"2015-04-28T16:14:02Z","UpdateDate":"2015-04-28T16:14:02Z"}]}}
            """;
        var handler = new FakeHandler().ThenJson(HttpStatusCode.OK, json);
        using var c = new TestClients(handler);

        var page = c.Ram.ListPolicies("System", "m0", 50, default);

        var request = handler.Requests.Single();
        Assert.Equal("2015-05-01", request.Headers.GetValues("x-acs-version").Single());
        Assert.Equal("ram.example.test", request.RequestUri!.Host);
        Assert.Equal("?Marker=m0&MaxItems=50&PolicyType=System", request.RequestUri.Query);
        Assert.True(page.IsTruncated);
        Assert.Equal("next-1", page.Marker);
        var policy = Assert.Single(page.Items);
        Assert.Equal(("AdministratorAccess", "System", 3, "v1"), (policy.PolicyName, policy.PolicyType, policy.AttachmentCount, policy.DefaultVersion));
        Assert.Equal(new DateTime(2015, 4, 28, 16, 14, 2, DateTimeKind.Utc), policy.CreateDate);
        Assert.Null(policy.PolicyDocument);
    }

    [Fact]
    public void ListPolicies_truncated_without_a_marker_is_unreadable_not_the_last_page()
    {
        using var c = new TestClients(new FakeHandler().ThenJson(HttpStatusCode.OK, """{"IsTruncated":true,"Policies":{"Policy":[]}}"""));

        Assert.Throws<AliyunResponseException>(() => c.Ram.ListPolicies(null, null, null, default));
    }

    [Fact]
    public void GetPolicy_reads_the_document_from_the_default_version_not_the_deprecated_field()
    {
        const string json = """
            {"RequestId":"r","Policy":{"PolicyName":"p","PolicyType":"Custom","PolicyDocument":"N/A","DefaultVersion":"v2","AttachmentCount":0},
             "DefaultPolicyVersion":{"VersionId":"v2","IsDefaultVersion":true,"PolicyDocument":"{\"Version\":\"1\",\"Statement\":[]}"}}
            """;
        var handler = new FakeHandler().ThenJson(HttpStatusCode.OK, json);
        using var c = new TestClients(handler);

        var policy = c.Ram.GetPolicy("p", "Custom", default);

        Assert.Equal("""{"Version":"1","Statement":[]}""", policy.PolicyDocument);
        Assert.Equal(0, policy.AttachmentCount);
        Assert.Equal("?PolicyName=p&PolicyType=Custom", handler.Requests.Single().RequestUri!.Query);
    }

    [Fact]
    public void Attachments_name_the_user_by_UserName_and_the_group_by_GroupName()
    {
        var handler = new FakeHandler();
        for (var i = 0; i < 4; i++)
        {
            handler.ThenJson(HttpStatusCode.OK, """{"RequestId":"r"}""");
        }

        using var c = new TestClients(handler);

        c.Ram.AttachPolicyToUser("System", "ReadOnlyAccess", RamClient.UserName("alice@example.onaliyun.com"), default);
        c.Ram.DetachPolicyFromUser("System", "ReadOnlyAccess", "alice", default);
        c.Ram.AttachPolicyToGroup("Custom", "ops", "dev", default);
        c.Ram.DetachPolicyFromGroup("Custom", "ops", "dev", default);

        Assert.Equal(
            ["AttachPolicyToUser ?PolicyName=ReadOnlyAccess&PolicyType=System&UserName=alice", "DetachPolicyFromUser ?PolicyName=ReadOnlyAccess&PolicyType=System&UserName=alice",
             "AttachPolicyToGroup ?GroupName=dev&PolicyName=ops&PolicyType=Custom", "DetachPolicyFromGroup ?GroupName=dev&PolicyName=ops&PolicyType=Custom"],
            handler.Requests.Select(r => r.Headers.GetValues("x-acs-action").Single() + " " + r.RequestUri!.Query));
    }

    [Fact]
    public void Policies_for_a_user_or_group_carry_their_attach_date_and_the_group()
    {
        const string json = """
            {"RequestId":"r","Policies":{"Policy":[{"PolicyName":"ReadOnlyAccess","PolicyType":"System","DefaultVersion":"v1","AttachDate":"2015-02-18T17:22:08Z"}]}}
            """;
        var handler = new FakeHandler().ThenJson(HttpStatusCode.OK, json).ThenJson(HttpStatusCode.OK, json);
        using var c = new TestClients(handler);

        var forUser = Assert.Single(c.Ram.ListPoliciesForUser("alice", default));
        var forGroup = Assert.Single(c.Ram.ListPoliciesForGroup("dev", default));

        Assert.Equal(new DateTime(2015, 2, 18, 17, 22, 8, DateTimeKind.Utc), forUser.AttachDate);
        Assert.Null(forUser.AttachmentCount);
        Assert.Equal("dev", forGroup.GroupName);
        Assert.Equal("?UserName=alice", handler.Requests[0].RequestUri!.Query);
        Assert.Equal("?GroupName=dev", handler.Requests[1].RequestUri!.Query);
    }

    [Fact]
    public void A_RAM_error_reaches_the_caller_with_its_code()
    {
        using var c = new TestClients(new FakeHandler().ThenError(HttpStatusCode.NotFound, "EntityNotExist.Policy"));

        var e = Assert.Throws<AliyunServiceException>(() => c.Ram.GetPolicy("nope", "Custom", default));
        Assert.Equal(("EntityNotExist.Policy", 404), (e.Code, e.HttpStatus));
    }
}
