using System.Text.Json;

namespace AliyunAccessKey.Emulator.Tests.Features.LoginProfiles;

public class LoginProfileTests
{
    private const string Password = "Corr3ct-Horse!";

    [Fact]
    public async Task Create_get_update_delete_a_login_profile()
    {
        await using var emu = await Emu.StartAsync();
        var upn = emu.State.IssueCredentials(emu.Upn("alice")).UserPrincipalName!;

        var created = await emu.Client.ImsAsync("CreateLoginProfile", parameters: new { UserPrincipalName = upn, Password, PasswordResetRequired = "true" });
        Assert.Equal(200, created.Status);
        Assert.Equal(upn, created.Str("LoginProfile", "UserPrincipalName"));
        Assert.Equal("Active", created.Str("LoginProfile", "Status"));
        Assert.True(created.Json.GetProperty("LoginProfile").GetProperty("PasswordResetRequired").GetBoolean());
        Assert.False(created.Json.GetProperty("LoginProfile").GetProperty("MFABindRequired").GetBoolean());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", created.Str("LoginProfile", "UpdateDate"));
        Assert.False(created.Json.GetProperty("LoginProfile").TryGetProperty("AutoDisableLoginStatus", out _));

        var again = await emu.Client.ImsAsync("CreateLoginProfile", parameters: new { UserPrincipalName = upn, Password });
        Assert.Equal((409, "EntityAlreadyExists.User.LoginProfile"), (again.Status, again.Code));

        emu.State.RecordLogin(upn, new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc));
        var got = await emu.Client.ImsAsync("GetLoginProfile", parameters: new { UserPrincipalName = upn });
        Assert.Equal("2024-05-06T07:08:09Z", got.Str("LoginProfile", "LastLoginTime"));
        Assert.Equal("true", got.Str("LoginProfile", "AutoDisableLoginStatus"));

        var updated = await emu.Client.ImsAsync("UpdateLoginProfile", parameters: new { UserPrincipalName = upn, Status = "inactive", MFABindRequired = "true", PasswordResetRequired = "false" });
        Assert.Equal(200, updated.Status);
        var profile = updated.Json.GetProperty("LoginProfile");
        Assert.Equal("Inactive", profile.GetProperty("Status").GetString());
        Assert.True(profile.GetProperty("MFABindRequired").GetBoolean());
        Assert.False(profile.GetProperty("PasswordResetRequired").GetBoolean());
        Assert.True(emu.State.PasswordMatches(upn, Password), "an update without Password keeps it");

        Assert.Equal(200, (await emu.Client.ImsAsync("UpdateLoginProfile", parameters: new { UserPrincipalName = upn, Password = "An0ther-Secret" })).Status);
        Assert.True(emu.State.PasswordMatches(upn, "An0ther-Secret"));
        Assert.False(emu.State.PasswordMatches(upn, Password));

        Assert.Equal(200, (await emu.Client.ImsAsync("DeleteLoginProfile", parameters: new { UserPrincipalName = upn })).Status);
        foreach (var action in new[] { "GetLoginProfile", "UpdateLoginProfile", "DeleteLoginProfile" })
        {
            var gone = await emu.Client.ImsAsync(action, parameters: new { UserPrincipalName = upn });
            Assert.Equal((404, "EntityNotExist.User.LoginProfile"), (gone.Status, gone.Code));
        }

