using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Persistence;

namespace AliyunAccessKey.Emulator.Features.Sts;

/// <summary>
/// STS's slice of the account: the assumable roles (fixed at start) and the sessions issued.
/// Reached only through <see cref="AccountRoot"/>'s Read and Write; every changing method checks it
/// runs inside a Write.
/// </summary>
internal sealed class StsStore
{
    /// <summary>Past this many sessions, creating one purges those expired for more than a day.</summary>
    private const int PurgeAbove = 1024;

    private readonly AccountRoot _root;
    private readonly Dictionary<string, RoleRecord> _roles = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, StsSession> _sessions = new(StringComparer.Ordinal);

    public StsStore(AccountRoot root)
    {
        _root = root;
        foreach (var spec in root.Profile.Roles)
        {
            _roles[spec.Name] = RoleRecord.Of(spec, root.Profile.AccountId);
        }
    }

    public IReadOnlyCollection<RoleRecord> Roles => _roles.Values;

    public int SessionCount => _sessions.Count;

    public StsSession? FindSession(string accessKeyId) => _sessions.GetValueOrDefault(accessKeyId);

    public RoleRecord? FindRoleByName(string name) => _roles.GetValueOrDefault(name);

    /// <summary>The role of acs:ram::&lt;this account&gt;:role/&lt;name&gt;, or null.</summary>
    public RoleRecord? FindRoleByArn(string arn)
    {
        const string prefix = "acs:ram::";
        if (!arn.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = arn[prefix.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || rest[..colon] != _root.Profile.AccountId || !rest[(colon + 1)..].StartsWith("role/", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return _roles.GetValueOrDefault(rest[(colon + 1 + "role/".Length)..]);
    }

    public StsSession CreateSession(RoleRecord role, string sessionName, DateTime expiration)
    {
        _root.EnsureWriting();

        // Expired sessions stay a day so their use still answers InvalidSecurityToken.Expired.
        if (_sessions.Count > PurgeAbove)
        {
            var cutoff = expiration.AddDays(-2);
            foreach (var old in _sessions.Values.Where(s => s.Expiration < cutoff).ToList())
            {
                _sessions.Remove(old.AccessKeyId);
            }
        }

        var session = StsSession.New(role, sessionName, expiration);
        _sessions.Add(session.AccessKeyId, session);
        return session;
    }

    public void Clear()
    {
        _root.EnsureWriting();
        _sessions.Clear();
    }

    public void Save(StateDocument doc) =>
        doc.Sessions = _sessions.Values.Select(static s => new SessionDocument
        {
            AccessKeyId = s.AccessKeyId,
            Secret = s.Secret,
            SecurityToken = s.SecurityToken,
            Expiration = s.Expiration,
            RoleName = s.Role.Name,
            SessionName = s.SessionName,
        }).ToList();

    /// <summary>Replaces the sessions with saved ones; a session of a role no longer configured is dropped.</summary>
    public void Load(StateDocument doc)
    {
        Clear();
        foreach (var s in doc.Sessions)
        {
            if (FindRoleByName(s.RoleName) is RoleRecord role)
            {
                _sessions[s.AccessKeyId] = new StsSession(s.AccessKeyId, s.Secret, s.SecurityToken, s.Expiration, role, s.SessionName);
            }
        }
    }
}

/// <summary>An STS session in the state file.</summary>
internal sealed class SessionDocument
{
    public string AccessKeyId { get; set; } = string.Empty;

    public string Secret { get; set; } = string.Empty;

    public string SecurityToken { get; set; } = string.Empty;

    public DateTime Expiration { get; set; }

    public string RoleName { get; set; } = string.Empty;

    public string SessionName { get; set; } = string.Empty;
}
