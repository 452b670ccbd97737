using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Features.Users;
using AliyunAccessKey.Emulator.Persistence;

namespace AliyunAccessKey.Emulator.Features.Groups;

/// <summary>
/// The groups' slice of the account: the groups, and the memberships between groups and users.
/// Reached only through <see cref="AccountRoot"/>'s Read and Write; every changing method checks
/// it runs inside a Write. Memberships hold the user record itself, so a renamed user keeps them.
/// </summary>
internal sealed class GroupStore
{
    private readonly AccountRoot _root;
    private readonly Dictionary<string, GroupRecord> _byName = new(StringComparer.OrdinalIgnoreCase);

    // Groups in creation order (Seq ascending), and each group's members in join order: markers are ordinals.
    private readonly List<GroupRecord> _ordered = [];
    private readonly Dictionary<GroupRecord, List<Membership>> _members = [];

    // Only users in a group are in here (a seeded benchmark holds 100,000 users, most in none).
    private readonly Dictionary<UserRecord, List<Membership>> _ofUser = [];
    private long _nextSeq = 1;
    private long _nextJoin = 1;

    public GroupStore(AccountRoot root) => _root = root;

    public int Count => _ordered.Count;

    public GroupRecord? Find(string name) => _byName.GetValueOrDefault(name);

    public GroupRecord Create(string name, DateTime now)
    {
        _root.EnsureWriting();
        if (_byName.ContainsKey(name))
        {
            throw GroupErrors.Exists(name);
        }

        return Add(_nextSeq++, name, now);
    }

    private GroupRecord Add(long seq, string name, DateTime now)
    {
        var group = new GroupRecord(_root, seq, name, now);
        _byName.Add(name, group);
        _ordered.Add(group);
        _members.Add(group, []);
        return group;
    }

    public void Rename(GroupRecord group, string newName)
    {
        _root.EnsureWriting();
        if (!string.Equals(group.Name, newName, StringComparison.OrdinalIgnoreCase) && _byName.ContainsKey(newName))
        {
            throw GroupErrors.Exists(newName);
        }

        _byName.Remove(group.Name);
        group.Name = newName;
        _byName.Add(newName, group);
    }

    /// <summary>Removes the group; refused (DeleteConflict.Group.User) while it has members.</summary>
    public void Delete(GroupRecord group)
    {
        _root.EnsureWriting();
        if (_members.TryGetValue(group, out var members) && members.Count > 0)
        {
            throw GroupErrors.HasMembers(group.Name);
        }

        _byName.Remove(group.Name);
        _members.Remove(group);
        _ordered.Remove(group);
    }

    public IReadOnlyList<Membership> MembersOf(GroupRecord group) => _members.GetValueOrDefault(group) ?? [];

    public IReadOnlyList<Membership> GroupsOf(UserRecord user) => _ofUser.GetValueOrDefault(user) ?? [];

    public void AddMember(GroupRecord group, UserRecord user, DateTime now)
    {
        _root.EnsureWriting();
        var joined = GroupsOf(user);
        if (joined.Any(m => m.Group == group))
        {
            throw GroupErrors.AlreadyMember(_root.Profile.Upn(user.Name), group.Name);
        }

        if (joined.Count >= GroupValidation.MaxGroupsPerUser)
        {
            throw GroupErrors.UserLimit(GroupValidation.MaxGroupsPerUser);
        }

        Join(new Membership(_nextJoin++, group, user, now));
    }

    private void Join(Membership membership)
    {
        _members[membership.Group].Add(membership);
        if (_ofUser.TryGetValue(membership.User, out var list))
        {
            list.Add(membership);
        }
        else
        {
            _ofUser.Add(membership.User, [membership]);
        }
    }

    public void RemoveMember(GroupRecord group, UserRecord user)
    {
        _root.EnsureWriting();
        var membership = GroupsOf(user).FirstOrDefault(m => m.Group == group)
            ?? throw GroupErrors.NotMember(_root.Profile.Upn(user.Name), group.Name);
        _members[group].Remove(membership);
        var list = _ofUser[user];
        list.Remove(membership);
        if (list.Count == 0)
        {
            _ofUser.Remove(user);
        }
    }

