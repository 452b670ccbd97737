using AliyunAccessKey.Client;
using Xunit;

namespace AliyunAccessKey.Tests.Client;

public class SignerTests
{
    [Fact]
    public void Rpc_reproduces_the_published_IMS_CreateUser_example()
    {
        // "Request signatures", IMS API reference (AlibabaCloudDocs/ram).
        var parameters = new Dictionary<string, string>
        {
            ["AccessKeyId"] = "testid",
            ["Action"] = "CreateUser",
            ["DisplayName"] = "test",
            ["Format"] = "JSON",
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureNonce"] = "3f6b4e80-56f7-11eb-a256-a9f756ea7e85",
            ["SignatureVersion"] = "1.0",
            ["Timestamp"] = "2021-01-15T06:02:28Z",
            ["UserPrincipalName"] = "test@example.onaliyun.com",
            ["Version"] = "2019-08-15",
        };
        var credential = AcsCredential.FromPlainText("testid", "testsecret");

        Assert.Equal("02heLegtw4+BFamznl1Ltj+vJ4A=", RpcSigner.Sign("GET", parameters, credential));
    }

    [Fact]
    public void Rpc_string_to_sign_encodes_the_canonical_query_twice_and_leaves_out_Signature()
    {
        var parameters = new Dictionary<string, string>
        {
            ["b"] = "x y",
            ["a"] = "1",
            ["Signature"] = "ignored",
        };

        Assert.Equal("POST&%2F&a%3D1%26b%3Dx%2520y", RpcSigner.StringToSign("POST", parameters));
    }

    [Fact]
    public void Acs3_reproduces_the_published_V3_example()
    {
        // "V3 request structure and signature", fixed-value example.
        var query = new Dictionary<string, string>
        {
            ["ImageId"] = "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
            ["RegionId"] = "cn-shanghai",
        };
        var headers = new Dictionary<string, string>
        {
            ["host"] = "ecs.cn-shanghai.aliyuncs.com",
            ["x-acs-action"] = "RunInstances",
            ["x-acs-version"] = "2014-05-26",
            ["x-acs-date"] = "2023-10-26T10:22:32Z",
            ["x-acs-signature-nonce"] = "3156853299f313e23d1673dc12e1703d",
            ["x-acs-content-sha256"] = AcsEncoding.EmptyBodySha256,
        };
        var credential = AcsCredential.FromPlainText("YourAccessKeyId", "YourAccessKeySecret");

        var signature = Acs3Signer.Sign("POST", "/", query, headers, AcsEncoding.EmptyBodySha256, credential);

        Assert.Equal("7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259", AcsEncoding.Sha256Hex(signature.CanonicalRequest));
        Assert.Equal("06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0", signature.Signature);
        Assert.Equal("host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version", signature.SignedHeaders);
        Assert.Equal(
            "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
            signature.Authorization);
    }

    [Fact]
    public void Acs3_signs_only_host_content_type_and_x_acs_headers_lowercased_sorted_and_trimmed()
    {
        var headers = new Dictionary<string, string>
        {
            ["X-Acs-Version"] = " 2019-08-15 ",
            ["Host"] = "ims.aliyuncs.com",
            ["User-Agent"] = "not signed",
            ["Content-Type"] = "application/json",
            ["x-acs-action"] = "ListUsers",
        };
        var signature = Acs3Signer.Sign("post", "/", [], headers, AcsEncoding.EmptyBodySha256, AcsCredential.FromPlainText("id", "secret"));

        Assert.Equal("content-type;host;x-acs-action;x-acs-version", signature.SignedHeaders);
        Assert.Equal(
            "POST\n/\n\ncontent-type:application/json\nhost:ims.aliyuncs.com\nx-acs-action:ListUsers\nx-acs-version:2019-08-15\n\ncontent-type;host;x-acs-action;x-acs-version\n" + AcsEncoding.EmptyBodySha256,
            signature.CanonicalRequest);
        Assert.StartsWith("ACS3-HMAC-SHA256\n", signature.StringToSign, StringComparison.Ordinal);
    }

