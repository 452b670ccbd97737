using System.Diagnostics;
using System.Globalization;
using System.Text;
using AliyunAccessKey.Client;
using AliyunAccessKey.Model;
using AliyunAccessKey.Sessions;

namespace AliyunAccessKey.Operations;

/// <summary>The account has more RAM users than Alibaba makes a credential report for.</summary>
internal sealed class CredentialReportTooLargeException(int? users, Exception? inner = null)
    : Exception(Describe(users), inner)
{
    internal int? Users { get; } = users;

    private static string Describe(int? users) =>
        (users is int n ? string.Format(CultureInfo.InvariantCulture, "The account has {0:N0} RAM users; ", n) : "The account has too many RAM users: ") +
        string.Format(CultureInfo.InvariantCulture, "Alibaba Cloud generates no credential report above {0:N0}. ", ImsClient.CredentialReportMaxUsers) +
        "List keys per user instead: Get-AliyunAccessKey -StaleDays <days> without a user falls back to that by itself, " +
        "or Get-AliyunRamUser | Get-AliyunAccessKey -IncludeLastUsed.";
}

/// <summary>The report was not ready within the time allowed.</summary>
internal sealed class CredentialReportTimeoutException(TimeSpan waited)
    : TimeoutException(string.Format(CultureInfo.InvariantCulture, "The credential report was not ready after {0:0} seconds. Try again later: a report in progress is finished by the service and reused for 4 hours.", waited.TotalSeconds));

/// <summary>The credential report as read: its rows, the CSV text of each page, and when it was made.</summary>
internal sealed class CredentialReportResult(IReadOnlyList<AliyunCredentialReportEntry> entries, IReadOnlyList<string> pages, DateTime? generatedTime)
{
    internal IReadOnlyList<AliyunCredentialReportEntry> Entries { get; } = entries;

    /// <summary>Each page's CSV text, decoded from Base64, as the service gave it.</summary>
    internal IReadOnlyList<string> Pages { get; } = pages;

    internal DateTime? GeneratedTime { get; } = generatedTime;

    /// <summary>The CSV text: the pages joined, a header that a later page repeats left out.</summary>
    internal string Csv()
    {
        var text = new StringBuilder();
        string? header = null;
        foreach (var page in Pages)
        {
            var body = page;
            var firstLine = FirstLine(page);
            if (header is null)
            {
                header = firstLine;
            }
            else if (string.Equals(firstLine, header, StringComparison.Ordinal))
            {
                body = page.Substring(Math.Min(page.Length, page.IndexOf('\n') + 1));
            }

            if (text.Length > 0 && text[text.Length - 1] != '\n')
            {
                text.Append('\n');
            }

            text.Append(body);
        }

        return text.ToString();
    }

    internal static string FirstLine(string text)
    {
        var end = text.IndexOf('\n');
        return (end < 0 ? text : text.Substring(0, end)).TrimEnd('\r');
    }
}

/// <summary>
/// Gets the credential report: checks the user count (the service makes none above 3,500), starts or
/// reuses a report (GenerateCredentialReport; a report lives 4 hours), waits until it is COMPLETED,
/// pages GetCredentialReport, and reads the CSV into typed rows.
/// </summary>
internal static class CredentialReport
{
    /// <summary>The documented columns, in order.</summary>
    internal static readonly string[] Columns =
    [
        "user", "user_creation_time", "user_last_logon", "password_exist", "password_active", "password_last_changed",
        "password_next_rotation", "mfa_active", "access_key_1_exist", "access_key_1_active", "access_key_1_last_rotated",
        "access_key_1_last_used", "access_key_2_exist", "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used",
    ];

    /// <summary>How long to wait for a report by default; the service's own callback hint is 5 × 10 seconds.</summary>
    internal static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Service codes that say "too many users for a report" (undocumented: the emulator's guess, and the generic one).</summary>
    private static readonly string[] TooManyUsersCodes = ["LimitExceeded.CredentialReport.User", "LimitExceeded.CredentialReport"];

    /// <param name="ims">The IMS client.</param>
    /// <param name="facts">The session's account facts (the user count).</param>
    /// <param name="pageSize">MaxItems per page (1–3,501); null for the largest.</param>
    /// <param name="timeout">How long to wait for the report to be ready.</param>
    /// <param name="progress">Called while waiting: the state and the seconds waited.</param>
    /// <param name="verbose">Verbose lines.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    internal static CredentialReportResult Read(
        ImsClient ims, AccountFacts facts, int? pageSize, TimeSpan timeout, Action<string, double>? progress, Action<string> verbose, CancellationToken cancellationToken)
    {
        // The user count is a pre-check only: without it, the service's own refusal is read below.
        AliyunAccountSummary? summary = null;
        try
        {
            summary = facts.Summary(cancellationToken);
        }
        catch (AliyunException ex)
        {
            verbose($"The account's user count is unknown ({ex.Message}); asking for the report anyway.");
        }

        if (summary?.Users is int users && users > ImsClient.CredentialReportMaxUsers)
        {
            throw new CredentialReportTooLargeException(users);
        }

        var watch = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            string state;
            try
            {
                state = ims.GenerateCredentialReport(cancellationToken);
            }
            catch (AliyunServiceException ex) when (TooManyUsersCodes.Any(ex.IsCode))
            {
                throw new CredentialReportTooLargeException(null, ex);
            }

            if (string.Equals(state, ImsClient.ReportCompleted, StringComparison.Ordinal))
            {
                verbose(string.Format(CultureInfo.InvariantCulture, "The credential report is ready ({0:0.0} s).", watch.Elapsed.TotalSeconds));
                break;
            }

            if (watch.Elapsed >= timeout)
            {
                throw new CredentialReportTimeoutException(watch.Elapsed);
            }

            progress?.Invoke(state, watch.Elapsed.TotalSeconds);

            // Never sleep past the deadline: -TimeoutSec 1 gives up after about a second.
            var left = timeout - watch.Elapsed;
            delay = left < delay ? left : delay;
            verbose($"The credential report is {state}; waiting {delay.TotalMilliseconds:0} ms.");
            if (cancellationToken.WaitHandle.WaitOne(delay))
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            // Back off up to 5 s: a large account takes a while, and each poll is a request.
            delay = TimeSpan.FromMilliseconds(Math.Min(5000, delay.TotalMilliseconds * 2));
        }

