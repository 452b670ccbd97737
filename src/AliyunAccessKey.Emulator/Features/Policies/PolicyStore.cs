using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Features.Groups;
using AliyunAccessKey.Emulator.Features.Users;
using AliyunAccessKey.Emulator.Persistence;

namespace AliyunAccessKey.Emulator.Features.Policies;

/// <summary>
/// The policies' slice of the account: the system policies, the custom ones, and what each user
/// and group has attached. Reached only through <see cref="AccountRoot"/>'s Read and Write; every
/// changing method checks it runs inside a Write.
/// </summary>
internal sealed class PolicyStore
{
    private readonly AccountRoot _root;
    private readonly Dictionary<string, PolicyRecord> _byKey = new(StringComparer.OrdinalIgnoreCase);

    // Listing order (Seq ascending): the system policies, then custom ones as they are created.
    private readonly List<PolicyRecord> _ordered = [];

    // A principal (a UserRecord or a group record) → its attachments, in attach order. Only
    // principals with at least one attachment are in here.
    private readonly Dictionary<object, List<PolicyAttachment>> _attached = [];
    private long _nextSeq = 1;

    public PolicyStore(AccountRoot root) => _root = root;

    public int Count => _ordered.Count;

    public int CustomCount => _ordered.Count(static p => p.Type == PolicyRecord.Custom);

    private static string Key(string type, string name) => type + ":" + name;

    public PolicyRecord? Find(string type, string name) => _byKey.GetValueOrDefault(Key(type, name));

    /// <summary>A custom policy; EntityAlreadyExists.Policy when a policy of either type has the name.</summary>
    public PolicyRecord CreateCustom(string name, string document, string? description, KeyValuePair<string, string>[]? tags, DateTime now)
    {
        _root.EnsureWriting();
        if (Find(PolicyRecord.Custom, name) is not null || Find(PolicyRecord.System, name) is not null)
        {
            throw PolicyErrors.Exists(name);
        }

        var policy = Add(_nextSeq++, name, PolicyRecord.Custom, document, now);
        policy.Description = description;
        policy.Tags = tags;
        return policy;
    }

    private PolicyRecord Add(long seq, string name, string type, string document, DateTime created)
    {
        var policy = new PolicyRecord(_root, seq, name, type, document, created);
        _byKey.Add(Key(type, name), policy);
        _ordered.Add(policy);
        return policy;
    }

    /// <summary>One page of policies after <paramref name="afterSeq"/>, of one type or both; truncated when another follows.</summary>
    public List<PolicyRecord> Page(long afterSeq, int maxItems, string? type, out bool truncated)
    {
        var page = new List<PolicyRecord>(Math.Min(maxItems, 64));
        truncated = false;
        foreach (var policy in _ordered)
        {
            if (policy.Seq <= afterSeq || (type is not null && policy.Type != type))
            {
                continue;
            }

            if (page.Count == maxItems)
            {
                truncated = true;
                break;
            }

            page.Add(policy);
        }

        return page;
    }

    /// <summary>What is attached to a user or a group, in attach order.</summary>
    public IReadOnlyList<PolicyAttachment> Of(object principal) => _attached.GetValueOrDefault(principal) ?? [];

    public bool HasAny(object principal) => _attached.ContainsKey(principal);

    /// <summary>Attaches; false (nothing changed) when it is attached already.</summary>
    public bool Attach(object principal, PolicyRecord policy, DateTime now)
    {
        _root.EnsureWriting();
        if (!_attached.TryGetValue(principal, out var list))
        {
            list = [];
            _attached.Add(principal, list);
        }
        else if (list.Exists(a => a.Policy == policy))
        {
            return false;
        }

        list.Add(new PolicyAttachment(policy, now));
        policy.AttachmentCount++;
        return true;
    }

