using AliyunAccessKey.Client;
using AliyunAccessKey.Emulator;
using Xunit;

namespace AliyunAccessKey.Tests.Conformance;

/// <summary>Conformance phase 6: MaxItems and Marker.</summary>
[Collection(ConformanceTestBase.Collection)]
public sealed class PagingConformanceTests : ConformanceTestBase
{
    private readonly EmulatorServer _emu;

    public PagingConformanceTests(ConformanceEmulatorFixture fixture) => _emu = fixture.Server;

    // ------------------------------------------------------------ 6. paging

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Paging_ListUsers_with_MaxItems_2_follows_Marker_and_sees_every_user_once(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var (_, ids) = run.CreatePagingUsers();

        var (items, pages, maxPage) = ListAll(marker => run.Ims.ListUsers(marker, 2, default));

        Assert.True(maxPage <= 2, $"a page had {maxPage} users with MaxItems 2");
        Assert.True(pages >= 3, $"expected at least 3 pages for >= 5 users, got {pages}");
        var all = items.Select(u => u.UserId).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Single(all, x => x == id));
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Paging_ListUserBasicInfos_with_MaxItems_2_follows_Marker_and_sees_every_user_once(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var (upns, ids) = run.CreatePagingUsers();

        var (items, _, maxPage) = ListAll(marker => run.Ims.ListUserBasicInfos(marker, 2, default));

        Assert.True(maxPage <= 2, $"a page had {maxPage} entries with MaxItems 2");
        var all = items.Select(u => u.UserId).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        for (var i = 0; i < ids.Count; i++)
        {
            var mine = Assert.Single(items, u => u.UserId == ids[i]);
            Assert.Equal(upns[i], mine.UserPrincipalName);
            Assert.False(string.IsNullOrEmpty(mine.DisplayName), "DisplayName missing");
        }
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Paging_ListUsers_with_MaxItems_1_returns_one_user_IsTruncated_and_a_Marker(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        run.CreatePagingUsers();

        var page = run.Ims.ListUsers(null, 1, default);

        Assert.Single(page.Items);
        Assert.True(page.IsTruncated, "IsTruncated");
        Assert.False(string.IsNullOrEmpty(page.Marker), "Marker missing");
    }
}
