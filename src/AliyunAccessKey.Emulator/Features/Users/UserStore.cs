using System.Globalization;
using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Persistence;

namespace AliyunAccessKey.Emulator.Features.Users;

/// <summary>
/// The users' slice of the account. Reached only through <see cref="AccountRoot"/>'s Read and
/// Write, so it takes no lock of its own; every changing method checks it runs inside a Write.
/// </summary>
internal sealed class UserStore
{
    private readonly AccountRoot _root;
    private readonly Dictionary<string, UserRecord> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, UserRecord> _byId = new(StringComparer.Ordinal);

    // Users in creation order (Seq ascending): appends are O(1) and a marker is a binary search.
    private readonly List<UserRecord> _ordered = [];
    private long _nextSeq = 1;
    private long _seedCounter;

    public UserStore(AccountRoot root) => _root = root;

    public int Count => _ordered.Count;

    public UserRecord? FindByName(string name) => _byName.GetValueOrDefault(name);

    public UserRecord? FindById(string id) => _byId.GetValueOrDefault(id);

    public UserRecord Create(string name, string displayName, DateTime now)
    {
        _root.EnsureWriting();
        if (_byName.ContainsKey(name))
        {
            throw UserErrors.Exists(_root.Profile.Upn(name));
        }

        var quota = _root.Profile.UserQuota;
        if (quota > 0 && _ordered.Count >= quota)
        {
            throw UserErrors.Limit(quota);
        }

        return Add(_nextSeq++, name, displayName, now);
    }

    private UserRecord Add(long seq, string name, string displayName, DateTime now)
    {
        var user = new UserRecord(_root, seq, name, displayName, now);
        _byName.Add(name, user);
        _byId.Add(user.UserId, user);
        _ordered.Add(user);
        return user;
    }

    /// <summary>Puts a user back in its place by Seq (restore from the bin, or a state file).</summary>
    private void Insert(UserRecord user)
    {
        _byName.Add(user.Name, user);
        _byId.Add(user.UserId, user);
        _ordered.Insert(IndexAfter(user.Seq), user);
    }

    /// <summary>A user back from the recycle bin, with its id and Seq; refused when its name was taken meanwhile or the quota is full.</summary>
    public void Restore(UserRecord user)
    {
        _root.EnsureWriting();
        if (_byName.ContainsKey(user.Name))
        {
            throw UserErrors.Exists(_root.Profile.Upn(user.Name));
        }

        var quota = _root.Profile.UserQuota;
        if (quota > 0 && _ordered.Count >= quota)
        {
            throw UserErrors.Limit(quota);
        }

        Insert(user);
    }

    public static UserDocument ToDocument(UserRecord u) => new()
    {
        Seq = u.Seq,
        Name = u.Name,
        DisplayName = u.DisplayName,
        Comments = u.Comments,
        Email = u.Email,
        MobilePhone = u.MobilePhone,
        CreateDate = u.CreateDate,
        UpdateDate = u.UpdateDate,
        LastLoginDate = u.LastLoginDate,
        Frozen = u.Frozen,
        Tags = u.Tags?.ToDictionary(static t => t.Key, static t => t.Value),
    };

    /// <summary>A record from a saved user, not yet in the store.</summary>
    public UserRecord FromDocument(UserDocument u)
    {
        _root.EnsureWriting();
        return new UserRecord(_root, u.Seq, u.Name, u.DisplayName, u.CreateDate)
        {
            Comments = u.Comments,
            Email = u.Email,
            MobilePhone = u.MobilePhone,
            UpdateDate = u.UpdateDate,
            LastLoginDate = u.LastLoginDate,
            Frozen = u.Frozen,
            Tags = u.Tags?.ToArray(),
        };
    }

    public void Rename(UserRecord user, string newName)
    {
        _root.EnsureWriting();
        if (!string.Equals(user.Name, newName, StringComparison.OrdinalIgnoreCase) && _byName.ContainsKey(newName))
        {
            throw UserErrors.Exists(_root.Profile.Upn(newName));
        }

        _byName.Remove(user.Name);
        user.Name = newName;
        _byName.Add(newName, user);
    }

