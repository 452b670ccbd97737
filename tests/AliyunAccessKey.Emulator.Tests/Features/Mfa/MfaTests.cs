using System.Text.Json;

namespace AliyunAccessKey.Emulator.Tests.Features.Mfa;

public class MfaTests
{
    [Fact]
    public async Task A_device_bound_through_the_control_endpoint_is_read_and_unbound_through_IMS()
    {
        await using var emu = await Emu.StartAsync();
        var upn = emu.State.IssueCredentials(emu.Upn("alice")).UserPrincipalName!;

        var none = await emu.Client.ImsAsync("GetUserMFAInfo", parameters: new { UserPrincipalName = upn });
        Assert.Equal((404, "EntityNotExist.User.MFADevice"), (none.Status, none.Code));

        var bound = await emu.Client.ControlAsync(HttpMethod.Post, "users/mfa", new { userPrincipalName = upn, deviceName = "alice-phone" });
        Assert.Equal("acs:ram::1234567890123456:mfa/alice-phone", bound.GetProperty("serialNumber").GetString());
        var twice = await Assert.ThrowsAsync<HttpRequestException>(() => emu.Client.ControlAsync(HttpMethod.Post, "users/mfa", new { userPrincipalName = upn }));
        Assert.Contains("already bound", twice.Message, StringComparison.Ordinal);

        var info = await emu.Client.ImsAsync("GetUserMFAInfo", parameters: new { UserPrincipalName = upn });
        Assert.Equal(200, info.Status);
        Assert.Equal("acs:ram::1234567890123456:mfa/alice-phone", info.Str("MFADevice", "SerialNumber"));
        Assert.Equal("VMFA", info.Str("MFADevice", "Type"));
        Assert.True(info.Json.GetProperty("IsMFAEnable").GetBoolean());

        var unbound = await emu.Client.ImsAsync("UnbindMFADevice", parameters: new { UserPrincipalName = upn });
        Assert.Equal(200, unbound.Status);
        Assert.Equal("acs:ram::1234567890123456:mfa/alice-phone", unbound.Str("MFADevice", "SerialNumber"));
        Assert.Null(emu.State.MfaSerialNumber(upn));

        var again = await emu.Client.ImsAsync("UnbindMFADevice", parameters: new { UserPrincipalName = upn });
        Assert.Equal((404, "EntityNotExist.User.MFADevice"), (again.Status, again.Code));
    }

    [Fact]
    public async Task GetUserMFAInfo_names_the_user_or_asks_about_the_caller()
    {
        await using var emu = await Emu.StartAsync();
        var key = emu.State.IssueCredentials(emu.Upn("bob"));
        emu.State.BindMfaDevice(key.UserPrincipalName!);

        // A RAM user may leave UserPrincipalName out and asks about itself.
        var self = await emu.Client.ImsAsync("GetUserMFAInfo", Cred.From(key));
        Assert.Equal("acs:ram::1234567890123456:mfa/bob", self.Str("MFADevice", "SerialNumber"));

        // The account must name a user.
        var account = await emu.Client.ImsAsync("GetUserMFAInfo");
        Assert.Equal((400, "MissingUserPrincipalName"), (account.Status, account.Code));
        var nobody = await emu.Client.ImsAsync("GetUserMFAInfo", parameters: new { UserPrincipalName = emu.Upn("nobody") });
        Assert.Equal((404, "EntityNotExist.User"), (nobody.Status, nobody.Code));
    }

    [Fact]
    public async Task DeleteUser_is_refused_while_a_device_is_bound_and_a_rename_keeps_it()
    {
        await using var emu = await Emu.StartAsync();
        var upn = emu.Upn("carol");
        await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = upn, DisplayName = "Carol" });
        emu.State.BindMfaDevice(upn);
        var renamed = emu.Upn("caroline");
        await emu.Client.ImsAsync("UpdateUser", parameters: new { UserPrincipalName = upn, NewUserPrincipalName = renamed });
        Assert.Equal("acs:ram::1234567890123456:mfa/carol", emu.State.MfaSerialNumber(renamed));

        var refused = await emu.Client.ImsAsync("DeleteUser", parameters: new { UserPrincipalName = renamed });
        Assert.Equal((409, "DeleteConflict.User.MFADevice"), (refused.Status, refused.Code));
        await emu.Client.ImsAsync("UnbindMFADevice", parameters: new { UserPrincipalName = renamed });
        Assert.Equal(200, (await emu.Client.ImsAsync("DeleteUser", parameters: new { UserPrincipalName = renamed })).Status);
    }

    [Fact]
    public async Task A_device_name_follows_the_virtual_device_rules_and_serial_numbers_are_unique()
    {
        await using var emu = await Emu.StartAsync();
        var a = emu.State.IssueCredentials(emu.Upn("dan")).UserPrincipalName!;
        var b = emu.State.IssueCredentials(emu.Upn("eve")).UserPrincipalName!;
        var bad = await Assert.ThrowsAsync<HttpRequestException>(() => emu.Client.ControlAsync(HttpMethod.Post, "users/mfa", new { userPrincipalName = a, deviceName = "a b" }));
        Assert.Contains("VirtualMFADeviceName", bad.Message, StringComparison.Ordinal);
        emu.State.BindMfaDevice(a, "shared");
        var clash = await Assert.ThrowsAsync<HttpRequestException>(() => emu.Client.ControlAsync(HttpMethod.Post, "users/mfa", new { userPrincipalName = b, deviceName = "shared" }));
        Assert.Contains("already been bound to a user", clash.Message, StringComparison.Ordinal);
        Assert.Equal(1, emu.State.MfaDeviceCount);
        Assert.Equal(JsonValueKind.Number, (await emu.Client.ControlAsync(HttpMethod.Get, "state")).GetProperty("mfaDevices").ValueKind);
    }
}