    /// <summary>DeleteUser's check: refused with DeleteConflict.User.Group while the user is in any group.</summary>
    public void EnsureNoneOf(UserRecord user)
    {
        if (_ofUser.ContainsKey(user))
        {
            throw GroupErrors.UserInGroup(_root.Profile.Upn(user.Name));
        }
    }

    /// <summary>One page of groups created after <paramref name="afterSeq"/>; truncated when another follows.</summary>
    public List<GroupRecord> Page(long afterSeq, int maxItems, out bool truncated)
    {
        var rest = _ordered.Where(g => g.Seq > afterSeq);
        var page = rest.Take(maxItems + 1).ToList();
        truncated = page.Count > maxItems;
        if (truncated)
        {
            page.RemoveAt(maxItems);
        }

        return page;
    }

    /// <summary>One page of a group's members who joined after <paramref name="afterSeq"/>.</summary>
    public List<Membership> MemberPage(GroupRecord group, long afterSeq, int maxItems, out bool truncated)
    {
        var page = MembersOf(group).Where(m => m.Seq > afterSeq).Take(maxItems + 1).ToList();
        truncated = page.Count > maxItems;
        if (truncated)
        {
            page.RemoveAt(maxItems);
        }

        return page;
    }

    public void Clear()
    {
        _root.EnsureWriting();
        _byName.Clear();
        _ordered.Clear();
        _members.Clear();
        _ofUser.Clear();
        _nextSeq = 1;
        _nextJoin = 1;
    }

    public void Save(StateDocument doc)
    {
        doc.NextGroupSeq = _nextSeq;
        doc.Groups = _ordered.Select(static g => new GroupDocument
        {
            Seq = g.Seq,
            Name = g.Name,
            DisplayName = g.DisplayName,
            Comments = g.Comments,
            CreateDate = g.CreateDate,
            UpdateDate = g.UpdateDate,
        }).ToList();
        doc.GroupMembers = _members.Values.SelectMany(static l => l).OrderBy(static m => m.Seq).Select(static m => new GroupMemberDocument
        {
            Seq = m.Seq,
            GroupSeq = m.Group.Seq,
            UserSeq = m.User.Seq,
            JoinDate = m.JoinDate,
        }).ToList();
    }

    /// <summary>Loads the groups and their members; a membership of a user the file no longer has is dropped.</summary>
    public void Load(StateDocument doc, UserStore users)
    {
        Clear();
        var bySeq = new Dictionary<long, GroupRecord>();
        foreach (var g in doc.Groups.OrderBy(static g => g.Seq))
        {
            var group = Add(g.Seq, g.Name, g.CreateDate);
            group.DisplayName = g.DisplayName;
            group.Comments = g.Comments;
            group.UpdateDate = g.UpdateDate;
            bySeq.Add(g.Seq, group);
        }

        foreach (var m in doc.GroupMembers.OrderBy(static m => m.Seq))
        {
            if (bySeq.TryGetValue(m.GroupSeq, out var group) && users.FindBySeq(m.UserSeq) is { } user)
            {
                Join(new Membership(m.Seq, group, user, m.JoinDate));
            }
        }

        _nextSeq = Math.Max(doc.NextGroupSeq, _ordered.Count == 0 ? 1 : _ordered[^1].Seq + 1);
        _nextJoin = doc.GroupMembers.Count == 0 ? 1 : doc.GroupMembers.Max(static m => m.Seq) + 1;
    }
}

/// <summary>A group in the state file.</summary>
internal sealed class GroupDocument
{
    public long Seq { get; set; }

    public string Name { get; set; } = string.Empty;

    public string? DisplayName { get; set; }

    public string? Comments { get; set; }

    public DateTime CreateDate { get; set; }

    public DateTime UpdateDate { get; set; }
}

/// <summary>A membership in the state file: the group and the user by their creation ordinals.</summary>
internal sealed class GroupMemberDocument
{
    public long Seq { get; set; }

    public long GroupSeq { get; set; }

    public long UserSeq { get; set; }

    public DateTime JoinDate { get; set; }
}
