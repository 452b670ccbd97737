using System.Text;
using AliyunAccessKey.Emulator.Signing;

namespace AliyunAccessKey.Emulator.Tests.Signing;

/// <summary>Alibaba's published signing examples, reproduced by the emulator's verifier and by the test signer.</summary>
public class SigningExampleTests
{
    private static readonly KeyValuePair<string, string>[] RpcExample =
    [
        new("AccessKeyId", "testid"),
        new("Action", "CreateUser"),
        new("DisplayName", "test"),
        new("Format", "JSON"),
        new("SignatureMethod", "HMAC-SHA1"),
        new("SignatureNonce", "3f6b4e80-56f7-11eb-a256-a9f756ea7e85"),
        new("SignatureVersion", "1.0"),
        new("Timestamp", "2021-01-15T06:02:28Z"),
        new("UserPrincipalName", "test@example.onaliyun.com"),
        new("Version", "2019-08-15"),
    ];

    [Fact]
    public void Rpc_published_example_is_reproduced_by_the_emulator()
    {
        var stringToSign = RpcSignature.StringToSign("GET", RpcExample);
        Assert.Equal("02heLegtw4+BFamznl1Ltj+vJ4A=", RpcSignature.Sign("testsecret", stringToSign));
    }

    [Fact]
    public void Rpc_published_example_is_reproduced_by_the_test_signer()
    {
        var stringToSign = TestSigner.RpcStringToSign("GET", RpcExample);
        Assert.Equal("02heLegtw4+BFamznl1Ltj+vJ4A=", TestSigner.RpcSignature("testsecret", stringToSign));
    }

    [Fact]
    public void V3_published_example_is_reproduced_by_the_emulator()
    {
        var query = new KeyValuePair<string, string>[]
        {
            new("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"),
            new("RegionId", "cn-shanghai"),
        };
        var headers = new Dictionary<string, string>
        {
            ["host"] = "ecs.cn-shanghai.aliyuncs.com",
            ["x-acs-action"] = "RunInstances",
            ["x-acs-content-sha256"] = TestSigner.EmptySha256,
            ["x-acs-date"] = "2023-10-26T10:22:32Z",
            ["x-acs-signature-nonce"] = "3156853299f313e23d1673dc12e1703d",
            ["x-acs-version"] = "2014-05-26",
        };

        var canonical = Acs3Signature.CanonicalRequest("POST", "/", query, [.. headers.Keys.Order(StringComparer.Ordinal)], n => headers.GetValueOrDefault(n), TestSigner.EmptySha256);
        Assert.Equal("7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259", Acs3Signature.Sha256Hex(Encoding.UTF8.GetBytes(canonical)));
        Assert.Equal("06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0", Acs3Signature.Sign("YourAccessKeySecret", Acs3Signature.StringToSign(canonical)));

        var testCanonical = TestSigner.V3CanonicalRequest("POST", "/", query, headers, TestSigner.EmptySha256);
        Assert.Equal(canonical, testCanonical);
        Assert.Equal("06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0", TestSigner.V3Signature("YourAccessKeySecret", TestSigner.V3StringToSign(testCanonical)));
    }

    [Theory]
    [InlineData("a b", "a%20b")]
    [InlineData("a*b", "a%2Ab")]
    [InlineData("a~b", "a~b")]
    [InlineData("a+b/c", "a%2Bb%2Fc")]
    [InlineData("é", "%C3%A9")]
    public void Percent_encoding_is_RFC_3986(string raw, string encoded) =>
        Assert.Equal(encoded, AcsEncoding.PercentEncode(raw));

    [Fact]
    public void Wire_query_is_decoded_before_re_encoding()
    {
        // Node's querystring leaves * raw and may send + for space; the server decodes both.
        var parsed = AcsEncoding.ParseFormEncoded("?a=x*y&b=1+2&c=%2B&d");
        Assert.Equal([new("a", "x*y"), new("b", "1 2"), new("c", "+"), new("d", "")], parsed);
        Assert.Equal("a=x%2Ay&b=1%202&c=%2B&d=", AcsEncoding.CanonicalQuery(parsed));
    }

    [Fact]
    public void Authorization_header_parses_and_sorts_signed_headers()
    {
        var auth = Acs3Authorization.Parse("ACS3-HMAC-SHA256 Credential=id1,SignedHeaders=x-acs-date;host,Signature=abc");
        Assert.NotNull(auth);
        Assert.Equal("id1", auth.AccessKeyId);
        Assert.Equal(["host", "x-acs-date"], auth.SignedHeaders);
        Assert.Null(Acs3Authorization.Parse("ACS3-HMAC-SHA256 Credential=id1,Signature=abc"));
        Assert.Null(Acs3Authorization.Parse("garbage"));
    }
}
