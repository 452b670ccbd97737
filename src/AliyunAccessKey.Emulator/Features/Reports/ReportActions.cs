using System.Globalization;
using System.Text.Json;
using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Api;

namespace AliyunAccessKey.Emulator.Features.Reports;

/// <summary>IMS (2019-08-15) credential report: GenerateCredentialReport, GetCredentialReport.</summary>
internal static class ReportActions
{
    /// <summary>STARTED when a new report begins, INPROGRESS while it is made, COMPLETED when one younger than 4 hours is ready.</summary>
    [Writes]
    public static void GenerateCredentialReport(ActionContext ctx, AccountState state, Utf8JsonWriter json) =>
        json.WriteString("State", state.CredentialReport.Generate(state, ctx.PreciseNow, ctx.Knobs.CredentialReportMs));

    /// <summary>Pages the report's rows (the account's row counts as one) by NextToken, MaxItems 1–3,501, default 3,501.</summary>
    [Reads]
    public static void GetCredentialReport(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var maxItems = CredentialReportStore.MaxUsers + 1;
        if (ctx.Optional("MaxItems") is string given)
        {
            if (!int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out maxItems) || maxItems < 1 || maxItems > CredentialReportStore.MaxUsers + 1)
            {
                throw ReportErrors.BadMaxItems();
            }
        }

        var report = state.CredentialReport;
        if (report.StartedAt is not DateTime started)
        {
            throw ReportErrors.NotPresent();
        }

        if (ctx.PreciseNow < report.ReadyAt)
        {
            throw ReportErrors.NotReady();
        }

        var offset = 0;
        if (ctx.Optional("NextToken") is string token && !report.TryOffset(token, out offset))
        {
            throw ReportErrors.BadToken();
        }

        var end = Math.Min(report.Rows.Count, offset + maxItems);
        json.WriteString("GeneratedTime", ActionContext.Date(report.ReadyAt));
        json.WriteString("Content", report.Page(offset, end - offset));
        json.WriteString("IsTruncated", end < report.Rows.Count ? "true" : "false");
        if (end < report.Rows.Count)
        {
            json.WriteString("NextToken", CredentialReportStore.Token(started, end));
        }
    }
}