    [Fact]
    public void Acs3_signature_changes_with_the_secret()
    {
        var headers = new Dictionary<string, string> { ["host"] = "h", ["x-acs-action"] = "A" };
        var a = Acs3Signer.Sign("POST", "/", [], headers, AcsEncoding.EmptyBodySha256, AcsCredential.FromPlainText("id", "secret-a"));
        var b = Acs3Signer.Sign("POST", "/", [], headers, AcsEncoding.EmptyBodySha256, AcsCredential.FromPlainText("id", "secret-b"));

        Assert.Equal(a.CanonicalRequest, b.CanonicalRequest);
        Assert.NotEqual(a.Signature, b.Signature);
    }

    [Theory]
    [InlineData(" ", "%20")]
    [InlineData("*", "%2A")]
    [InlineData("~", "~")]
    [InlineData("'", "%27")]
    [InlineData("!", "%21")]
    [InlineData("@", "%40")]
    [InlineData("/", "%2F")]
    [InlineData("+", "%2B")]
    [InlineData("=", "%3D")]
    [InlineData("&", "%26")]
    [InlineData("(", "%28")]
    [InlineData("%", "%25")]
    [InlineData("-_.", "-_.")]
    [InlineData("AZaz09", "AZaz09")]
    [InlineData("é", "%C3%A9")]
    [InlineData("中文", "%E4%B8%AD%E6%96%87")]
    [InlineData("😀", "%F0%9F%98%80")]
    [InlineData("", "")]
    [InlineData("bob@corp.onaliyun.com", "bob%40corp.onaliyun.com")]
    public void PercentEncode_follows_RFC3986_over_UTF8(string raw, string expected) =>
        Assert.Equal(expected, AcsEncoding.PercentEncode(raw));

    [Fact]
    public void PercentEncode_agrees_with_the_BCL_RFC3986_escaper_on_every_printable_ASCII_character()
    {
        for (var c = (char)0x20; c < 0x7F; c++)
        {
            var s = c.ToString();
            Assert.Equal(Uri.EscapeDataString(s).Replace("!", "%21").Replace("'", "%27").Replace("(", "%28").Replace(")", "%29").Replace("*", "%2A"), AcsEncoding.PercentEncode(s));
        }
    }

    [Fact]
    public void Canonical_query_sorts_ordinally_keeps_empty_values_and_flattened_pairs()
    {
        var request = new AcsRequest("2019-08-15", "CreateUser")
            .Set("UserPrincipalName", "a b@x.onaliyun.com")
            .Set("Comments", string.Empty)
            .Set("Email", (string?)null)
            .SetPairs("Tag", [new("k1", "v*1"), new("k2", "v~2")]);

        Assert.Equal(
            "Comments=&Tag.1.Key=k1&Tag.1.Value=v%2A1&Tag.2.Key=k2&Tag.2.Value=v~2&UserPrincipalName=a%20b%40x.onaliyun.com",
            AcsEncoding.CanonicalQuery(request.Parameters));
    }

    [Fact]
    public void Canonical_query_sort_is_ordinal_so_uppercase_precedes_lowercase_and_10_precedes_2()
    {
        var query = new Dictionary<string, string> { ["b"] = "1", ["B"] = "2", ["Tag.2.Key"] = "x", ["Tag.10.Key"] = "y" };

        Assert.Equal("B=2&Tag.10.Key=y&Tag.2.Key=x&b=1", AcsEncoding.CanonicalQuery(query));
    }

    [Fact]
    public void Setting_a_parameter_twice_keeps_the_last_value()
    {
        var request = new AcsRequest("v", "A").Set("X", "1").Set("X", "2");

        Assert.Equal("X=2", AcsEncoding.CanonicalQuery(request.Parameters));
    }

    [Fact]
    public void Timestamps_are_UTC_seconds_without_fraction()
    {
        var local = new DateTimeOffset(2021, 1, 15, 14, 2, 28, 999, TimeSpan.FromHours(8)).UtcDateTime;

        Assert.Equal("2021-01-15T06:02:28Z", AcsEncoding.FormatTimestamp(local));
    }

