using AliyunAccessKey.Client;
using Xunit;

namespace AliyunAccessKey.Tests.Client;

public class CredentialTests
{
    [Fact]
    public void ToString_shows_the_key_id_and_never_the_secret_or_token()
    {
        var plain = AcsCredential.FromPlainText("LTAIexample", "very-secret-value");
        var sts = AcsCredential.FromPlainText("STS.example", "very-secret-value", "token-value-123");

        Assert.Equal("LTAIexample", plain.ToString());
        Assert.Equal("STS.example (STS)", sts.ToString());
        Assert.DoesNotContain("very-secret", sts.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("token-value", sts.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_secret_is_handed_out_only_inside_UseSecret_and_wiped_after()
    {
        var credential = AcsCredential.FromPlainText("id", "s3cr€t");
        byte[]? seen = null;

        var length = credential.UseSecret(bytes =>
        {
            seen = bytes;
            Assert.Equal("s3cr€t", System.Text.Encoding.UTF8.GetString(bytes));
            return bytes.Length;
        });

        Assert.Equal(8, length);
        Assert.NotNull(seen);
        Assert.All(seen!, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Empty_id_or_secret_is_refused()
    {
        Assert.Throws<ArgumentException>(() => AcsCredential.FromPlainText(" ", "s"));
        Assert.Throws<ArgumentException>(() => AcsCredential.FromPlainText("id", string.Empty));
    }

    [Fact]
    public void Security_token_is_revealed_only_for_signing()
    {
        Assert.Null(AcsCredential.FromPlainText("id", "s").RevealSecurityToken());
        Assert.Equal("tok", AcsCredential.FromPlainText("STS.id", "s", "tok").RevealSecurityToken());
    }

    public static TheoryData<string, bool> KeyIds => new()
    {
        { "LTAI5tValidShape000001", true },
        { "STS.L4aBSCSJVMuKg5U1abcd", true },
        { "STS.L4aBSCSJVMuKg5U1****", true },
        { "testid", true },
        { new string('L', 128), true },
        { new string('L', 129), false },
        { "LTAI-1", false },
        { "LTAI_1", false },
        { ".abc", false },
        { "bad id!", false },
        { "id,SignedHeaders=host", false },
        { "id;x", false },
        { "LTA\u0130", false },
        { "LTAI\r\nX-Injected: 1", false },
    };

    [Theory]
    [MemberData(nameof(KeyIds))]
    public void A_signing_key_and_a_key_named_in_input_follow_the_one_AccessKey_ID_rule(string id, bool wellFormed)
    {
        Assert.Equal(wellFormed, AccessKeyIds.IsWellFormed(id));

        var refused = Record.Exception(() => AcsCredential.FromPlainText(id, "s"));

        Assert.Equal(wellFormed, refused is null);
        if (refused is not null)
        {
            Assert.IsType<ArgumentException>(refused);
            Assert.Contains(AccessKeyIds.Rule, refused.Message, StringComparison.Ordinal);
        }
    }
}
