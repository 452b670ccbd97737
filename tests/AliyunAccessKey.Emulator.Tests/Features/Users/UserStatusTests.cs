using System.Globalization;
using System.Text.Json;

namespace AliyunAccessKey.Emulator.Tests.Features.Users;

/// <summary>
/// User status (active/freeze), LastLoginDate and the list defaults, as the official IMS
/// documentation (spec/alibaba-openapi.json) describes them.
/// </summary>
public class UserStatusTests
{
    private static string[] Upns(ApiResult r, string outer = "Users", string inner = "User") =>
        r.Json.GetProperty(outer).GetProperty(inner).EnumerateArray().Select(u => u.GetProperty("UserPrincipalName").GetString()!).ToArray();

    [Fact]
    public async Task Without_Status_the_lists_answer_only_active_users()
    {
        await using var emu = await Emu.StartAsync();
        emu.State.Seed(3);
        emu.State.SetUserFrozen(emu.Upn("user000002"), true);

        var users = await emu.Client.ImsAsync("ListUsers");
        Assert.Equal([emu.Upn("user000001"), emu.Upn("user000003")], Upns(users));
        var basic = await emu.Client.ImsAsync("ListUserBasicInfos");
        Assert.Equal([emu.Upn("user000001"), emu.Upn("user000003")], Upns(basic, "UserBasicInfos", "UserBasicInfo"));
    }

    [Theory]
    [InlineData("ListUsers", "Users", "User")]
    [InlineData("ListUserBasicInfos", "UserBasicInfos", "UserBasicInfo")]
    public async Task Status_freeze_and_active_freeze_are_valid(string action, string outer, string inner)
    {
        await using var emu = await Emu.StartAsync();
        emu.State.Seed(3);
        emu.State.SetUserFrozen(emu.Upn("user000002"), true);

        var frozen = await emu.Client.ImsAsync(action, parameters: new { Status = "freeze" });
        Assert.Equal([emu.Upn("user000002")], Upns(frozen, outer, inner));
        Assert.Equal("freeze", frozen.Json.GetProperty(outer).GetProperty(inner)[0].GetProperty("Status").GetString());

        var both = await emu.Client.ImsAsync(action, parameters: new { Status = "active,freeze" });
        Assert.Equal(200, both.Status);
        Assert.Equal(3, Upns(both, outer, inner).Length);

        var bad = await emu.Client.ImsAsync(action, parameters: new { Status = "active,asleep" });
        Assert.Equal((400, "InvalidParameter.Status"), (bad.Status, bad.Code));
    }

    [Fact]
    public async Task A_Tag_filter_answers_both_states()
    {
        await using var emu = await Emu.StartAsync();
        foreach (var name in new[] { "red1", "red2", "blue" })
        {
            var created = await emu.Client.ImsAsync("CreateUser", parameters: new Dictionary<string, string>
            {
                ["UserPrincipalName"] = emu.Upn(name),
                ["DisplayName"] = name,
                ["Tag.1.Key"] = "team",
                ["Tag.1.Value"] = name[..^1],
            });
            Assert.Equal(200, created.Status);
        }

        emu.State.SetUserFrozen(emu.Upn("red2"), true);
        var red = new Dictionary<string, string> { ["Tag.1.Key"] = "team", ["Tag.1.Value"] = "red" };
        Assert.Equal([emu.Upn("red1"), emu.Upn("red2")], Upns(await emu.Client.ImsAsync("ListUsers", parameters: red)));
        Assert.Equal([emu.Upn("red1"), emu.Upn("red2")], Upns(await emu.Client.ImsAsync("ListUserBasicInfos", parameters: red), "UserBasicInfos", "UserBasicInfo"));

        // ListUsers may narrow a tag filter by status.
        var redFrozen = new Dictionary<string, string>(red) { ["Status"] = "freeze" };
        Assert.Equal([emu.Upn("red2")], Upns(await emu.Client.ImsAsync("ListUsers", parameters: redFrozen)));
    }

    [Fact]
    public async Task ListUserBasicInfos_refuses_Status_together_with_Tag()
    {
        // "If the Tag parameter is specified, you cannot specify the Status parameter." (ListUserBasicInfos only)
        await using var emu = await Emu.StartAsync();
        var r = await emu.Client.ImsAsync("ListUserBasicInfos", parameters: new Dictionary<string, string> { ["Tag.1.Key"] = "team", ["Status"] = "active" });
        Assert.Equal((400, "InvalidParameter.Status"), (r.Status, r.Code));
    }

