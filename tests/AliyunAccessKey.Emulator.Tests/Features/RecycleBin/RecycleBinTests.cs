using System.Text.Json;

namespace AliyunAccessKey.Emulator.Tests.Features.RecycleBin;

public class RecycleBinTests
{
    private static async Task<(string Upn, string UserId)> UserAsync(Emu emu, string name)
    {
        var created = await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = emu.Upn(name), DisplayName = name });
        Assert.Equal(200, created.Status);
        return (emu.Upn(name), created.Str("User", "UserId"));
    }

    private static async Task<string> KeyAsync(Emu emu, string upn) =>
        (await emu.Client.ImsAsync("CreateAccessKey", parameters: new { UserPrincipalName = upn })).Str("AccessKey", "AccessKeyId");

    private static async Task<List<string>> BinKeysAsync(Emu emu, string userId) =>
        [.. (await emu.Client.ImsAsync("ListAccessKeysInRecycleBin", parameters: new { UserId = userId }))
            .Json.GetProperty("AccessKeys").GetProperty("AccessKey").EnumerateArray().Select(static k => k.GetProperty("AccessKeyId").GetString()!)];

    private static async Task<List<string>> LiveKeysAsync(Emu emu, string upn) =>
        [.. (await emu.Client.ImsAsync("ListAccessKeys", parameters: new { UserPrincipalName = upn }))
            .Json.GetProperty("AccessKeys").GetProperty("AccessKey").EnumerateArray().Select(static k => k.GetProperty("AccessKeyId").GetString()!)];

    [Fact]
    public async Task A_deleted_key_goes_to_the_bin_for_30_days_and_can_be_restored()
    {
        await using var emu = await Emu.StartAsync();
        var (upn, userId) = await UserAsync(emu, "alice");
        var id = await KeyAsync(emu, upn);
        Assert.Equal(200, (await emu.Client.ImsAsync("DeleteAccessKey", parameters: new { UserPrincipalName = upn, UserAccessKeyId = id })).Status);
        Assert.Empty(await LiveKeysAsync(emu, upn));

        var list = await emu.Client.ImsAsync("ListAccessKeysInRecycleBin", parameters: new { UserId = userId });
        var item = Assert.Single(list.Json.GetProperty("AccessKeys").GetProperty("AccessKey").EnumerateArray());
        Assert.Equal(id, item.GetProperty("AccessKeyId").GetString());
        Assert.False(item.TryGetProperty("AccessKeySecret", out _));
        var recycled = DateTime.Parse(item.GetProperty("RecycleDate").GetString()!, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        var purge = DateTime.Parse(item.GetProperty("DeleteDate").GetString()!, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.Equal(TimeSpan.FromDays(30), purge - recycled);

        var info = await emu.Client.ImsAsync("GetAccessKeyInfoInRecycleBin", parameters: new { UserAccessKeyId = id });
        Assert.Equal((userId, upn, false), (info.Str("AccessKey", "UserId"), info.Str("AccessKey", "UserPrincipalName"), info.Json.GetProperty("AccessKey").GetProperty("UserRecycled").GetBoolean()));

        Assert.Equal(200, (await emu.Client.ImsAsync("RestoreAccessKeyFromRecycleBin", parameters: new { UserId = userId, UserAccessKeyId = id })).Status);
        Assert.Equal([id], await LiveKeysAsync(emu, upn));
        Assert.Empty(await BinKeysAsync(emu, userId));
        var again = await emu.Client.ImsAsync("GetAccessKeyInfoInRecycleBin", parameters: new { UserAccessKeyId = id });
        Assert.Equal((404, "EntityNotExist.User.AccessKey"), (again.Status, again.Code));
    }

    [Fact]
    public async Task Restore_is_refused_when_the_user_already_has_two_keys_and_a_key_of_another_user_is_not_found()
    {
        await using var emu = await Emu.StartAsync();
        var (upn, userId) = await UserAsync(emu, "bob");
        var (_, otherId) = await UserAsync(emu, "carol");
        var id = await KeyAsync(emu, upn);
        await emu.Client.ImsAsync("DeleteAccessKey", parameters: new { UserPrincipalName = upn, UserAccessKeyId = id });
        await KeyAsync(emu, upn);
        await KeyAsync(emu, upn);

        var full = await emu.Client.ImsAsync("RestoreAccessKeyFromRecycleBin", parameters: new { UserId = userId, UserAccessKeyId = id });
        Assert.Equal((409, "LimitExceeded.User.AccessKey"), (full.Status, full.Code));
        var wrongUser = await emu.Client.ImsAsync("RestoreAccessKeyFromRecycleBin", parameters: new { UserId = otherId, UserAccessKeyId = id });
        Assert.Equal((404, "EntityNotExist.User.AccessKey"), (wrongUser.Status, wrongUser.Code));
        Assert.Equal([id], await BinKeysAsync(emu, userId));
    }

    [Fact]
    public async Task The_bin_holds_three_keys_per_user_the_oldest_purged_first_and_purge_is_final()
    {
        await using var emu = await Emu.StartAsync();
        var (upn, userId) = await UserAsync(emu, "dave");
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var id = await KeyAsync(emu, upn);
            ids.Add(id);
            await emu.Client.ImsAsync("DeleteAccessKey", parameters: new { UserPrincipalName = upn, UserAccessKeyId = id });
        }

        Assert.Equal(ids[1..], await BinKeysAsync(emu, userId));
        Assert.Equal(200, (await emu.Client.ImsAsync("DeleteAccessKeyInRecycleBin", parameters: new { UserId = userId, UserAccessKeyId = ids[1] })).Status);
        Assert.Equal(ids[2..], await BinKeysAsync(emu, userId));
        var gone = await emu.Client.ImsAsync("RestoreAccessKeyFromRecycleBin", parameters: new { UserId = userId, UserAccessKeyId = ids[1] });
        Assert.Equal((404, "EntityNotExist.User.AccessKey"), (gone.Status, gone.Code));
    }

    [Fact]
    public async Task After_30_days_by_the_emulator_clock_the_bins_are_empty()
    {
        await using var emu = await Emu.StartAsync();
        var (upn, userId) = await UserAsync(emu, "erin");
        var id = await KeyAsync(emu, upn);
        await emu.Client.ImsAsync("DeleteAccessKey", parameters: new { UserPrincipalName = upn, UserAccessKeyId = id });
        var (upn2, userId2) = await UserAsync(emu, "frank");
        await emu.Client.ImsAsync("DeleteUser", parameters: new { UserPrincipalName = upn2 });

        emu.Server.Knobs = emu.Server.Knobs with { ClockOffsetSeconds = (int)TimeSpan.FromDays(30).TotalSeconds + 60 };
        Assert.Empty(await BinKeysAsync(emu, userId));
        var user = await emu.Client.ImsAsync("GetUserInRecycleBin", parameters: new { UserId = userId2 });
        Assert.Equal((404, "EntityNotExist.User"), (user.Status, user.Code));
        var restore = await emu.Client.ImsAsync("RestoreAccessKeyFromRecycleBin", parameters: new { UserId = userId, UserAccessKeyId = id });
        Assert.Equal(404, restore.Status);
    }

    [Fact]
    public async Task A_deleted_user_goes_to_the_bin_with_its_keys_and_comes_back_with_them()
    {
        await using var emu = await Emu.StartAsync();
        var (upn, userId) = await UserAsync(emu, "gina");
        var id = await KeyAsync(emu, upn);
        await emu.Client.ImsAsync("DeleteAccessKey", parameters: new { UserPrincipalName = upn, UserAccessKeyId = id });
        Assert.Equal(200, (await emu.Client.ImsAsync("DeleteUser", parameters: new { UserPrincipalName = upn })).Status);
        Assert.Equal(404, (await emu.Client.ImsAsync("GetUser", parameters: new { UserPrincipalName = upn })).Status);

        var list = await emu.Client.ImsAsync("ListUsersInRecycleBin", parameters: new { Filter = "UserPrincipalName eq " + upn });
        var item = Assert.Single(list.Json.GetProperty("Users").GetProperty("User").EnumerateArray());
        Assert.Equal(userId, item.GetProperty("UserId").GetString());
        Assert.False(list.Json.GetProperty("IsTruncated").GetBoolean());
        Assert.Equal(userId, (await emu.Client.ImsAsync("GetUserInRecycleBin", parameters: new { UserAccessKeyId = id })).Str("User", "UserId"));
        Assert.True((await emu.Client.ImsAsync("GetAccessKeyInfoInRecycleBin", parameters: new { UserAccessKeyId = id })).Json.GetProperty("AccessKey").GetProperty("UserRecycled").GetBoolean());

        // A key of a user in the bin cannot come back before the user does.
        Assert.Equal(404, (await emu.Client.ImsAsync("RestoreAccessKeyFromRecycleBin", parameters: new { UserId = userId, UserAccessKeyId = id })).Status);
        Assert.Equal(200, (await emu.Client.ImsAsync("RestoreUserFromRecycleBin", parameters: new { UserId = userId })).Status);
        Assert.Equal(userId, (await emu.Client.ImsAsync("GetUser", parameters: new { UserPrincipalName = upn })).Str("User", "UserId"));
        Assert.Equal([id], await BinKeysAsync(emu, userId));
        Assert.Equal(200, (await emu.Client.ImsAsync("RestoreAccessKeyFromRecycleBin", parameters: new { UserId = userId, UserAccessKeyId = id })).Status);
        Assert.Equal([id], await LiveKeysAsync(emu, upn));
    }

    [Fact]
    public async Task Purging_a_user_purges_its_keys_and_a_name_taken_meanwhile_refuses_the_restore()
    {
        await using var emu = await Emu.StartAsync();
        var (upn, userId) = await UserAsync(emu, "hank");
        var id = await KeyAsync(emu, upn);
        await emu.Client.ImsAsync("DeleteAccessKey", parameters: new { UserPrincipalName = upn, UserAccessKeyId = id });
        await emu.Client.ImsAsync("DeleteUser", parameters: new { UserPrincipalName = upn });
        await UserAsync(emu, "hank");
        var taken = await emu.Client.ImsAsync("RestoreUserFromRecycleBin", parameters: new { UserId = userId });
        Assert.Equal((409, "EntityAlreadyExists.User"), (taken.Status, taken.Code));

        Assert.Equal(200, (await emu.Client.ImsAsync("DeleteUserInRecycleBin", parameters: new { UserId = userId })).Status);
        Assert.Equal(404, (await emu.Client.ImsAsync("GetUserInRecycleBin", parameters: new { UserId = userId })).Status);
        Assert.Equal(404, (await emu.Client.ImsAsync("GetAccessKeyInfoInRecycleBin", parameters: new { UserAccessKeyId = id })).Status);
    }

    [Fact]
    public async Task ListUsersInRecycleBin_pages_checks_MaxItems_and_Filter()
    {
        await using var emu = await Emu.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            var (upn, _) = await UserAsync(emu, "u" + i);
            await emu.Client.ImsAsync("DeleteUser", parameters: new { UserPrincipalName = upn });
        }

        var first = await emu.Client.ImsAsync("ListUsersInRecycleBin", parameters: new { MaxItems = "2" });
        Assert.True(first.Json.GetProperty("IsTruncated").GetBoolean());
        Assert.Equal(2, first.Json.GetProperty("Users").GetProperty("User").GetArrayLength());
        var second = await emu.Client.ImsAsync("ListUsersInRecycleBin", parameters: new { MaxItems = "2", Marker = first.Str("Marker") });
        Assert.Equal(emu.Upn("u2"), second.Json.GetProperty("Users").GetProperty("User")[0].GetProperty("UserPrincipalName").GetString());
        Assert.False(second.Json.GetProperty("IsTruncated").GetBoolean());

        Assert.Equal((400, "InvalidParameter.MaxItems"), Code(await emu.Client.ImsAsync("ListUsersInRecycleBin", parameters: new { MaxItems = "101" })));
        Assert.Equal((400, "InvalidParameter.Filter"), Code(await emu.Client.ImsAsync("ListUsersInRecycleBin", parameters: new { Filter = "DisplayName eq x" })));
        Assert.Equal(JsonValueKind.Array, first.Json.GetProperty("Users").GetProperty("User").ValueKind);
    }

    [Fact]
    public async Task DeleteAccessKeyInRecycleBin_needs_UserId_from_the_account_and_defaults_to_a_RAM_user_caller()
    {
        await using var emu = await Emu.StartAsync();
        var caller = emu.State.IssueCredentials(emu.Upn("ivan"));
        var upn = caller.UserPrincipalName!;
        var id = await KeyAsync(emu, upn);
        await emu.Client.ImsAsync("DeleteAccessKey", parameters: new { UserPrincipalName = upn, UserAccessKeyId = id });

        // The account must name the user.
        Assert.Equal((400, "MissingUserId"), Code(await emu.Client.ImsAsync("DeleteAccessKeyInRecycleBin", parameters: new { UserAccessKeyId = id })));

        // A RAM user may leave UserId out: its own bin.
        Assert.Equal(200, (await emu.Client.ImsAsync("DeleteAccessKeyInRecycleBin", Cred.From(caller), parameters: new { UserAccessKeyId = id })).Status);
        Assert.Equal(404, (await emu.Client.ImsAsync("GetAccessKeyInfoInRecycleBin", parameters: new { UserAccessKeyId = id })).Status);
    }

    private static (int, string?) Code(ApiResult r) => (r.Status, r.Code);
}
