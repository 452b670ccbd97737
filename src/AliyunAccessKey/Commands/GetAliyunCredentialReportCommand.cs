using System.Globalization;
using System.Management.Automation;
using AliyunAccessKey.Model;
using AliyunAccessKey.Operations;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Gets the account's credential report: every RAM user's console logon, MFA and AccessKey state, in a few requests.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AliyunCredentialReport", DefaultParameterSetName = ObjectsSet)]
[OutputType(typeof(AliyunCredentialReportEntry), ParameterSetName = [ObjectsSet])]
[OutputType(typeof(string), ParameterSetName = [RawSet])]
public sealed class GetAliyunCredentialReportCommand : AliyunSessionCmdlet
{
    private const string ObjectsSet = "Objects";
    private const string RawSet = "Raw";

    /// <summary>Write the report's CSV text as the service gave it (decoded from Base64), not objects.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RawSet)]
    public SwitchParameter Raw { get; set; }

    /// <summary>How long to wait for the service to finish the report, in seconds (default 300).</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = (int)CredentialReport.DefaultTimeout.TotalSeconds;

    /// <summary>Rows per GetCredentialReport page (1–3,501; default 3,501, the whole report in one page).</summary>
    [Parameter]
    [ValidateRange(InputRules.MinMaxItems, InputRules.MaxReportMaxItems)]
    public int PageSize { get; set; } = InputRules.MaxReportMaxItems;

    private protected override void ProcessRecordWithSession(AliyunSession session)
    {
        var raw = Raw.IsPresent;
        var pageSize = PageSize;
        var timeout = TimeSpan.FromSeconds(TimeoutSec);
        const int activityId = 0x15C2;
        var progressShown = false;
        RunNow("CredentialReport", (output, ct) =>
        {
            try
            {
                var report = CredentialReport.Read(
                    session.Ims,
                    session.Account,
                    pageSize,
                    timeout,
                    (state, seconds) => output.OnPipeline(() =>
                    {
                        progressShown = true;
                        WriteProgress(new ProgressRecord(activityId, "Credential report", string.Format(CultureInfo.CurrentCulture, "{0}, {1:0} s", state, seconds)));
                    }),
                    output.Verbose,
                    ct);
                if (raw)
                {
                    output.Object(report.Csv());
                    return;
                }

                foreach (var entry in report.Entries)
                {
                    output.Object(entry);
                }
            }
            finally
            {
                if (progressShown)
                {
                    output.OnPipeline(() => WriteProgress(new ProgressRecord(activityId, "Credential report", "Done") { RecordType = ProgressRecordType.Completed }));
                }
            }
        });
    }
}
