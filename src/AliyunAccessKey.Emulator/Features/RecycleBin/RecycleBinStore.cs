using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Features.AccessKeys;
using AliyunAccessKey.Emulator.Features.Users;
using AliyunAccessKey.Emulator.Persistence;

namespace AliyunAccessKey.Emulator.Features.RecycleBin;

/// <summary>A deleted AccessKey in its user's bin: restorable until <see cref="DeleteDate"/>.</summary>
internal sealed record RecycledKey(AccessKeyRecord Key, UserRecord Owner, DateTime RecycleDate, DateTime DeleteDate);

/// <summary>A deleted user in the user bin; <see cref="BinSeq"/> orders the bin and its markers.</summary>
internal sealed record RecycledUser(UserRecord User, long BinSeq, DateTime RecycleDate, DateTime DeleteDate);

/// <summary>
/// The AccessKey and user recycle bins. DeleteAccessKey and DeleteUser move what they delete in
/// here. Documented: 30 days, at most 3 keys per user and 1,000 users, the oldest purged first.
/// Reads hide what has expired by the caller's clock; writes purge it.
/// </summary>
internal sealed class RecycleBinStore(AccountRoot root)
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    public const int MaxKeysPerUser = 3;

    public const int MaxUsers = 1000;

    private readonly Dictionary<string, RecycledKey> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<UserRecord, List<RecycledKey>> _keysByOwner = [];
    private readonly Dictionary<string, RecycledUser> _usersById = new(StringComparer.Ordinal);
    private readonly List<RecycledUser> _users = [];
    private long _nextBinSeq = 1;

    public int KeyCount => _keys.Count;

    public int UserCount => _users.Count;

    /// <summary>Orphan keys (their CreateAccessKey answer was lost) still restorable from the bin.</summary>
    public int OrphanCount => _keys.Values.Count(static k => k.Key.Orphan);

    public RecycledKey? FindKey(string id, DateTime now) =>
        _keys.GetValueOrDefault(id) is { } k && k.DeleteDate > now ? k : null;

    public IEnumerable<RecycledKey> KeysOf(UserRecord owner, DateTime now) =>
        (_keysByOwner.GetValueOrDefault(owner) ?? []).Where(k => k.DeleteDate > now);

    public RecycledUser? FindUser(string userId, DateTime now) =>
        _usersById.GetValueOrDefault(userId) is { } u && u.DeleteDate > now ? u : null;

    public bool IsRecycled(UserRecord user, DateTime now) => FindUser(user.UserId, now) is not null;

    /// <summary>Users in the bin after <paramref name="afterBinSeq"/>, oldest first.</summary>
    public List<RecycledUser> UsersPage(long afterBinSeq, int maxItems, Func<RecycledUser, bool>? filter, DateTime now, out bool truncated)
    {
        var page = new List<RecycledUser>();
        truncated = false;
        foreach (var u in _users)
        {
            if (u.BinSeq <= afterBinSeq || u.DeleteDate <= now || (filter is not null && !filter(u)))
            {
                continue;
            }

            if (page.Count == maxItems)
            {
                truncated = true;
                break;
            }

            page.Add(u);
        }

        return page;
    }

    /// <summary>A deleted key of a user goes in; the fourth pushes the oldest out for good.</summary>
    public void RecycleKey(AccessKeyRecord key, UserRecord owner, DateTime now)
    {
        Expire(now);
        if (!_keysByOwner.TryGetValue(owner, out var list))
        {
            _keysByOwner.Add(owner, list = []);
        }

        while (list.Count >= MaxKeysPerUser)
        {
            PurgeKey(list.MinBy(static k => k.RecycleDate)!);
        }

        AddKey(new RecycledKey(key, owner, now, now + Retention));
    }

    /// <summary>A deleted user goes in, with the keys it already has in the key bin; the 1,001st pushes the oldest out.</summary>
    public void RecycleUser(UserRecord user, DateTime now)
    {
        Expire(now);
        while (_users.Count >= MaxUsers)
        {
            PurgeUser(_users[0]);
        }

        AddUser(new RecycledUser(user, _nextBinSeq++, now, now + Retention));
    }

    /// <summary>Takes the key out of the bin (restore); the caller puts it back among the live keys.</summary>
    public void TakeKey(RecycledKey key)
    {
        root.EnsureWriting();
        RemoveKey(key);
    }

    /// <summary>Takes the user out of the bin (restore); its recycled keys stay in the key bin.</summary>
    public void TakeUser(RecycledUser user)
    {
        root.EnsureWriting();
        _usersById.Remove(user.User.UserId);
        _users.Remove(user);
    }

    /// <summary>Gone for good.</summary>
    public void PurgeKey(RecycledKey key)
    {
        root.EnsureWriting();
        RemoveKey(key);
    }

    /// <summary>Gone for good, with every key of the user still in the key bin.</summary>
    public void PurgeUser(RecycledUser user)
    {
        TakeUser(user);
        foreach (var key in (_keysByOwner.GetValueOrDefault(user.User) ?? []).ToList())
        {
            RemoveKey(key);
        }
    }

    /// <summary>Purges what has stayed past its DeleteDate (keys of a user still in the bin expire with it or on their own).</summary>
    public void Expire(DateTime now)
    {
        root.EnsureWriting();
        foreach (var user in _users.Where(u => u.DeleteDate <= now).ToList())
        {
            PurgeUser(user);
        }

        foreach (var key in _keys.Values.Where(k => k.DeleteDate <= now).ToList())
        {
            RemoveKey(key);
        }
    }

    public void Clear()
    {
        root.EnsureWriting();
        _keys.Clear();
        _keysByOwner.Clear();
        _usersById.Clear();
        _users.Clear();
        _nextBinSeq = 1;
    }

    private void AddKey(RecycledKey key)
    {
        root.EnsureWriting();
        _keys[key.Key.Id] = key;
        if (!_keysByOwner.TryGetValue(key.Owner, out var list))
        {
            _keysByOwner.Add(key.Owner, list = []);
        }

        list.Add(key);
    }

    private void AddUser(RecycledUser user)
    {
        root.EnsureWriting();
        _usersById[user.User.UserId] = user;
        _users.Add(user);
    }

    private void RemoveKey(RecycledKey key)
    {
        _keys.Remove(key.Key.Id);
        if (_keysByOwner.TryGetValue(key.Owner, out var list) && list.Remove(key) && list.Count == 0)
        {
            _keysByOwner.Remove(key.Owner);
        }
    }

    public void Save(StateDocument doc)
    {
        doc.RecycledUsers = _users.Select(static u => new RecycledUserDocument
        {
            User = UserStore.ToDocument(u.User),
            BinSeq = u.BinSeq,
            RecycleDate = u.RecycleDate,
            DeleteDate = u.DeleteDate,
        }).ToList();
        doc.RecycledKeys = _keys.Values.Select(static k => new RecycledKeyDocument
        {
            Key = AccessKeyStore.ToDocument(k.Key, string.Empty),
            RecycleDate = k.RecycleDate,
            DeleteDate = k.DeleteDate,
        }).ToList();
        doc.NextBinSeq = _nextBinSeq;
    }

    /// <summary>Replaces the bins with saved ones; a recycled key's owner is a live user or one in the user bin.</summary>
    public void Load(StateDocument doc, UserStore users)
    {
        Clear();
        foreach (var u in doc.RecycledUsers.OrderBy(static u => u.BinSeq))
        {
            AddUser(new RecycledUser(users.FromDocument(u.User), u.BinSeq, u.RecycleDate, u.DeleteDate));
        }

        foreach (var k in doc.RecycledKeys)
        {
            var seq = k.Key.OwnerSeq;
            var owner = seq is null ? null : users.FindBySeq(seq.Value) ?? _users.FirstOrDefault(u => u.User.Seq == seq)?.User;
            if (owner is not null)
            {
                var key = AccessKeyStore.FromDocument(root, k.Key, owner);
                key.Orphan = k.Key.Orphan;
                AddKey(new RecycledKey(key, owner, k.RecycleDate, k.DeleteDate));
            }
        }

        _nextBinSeq = Math.Max(doc.NextBinSeq, _users.Count == 0 ? 1 : _users[^1].BinSeq + 1);
    }
}

/// <summary>A user in the user bin, in the state file.</summary>
internal sealed class RecycledUserDocument
{
    public UserDocument User { get; set; } = new();

    public long BinSeq { get; set; }

    public DateTime RecycleDate { get; set; }

    public DateTime DeleteDate { get; set; }
}

/// <summary>A key in its user's AccessKey bin, in the state file (its secret kept: a restored key signs again).</summary>
internal sealed class RecycledKeyDocument
{
    public AccessKeyDocument Key { get; set; } = new();

    public DateTime RecycleDate { get; set; }

    public DateTime DeleteDate { get; set; }
}