    [Fact]
    public async Task Control_route_freezes_and_unfreezes_a_user()
    {
        await using var emu = await Emu.StartAsync();
        emu.State.Seed(2);
        var answer = await emu.Client.ControlAsync(HttpMethod.Post, "users/status", new { userPrincipalName = emu.Upn("user000001"), status = "freeze" });
        Assert.Equal("freeze", answer.GetProperty("status").GetString());
        Assert.True(emu.State.FindUser(emu.Upn("user000001"))!.Frozen);
        Assert.Equal([emu.Upn("user000002")], Upns(await emu.Client.ImsAsync("ListUsers")));

        await emu.Client.ControlAsync(HttpMethod.Post, "users/status", new { userPrincipalName = emu.Upn("user000001"), status = "active" });
        Assert.False(emu.State.FindUser(emu.Upn("user000001"))!.Frozen);

        var unknown = await Assert.ThrowsAsync<HttpRequestException>(() => emu.Client.ControlAsync(HttpMethod.Post, "users/status", new { userPrincipalName = emu.Upn("nobody"), status = "freeze" }));
        Assert.StartsWith("400", unknown.Message, StringComparison.Ordinal);
        var badStatus = await Assert.ThrowsAsync<HttpRequestException>(() => emu.Client.ControlAsync(HttpMethod.Post, "users/status", new { userPrincipalName = emu.Upn("user000002"), status = "asleep" }));
        Assert.StartsWith("400", badStatus.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seeding_can_freeze_users()
    {
        await using var emu = await Emu.StartAsync();
        var seeded = await emu.Client.ControlAsync(HttpMethod.Post, "seed", new { users = 5, frozenUsers = 2 });
        Assert.Equal(5, seeded.GetProperty("users").GetInt32());
        Assert.Equal([emu.Upn("user000003"), emu.Upn("user000004"), emu.Upn("user000005")], Upns(await emu.Client.ImsAsync("ListUsers")));
        Assert.Equal([emu.Upn("user000001"), emu.Upn("user000002")], Upns(await emu.Client.ImsAsync("ListUsers", parameters: new { Status = "freeze" })));

        await using var started = await Emu.StartAsync(o =>
        {
            o.SeedUsers = 4;
            o.SeedFrozenUsers = 1;
        });
        Assert.True(started.State.FindUser(started.Upn("user000001"))!.Frozen);
        Assert.False(started.State.FindUser(started.Upn("user000002"))!.Frozen);
    }

    [Fact]
    public async Task LastLoginDate_is_epoch_milliseconds_in_ListUsers_and_ISO_elsewhere()
    {
        await using var emu = await Emu.StartAsync();
        var upn = emu.Upn("logon");
        Assert.Equal(200, (await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = upn, DisplayName = "L" })).Status);
        var never = await emu.Client.ImsAsync("ListUsers");
        Assert.False(never.Json.GetProperty("Users").GetProperty("User")[0].TryGetProperty("LastLoginDate", out _));

        var at = new DateTime(2023, 8, 21, 6, 12, 47, 586, DateTimeKind.Utc);
        var recorded = await emu.Client.ControlAsync(HttpMethod.Post, "users/login", new { userPrincipalName = upn, date = at });
        Assert.Equal(upn, recorded.GetProperty("userPrincipalName").GetString());

        // The official ListUsers example: "LastLoginDate": "1692598367586".
        var listed = await emu.Client.ImsAsync("ListUsers");
        var epochMs = listed.Json.GetProperty("Users").GetProperty("User")[0].GetProperty("LastLoginDate").GetString();
        Assert.Equal(new DateTimeOffset(at).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), epochMs);

        // GetUser and UpdateUser answer ISO 8601, as their official examples do.
        Assert.Equal("2023-08-21T06:12:47Z", (await emu.Client.ImsAsync("GetUser", parameters: new { UserPrincipalName = upn })).Str("User", "LastLoginDate"));
        Assert.Equal("2023-08-21T06:12:47Z", (await emu.Client.ImsAsync("UpdateUser", parameters: new { UserPrincipalName = upn, NewDisplayName = "L2" })).Str("User", "LastLoginDate"));

        // Without a date the logon is now.
        emu.State.RecordLogin(upn);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var again = long.Parse((await emu.Client.ImsAsync("ListUsers")).Json.GetProperty("Users").GetProperty("User")[0].GetProperty("LastLoginDate").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(again, now - 5_000, now + 5_000);
    }

    [Fact]
    public async Task LastLoginDate_and_status_survive_the_state_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"emu-status-{Guid.NewGuid():N}.json");
        try
        {
            var at = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
            await using (var first = await Emu.StartAsync(o => o.StateFile = path))
            {
                first.State.Seed(2);
                first.State.SetUserFrozen(first.Upn("user000001"), true);
                first.State.RecordLogin(first.Upn("user000002"), at);
            }

            await using var second = await Emu.StartAsync(o => o.StateFile = path);
            Assert.True(second.State.FindUser(second.Upn("user000001"))!.Frozen);
            Assert.Equal(at, second.State.FindUser(second.Upn("user000002"))!.LastLoginDate);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task MaxItems_defaults_are_100_for_ListUserBasicInfos_and_1000_for_ListUsers()
    {
        await using var emu = await Emu.StartAsync();
        emu.State.Seed(1001);
        var basic = await emu.Client.ImsAsync("ListUserBasicInfos");
        Assert.Equal(100, basic.Json.GetProperty("UserBasicInfos").GetProperty("UserBasicInfo").GetArrayLength());
        Assert.True(basic.Json.GetProperty("IsTruncated").GetBoolean());

        var users = await emu.Client.ImsAsync("ListUsers");
        Assert.Equal(1000, users.Json.GetProperty("Users").GetProperty("User").GetArrayLength());
        Assert.True(users.Json.GetProperty("IsTruncated").GetBoolean());
    }

    [Fact]
    public async Task Only_the_list_answers_carry_Status()
    {
        // The official models: ListUsers and ListUserBasicInfos have Status; CreateUser, GetUser, UpdateUser do not.
        await using var emu = await Emu.StartAsync();
        var upn = emu.Upn("status");
        var created = await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = upn, DisplayName = "S" });
        Assert.False(created.Json.GetProperty("User").TryGetProperty("Status", out _));
        var got = await emu.Client.ImsAsync("GetUser", parameters: new { UserPrincipalName = upn });
        Assert.False(got.Json.GetProperty("User").TryGetProperty("Status", out _));
        var listed = await emu.Client.ImsAsync("ListUsers");
        Assert.Equal(JsonValueKind.String, listed.Json.GetProperty("Users").GetProperty("User")[0].GetProperty("Status").ValueKind);
    }
}
