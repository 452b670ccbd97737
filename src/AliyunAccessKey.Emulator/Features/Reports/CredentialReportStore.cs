using System.Globalization;
using System.Text;
using AliyunAccessKey.Emulator.Account;

namespace AliyunAccessKey.Emulator.Features.Reports;

/// <summary>
/// The account's credential report: at most one, a snapshot taken when generation starts and
/// served once the generation moment (the <c>credentialReportMs</c> knob) has passed. Not in the
/// state file: a restarted emulator has no report, as a report is cheap to make again.
/// </summary>
internal sealed class CredentialReportStore
{
    /// <summary>Alibaba: "a new report can only be generated every four hours".</summary>
    public static readonly TimeSpan ReuseFor = TimeSpan.FromHours(4);

    /// <summary>Alibaba: "if the number of RAM users exceeds 3,500, no user credential reports can be generated".</summary>
    public const int MaxUsers = 3500;

    public const string Header =
        "user,user_creation_time,user_last_logon,password_exist,password_active,password_last_changed,password_next_rotation,mfa_active," +
        "access_key_1_exist,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used," +
        "access_key_2_exist,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used";

    private readonly AccountRoot _root;

    public CredentialReportStore(AccountRoot root) => _root = root;

    /// <summary>When the current report was started, or null when there is none.</summary>
    public DateTime? StartedAt { get; private set; }

    /// <summary>When the current report can be read.</summary>
    public DateTime ReadyAt { get; private set; }

    /// <summary>The report's rows without the header, the account's first.</summary>
    public IReadOnlyList<string> Rows { get; private set; } = [];

    /// <summary>How many reports were generated (not reused); tests read the 4-hour reuse from it.</summary>
    public int Generations { get; private set; }

    /// <summary>Starts a report unless one younger than four hours exists; answers the state as GenerateCredentialReport does.</summary>
    public string Generate(AccountState state, DateTime now, int generationMs)
    {
        _root.EnsureWriting();
        if (StartedAt is DateTime started && now - started < ReuseFor)
        {
            return now >= ReadyAt ? "COMPLETED" : "INPROGRESS";
        }

        if (state.Users.Count > MaxUsers)
        {
            throw ReportErrors.TooManyUsers(state.Users.Count);
        }

        Rows = Snapshot(state);
        StartedAt = now;
        ReadyAt = now.AddMilliseconds(Math.Max(0, generationMs));
        Generations++;
        return "STARTED";
    }

    public void Clear()
    {
        _root.EnsureWriting();
        StartedAt = null;
        Rows = [];
    }

    private static List<string> Snapshot(AccountState state)
    {
        var rows = new List<string>(state.Users.Count + 1);
        var root = new StringBuilder("<root>,");
        // The account's creation is not modelled: its first key's creation stands in for it.
        var rootKeys = state.AccessKeys.Of(null);
        root.Append(rootKeys.Count > 0 ? Date(rootKeys.Min(static k => k.CreateDate)) : "N/A").Append(",-,TRUE,TRUE,N/A,N/A,FALSE,");
        AppendKeys(root, rootKeys);
        rows.Add(root.ToString());
        foreach (var user in state.Users.Page(0, int.MaxValue, null, out _))
        {
            var row = new StringBuilder(state.Profile.Upn(user.Name)).Append(',');
            row.Append(Date(user.CreateDate)).Append(',');
            row.Append(user.LastLoginDate is DateTime logon ? Date(logon) : "-").Append(',');
            if (state.LoginProfiles.Of(user) is { } profile)
            {
                row.Append("TRUE,").Append(Bool(profile.Active)).Append(',').Append(Date(profile.UpdateDate)).Append(",N/A,");
            }
            else
            {
                row.Append("FALSE,N/A,N/A,N/A,");
            }

            row.Append(Bool(state.Mfa.Of(user) is not null)).Append(',');
            AppendKeys(row, state.AccessKeys.Of(user));
            rows.Add(row.ToString());
        }

        return rows;
    }

    /// <summary>The first two keys by creation: exist, active, last rotated (created), last used.</summary>
    private static void AppendKeys(StringBuilder row, IReadOnlyList<AccessKeys.AccessKeyRecord> keys)
    {
        var ordered = keys.OrderBy(static k => k.CreateDate).ToList();
        for (var i = 0; i < 2; i++)
        {
            if (i < ordered.Count)
            {
                var k = ordered[i];
                row.Append("TRUE,").Append(Bool(k.Active)).Append(',').Append(Date(k.CreateDate)).Append(',')
                    .Append(k.LastUsedDate is DateTime used ? Date(used) : "N/A");
            }
            else
            {
                row.Append("FALSE,N/A,N/A,N/A");
            }

            if (i == 0)
            {
                row.Append(',');
            }
        }
    }

    private static string Bool(bool value) => value ? "TRUE" : "FALSE";

    private static string Date(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Rows [offset, offset+count) as Base64 CSV with the header line (every page is a CSV of its own).</summary>
    public string Page(int offset, int count)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var row in Rows.Skip(offset).Take(count))
        {
            text.Append(row).Append('\n');
        }

        return Convert.ToBase64String(Encoding.UTF8.GetBytes(text.ToString()));
    }

    internal static string Token(DateTime started, int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{started.Ticks}:{offset}")));

    /// <summary>The row offset a NextToken names, when it belongs to this report.</summary>
    internal bool TryOffset(string token, out int offset)
    {
        offset = 0;
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split(':');
            return parts.Length == 2 && StartedAt is DateTime started &&
                long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks == started.Ticks &&
                int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out offset) && offset <= Rows.Count;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
