using AliyunAccessKey.Client;
using Xunit;

namespace AliyunAccessKey.Tests.Spec;

/// <summary>
/// Dates come as ISO 8601 in most answers, but the official ListUsers example carries LastLoginDate
/// as epoch milliseconds ("1692598367586"); both must read to the same UTC instant.
/// </summary>
public class DateParsingTests
{
    public static TheoryData<string, DateTime> Readable => new()
    {
        { "2020-10-12T09:12:00Z", new DateTime(2020, 10, 12, 9, 12, 0, DateTimeKind.Utc) },
        { "2020-10-12T17:12:00+08:00", new DateTime(2020, 10, 12, 9, 12, 0, DateTimeKind.Utc) },
        { "2020-10-12T09:12:00", new DateTime(2020, 10, 12, 9, 12, 0, DateTimeKind.Utc) },
        { "1692598367586", new DateTime(2023, 8, 21, 6, 12, 47, 586, DateTimeKind.Utc) },
        { "0000000000000", new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
        { "1692598367", new DateTime(2023, 8, 21, 6, 12, 47, DateTimeKind.Utc) },
    };

    [Theory]
    [MemberData(nameof(Readable))]
    public void A_date_reads_as_the_same_UTC_instant(string text, DateTime expected)
    {
        var parsed = Json.ParseDate(text);

        Assert.Equal(expected, parsed);
        Assert.Equal(DateTimeKind.Utc, parsed!.Value.Kind);
    }

    /// <summary>11 or 12 digits could be seconds after year 5000 or milliseconds in 1970-1973: no date, rather than a wrong one.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("not a date")]
    [InlineData("16925983675")]
    [InlineData("169259836758")]
    [InlineData("16925983675860")]
    [InlineData("123")]
    [InlineData("-1692598367586")]
    [InlineData("1692598367586000000000000")]
    [InlineData("١٦٩٢٥٩٨٣٦٧٥٨٦")]
    public void A_value_that_is_no_clear_date_reads_as_none(string text)
    {
        Assert.Null(Json.ParseDate(text));
    }
}
