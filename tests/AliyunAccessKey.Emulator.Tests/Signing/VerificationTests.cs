namespace AliyunAccessKey.Emulator.Tests.Signing;

/// <summary>Both schemes are accepted, and every verification failure gets the service's code and status.</summary>
public class VerificationTests
{
    [Theory]
    [InlineData(Scheme.V3)]
    [InlineData(Scheme.RpcGet)]
    [InlineData(Scheme.RpcPost)]
    [InlineData(Scheme.RpcForm)]
    public async Task Every_scheme_is_accepted(Scheme scheme)
    {
        await using var emu = await Emu.StartAsync();
        var r = await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = emu.Upn("a.b-c_d"), DisplayName = "A B * ~", Comments = "x+y/z é" }, scheme: scheme);
        Assert.Equal(200, r.Status);
        Assert.Equal("A B * ~", r.Str("User", "DisplayName"));
        Assert.Equal("x+y/z é", r.Str("User", "Comments"));
        var who = await emu.Client.StsAsync("GetCallerIdentity", scheme: scheme);
        Assert.Equal("Account", who.Str("IdentityType"));
    }

    [Fact]
    public async Task V3_with_a_form_body_is_verified_through_the_content_hash()
    {
        await using var emu = await Emu.StartAsync();
        var tweaks = new Tweaks { Body = "UserPrincipalName=" + Uri.EscapeDataString(emu.Upn("formuser")) + "&DisplayName=Form" };
        var r = await emu.Client.ImsAsync("CreateUser", tweaks: tweaks);
        Assert.Equal(200, r.Status);
        Assert.Equal(emu.Upn("formuser"), r.Str("User", "UserPrincipalName"));
    }

    [Fact]
    public async Task Every_answer_has_a_request_id_and_a_date_and_errors_have_the_service_shape()
    {
        await using var emu = await Emu.StartAsync();
        var ok = await emu.Client.ImsAsync("GetDefaultDomain");
        Assert.Equal("example.onaliyun.com", ok.Str("DefaultDomainName"));
        Assert.Equal(ok.Str("RequestId"), ok.Headers.GetValues("x-acs-request-id").Single());
        Assert.NotNull(ok.Headers.Date);

        var bad = await emu.Client.ImsAsync("GetDefaultDomain", new Cred("nosuchkey", "x"));
        Assert.Equal(404, bad.Status);
        Assert.Equal("InvalidAccessKeyId.NotFound", bad.Code);
        Assert.NotNull(bad.Headers.Date);
        Assert.Equal(bad.Str("RequestId"), bad.Headers.GetValues("x-acs-request-id").Single());
        Assert.Equal("ims.aliyuncs.com", bad.Str("HostId"));
        Assert.Contains("InvalidAccessKeyId.NotFound", bad.Str("Recommend"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(bad.Message));
    }

    [Theory]
    [InlineData(Scheme.V3)]
    [InlineData(Scheme.RpcGet)]
    public async Task Old_or_future_timestamp_is_InvalidTimeStamp_Expired(Scheme scheme)
    {
        await using var emu = await Emu.StartAsync();
        foreach (var skew in new[] { -16, 16 })
        {
            var r = await emu.Client.ImsAsync("GetDefaultDomain", scheme: scheme, tweaks: new Tweaks { Timestamp = DateTime.UtcNow.AddMinutes(skew) });
            Assert.Equal((400, "InvalidTimeStamp.Expired"), (r.Status, r.Code));
        }

        var within = await emu.Client.ImsAsync("GetDefaultDomain", scheme: scheme, tweaks: new Tweaks { Timestamp = DateTime.UtcNow.AddMinutes(-14) });
        Assert.Equal(200, within.Status);
    }

    [Theory]
    [InlineData(Scheme.V3)]
    [InlineData(Scheme.RpcGet)]
    public async Task Malformed_timestamp_is_InvalidTimeStamp_Format(Scheme scheme)
    {
        await using var emu = await Emu.StartAsync();
        var r = await emu.Client.ImsAsync("GetDefaultDomain", scheme: scheme, tweaks: new Tweaks { RawTimestamp = "yesterday" });
        Assert.Equal((400, "InvalidTimeStamp.Format"), (r.Status, r.Code));
    }

    [Fact]
    public async Task Clock_offset_knob_makes_a_correct_client_clock_look_skewed()
    {
        await using var emu = await Emu.StartAsync();
        emu.Server.Knobs = emu.Server.Knobs with { ClockOffsetSeconds = 3600 };
        var r = await emu.Client.ImsAsync("GetDefaultDomain", tweaks: new Tweaks { Timestamp = DateTime.UtcNow });
        Assert.Equal("InvalidTimeStamp.Expired", r.Code);

        // The Date header carries the server's time, from which a client can correct its clock.
        Assert.InRange((r.Headers.Date!.Value.UtcDateTime - DateTime.UtcNow).TotalMinutes, 59, 61);
    }

    [Theory]
    [InlineData(Scheme.V3)]
    [InlineData(Scheme.RpcPost)]
    public async Task Reused_nonce_is_SignatureNonceUsed(Scheme scheme)
    {
        await using var emu = await Emu.StartAsync();
        var nonce = Guid.NewGuid().ToString();
        Assert.Equal(200, (await emu.Client.ImsAsync("GetDefaultDomain", scheme: scheme, tweaks: new Tweaks { Nonce = nonce })).Status);
        var again = await emu.Client.ImsAsync("GetDefaultDomain", scheme: scheme, tweaks: new Tweaks { Nonce = nonce });
        Assert.Equal((400, "SignatureNonceUsed"), (again.Status, again.Code));
    }

    [Fact]
    public async Task A_bad_signature_does_not_use_up_the_nonce()
    {
        await using var emu = await Emu.StartAsync();
        var nonce = Guid.NewGuid().ToString();
        Assert.Equal("SignatureDoesNotMatch", (await emu.Client.ImsAsync("GetDefaultDomain", tweaks: new Tweaks { Nonce = nonce, SigningSecret = "wrong" })).Code);
        Assert.Equal(200, (await emu.Client.ImsAsync("GetDefaultDomain", tweaks: new Tweaks { Nonce = nonce })).Status);
    }

    [Theory]
    [InlineData(Scheme.V3)]
    [InlineData(Scheme.RpcGet)]
    [InlineData(Scheme.RpcForm)]
    public async Task Wrong_secret_is_SignatureDoesNotMatch_with_the_server_string_to_sign(Scheme scheme)
    {
        await using var emu = await Emu.StartAsync();
        string? clientStringToSign = null;
        var r = await emu.Client.ImsAsync("ListUsers", parameters: new { MaxItems = 5 }, scheme: scheme, tweaks: new Tweaks { SigningSecret = "not-the-secret", StringToSign = s => clientStringToSign = s });
        Assert.Equal((400, "SignatureDoesNotMatch"), (r.Status, r.Code));
        Assert.Equal("The request signature does not conform to Aliyun standards. server string to sign is:" + clientStringToSign, r.Message);
    }

    [Fact]
    public async Task Unknown_key_is_InvalidAccessKeyId_NotFound()
    {
        await using var emu = await Emu.StartAsync();
        foreach (var scheme in new[] { Scheme.V3, Scheme.RpcGet })
        {
            var r = await emu.Client.ImsAsync("GetDefaultDomain", new Cred("LTAI5tUnknownUnknown1234", "x"), scheme: scheme);
            Assert.Equal((404, "InvalidAccessKeyId.NotFound"), (r.Status, r.Code));
        }
    }

    [Fact]
    public async Task Disabled_key_is_InvalidAccessKeyId_Inactive()
    {
        await using var emu = await Emu.StartAsync();
        var key = emu.State.IssueCredentials(emu.Upn("alice"));
        Assert.Equal(200, (await emu.Client.ImsAsync("UpdateAccessKey", parameters: new { UserPrincipalName = emu.Upn("alice"), UserAccessKeyId = key.AccessKeyId, Status = "Inactive" })).Status);
        var r = await emu.Client.StsAsync("GetCallerIdentity", Cred.From(key));
        Assert.Equal((400, "InvalidAccessKeyId.Inactive"), (r.Status, r.Code));
    }

    [Fact]
    public async Task Missing_signature_is_refused_per_scheme()
    {
        await using var emu = await Emu.StartAsync();
        var rpc = await emu.Client.ImsAsync("GetDefaultDomain", scheme: Scheme.RpcGet, tweaks: new Tweaks { OmitSignature = true });
        Assert.Equal((400, "MissingSignature"), (rpc.Status, rpc.Code));
        var v3 = await emu.Client.ImsAsync("GetDefaultDomain", tweaks: new Tweaks { OmitSignature = true });
        Assert.Equal((400, "IncompleteSignature"), (v3.Status, v3.Code));
    }

    [Fact]
    public async Task Malformed_Authorization_or_unsigned_acs_header_is_IncompleteSignature()
    {
        await using var emu = await Emu.StartAsync();
        using var malformed = emu.Client.Build(ApiClient.Ims, "GetDefaultDomain", [], Cred.Root, Scheme.V3, new Tweaks { OmitSignature = true });
        malformed.Headers.TryAddWithoutValidation("Authorization", "ACS3-HMAC-SHA256 Credential=testid");
        Assert.Equal("IncompleteSignature", (await emu.Client.SendAsync(malformed)).Code);

        using var sm3 = emu.Client.Build(ApiClient.Ims, "GetDefaultDomain", [], Cred.Root, Scheme.V3, new Tweaks { OmitSignature = true });
        sm3.Headers.TryAddWithoutValidation("Authorization", "ACS3-HMAC-SM3 Credential=testid,SignedHeaders=host,Signature=00");
        Assert.Equal("IncompleteSignature", (await emu.Client.SendAsync(sm3)).Code);

        var tweaks = new Tweaks();
        tweaks.ExtraHeaders["x-acs-extra"] = "sneaked-in";
        var unsigned = await emu.Client.ImsAsync("GetDefaultDomain", tweaks: tweaks);
        Assert.Equal((400, "IncompleteSignature"), (unsigned.Status, unsigned.Code));
        Assert.Contains("x-acs-extra", unsigned.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Content_hash_that_does_not_match_the_body_is_refused()
    {
        await using var emu = await Emu.StartAsync();
        var r = await emu.Client.ImsAsync("GetDefaultDomain", tweaks: new Tweaks { Body = "a=1", ClaimedBodyHash = TestSigner.EmptySha256 });
        Assert.Equal((400, "SignatureDoesNotMatch"), (r.Status, r.Code));
        Assert.Contains("x-acs-content-sha256", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_action_or_version_gets_the_service_answer()
    {
        await using var emu = await Emu.StartAsync();
        var action = await emu.Client.ImsAsync("DescribeNothing");
        Assert.Equal((404, "InvalidAction.NotFound"), (action.Status, action.Code));
        Assert.Equal("Specified api is not found, please check your url and method.", action.Message);

        // An STS action on the IMS version is unknown there too.
        Assert.Equal("InvalidAction.NotFound", (await emu.Client.ImsAsync("AssumeRole")).Code);

        var version = await emu.Client.CallAsync("2099-01-01", "ListUsers", [], Cred.Root);
        Assert.Equal((400, "InvalidVersion"), (version.Status, version.Code));
    }

    [Fact]
    public async Task Counters_count_requests_verified_and_rejections_by_code()
    {
        await using var emu = await Emu.StartAsync();
        await emu.Client.ImsAsync("GetDefaultDomain");
        await emu.Client.ImsAsync("GetDefaultDomain", new Cred("nope", "x"));
        await emu.Client.ImsAsync("GetDefaultDomain", new Cred("nope", "x"));
        var c = emu.Server.Counters;
        Assert.Equal(3, c.Requests);
        Assert.Equal(1, c.Verified);
        Assert.Equal(1, c.Succeeded);
        Assert.Equal(2, c.Rejected["InvalidAccessKeyId.NotFound"]);
        Assert.Equal(1, c.Actions["GetDefaultDomain"]);
    }
}