    [Theory]
    [InlineData(SignatureScheme.Acs3HmacSha256, typeof(Acs3Signer))]
    [InlineData(SignatureScheme.RpcHmacSha1, typeof(RpcSigner))]
    public void Each_scheme_has_its_own_signer(SignatureScheme scheme, Type signer) =>
        Assert.IsType(signer, Signers.For(scheme));

    [Fact]
    public void A_scheme_the_module_does_not_know_is_refused_when_the_client_is_made()
    {
        var unknown = (SignatureScheme)7;

        Assert.Throws<ArgumentOutOfRangeException>(() => Signers.For(unknown));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AcsClient(
            new StaticCredentialSource(AcsCredential.FromPlainText("id", "secret")),
            new AcsClientOptions { SignatureScheme = unknown }));
    }

    [Fact]
    public void The_scheme_is_chosen_once_when_the_client_is_made()
    {
        var handler = new FakeHandler()
            .ThenJson(System.Net.HttpStatusCode.OK, """{"RequestId":"r","DefaultDomainName":"a.onaliyun.com"}""")
            .ThenJson(System.Net.HttpStatusCode.OK, """{"RequestId":"r","DefaultDomainName":"a.onaliyun.com"}""");
        var options = new AcsClientOptions { SignatureScheme = SignatureScheme.Acs3HmacSha256, Retry = RetryPolicy.None };
        using var core = new AcsClient(new StaticCredentialSource(AcsCredential.FromPlainText("id", "secret")), options, handler);
        var ims = new ImsClient(core, new Uri("https://ims.example.test/"));

        ims.GetDefaultDomain(default);
        options.SignatureScheme = SignatureScheme.RpcHmacSha1;
        ims.GetDefaultDomain(default);

        Assert.All(handler.Requests, r => Assert.StartsWith("ACS3-HMAC-SHA256 ", r.Headers.GetValues("Authorization").Single(), StringComparison.Ordinal));
        Assert.All(handler.Requests, r => Assert.DoesNotContain("Signature=", r.RequestUri!.Query, StringComparison.Ordinal));
    }

    [Fact]
    public void The_RPC_signer_puts_everything_in_a_signed_query_and_the_V3_signer_in_signed_headers()
    {
        var credential = AcsCredential.FromPlainText("testid", "testsecret", "tok");
        var request = new AcsRequest("2019-08-15", "GetUser").Set("UserPrincipalName", "u@example.onaliyun.com");
        var endpoint = new Uri("https://ims.example.test/");

        using var rpc = RpcSigner.Instance.CreateRequest(endpoint, request, credential, "2021-01-15T06:02:28Z", "n1");
        using var v3 = Acs3Signer.Instance.CreateRequest(endpoint, request, credential, "2021-01-15T06:02:28Z", "n1");

        var query = System.Web.HttpUtility.ParseQueryString(rpc.RequestUri!.Query);
        var signed = query.AllKeys.Where(k => k != "Signature").Select(k => new KeyValuePair<string, string>(k!, query[k]!)).ToList();
        Assert.Equal(RpcSigner.Sign("POST", signed, credential), query["Signature"]);
        Assert.Equal(("GetUser", "tok", "n1"), (query["Action"], query["SecurityToken"], query["SignatureNonce"]));
        Assert.Equal(HttpMethod.Post, rpc.Method);
        Assert.Equal("ims.example.test", rpc.Headers.Host);

        Assert.Equal("?UserPrincipalName=u%40example.onaliyun.com", v3.RequestUri!.Query);
        Assert.Equal("tok", v3.Headers.GetValues("x-acs-security-token").Single());
        Assert.Equal("2021-01-15T06:02:28Z", v3.Headers.GetValues("x-acs-date").Single());
        Assert.Contains("SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version,", v3.Headers.GetValues("Authorization").Single(), StringComparison.Ordinal);
        Assert.Equal(0, v3.Content!.Headers.ContentLength);
    }
}