    /// <summary>Detaches; false when it was not attached.</summary>
    public bool Detach(object principal, PolicyRecord policy)
    {
        _root.EnsureWriting();
        if (!_attached.TryGetValue(principal, out var list) || list.RemoveAll(a => a.Policy == policy) == 0)
        {
            return false;
        }

        if (list.Count == 0)
        {
            _attached.Remove(principal);
        }

        policy.AttachmentCount--;
        return true;
    }

    /// <summary>DeleteUser refuses a user with a policy attached.</summary>
    public void EnsureNoneOf(UserRecord user)
    {
        if (HasAny(user))
        {
            throw PolicyErrors.UserDeleteConflict(_root.Profile.Upn(user.Name));
        }
    }

    /// <summary>DeleteGroup refuses a group with a policy attached.</summary>
    public void EnsureNoneOf(GroupRecord group)
    {
        if (HasAny(group))
        {
            throw PolicyErrors.GroupDeleteConflict(group.Name);
        }
    }

    /// <summary>Only the system policies, attached to nothing.</summary>
    public void Clear()
    {
        _root.EnsureWriting();
        _byKey.Clear();
        _ordered.Clear();
        _attached.Clear();
        _nextSeq = 1;
        foreach (var (name, description, document) in SystemPolicies.All)
        {
            Add(_nextSeq++, name, PolicyRecord.System, document, SystemPolicies.Published).Description = description;
        }
    }

    public void Save(StateDocument doc)
    {
        doc.Policies = _ordered.Where(static p => p.Type == PolicyRecord.Custom).Select(static p => new PolicyDocument
        {
            Name = p.Name,
            Description = p.Description,
            Document = p.Document,
            CreateDate = p.CreateDate,
            UpdateDate = p.UpdateDate,
            Tags = p.Tags?.ToDictionary(static t => t.Key, static t => t.Value),
        }).ToList();
        doc.PolicyAttachments = [];
        foreach (var (principal, list) in _attached)
        {
            foreach (var a in list)
            {
                doc.PolicyAttachments.Add(new PolicyAttachmentDocument
                {
                    UserSeq = (principal as UserRecord)?.Seq,
                    GroupName = (principal as GroupRecord)?.Name,
                    PolicyType = a.Policy.Type,
                    PolicyName = a.Policy.Name,
                    AttachDate = a.AttachDate,
                });
            }
        }
    }

    /// <summary>The system policies, then the saved custom policies and attachments (one whose user or policy is gone is dropped).</summary>
    public void Load(StateDocument doc, UserStore users, GroupStore groups)
    {
        Clear();
        foreach (var p in doc.Policies)
        {
            var policy = Add(_nextSeq++, p.Name, PolicyRecord.Custom, p.Document, p.CreateDate);
            policy.Description = p.Description;
            policy.UpdateDate = p.UpdateDate;
            policy.Tags = p.Tags?.ToArray();
        }

        foreach (var a in doc.PolicyAttachments)
        {
            object? principal = a.UserSeq is long seq ? users.FindBySeq(seq) : a.GroupName is string g ? groups.Find(g) : null;
            if (principal is not null && Find(a.PolicyType, a.PolicyName) is { } policy)
            {
                Attach(principal, policy, a.AttachDate);
            }
        }
    }
}

/// <summary>A custom policy in the state file (system policies are not saved: every start has them).</summary>
internal sealed class PolicyDocument
{
    public string Name { get; set; } = string.Empty;

    public string? Description { get; set; }

    public string Document { get; set; } = string.Empty;

    public DateTime CreateDate { get; set; }

    public DateTime UpdateDate { get; set; }

    public Dictionary<string, string>? Tags { get; set; }
}

/// <summary>An attachment in the state file: the user (by Seq) or the group (by name), and the policy (by type and name).</summary>
internal sealed class PolicyAttachmentDocument
{
    public long? UserSeq { get; set; }

    public string? GroupName { get; set; }

    public string PolicyType { get; set; } = string.Empty;

    public string PolicyName { get; set; } = string.Empty;

    public DateTime AttachDate { get; set; }
}