        Assert.False(emu.State.HasLoginProfile(upn));
    }

    [Fact]
    public async Task A_password_shorter_than_the_default_policy_is_refused_and_never_echoed()
    {
        await using var emu = await Emu.StartAsync();
        var upn = emu.State.IssueCredentials(emu.Upn("bob")).UserPrincipalName!;
        const string Weak = "Sh0rt!x";
        var weak = await emu.Client.ImsAsync("CreateLoginProfile", parameters: new { UserPrincipalName = upn, Password = Weak });
        Assert.Equal((400, "InvalidParameter.Password.TooWeak"), (weak.Status, weak.Code));
        Assert.DoesNotContain(Weak, weak.Json.GetRawText(), StringComparison.Ordinal);
        Assert.False(emu.State.HasLoginProfile(upn));

        var missing = await emu.Client.ImsAsync("CreateLoginProfile", parameters: new { UserPrincipalName = upn });
        Assert.Equal((400, "MissingPassword"), (missing.Status, missing.Code));

        // Exactly the minimum is accepted; the answers never carry the password.
        var ok = await emu.Client.ImsAsync("CreateLoginProfile", parameters: new { UserPrincipalName = upn, Password = "Eight-8!" });
        Assert.Equal(200, ok.Status);
        Assert.DoesNotContain("Eight-8!", ok.Json.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Password\"", ok.Json.GetRawText().Replace("PasswordResetRequired\"", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);

        var weakUpdate = await emu.Client.ImsAsync("UpdateLoginProfile", parameters: new { UserPrincipalName = upn, Password = Weak, Status = "Inactive" });
        Assert.Equal("InvalidParameter.Password.TooWeak", weakUpdate.Code);
        Assert.Equal("Active", (await emu.Client.ImsAsync("GetLoginProfile", parameters: new { UserPrincipalName = upn })).Str("LoginProfile", "Status"));
    }

    [Fact]
    public async Task Bad_flags_and_status_are_refused_and_create_nothing()
    {
        await using var emu = await Emu.StartAsync();
        var upn = emu.State.IssueCredentials(emu.Upn("carol")).UserPrincipalName!;
        var flag = await emu.Client.ImsAsync("CreateLoginProfile", parameters: new { UserPrincipalName = upn, Password, MFABindRequired = "yes" });
        Assert.Equal((400, "InvalidParameter.MFABindRequired"), (flag.Status, flag.Code));
        var status = await emu.Client.ImsAsync("CreateLoginProfile", parameters: new { UserPrincipalName = upn, Password, Status = "Enabled" });
        Assert.Equal((400, "InvalidParameter.Status"), (status.Status, status.Code));
        Assert.False(emu.State.HasLoginProfile(upn));

        var nobody = await emu.Client.ImsAsync("CreateLoginProfile", parameters: new { UserPrincipalName = emu.Upn("nobody"), Password });
        Assert.Equal((404, "EntityNotExist.User"), (nobody.Status, nobody.Code));
    }

    [Fact]
    public async Task DeleteUser_is_refused_while_the_user_can_log_on_and_a_rename_keeps_the_profile()
    {
        await using var emu = await Emu.StartAsync();
        var upn = emu.Upn("dave");
        await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = upn, DisplayName = "Dave" });
        await emu.Client.ImsAsync("CreateLoginProfile", parameters: new { UserPrincipalName = upn, Password });

        var renamed = emu.Upn("david");
        Assert.Equal(200, (await emu.Client.ImsAsync("UpdateUser", parameters: new { UserPrincipalName = upn, NewUserPrincipalName = renamed })).Status);
        var got = await emu.Client.ImsAsync("GetLoginProfile", parameters: new { UserPrincipalName = renamed });
        Assert.Equal(renamed, got.Str("LoginProfile", "UserPrincipalName"));

        var refused = await emu.Client.ImsAsync("DeleteUser", parameters: new { UserPrincipalName = renamed });
        Assert.Equal((409, "DeleteConflict.User.LoginProfile"), (refused.Status, refused.Code));
        Assert.NotNull(emu.State.FindUser(renamed));

        await emu.Client.ImsAsync("DeleteLoginProfile", parameters: new { UserPrincipalName = renamed });
        Assert.Equal(200, (await emu.Client.ImsAsync("DeleteUser", parameters: new { UserPrincipalName = renamed })).Status);
    }

    [Fact]
    public async Task The_state_file_keeps_profiles_and_devices_but_never_a_password_in_plain_text()
    {
        var dir = Directory.CreateTempSubdirectory("emu-logon-");
        var file = Path.Combine(dir.FullName, "state.json");
        try
        {
            string upn;
            await using (var emu = await Emu.StartAsync(o => o.StateFile = file))
            {
                upn = emu.State.IssueCredentials(emu.Upn("erin")).UserPrincipalName!;
                await emu.Client.ImsAsync("CreateLoginProfile", parameters: new { UserPrincipalName = upn, Password, MFABindRequired = "true" });
                emu.State.BindMfaDevice(upn, "erin-phone");
            }

            var text = await File.ReadAllTextAsync(file);
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
            using (var doc = JsonDocument.Parse(text))
            {
                Assert.Equal(1, doc.RootElement.GetProperty("loginProfiles").GetArrayLength());
            }

            await using (var emu = await Emu.StartAsync(o => o.StateFile = file))
            {
                Assert.True(emu.State.PasswordMatches(upn, Password));
                var got = await emu.Client.ImsAsync("GetLoginProfile", parameters: new { UserPrincipalName = upn });
                Assert.True(got.Json.GetProperty("LoginProfile").GetProperty("MFABindRequired").GetBoolean());
                var mfa = await emu.Client.ImsAsync("GetUserMFAInfo", parameters: new { UserPrincipalName = upn });
                Assert.Equal("acs:ram::1234567890123456:mfa/erin-phone", mfa.Str("MFADevice", "SerialNumber"));
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
