using System.Globalization;
using AliyunAccessKey.Emulator.Features.AccessKeys;
using AliyunAccessKey.Emulator.Features.Sts;
using AliyunAccessKey.Emulator.Features.Users;

namespace AliyunAccessKey.Emulator.State;

/// <summary>
/// The account's users, AccessKeys, roles and STS sessions. One lock guards everything: actions
/// take microseconds, so a single lock held for a whole action keeps each action atomic and is
/// still far from a bottleneck at 32 concurrent clients. The lock is re-entrant, so an action
/// can hold it around several calls.
/// </summary>
internal sealed class StateStore
{
    private readonly Dictionary<string, UserRecord> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, UserRecord> _byId = new(StringComparer.Ordinal);

    // Users in creation order (Seq ascending): appends are O(1) and a marker is a binary search.
    private readonly List<UserRecord> _ordered = [];
    private readonly Dictionary<string, AccessKeyRecord> _keys = new(StringComparer.Ordinal);
    private readonly List<AccessKeyRecord> _accountKeys = [];
    private readonly Dictionary<string, RoleRecord> _roles = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, StsSession> _sessions = new(StringComparer.Ordinal);
    private readonly string _rootKeyId;
    private readonly string _rootKeySecret;
    private long _nextSeq = 1;
    private long _seedCounter;
    private int _orphans;

    public StateStore(string accountId, string defaultDomain, string rootKeyId, string rootKeySecret, IEnumerable<string> roles, DateTime now)
    {
        AccountId = accountId;
        DefaultDomain = defaultDomain;
        _rootKeyId = rootKeyId;
        _rootKeySecret = rootKeySecret;
        foreach (var spec in roles.Select(RoleSpec.Parse))
        {
            _roles[spec.Name] = RoleRecord.Of(spec, accountId);
        }

        AddRootKey(now);
    }

    public Lock SyncRoot { get; } = new();

    public string AccountId { get; }

    public string DefaultDomain { get; }

    /// <summary>0 = unlimited; otherwise CreateUser answers LimitExceeded.User at this many users.</summary>
    public int UserQuota { get; set; }

    /// <summary>Raised (under the lock) after any change, so the state file can be rewritten.</summary>
    public event Action? Changed;

    public int UserCount
    {
        get
        {
            lock (SyncRoot)
            {
                return _ordered.Count;
            }
        }
    }

    public int AccessKeyCount
    {
        get
        {
            lock (SyncRoot)
            {
                return _keys.Count;
            }
        }
    }

    public int SessionCount
    {
        get
        {
            lock (SyncRoot)
            {
                return _sessions.Count;
            }
        }
    }

    public int OrphanKeyCount => Volatile.Read(ref _orphans);

    public IReadOnlyCollection<RoleRecord> Roles => _roles.Values;

    public string Upn(UserRecord user) => user.Name + "@" + DefaultDomain;

    public void MarkChanged() => Changed?.Invoke();

    private void AddRootKey(DateTime now)
    {
        if (_keys.ContainsKey(_rootKeyId))
        {
            return;
        }

        var root = new AccessKeyRecord(_rootKeyId, _rootKeySecret, null, now);
        _keys.Add(root.Id, root);
        _accountKeys.Add(root);
    }

    // ---- keys and sessions -------------------------------------------------------------

    public AccessKeyRecord? FindKey(string id)
    {
        lock (SyncRoot)
        {
            return _keys.GetValueOrDefault(id);
        }
    }

    public StsSession? FindSession(string id)
    {
        lock (SyncRoot)
        {
            return _sessions.GetValueOrDefault(id);
        }
    }

    public void RecordUse(AccessKeyRecord key, string service, DateTime now)
    {
        lock (SyncRoot)
        {
            key.LastUsedDate = now;
            key.LastUsedService = service;
            MarkChanged();
        }
    }

    /// <summary>The keys of a user, or of the account when <paramref name="owner"/> is null.</summary>
    public IReadOnlyList<AccessKeyRecord> KeysOf(UserRecord? owner)
    {
        lock (SyncRoot)
        {
            return owner is null ? _accountKeys : (IReadOnlyList<AccessKeyRecord>?)owner.Keys ?? [];
        }
    }

    public AccessKeyRecord CreateKey(UserRecord? owner, DateTime now)
    {
        lock (SyncRoot)
        {
            var list = owner is null ? _accountKeys : owner.Keys ??= new List<AccessKeyRecord>(AccessKeyValidation.MaxPerPrincipal);
            if (list.Count >= AccessKeyValidation.MaxPerPrincipal)
            {
                throw AccessKeyErrors.Limit();
            }

            var key = AccessKeyRecord.New(owner, now);
            _keys.Add(key.Id, key);
            list.Add(key);
            MarkChanged();
            return key;
        }
    }

