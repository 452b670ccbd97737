using AliyunAccessKey.Operations;
using Xunit;

namespace AliyunAccessKey.Tests.Operations;

/// <summary>
/// Whether each page of GetCredentialReport repeats the CSV header is not documented (the emulator's
/// do): the reader must take both, and quoted cells.
/// </summary>
public class CredentialReportParseTests
{
    private const string Header = "user,user_creation_time,user_last_logon,password_exist,password_active,password_last_changed,password_next_rotation,mfa_active,access_key_1_exist,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used,access_key_2_exist,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Later_pages_read_the_same_with_or_without_a_repeated_header(bool repeated)
    {
        string[]? header = null;
        var first = CredentialReport.Parse(Header + "\r\n<root>,2020-01-01T00:00:00Z,-,TRUE,TRUE,N/A,N/A,FALSE,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A\r\n", ref header).ToList();
        var second = CredentialReport.Parse((repeated ? Header + "\n" : string.Empty) + "a@x.onaliyun.com,2021-02-03T04:05:06Z,-,FALSE,N/A,N/A,N/A,TRUE,TRUE,FALSE,2021-02-03T04:05:06Z,N/A,FALSE,N/A,N/A,N/A\n", ref header).ToList();

        Assert.Single(first);
        Assert.Single(second);
        Assert.Equal("a@x.onaliyun.com", second[0][0]);
        Assert.Equal(16, header!.Length);

        var csv = new CredentialReportResult([], [Header + "\n<root>,x\n", (repeated ? Header + "\n" : string.Empty) + "a@x.onaliyun.com,y\n"], null).Csv();
        Assert.Equal(Header + "\n<root>,x\na@x.onaliyun.com,y\n", csv);
    }

    [Fact]
    public void Quoted_cells_keep_their_commas_and_quotes() =>
        Assert.Equal(["a", "b,c", "d\"e", string.Empty], CredentialReport.Split("a,\"b,c\",\"d\"\"e\","));
}
