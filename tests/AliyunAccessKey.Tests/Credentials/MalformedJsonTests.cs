using System.Text;
using System.Xml;
using AliyunAccessKey.Client;
using AliyunAccessKey.Credentials;
using Xunit;

namespace AliyunAccessKey.Tests.Credentials;

/// <summary>
/// JSON that does not parse is reported by where it breaks, never by what it holds: the JSON
/// reader's own messages quote the bytes where it stopped ('q', 'tSec…', '12ZZ'), and the broken
/// spot may be inside a secret.
/// </summary>
public sealed class MalformedJsonTests : IDisposable
{
    // Letters alternate with digits, so no three characters in a row can occur in a path, a
    // GUID or a stack trace by chance.
    private const string Secret = "Zq7Wx9Kv3Tr8Ym2Pj5Hn";

    // Line 4 of the config file starts with this, then the value under test (column 26).
    private const string SecretLinePrefix = "    \"access_key_secret\": ";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "aak-json-" + Guid.NewGuid().ToString("N"));

    public MalformedJsonTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The value written after "access_key_secret": on line 4; the column where the fault is; what the fault is.</summary>
    public static TheoryData<string, int, string> BrokenInsideTheSecret => new()
    {
        // \q is no escape: the reader says "Encountered unexpected character 'q'".
        { "\"Zq7Wx\\q9Kv3Tr8Ym2Pj5Hn\"", 32, "escape" },
        // A \u escape without four hex digits: a FormatException quoting them, not even an XmlException.
        { "\"Zq7Wx\\u9Kv3Tr8Ym2Pj5Hn\"", 32, "escape" },
        // Unquoted: "Encountered unexpected character 'Z'".
        { Secret, 26, "is expected" },
        // Starts like true: "The token 'true' was expected but found 'tZq7'".
        { "t" + Secret, 26, "is expected" },
        // A raw control character inside the string.
        { "\"Zq7Wx\u00019Kv3Tr8Ym2Pj5Hn\"", 32, "control character" },
        // The closing quote escaped: the string runs on to the end of the line (column 53).
        { "\"" + Secret + "\\\"", 53, "line break" },
    };

    private string WriteConfig(string secretValue, byte[]? raw = null)
    {
        var path = Path.Combine(_dir, "config.json");
        var text = "{\n" +
            "  \"current\": \"p\",\n" +
            "  \"profiles\": [ { \"name\": \"p\", \"mode\": \"AK\", \"access_key_id\": \"LTAI5tExample00000001\",\n" +
            SecretLinePrefix + secretValue + " } ]\n" +
            "}\n";
        File.WriteAllBytes(path, raw ?? new UTF8Encoding(false).GetBytes(text));
        return path;
    }

    private static IEnumerable<Exception> Chain(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    /// <summary>No exception in the chain quotes anything: no three characters of the secret in a row, no quoted snippet.</summary>
    private static void AssertQuotesNothing(Exception ex)
    {
        foreach (var e in Chain(ex))
        {
            var text = e.Message + "\n" + e;
            for (var i = 0; i + 3 <= Secret.Length; i++)
            {
                Assert.DoesNotContain(Secret.Substring(i, 3), text, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("'", e.Message, StringComparison.Ordinal);
            // The module's own exceptions only: not the reader's FormatException or XmlException with its quote.
            Assert.True(e is AliyunCredentialException or AliyunException or JsonSyntaxException, e.GetType().FullName);
        }
    }

    [Theory]
    [MemberData(nameof(BrokenInsideTheSecret))]
    public void A_config_json_broken_inside_a_secret_is_reported_by_line_and_column_not_content(string secretValue, int column, string reason)
    {
        var path = WriteConfig(secretValue);

        var ex = Assert.Throws<AliyunCredentialException>(() => ProfileFiles.ReadCliConfig(path));

        Assert.Equal("MalformedCliConfig", ex.ErrorId);
        Assert.StartsWith($"{path} is not valid JSON: ", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith($" at line 4, column {column}.", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        AssertQuotesNothing(ex);
    }

    [Fact]
    public void A_config_json_with_bytes_that_are_not_UTF8_inside_a_secret_is_reported_without_them()
    {
        // The reader says "'��' contains invalid UTF-8 bytes", quoting them.
        var text = Encoding.ASCII.GetBytes("{\"profiles\":[{\"name\":\"p\",\n\"access_key_secret\":\"Zq7Wx");
        byte[] raw = [.. text, 0xFF, 0xFE, .. Encoding.ASCII.GetBytes("9Kv3Tr8Ym2Pj5Hn\"}]}")];
        var path = WriteConfig(string.Empty, raw);

        var ex = Assert.Throws<AliyunCredentialException>(() => ProfileFiles.ReadCliConfig(path));

        Assert.Equal("MalformedCliConfig", ex.ErrorId);
        Assert.Contains("UTF-8", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith(" at line 2, column 27.", ex.Message, StringComparison.Ordinal);
        AssertQuotesNothing(ex);
    }

    [Fact]
    public void A_config_json_saved_with_a_byte_order_mark_says_so()
    {
        var body = new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes("{\"profiles\":[]}")).ToArray();
        var path = WriteConfig(string.Empty, body);

        var ex = Assert.Throws<AliyunCredentialException>(() => ProfileFiles.ReadCliConfig(path));

        Assert.Contains("byte order mark", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith(" at line 1, column 1.", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"a\":1", 1, 7, "ends")]
    [InlineData("{\"a\":1}}", 1, 8, "after")]
    [InlineData("{\"a\":1} {\"b\":2}", 1, 9, "after")]
    [InlineData("{\"a\":1\n \"b\":2}", 2, 2, "',' or '}'")]
    [InlineData("[1,,2]", 1, 4, "is expected")]
    [InlineData("{\"a\":[}", 1, 7, "is expected")]
    [InlineData("[tru]", 1, 2, "is expected")]
    [InlineData("{\"a\" 1}", 1, 6, "':'")]
    [InlineData("{a:1}", 1, 2, "member name")]
    [InlineData("{\"a\":\"abc", 1, 6, "never closed")]
    [InlineData("", 1, 1, "ends")]
    public void Json_Parse_says_where_the_first_fault_is(string json, int line, int column, string reason)
    {
        var ex = Assert.ThrowsAny<XmlException>(() => Json.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(line, ex.LineNumber);
        Assert.Equal(column, ex.LinePosition);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.InnerException);
    }

    [Fact]
    public void Json_Parse_reports_nesting_too_deep_where_it_starts()
    {
        var json = new string('[', 65) + new string(']', 65);

        var ex = Assert.ThrowsAny<XmlException>(() => Json.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Contains("deeper than 64", ex.Message, StringComparison.Ordinal);
        Assert.Equal(65, ex.LinePosition);
    }

    [Theory]
    [InlineData("{\"a\":\"x\\/y\\u00e9\\n\",\"b\":[true,false,null,-1.5e+3,0,{}],\"c\":{}}")]
    [InlineData(" \r\n\t[ ] ")]
    public void Json_Parse_still_reads_valid_JSON(string json) =>
        Json.Parse(Encoding.UTF8.GetBytes(json));
}
