using AliyunAccessKey.Model;

namespace AliyunAccessKey.Session;

/// <summary>What tab completion fetched, kept briefly so every Tab press does not list all users again.</summary>
internal sealed class CompletionCache
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);
    private const int MaxUsers = 5000;

    private readonly object _lock = new();
    private IReadOnlyList<RamUserBasicInfo>? _users;
    private DateTime _fetched;

    internal IReadOnlyList<RamUserBasicInfo> Users(AliyunSession session, CancellationToken ct)
    {
        lock (_lock)
        {
            if (_users is not null && DateTime.UtcNow - _fetched < Lifetime)
            {
                return _users;
            }
        }

        var users = new List<RamUserBasicInfo>();
        string? marker = null;
        do
        {
            var page = session.Ims.ListUserBasicInfos(marker, 1000, ct);
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
}
