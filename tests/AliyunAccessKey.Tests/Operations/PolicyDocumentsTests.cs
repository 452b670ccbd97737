using AliyunAccessKey.Operations;
using Xunit;

namespace AliyunAccessKey.Tests.Operations;

/// <summary>Which documents Grant-AliyunRamPolicy treats as full access (and so warns about and confirms).</summary>
public class PolicyDocumentsTests
{
    [Theory]
    [InlineData("""{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""")]
    [InlineData("""{"Version":"1","Statement":[{"Effect":"Allow","Action":["*"],"Resource":["*"]}]}""")]
    [InlineData("""{"Version":"1","Statement":[{"Effect":"Deny","Action":"oss:*","Resource":"*"},{"Effect":"allow","Action":["ecs:*","*"],"Resource":" * "}]}""")]
    [InlineData("""{"Version":"1","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""")]
    public void Allow_star_on_star_is_full_access(string document) =>
        Assert.True(PolicyDocuments.AllowsEverything(document));

    [Theory]
    [InlineData("""{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"*"}]}""")]
    [InlineData("""{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"acs:oss:*:*:*"}]}""")]
    [InlineData("""{"Version":"1","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}""")]
    [InlineData("""{"Version":"1","Statement":[]}""")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_narrower_is_not(string? document) =>
        Assert.False(PolicyDocuments.AllowsEverything(document));
}