        var pages = new List<string>();
        var entries = new List<AliyunCredentialReportEntry>();
        DateTime? generated = null;
        string? token = null;
        string[]? header = null;
        do
        {
            var page = ims.GetCredentialReport(token, pageSize ?? ImsClient.CredentialReportMaxItems, cancellationToken);
            generated ??= page.GeneratedTime;
            string text;
            try
            {
                text = Encoding.UTF8.GetString(Convert.FromBase64String(page.Content));
            }
            catch (FormatException ex)
            {
                throw new AliyunResponseException("GetCredentialReport", 200, "GetCredentialReport answered Content that is not Base64.", ex);
            }

            pages.Add(text);
            foreach (var row in Parse(text, ref header))
            {
                entries.Add(Entry(header!, row, page.GeneratedTime));
            }

            token = page.IsTruncated ? page.NextToken : null;
        }
        while (token is not null);

        return new CredentialReportResult(entries, pages, generated);
    }

    /// <summary>The data rows of one page; a header line (the first page's, or repeated on a later one) sets or skips the column names.</summary>
    internal static IEnumerable<string[]> Parse(string text, ref string[]? header)
    {
        var rows = new List<string[]>();
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.Length == 0)
            {
                continue;
            }

            var fields = Split(trimmed);
            if (string.Equals(fields[0], "user", StringComparison.Ordinal))
            {
                header ??= fields;
                continue;
            }

            rows.Add(fields);
        }

        header ??= Columns;
        return rows;
    }

    /// <summary>One CSV line: commas, with double-quoted fields ("" inside a quote is a quote).</summary>
    internal static string[] Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields.ToArray();
    }

    private static AliyunCredentialReportEntry Entry(string[] header, string[] row, DateTime? generated)
    {
        string? Cell(string column)
        {
            var i = Array.IndexOf(header, column);
            return i >= 0 && i < row.Length ? Nothing(row[i]) : null;
        }

        var user = row.Length > 0 ? row[0] : string.Empty;
        var root = string.Equals(user, "<root>", StringComparison.Ordinal);
        return new AliyunCredentialReportEntry
        {
            User = user,
            IsRoot = root,
            UserPrincipalName = root ? null : user,
            UserCreationTime = Date(Cell("user_creation_time")),
            UserLastLogon = Date(Cell("user_last_logon")),
            PasswordExist = Bool(Cell("password_exist")),
            PasswordActive = Bool(Cell("password_active")),
            PasswordLastChanged = Date(Cell("password_last_changed")),
            PasswordNextRotation = Date(Cell("password_next_rotation")),
            MfaActive = Bool(Cell("mfa_active")),
            AccessKey1Exist = Bool(Cell("access_key_1_exist")),
            AccessKey1Active = Bool(Cell("access_key_1_active")),
            AccessKey1LastRotated = Date(Cell("access_key_1_last_rotated")),
            AccessKey1LastUsed = Date(Cell("access_key_1_last_used")),
            AccessKey2Exist = Bool(Cell("access_key_2_exist")),
            AccessKey2Active = Bool(Cell("access_key_2_active")),
            AccessKey2LastRotated = Date(Cell("access_key_2_last_rotated")),
            AccessKey2LastUsed = Date(Cell("access_key_2_last_used")),
            GeneratedTime = generated,
        };
    }

    /// <summary>"N/A", "-" and an empty cell mean nothing there.</summary>
    private static string? Nothing(string cell)
    {
        var value = cell.Trim();
        return value.Length == 0 || value == "-" || string.Equals(value, "N/A", StringComparison.OrdinalIgnoreCase) ? null : value;
    }

    private static bool? Bool(string? cell) =>
        string.Equals(cell, "TRUE", StringComparison.OrdinalIgnoreCase) ? true
        : string.Equals(cell, "FALSE", StringComparison.OrdinalIgnoreCase) ? false
        : null;

    /// <summary>ISO 8601 UTC; anything else (a note such as "not_supported") reads as no date.</summary>
    private static DateTime? Date(string? cell) => cell is null ? null : Json.ParseDate(cell);
}