    public void DeleteKey(AccessKeyRecord key)
    {
        lock (SyncRoot)
        {
            if (!_keys.Remove(key.Id))
            {
                return;
            }

            if (key.Owner is null)
            {
                _accountKeys.Remove(key);
            }
            else
            {
                key.Owner.Keys?.Remove(key);
                if (key.Owner.Keys is { Count: 0 })
                {
                    key.Owner.Keys = null;
                }
            }

            if (key.Orphan)
            {
                _orphans--;
            }

            MarkChanged();
        }
    }

    /// <summary>The answer carrying this key's secret was lost; counts until the key is deleted.</summary>
    public void MarkOrphan(AccessKeyRecord key)
    {
        lock (SyncRoot)
        {
            if (!key.Orphan && _keys.ContainsKey(key.Id))
            {
                key.Orphan = true;
                _orphans++;
                MarkChanged();
            }
        }
    }

    public RoleRecord? FindRoleByArn(string arn)
    {
        const string prefix = "acs:ram::";
        if (!arn.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = arn[prefix.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || rest[..colon] != AccountId || !rest[(colon + 1)..].StartsWith("role/", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return _roles.GetValueOrDefault(rest[(colon + 1 + "role/".Length)..]);
    }

    public RoleRecord? FindRoleByName(string name) => _roles.GetValueOrDefault(name);

    public StsSession CreateSession(RoleRecord role, string sessionName, DateTime expiration)
    {
        var session = StsSession.New(role, sessionName, expiration);
        lock (SyncRoot)
        {
            // Expired sessions stay a day so their use still answers InvalidSecurityToken.Expired.
            if (_sessions.Count > 1024)
            {
                var cutoff = expiration.AddDays(-2);
                foreach (var old in _sessions.Values.Where(s => s.Expiration < cutoff).ToList())
                {
                    _sessions.Remove(old.AccessKeyId);
                }
            }

            _sessions.Add(session.AccessKeyId, session);
            MarkChanged();
        }

        return session;
    }

    // ---- users -------------------------------------------------------------------------

    public UserRecord? FindUserByName(string name)
    {
        lock (SyncRoot)
        {
            return _byName.GetValueOrDefault(name);
        }
    }

    public UserRecord? FindUserById(string id)
    {
        lock (SyncRoot)
        {
            return _byId.GetValueOrDefault(id);
        }
    }

    public UserRecord CreateUser(string name, string displayName, DateTime now)
    {
        lock (SyncRoot)
        {
            if (_byName.ContainsKey(name))
            {
                throw UserErrors.Exists(name + "@" + DefaultDomain);
            }

            if (UserQuota > 0 && _ordered.Count >= UserQuota)
            {
                throw UserErrors.Limit(UserQuota);
            }

            var user = AddUser(_nextSeq++, name, displayName, now);
            MarkChanged();
            return user;
        }
    }

    private UserRecord AddUser(long seq, string name, string displayName, DateTime now)
    {
        var user = new UserRecord(seq, name, displayName, now);
        _byName.Add(name, user);
        _byId.Add(user.UserId, user);
        _ordered.Add(user);
        return user;
    }

    public void RenameUser(UserRecord user, string newName)
    {
        lock (SyncRoot)
        {
            if (string.Equals(user.Name, newName, StringComparison.OrdinalIgnoreCase))
            {
                user.Name = newName;
                return;
            }

            if (_byName.ContainsKey(newName))
            {
                throw UserErrors.Exists(newName + "@" + DefaultDomain);
            }

            _byName.Remove(user.Name);
            user.Name = newName;
            _byName.Add(newName, user);
            MarkChanged();
        }
    }

    public void DeleteUser(UserRecord user)
    {
        lock (SyncRoot)
        {
            if (user.Keys is { Count: > 0 })
            {
                throw AccessKeyErrors.DeleteConflict(Upn(user));
            }

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

            MarkChanged();
        }
    }

    /// <summary>
    /// One page of users after <paramref name="afterSeq"/> that pass <paramref name="filter"/>.
    /// The marker is the last returned user's ordinal; truncated when another match follows.
    /// </summary>
    public List<UserRecord> Page(long afterSeq, int maxItems, Func<UserRecord, bool>? filter, out bool truncated)
    {
        lock (SyncRoot)
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
    /// Adds <paramref name="count"/> users named user000001… (skipping names taken), each with
    /// <paramref name="keysPerUser"/> keys; the first <paramref name="frozen"/> of them are frozen.
    /// Bypasses the user quota: seeding is for benchmarks.
    /// </summary>
    public int Seed(int count, int keysPerUser, DateTime now, int frozen = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(keysPerUser);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(keysPerUser, AccessKeyValidation.MaxPerPrincipal);
        ArgumentOutOfRangeException.ThrowIfNegative(frozen);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frozen, count);
        lock (SyncRoot)
        {
            _byName.EnsureCapacity(_byName.Count + count);
            _byId.EnsureCapacity(_byId.Count + count);
            _ordered.EnsureCapacity(_ordered.Count + count);
            for (var created = 0; created < count;)
            {
                var name = "user" + (++_seedCounter).ToString("D6", CultureInfo.InvariantCulture);
                if (_byName.ContainsKey(name))
                {
                    continue;
                }

                var user = AddUser(_nextSeq++, name, name, now);
                user.Frozen = created < frozen;
                for (var k = 0; k < keysPerUser; k++)
                {
                    var key = AccessKeyRecord.New(user, now);
                    (user.Keys ??= new List<AccessKeyRecord>(AccessKeyValidation.MaxPerPrincipal)).Add(key);
                    _keys.Add(key.Id, key);
                }

                created++;
            }

            MarkChanged();
            return count;
        }
    }

    /// <summary>Back to a fresh account: no users, only the root key, no sessions.</summary>
    public void Reset(DateTime now)
    {
        lock (SyncRoot)
        {
            _byName.Clear();
            _byId.Clear();
            _ordered.Clear();
            _keys.Clear();
            _accountKeys.Clear();
            _sessions.Clear();
            _nextSeq = 1;
            _seedCounter = 0;
            _orphans = 0;
            AddRootKey(now);
            MarkChanged();
        }
    }

    // ---- persistence -------------------------------------------------------------------

    public StateDocument ToDocument()
    {
        lock (SyncRoot)
        {
            return new StateDocument
            {
                AccountId = AccountId,
                NextSeq = _nextSeq,
                SeedCounter = _seedCounter,
                Users = _ordered.Select(static u => new UserDocument
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
                }).ToList(),
                AccessKeys = _keys.Values.Select(k => new AccessKeyDocument
                {
                    Id = k.Id,

                    // The root secret comes from the options at every start; the file need not hold it.
                    Secret = k.Id == _rootKeyId ? string.Empty : k.Secret,
                    OwnerSeq = k.Owner?.Seq,
                    Active = k.Active,
                    CreateDate = k.CreateDate,
                    UpdateDate = k.UpdateDate,
                    LastUsedDate = k.LastUsedDate,
                    LastUsedService = k.LastUsedService,
                    Orphan = k.Orphan,
                }).ToList(),
                Sessions = _sessions.Values.Select(static s => new SessionDocument
                {
                    AccessKeyId = s.AccessKeyId,
                    Secret = s.Secret,
                    SecurityToken = s.SecurityToken,
                    Expiration = s.Expiration,
                    RoleName = s.Role.Name,
                    SessionName = s.SessionName,
                }).ToList(),
            };
        }
    }

    /// <summary>Replaces the state with a saved one; the configured root key is kept or re-added.</summary>
    public void Load(StateDocument doc, DateTime now)
    {
        lock (SyncRoot)
        {
            _byName.Clear();
            _byId.Clear();
            _ordered.Clear();
            _keys.Clear();
            _accountKeys.Clear();
            _sessions.Clear();
            _orphans = 0;
            var bySeq = new Dictionary<long, UserRecord>();
            foreach (var u in doc.Users.OrderBy(static u => u.Seq))
            {
                var user = AddUser(u.Seq, u.Name, u.DisplayName, u.CreateDate);
                user.Comments = u.Comments;
                user.Email = u.Email;
                user.MobilePhone = u.MobilePhone;
                user.UpdateDate = u.UpdateDate;
                user.LastLoginDate = u.LastLoginDate;
                user.Frozen = u.Frozen;
                user.Tags = u.Tags?.ToArray();
                bySeq[u.Seq] = user;
            }

            foreach (var k in doc.AccessKeys)
            {
                UserRecord? owner = null;
                if (k.OwnerSeq is long seq && !bySeq.TryGetValue(seq, out owner))
                {
                    continue;
                }

                var key = new AccessKeyRecord(k.Id, k.Id == _rootKeyId ? _rootKeySecret : k.Secret, owner, k.CreateDate)
                {
                    Active = k.Active,
                    UpdateDate = k.UpdateDate,
                    LastUsedDate = k.LastUsedDate,
                    LastUsedService = k.LastUsedService,
                    Orphan = k.Orphan,
                };
                _keys[key.Id] = key;
                (owner is null ? _accountKeys : owner.Keys ??= []).Add(key);
                if (key.Orphan)
                {
                    _orphans++;
                }
            }

            foreach (var s in doc.Sessions)
            {
                if (FindRoleByName(s.RoleName) is RoleRecord role)
                {
                    _sessions[s.AccessKeyId] = new StsSession(s.AccessKeyId, s.Secret, s.SecurityToken, s.Expiration, role, s.SessionName);
                }
            }

            _nextSeq = Math.Max(doc.NextSeq, _ordered.Count == 0 ? 1 : _ordered[^1].Seq + 1);
            _seedCounter = doc.SeedCounter;
            AddRootKey(now);
        }
    }
}
