using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Features.Users;
using AliyunAccessKey.Emulator.Persistence;

namespace AliyunAccessKey.Emulator.Features.AccessKeys;

/// <summary>
/// The AccessKeys' slice of the account: every permanent key by id, and each principal's keys (a
/// user's, or the account's own). Reached only through <see cref="AccountRoot"/>'s Read and Write;
/// every changing method checks it runs inside a Write.
/// </summary>
internal sealed class AccessKeyStore
{
    private readonly AccountRoot _root;
    private readonly Dictionary<string, AccessKeyRecord> _keys = new(StringComparer.Ordinal);
    private readonly List<AccessKeyRecord> _accountKeys = [];

    // Only users that have keys are in here: a seeded benchmark holds 100,000 users, most without.
    private readonly Dictionary<UserRecord, List<AccessKeyRecord>> _byOwner = [];
    private int _orphans;

    public AccessKeyStore(AccountRoot root) => _root = root;

    public int Count => _keys.Count;

    /// <summary>Keys whose CreateAccessKey answer was lost and that still exist.</summary>
    public int OrphanCount => _orphans;

    public AccessKeyRecord? Find(string id) => _keys.GetValueOrDefault(id);

    /// <summary>The keys of a user, or of the account when <paramref name="owner"/> is null.</summary>
    public IReadOnlyList<AccessKeyRecord> Of(UserRecord? owner) =>
        owner is null ? _accountKeys : _byOwner.GetValueOrDefault(owner) ?? [];

    /// <param name="owner">The user; null for the account.</param>
    /// <param name="now">Its CreateDate.</param>
    /// <param name="userQuota">A user's limit (the accessKeysPerUserQuota knob); the account's is always 2.</param>
    public AccessKeyRecord Create(UserRecord? owner, DateTime now, int userQuota = AccessKeyValidation.MaxPerPrincipal)
    {
        _root.EnsureWriting();
        var list = owner is null ? _accountKeys : _byOwner.GetValueOrDefault(owner) ?? [];
        var limit = owner is null ? AccessKeyValidation.MaxPerPrincipal : userQuota;
        if (list.Count >= limit)
        {
            throw AccessKeyErrors.Limit(limit);
        }

        return Add(AccessKeyRecord.New(_root, owner, now));
    }

    private AccessKeyRecord Add(AccessKeyRecord key)
    {
        _keys[key.Id] = key;
        if (key.Owner is null)
        {
            _accountKeys.Add(key);
        }
        else if (_byOwner.TryGetValue(key.Owner, out var list))
        {
            list.Add(key);
        }
        else
        {
            _byOwner.Add(key.Owner, new List<AccessKeyRecord>(AccessKeyValidation.MaxPerPrincipal) { key });
        }

        return key;
    }

    public void Delete(AccessKeyRecord key)
    {
        _root.EnsureWriting();
        if (!_keys.Remove(key.Id))
        {
            return;
        }

        if (key.Owner is null)
        {
            _accountKeys.Remove(key);
        }
        else if (_byOwner.TryGetValue(key.Owner, out var list) && list.Remove(key) && list.Count == 0)
        {
            _byOwner.Remove(key.Owner);
        }

        if (key.Orphan)
        {
            _orphans--;
        }
    }

    /// <summary>DeleteUser refuses a user who still has keys.</summary>
    public void EnsureNoneOf(UserRecord user)
    {
        if (_byOwner.ContainsKey(user))
        {
            throw AccessKeyErrors.DeleteConflict(_root.Profile.Upn(user.Name));
        }
    }

    public void RecordUse(AccessKeyRecord key, string service, DateTime now)
    {
        _root.EnsureWriting();
        key.LastUsedDate = now;
        key.LastUsedService = service;
    }

    /// <summary>The answer carrying this key's secret was lost; counts until the key is deleted.</summary>
    public void MarkOrphan(AccessKeyRecord key)
    {
        _root.EnsureWriting();
        if (!key.Orphan && _keys.ContainsKey(key.Id))
        {
            key.Orphan = true;
            _orphans++;
        }
    }

    /// <summary>Only the account's own key, from the options.</summary>
    public void Clear(DateTime now)
    {
        RemoveAll();
        AddRootKey(now);
    }

    private void RemoveAll()
    {
        _root.EnsureWriting();
        _keys.Clear();
        _accountKeys.Clear();
        _byOwner.Clear();
        _orphans = 0;
    }

    private void AddRootKey(DateTime now)
    {
        var profile = _root.Profile;
        if (!_keys.ContainsKey(profile.RootKeyId))
        {
            Add(new AccessKeyRecord(_root, profile.RootKeyId, profile.RootKeySecret, null, now));
        }
    }

    public void Save(StateDocument doc)
    {
        var rootKeyId = _root.Profile.RootKeyId;
        doc.AccessKeys = _keys.Values.Select(k => new AccessKeyDocument
        {
            Id = k.Id,

            // The root secret comes from the options at every start; the file need not hold it.
            Secret = k.Id == rootKeyId ? string.Empty : k.Secret,
            OwnerSeq = k.Owner?.Seq,
            Active = k.Active,
            CreateDate = k.CreateDate,
            UpdateDate = k.UpdateDate,
            LastUsedDate = k.LastUsedDate,
            LastUsedService = k.LastUsedService,
            Orphan = k.Orphan,
        }).ToList();
    }

    /// <summary>Replaces the keys with saved ones (a key whose owner is gone is dropped); the root key is kept or re-added.</summary>
    public void Load(StateDocument doc, UserStore users, DateTime now)
    {
        RemoveAll();
        var profile = _root.Profile;
        foreach (var k in doc.AccessKeys)
        {
            UserRecord? owner = null;
            if (k.OwnerSeq is long seq && (owner = users.FindBySeq(seq)) is null)
            {
                continue;
            }

            var key = Add(new AccessKeyRecord(_root, k.Id, k.Id == profile.RootKeyId ? profile.RootKeySecret : k.Secret, owner, k.CreateDate)
            {
                Active = k.Active,
                UpdateDate = k.UpdateDate,
                LastUsedDate = k.LastUsedDate,
                LastUsedService = k.LastUsedService,
            });
            if (k.Orphan)
            {
                MarkOrphan(key);
            }
        }

        AddRootKey(now);
    }
}

/// <summary>An AccessKey in the state file.</summary>
internal sealed class AccessKeyDocument
{
    public string Id { get; set; } = string.Empty;

    public string Secret { get; set; } = string.Empty;

    /// <summary>The owning user's Seq; null for the account's own keys.</summary>
    public long? OwnerSeq { get; set; }

    public bool Active { get; set; }

    public DateTime CreateDate { get; set; }

    public DateTime UpdateDate { get; set; }

    public DateTime? LastUsedDate { get; set; }

    public string? LastUsedService { get; set; }

    public bool Orphan { get; set; }
}
