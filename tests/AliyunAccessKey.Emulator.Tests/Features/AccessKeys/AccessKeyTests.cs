using System.Text.Json;

namespace AliyunAccessKey.Emulator.Tests.Features.AccessKeys;

public class AccessKeyTests
{
    [Fact]
    public async Task Create_list_disable_delete_a_user_key()
    {
        await using var emu = await Emu.StartAsync();
        var upn = emu.Upn("alice");
        Assert.Equal(200, (await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = upn, DisplayName = "Alice" })).Status);

        var created = await emu.Client.ImsAsync("CreateAccessKey", parameters: new { UserPrincipalName = upn });
        Assert.Equal(200, created.Status);
        var id = created.Str("AccessKey", "AccessKeyId");
        Assert.StartsWith("LTAI", id, StringComparison.Ordinal);
        Assert.Equal(30, created.Str("AccessKey", "AccessKeySecret").Length);
        Assert.Equal("Active", created.Str("AccessKey", "Status"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", created.Str("AccessKey", "CreateDate"));

        var list = await emu.Client.ImsAsync("ListAccessKeys", parameters: new { UserPrincipalName = upn });
        var keys = list.Json.GetProperty("AccessKeys").GetProperty("AccessKey");
        Assert.Equal(JsonValueKind.Array, keys.ValueKind);
        var key = Assert.Single(keys.EnumerateArray());
        Assert.Equal(id, key.GetProperty("AccessKeyId").GetString());
        Assert.False(key.TryGetProperty("AccessKeySecret", out _));
        Assert.True(key.TryGetProperty("UpdateDate", out _));

        Assert.Equal(200, (await emu.Client.ImsAsync("UpdateAccessKey", parameters: new { UserPrincipalName = upn, UserAccessKeyId = id, Status = "Inactive" })).Status);
        list = await emu.Client.ImsAsync("ListAccessKeys", parameters: new { UserPrincipalName = upn });
        Assert.Equal("Inactive", list.Json.GetProperty("AccessKeys").GetProperty("AccessKey")[0].GetProperty("Status").GetString());

        var badStatus = await emu.Client.ImsAsync("UpdateAccessKey", parameters: new { UserPrincipalName = upn, UserAccessKeyId = id, Status = "Paused" });
        Assert.Equal((400, "InvalidParameter.Status"), (badStatus.Status, badStatus.Code));

        Assert.Equal(200, (await emu.Client.ImsAsync("DeleteAccessKey", parameters: new { UserPrincipalName = upn, UserAccessKeyId = id })).Status);
        var gone = await emu.Client.ImsAsync("DeleteAccessKey", parameters: new { UserPrincipalName = upn, UserAccessKeyId = id });
        Assert.Equal((404, "EntityNotExist.User.AccessKey"), (gone.Status, gone.Code));
    }

    [Fact]
    public async Task A_user_has_at_most_two_keys()
    {
        await using var emu = await Emu.StartAsync();
        var upn = emu.Upn("bob");
        await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = upn, DisplayName = "Bob" });
        Assert.Equal(200, (await emu.Client.ImsAsync("CreateAccessKey", parameters: new { UserPrincipalName = upn })).Status);
        Assert.Equal(200, (await emu.Client.ImsAsync("CreateAccessKey", parameters: new { UserPrincipalName = upn })).Status);
        var third = await emu.Client.ImsAsync("CreateAccessKey", parameters: new { UserPrincipalName = upn });
        Assert.Equal((409, "LimitExceeded.User.AccessKey"), (third.Status, third.Code));
    }

    [Fact]
    public async Task Without_a_UPN_the_account_manages_its_own_keys_and_has_two_at_most()
    {
        await using var emu = await Emu.StartAsync();
        var own = await emu.Client.ImsAsync("ListAccessKeys");
        Assert.Equal("testid", own.Json.GetProperty("AccessKeys").GetProperty("AccessKey")[0].GetProperty("AccessKeyId").GetString());

        var second = await emu.Client.ImsAsync("CreateAccessKey");
        Assert.Equal(200, second.Status);
        Assert.Null(emu.State.FindAccessKey(second.Str("AccessKey", "AccessKeyId"))!.UserPrincipalName);
        var third = await emu.Client.ImsAsync("CreateAccessKey");
        Assert.Equal("LimitExceeded.User.AccessKey", third.Code);

        // The new root key signs as the account.
        var who = await emu.Client.StsAsync("GetCallerIdentity", new Cred(second.Str("AccessKey", "AccessKeyId"), second.Str("AccessKey", "AccessKeySecret")));
        Assert.Equal("Account", who.Str("IdentityType"));
    }

    [Fact]
    public async Task A_RAM_user_without_a_UPN_manages_its_own_keys()
    {
        await using var emu = await Emu.StartAsync();
        var carol = Cred.From(emu.State.IssueCredentials(emu.Upn("carol")));
        var created = await emu.Client.ImsAsync("CreateAccessKey", carol);
        Assert.Equal(200, created.Status);
        Assert.Equal(emu.Upn("carol"), emu.State.FindAccessKey(created.Str("AccessKey", "AccessKeyId"))!.UserPrincipalName);
        var list = await emu.Client.ImsAsync("ListAccessKeys", carol);
        Assert.Equal(2, list.Json.GetProperty("AccessKeys").GetProperty("AccessKey").GetArrayLength());
    }

    [Fact]
    public async Task A_key_is_found_only_under_its_owner()
    {
        await using var emu = await Emu.StartAsync();
        var dave = emu.State.IssueCredentials(emu.Upn("dave"));
        emu.State.IssueCredentials(emu.Upn("erin"));
        var wrongOwner = await emu.Client.ImsAsync("DeleteAccessKey", parameters: new { UserPrincipalName = emu.Upn("erin"), UserAccessKeyId = dave.AccessKeyId });
        Assert.Equal("EntityNotExist.User.AccessKey", wrongOwner.Code);

        // Without a UPN the key must be the account's own.
        var notRoots = await emu.Client.ImsAsync("GetAccessKeyLastUsed", parameters: new { UserAccessKeyId = dave.AccessKeyId });
        Assert.Equal("EntityNotExist.User.AccessKey", notRoots.Code);

        var missing = await emu.Client.ImsAsync("DeleteAccessKey", parameters: new { UserPrincipalName = emu.Upn("dave") });
        Assert.Equal((400, "MissingUserAccessKeyId"), (missing.Status, missing.Code));
        var noUser = await emu.Client.ImsAsync("ListAccessKeys", parameters: new { UserPrincipalName = emu.Upn("nobody") });
        Assert.Equal((404, "EntityNotExist.User"), (noUser.Status, noUser.Code));
    }

    [Fact]
    public async Task A_key_records_when_and_where_it_was_last_used()
    {
        await using var emu = await Emu.StartAsync();
        var upn = emu.Upn("frank");
        var key = emu.State.IssueCredentials(upn);
        var before = await emu.Client.ImsAsync("GetAccessKeyLastUsed", parameters: new { UserPrincipalName = upn, UserAccessKeyId = key.AccessKeyId });
        Assert.Equal(200, before.Status);
        Assert.False(before.Json.GetProperty("AccessKeyLastUsed").TryGetProperty("LastUsedDate", out _));

        Assert.Equal(200, (await emu.Client.StsAsync("GetCallerIdentity", Cred.From(key))).Status);
        var afterSts = await emu.Client.ImsAsync("GetAccessKeyLastUsed", parameters: new { UserPrincipalName = upn, UserAccessKeyId = key.AccessKeyId });
        Assert.Equal("sts", afterSts.Str("AccessKeyLastUsed", "ServiceName"));
        var used = DateTime.Parse(afterSts.Str("AccessKeyLastUsed", "LastUsedDate"), null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.InRange((DateTime.UtcNow - used).TotalSeconds, -2, 10);

        await emu.Client.ImsAsync("ListAccessKeys", Cred.From(key));
        var afterIms = await emu.Client.ImsAsync("GetAccessKeyLastUsed", parameters: new { UserPrincipalName = upn, UserAccessKeyId = key.AccessKeyId });
        Assert.Equal("ims", afterIms.Str("AccessKeyLastUsed", "ServiceName"));
    }
}
