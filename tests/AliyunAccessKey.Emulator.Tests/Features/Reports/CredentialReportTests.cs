using System.Text;

namespace AliyunAccessKey.Emulator.Tests.Features.Reports;

public class CredentialReportTests
{
    private static string[] Lines(ApiResult page) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(page.Str("Content"))).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task The_report_is_generated_then_reused_and_pages_by_NextToken()
    {
        await using var emu = await Emu.StartAsync(o => o.Knobs = o.Knobs with { CredentialReportMs = 300 });
        var alice = emu.State.IssueCredentials(emu.Upn("alice"));
        emu.State.IssueCredentials(emu.Upn("alice"));
        emu.State.IssueCredentials(emu.Upn("bob"));
        emu.State.RecordLogin(emu.Upn("bob"), new DateTime(2023, 8, 21, 6, 12, 47, DateTimeKind.Utc));
        emu.State.BindMfaDevice(emu.Upn("bob"));
        emu.State.AgeAccessKey(alice.AccessKeyId, createDate: new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc), lastUsedDate: new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var none = await emu.Client.ImsAsync("GetCredentialReport");
        Assert.Equal((404, "EntityNotExist.CredentialReport"), (none.Status, none.Code));

        Assert.Equal("STARTED", (await emu.Client.ImsAsync("GenerateCredentialReport")).Str("State"));
        Assert.Equal("INPROGRESS", (await emu.Client.ImsAsync("GenerateCredentialReport")).Str("State"));
        var early = await emu.Client.ImsAsync("GetCredentialReport");
        Assert.Equal(409, early.Status);
        await Task.Delay(350);
        Assert.Equal("COMPLETED", (await emu.Client.ImsAsync("GenerateCredentialReport")).Str("State"));
        Assert.Equal(1, emu.State.CredentialReportGenerations);

        var first = await emu.Client.ImsAsync("GetCredentialReport", parameters: new { MaxItems = "2" });
        Assert.Equal("true", first.Str("IsTruncated"));
        var lines = Lines(first);
        Assert.StartsWith("user,user_creation_time,user_last_logon,password_exist", lines[0], StringComparison.Ordinal);
        Assert.Equal(16, lines[0].Split(',').Length);
        Assert.StartsWith("<root>,", lines[1], StringComparison.Ordinal);
        var aliceRow = lines[2].Split(',');
        Assert.Equal(16, aliceRow.Length);
        Assert.Equal(emu.Upn("alice"), aliceRow[0]);
        Assert.Equal(["-", "FALSE", "N/A", "N/A", "N/A", "FALSE"], aliceRow[2..8]);
        Assert.Equal(["TRUE", "TRUE", "2020-01-02T03:04:05Z", "2021-01-01T00:00:00Z"], aliceRow[8..12]);
        Assert.Equal("TRUE", aliceRow[12]);
        Assert.Equal("N/A", aliceRow[15]);

        var second = await emu.Client.ImsAsync("GetCredentialReport", parameters: new { MaxItems = "2", NextToken = first.Str("NextToken") });
        Assert.Equal("false", second.Str("IsTruncated"));
        Assert.False(second.Has("NextToken"));
        var bob = Lines(second)[1].Split(',');
        Assert.Equal([emu.Upn("bob"), "2023-08-21T06:12:47Z"], new[] { bob[0], bob[2] });
        Assert.Equal("TRUE", bob[7]);
        Assert.Equal(["FALSE", "N/A", "N/A", "N/A"], bob[12..16]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3502")]
    [InlineData("x")]
    public async Task MaxItems_outside_1_to_3501_is_refused(string maxItems)
    {
        await using var emu = await Emu.StartAsync(o => o.Knobs = o.Knobs with { CredentialReportMs = 0 });
        await emu.Client.ImsAsync("GenerateCredentialReport");
        var r = await emu.Client.ImsAsync("GetCredentialReport", parameters: new { MaxItems = maxItems });
        Assert.Equal((400, "InvalidParameter.MaxItems"), (r.Status, r.Code));
    }

    [Fact]
    public async Task More_than_3500_users_get_no_report()
    {
        await using var emu = await Emu.StartAsync();
        emu.State.Seed(3501);
        var r = await emu.Client.ImsAsync("GenerateCredentialReport");
        Assert.Equal((409, "LimitExceeded.CredentialReport.User"), (r.Status, r.Code));
    }

    [Fact]
    public async Task A_report_older_than_four_hours_is_generated_again()
    {
        await using var emu = await Emu.StartAsync(o => o.Knobs = o.Knobs with { CredentialReportMs = 0 });
        Assert.Equal("STARTED", (await emu.Client.ImsAsync("GenerateCredentialReport")).Str("State"));
        emu.Server.Knobs = emu.Server.Knobs with { ClockOffsetSeconds = (4 * 3600) - 60 };
        Assert.Equal("COMPLETED", (await emu.Client.ImsAsync("GenerateCredentialReport")).Str("State"));
        emu.Server.Knobs = emu.Server.Knobs with { ClockOffsetSeconds = (4 * 3600) + 1 };
        Assert.Equal("STARTED", (await emu.Client.ImsAsync("GenerateCredentialReport")).Str("State"));
        Assert.Equal(2, emu.State.CredentialReportGenerations);
    }

    [Fact]
    public async Task Summary_and_security_preference_answer_the_official_shapes()
    {
        await using var emu = await Emu.StartAsync(o => o.Knobs = o.Knobs with { MaxIdleDaysForAccessKeys = 90 });
        emu.State.Seed(3);
        var summary = await emu.Client.ImsAsync("GetAccountSummary");
        Assert.Equal(2, summary.Json.GetProperty("SummaryMap").GetProperty("AccessKeysPerUserQuota").GetInt32());
        Assert.Equal(3, summary.Json.GetProperty("SummaryMap").GetProperty("Users").GetInt32());
        var pref = await emu.Client.ImsAsync("GetSecurityPreference");
        Assert.Equal(90, pref.Json.GetProperty("SecurityPreference").GetProperty("MaxIdleDays").GetProperty("MaxIdleDaysForAccessKeys").GetInt32());
    }

    [Fact]
    public async Task The_control_endpoint_ages_a_key()
    {
        await using var emu = await Emu.StartAsync();
        var key = emu.State.IssueCredentials(emu.Upn("dora"));
        var aged = await emu.Client.ControlAsync(HttpMethod.Post, "keys/age", new { accessKeyId = key.AccessKeyId, createDate = "2020-01-01T00:00:00Z", lastUsedDate = "2020-02-01T00:00:00Z" });
        Assert.Equal("2020-02-01T00:00:00Z", aged.GetProperty("lastUsedDate").GetString());
        Assert.Equal(new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), emu.State.FindAccessKey(key.AccessKeyId)!.CreateDate);
        await emu.Client.ControlAsync(HttpMethod.Post, "keys/age", new { accessKeyId = key.AccessKeyId, neverUsed = true });
        Assert.Null(emu.State.FindAccessKey(key.AccessKeyId)!.LastUsedDate);
        await Assert.ThrowsAsync<HttpRequestException>(() => emu.Client.ControlAsync(HttpMethod.Post, "keys/age", new { accessKeyId = "LTAI5tnope" }));
    }
}
