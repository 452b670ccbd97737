using AliyunAccessKey.Model;

namespace AliyunAccessKey.Sessions;

/// <summary>What tab completion fetched, kept briefly so every Tab press does not list all users again.</summary>
internal sealed class CompletionCache
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);
    private const int MaxUsers = 5000;

    /// <summary>Users per ListUserBasicInfos request: the largest page the service allows (its default is 100).</summary>
    internal const int PageSize = 1000;

    private readonly object _lock = new();
    private IReadOnlyList<RamUserBasicInfo>? _users;
    private DateTime _fetched;
    private IReadOnlyList<AliyunRamGroup>? _groups;
    private DateTime _groupsFetched;
    private IReadOnlyList<AliyunRamPolicy>? _policies;
    private DateTime _policiesFetched;

    /// <summary>Every policy (system and custom, 1,000 a page), for -PolicyName completion.</summary>
    internal IReadOnlyList<AliyunRamPolicy> Policies(AliyunSession session, CancellationToken ct)
    {
        lock (_lock)
        {
            if (_policies is not null && DateTime.UtcNow - _policiesFetched < Lifetime)
            {
                return _policies;
            }
        }

        var policies = new List<AliyunRamPolicy>();
        string? marker = null;
        do
        {
            var page = session.Ram.ListPolicies(null, marker, PageSize, ct);
            policies.AddRange(page.Items);
            marker = page.IsTruncated ? page.Marker : null;
        }
        while (!string.IsNullOrEmpty(marker) && policies.Count < MaxUsers);

        lock (_lock)
        {
            _policies = policies;
            _policiesFetched = DateTime.UtcNow;
        }

        return policies;
    }

    internal IReadOnlyList<RamUserBasicInfo> Users(AliyunSession session, CancellationToken ct)
    {
        lock (_lock)
        {
            if (_users is not null && DateTime.UtcNow - _fetched < Lifetime)
            {
                return _users;
            }
        }

        // The client asks for both states: a frozen user can still be changed or removed, so it is offered too.
        var users = new List<RamUserBasicInfo>();
        string? marker = null;
        do
        {
            var page = session.Ims.ListUserBasicInfos(marker, PageSize, ct);
            users.AddRange(page.Items);
            marker = page.IsTruncated ? page.Marker : null;
        }
        while (!string.IsNullOrEmpty(marker) && users.Count < MaxUsers);

        lock (_lock)
        {
            _users = users;
            _fetched = DateTime.UtcNow;
        }

        return users;
    }

    /// <summary>The account's groups (ListGroups, 100 a page, at most <see cref="MaxUsers"/>), kept as long as the users.</summary>
    internal IReadOnlyList<AliyunRamGroup> Groups(AliyunSession session, CancellationToken ct)
    {
        lock (_lock)
        {
            if (_groups is not null && DateTime.UtcNow - _groupsFetched < Lifetime)
            {
                return _groups;
            }
        }

        var groups = new List<AliyunRamGroup>();
        string? marker = null;
        do
        {
            var page = session.Ims.ListGroups(marker, Validation.InputRules.MaxGroupMaxItems, ct);
            groups.AddRange(page.Items);
            marker = page.IsTruncated ? page.Marker : null;
        }
        while (!string.IsNullOrEmpty(marker) && groups.Count < MaxUsers);

        lock (_lock)
        {
            _groups = groups;
            _groupsFetched = DateTime.UtcNow;
        }

        return groups;
    }
}
