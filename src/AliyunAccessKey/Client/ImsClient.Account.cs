using System.Globalization;
using AliyunAccessKey.Model;

namespace AliyunAccessKey.Client;

/// <summary>IMS account-wide reads: the credential report, the account summary and the security preference.</summary>
internal sealed partial class ImsClient
{
    /// <summary>GenerateCredentialReport's State for a new report.</summary>
    public const string ReportStarted = "STARTED";

    /// <summary>GenerateCredentialReport's State while the report is being made.</summary>
    public const string ReportInProgress = "INPROGRESS";

    /// <summary>GenerateCredentialReport's State when a report (younger than 4 hours) is ready.</summary>
    public const string ReportCompleted = "COMPLETED";

    /// <summary>Alibaba: no credential report is generated for more than this many RAM users.</summary>
    public const int CredentialReportMaxUsers = 3500;

    /// <summary>GetCredentialReport's MaxItems range (the documented 1–3,501; the account's row counts as one).</summary>
    public const int CredentialReportMaxItems = 3501;

    /// <summary>
    /// GenerateCredentialReport: starts a report, or finds one (a report is reused for 4 hours).
    /// Answers the State: <see cref="ReportStarted"/>, <see cref="ReportInProgress"/> or <see cref="ReportCompleted"/>
    /// (the documentation spells it COMPLETED; COMPLETE is read the same).
    /// </summary>
    public string GenerateCredentialReport(CancellationToken cancellationToken)
    {
        var state = Call(Request("GenerateCredentialReport"), cancellationToken).Str("State") ?? throw Missing("GenerateCredentialReport", "State");
        return string.Equals(state, "COMPLETE", StringComparison.OrdinalIgnoreCase) ? ReportCompleted : state.ToUpperInvariant();
    }

    /// <summary>GetCredentialReport: one page (MaxItems 1–3,501, the service's default 3,501); Content is Base64 of CSV text.</summary>
    public CredentialReportPage GetCredentialReport(string? nextToken, int? maxItems, CancellationToken cancellationToken)
    {
        var root = Call(Request("GetCredentialReport").Set("NextToken", nextToken).Set("MaxItems", maxItems), cancellationToken);
        var truncated = root.Bool("IsTruncated");
        var next = root.Str("NextToken");
        if (truncated && string.IsNullOrEmpty(next))
        {
            throw Missing("GetCredentialReport", "NextToken");
        }

        return new CredentialReportPage(root.Str("Content") ?? string.Empty, root.Date("GeneratedTime"), truncated, truncated ? next : null);
    }

    /// <summary>GetAccountSummary: the SummaryMap's counts and quotas.</summary>
    public AliyunAccountSummary GetAccountSummary(CancellationToken cancellationToken)
    {
        var map = Call(Request("GetAccountSummary"), cancellationToken).Object("SummaryMap") ?? throw Missing("GetAccountSummary", "SummaryMap");
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var field in map.Elements())
        {
            if (int.TryParse(field.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
            {
                values[field.Name.LocalName] = n;
            }
        }

        return new AliyunAccountSummary(values);
    }

    /// <summary>GetSecurityPreference: what the module uses of it (MaxIdleDaysForAccessKeys, AllowUserToManageAccessKeys).</summary>
    public AliyunSecurityPreference GetSecurityPreference(CancellationToken cancellationToken)
    {
        var pref = Call(Request("GetSecurityPreference"), cancellationToken).Object("SecurityPreference") ?? throw Missing("GetSecurityPreference", "SecurityPreference");
        return new AliyunSecurityPreference
        {
            MaxIdleDaysForAccessKeys = Int(pref.Object("MaxIdleDays")?.Str("MaxIdleDaysForAccessKeys")),
            MaxIdleDaysForUsers = Int(pref.Object("MaxIdleDays")?.Str("MaxIdleDaysForUsers")),
            AllowUserToManageAccessKeys = pref.Object("AccessKeyPreference")?.Str("AllowUserToManageAccessKeys") is { } allow
                ? string.Equals(allow, "true", StringComparison.OrdinalIgnoreCase)
                : null,
        };
    }

    private static int? Int(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
}