    /// <summary>Removes the user; what other features hang on it (keys…) the caller has checked is gone.</summary>
    public void Delete(UserRecord user)
    {
        _root.EnsureWriting();
        if (!_byId.Remove(user.UserId))
        {
            return;
        }

        _byName.Remove(user.Name);
        var index = IndexAfter(user.Seq - 1);
        if (index < _ordered.Count && _ordered[index] == user)
        {
            _ordered.RemoveAt(index);
        }
    }

    /// <summary>
    /// One page of users after <paramref name="afterSeq"/> that pass <paramref name="filter"/>.
    /// The marker is the last returned user's ordinal; truncated when another match follows.
    /// </summary>
    public List<UserRecord> Page(long afterSeq, int maxItems, Func<UserRecord, bool>? filter, out bool truncated)
    {
        var page = new List<UserRecord>(Math.Min(maxItems, 64));
        truncated = false;
        for (var i = IndexAfter(afterSeq); i < _ordered.Count; i++)
        {
            var user = _ordered[i];
            if (filter is not null && !filter(user))
            {
                continue;
            }

            if (page.Count == maxItems)
            {
                truncated = true;
                break;
            }

            page.Add(user);
        }

        return page;
    }

    /// <summary>Index of the first user whose Seq is greater than <paramref name="seq"/>.</summary>
    private int IndexAfter(long seq)
    {
        int lo = 0, hi = _ordered.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_ordered[mid].Seq <= seq)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>
    /// Adds <paramref name="count"/> users named user000001… (skipping names taken), the first
    /// <paramref name="frozen"/> of them frozen; bypasses the quota. Returns them.
    /// </summary>
    public List<UserRecord> Seed(int count, DateTime now, int frozen)
    {
        _root.EnsureWriting();
        _byName.EnsureCapacity(_byName.Count + count);
        _byId.EnsureCapacity(_byId.Count + count);
        _ordered.EnsureCapacity(_ordered.Count + count);
        var created = new List<UserRecord>(count);
        while (created.Count < count)
        {
            var name = "user" + (++_seedCounter).ToString("D6", CultureInfo.InvariantCulture);
            if (!_byName.ContainsKey(name))
            {
                var user = Add(_nextSeq++, name, name, now);
                user.Frozen = created.Count < frozen;
                created.Add(user);
            }
        }

        return created;
    }

    public void Clear()
    {
        _root.EnsureWriting();
        _byName.Clear();
        _byId.Clear();
        _ordered.Clear();
        _nextSeq = 1;
        _seedCounter = 0;
    }

    /// <summary>The user created with this ordinal, or null (a state file's key owners refer to users by it).</summary>
    public UserRecord? FindBySeq(long seq)
    {
        var index = IndexAfter(seq - 1);
        return index < _ordered.Count && _ordered[index].Seq == seq ? _ordered[index] : null;
    }

    public void Save(StateDocument doc)
    {
        doc.NextSeq = _nextSeq;
        doc.SeedCounter = _seedCounter;
        doc.Users = _ordered.Select(ToDocument).ToList();
    }

    public void Load(StateDocument doc)
    {
        Clear();
        foreach (var u in doc.Users.OrderBy(static u => u.Seq))
        {
            Insert(FromDocument(u));
        }

        _nextSeq = Math.Max(doc.NextSeq, _ordered.Count == 0 ? 1 : _ordered[^1].Seq + 1);
        _seedCounter = doc.SeedCounter;
    }
}

/// <summary>A user in the state file.</summary>
internal sealed class UserDocument
{
    public long Seq { get; set; }

    public string Name { get; set; } = string.Empty;

    public string DisplayName { get; set; } = string.Empty;

    public string? Comments { get; set; }

    public string? Email { get; set; }

    public string? MobilePhone { get; set; }

    public DateTime CreateDate { get; set; }

    public DateTime UpdateDate { get; set; }

    public DateTime? LastLoginDate { get; set; }

    public bool Frozen { get; set; }

    public Dictionary<string, string>? Tags { get; set; }
}
