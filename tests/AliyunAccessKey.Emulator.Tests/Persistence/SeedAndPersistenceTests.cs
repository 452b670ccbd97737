using System.Diagnostics;

namespace AliyunAccessKey.Emulator.Tests.Persistence;

public class SeedAndPersistenceTests
{
    [Fact]
    public async Task Seeding_100k_users_is_fast_and_pages_through()
    {
        await using var emu = await Emu.StartAsync();
        var watch = Stopwatch.StartNew();
        Assert.Equal(100_000, emu.State.Seed(100_000));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"seeding took {watch.ElapsedMilliseconds} ms");

        watch.Restart();
        var count = 0;
        string? marker = null;
        string? last = null;
        do
        {
            var r = await emu.Client.ImsAsync("ListUserBasicInfos", parameters: new { MaxItems = 1000, Marker = marker });
            var users = r.Json.GetProperty("UserBasicInfos").GetProperty("UserBasicInfo");
            count += users.GetArrayLength();
            last = users[users.GetArrayLength() - 1].GetProperty("UserPrincipalName").GetString();
            marker = r.Json.GetProperty("IsTruncated").GetBoolean() ? r.Str("Marker") : null;
        }
        while (marker is not null);

        Assert.Equal(100_000, count);
        Assert.Equal(emu.Upn("user100000"), last);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"paging took {watch.ElapsedMilliseconds} ms");

        var one = await emu.Client.ImsAsync("GetUser", parameters: new { UserPrincipalName = emu.Upn("user054321") });
        Assert.Equal("user054321", one.Str("User", "DisplayName"));
    }

    [Fact]
    public async Task Seeding_at_start_with_keys()
    {
        await using var emu = await Emu.StartAsync(o =>
        {
            o.SeedUsers = 10;
            o.SeedKeysPerUser = 2;
        });
        Assert.Equal(10, emu.State.UserCount);
        Assert.Equal(21, emu.State.AccessKeyCount);
        var keys = await emu.Client.ImsAsync("ListAccessKeys", parameters: new { UserPrincipalName = emu.Upn("user000003") });
        Assert.Equal(2, keys.Json.GetProperty("AccessKeys").GetProperty("AccessKey").GetArrayLength());
    }

    [Fact]
    public async Task State_file_round_trip()
    {
        var dir = Directory.CreateTempSubdirectory("emu-state-");
        var file = Path.Combine(dir.FullName, "state.json");
        try
        {
            IssuedCredentials key;
            Cred temp;
            await using (var emu = await Emu.StartAsync(o =>
            {
                o.StateFile = file;
                o.SeedUsers = 3;
            }))
            {
                key = emu.State.IssueCredentials(emu.Upn("keeper"), "Keeper");
                await emu.Client.ImsAsync("UpdateUser", parameters: new { UserPrincipalName = emu.Upn("keeper"), NewComments = "persisted" });
                Assert.Equal(200, (await emu.Client.StsAsync("GetCallerIdentity", Cred.From(key))).Status);
                var assumed = await emu.Client.StsAsync("AssumeRole", Cred.From(key), new { RoleArn = "acs:ram::1234567890123456:role/test-role", RoleSessionName = "kept" });
                temp = new Cred(assumed.Str("Credentials", "AccessKeyId"), assumed.Str("Credentials", "AccessKeySecret"), assumed.Str("Credentials", "SecurityToken"));
            }

            Assert.True(File.Exists(file));
            Assert.DoesNotContain("testsecret", await File.ReadAllTextAsync(file), StringComparison.Ordinal);

            // SeedUsers is ignored: the file already holds the state.
            await using (var emu = await Emu.StartAsync(o =>
            {
                o.StateFile = file;
                o.SeedUsers = 3;
            }))
            {
                Assert.Equal(4, emu.State.UserCount);
                var user = await emu.Client.ImsAsync("GetUser", parameters: new { UserPrincipalName = emu.Upn("keeper") });
                Assert.Equal("persisted", user.Str("User", "Comments"));
                Assert.Equal(key.UserId, user.Str("User", "UserId"));
                Assert.Equal("RAMUser", (await emu.Client.StsAsync("GetCallerIdentity", Cred.From(key))).Str("IdentityType"));
                Assert.Equal("AssumedRoleUser", (await emu.Client.StsAsync("GetCallerIdentity", temp)).Str("IdentityType"));
                Assert.Equal("sts", emu.State.FindAccessKey(key.AccessKeyId)!.LastUsedService);

                // New users continue the id sequence instead of reusing ids.
                var fresh = await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = emu.Upn("fresh"), DisplayName = "F" });
                Assert.NotEqual(key.UserId, fresh.Str("User", "UserId"));
                Assert.Equal(200, (await emu.Client.ControlAsync(HttpMethod.Post, "save")).TryGetProperty("saved", out _) ? 200 : 0);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
