using System.Text.Json;
using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Api;
using AliyunAccessKey.Emulator.Features.AccessKeys;
using AliyunAccessKey.Emulator.Features.Sts;
using AliyunAccessKey.Emulator.Features.Users;

namespace AliyunAccessKey.Emulator.Tests.Api;

/// <summary>The catalog routes by product and version, so RAM 2015-05-01 can share IMS's action names on one address.</summary>
public class ActionCatalogTests
{
    /// <summary>A stand-in for RAM 2015-05-01, whose CreateUser is not IMS's.</summary>
    private static readonly ApiProduct Ram = new("ram", "2015-05-01", "ram.aliyuncs.com", "Ram");

    private static class RamUserActions
    {
        [Reads]
        public static void CreateUser(ActionContext ctx, AccountState state, Utf8JsonWriter json) => json.WriteString("Served", "ram");
    }

    /// <summary>Declares a read that tries to change the state anyway.</summary>
    private static class MisdeclaredActions
    {
        [Reads]
        public static void CreateUser(ActionContext ctx, AccountState state, Utf8JsonWriter json) => state.Users.Create("sneaky", "Sneaky", ctx.Now);
    }

    private static class ResourceTypo
    {
        [Reads(Resource = "NoSuchMethod")]
        public static void GetUser(ActionContext ctx, AccountState state, Utf8JsonWriter json)
        {
        }
    }

    [Fact]
    public void The_default_catalog_serves_IMS_STS_and_RAM_by_their_versions()
    {
        var catalog = ActionCatalog.Default;
        Assert.Same(ApiProduct.Ims, catalog.Product("2019-08-15"));
        Assert.Same(ApiProduct.Sts, catalog.Product("2015-04-01"));
        Assert.Same(ApiProduct.Ram, catalog.Product("2015-05-01"));
        Assert.Null(catalog.Product("2016-01-01"));
        Assert.Equal(ApiProduct.Ims, catalog.Find(ApiProduct.Ims, "CreateUser")?.Product);
        Assert.Null(catalog.Find(ApiProduct.Sts, "CreateUser"));
        Assert.Equal(ApiProduct.Sts, catalog.Find("sts", "AssumeRole")?.Product);
        Assert.Null(catalog.Find("ram", "CreateUser"));
    }

    [Fact]
    public void Only_the_actions_that_look_without_changing_are_reads()
    {
        var reads = ActionCatalog.Default.Actions.Where(static a => a.Access == ActionAccess.Read).Select(static a => a.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["GetAccessKeyLastUsed", "GetAccountSummary", "GetCallerIdentity", "GetCredentialReport", "GetDefaultDomain", "GetGroup", "GetLoginProfile", "GetPolicy", "GetSecurityPreference", "GetUser", "GetUserMFAInfo", "ListAccessKeys", "ListGroups", "ListGroupsForUser", "ListPolicies", "ListPoliciesForGroup", "ListPoliciesForUser", "ListUserBasicInfos", "ListUsers", "ListUsersForGroup"], reads);
        Assert.Equal(42, ActionCatalog.Default.Actions.Count());
    }

    [Fact]
    public void A_version_routes_to_one_product_and_an_action_is_declared_once()
    {
        var catalog = new ActionCatalog().Serve(ApiProduct.Ims, typeof(UserActions));
        Assert.Throws<ArgumentException>(() => catalog.Serve(Ram with { Version = ApiProduct.Ims.Version }));
        Assert.Throws<ArgumentException>(() => catalog.Serve(ApiProduct.Ims, typeof(UserActions)));
        Assert.Throws<ArgumentException>(() => new ActionCatalog().Serve(ApiProduct.Ims, typeof(ResourceTypo)));
    }

    [Fact]
    public async Task The_same_action_name_in_two_products_reaches_each_products_handler()
    {
        await using var emu = await Emu.StartAsync();
        emu.Server.Core.Catalog = new ActionCatalog()
            .Serve(ApiProduct.Ims, typeof(UserActions), typeof(AccessKeyActions))
            .Serve(ApiProduct.Sts, typeof(StsActions))
            .Serve(Ram, typeof(RamUserActions));

        var ram = await emu.Client.CallAsync(Ram.Version, "CreateUser", [new("UserPrincipalName", emu.Upn("ada"))], Cred.Root);
        Assert.Equal((200, "ram"), (ram.Status, ram.Str("Served")));
        Assert.Equal(0, emu.State.UserCount);
        Assert.Equal("ram", emu.State.FindAccessKey("testid")!.LastUsedService);

        var ims = await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = emu.Upn("ada"), DisplayName = "Ada" });
        Assert.Equal((200, "Ada"), (ims.Status, ims.Str("User", "DisplayName")));
        Assert.Equal(1, emu.State.UserCount);
        Assert.Equal("ims", emu.State.FindAccessKey("testid")!.LastUsedService);

        var errorHost = await emu.Client.CallAsync(Ram.Version, "DeleteUser", [], Cred.Root);
        Assert.Equal((404, "InvalidAction.NotFound", "ram.aliyuncs.com"), (errorHost.Status, errorHost.Code, errorHost.Str("HostId")));
    }

    [Fact]
    public async Task A_read_that_tries_to_change_the_state_fails_and_changes_nothing()
    {
        await using var emu = await Emu.StartAsync();
        emu.Server.Core.Catalog = new ActionCatalog().Serve(ApiProduct.Ims, typeof(MisdeclaredActions));

        var r = await emu.Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = emu.Upn("sneaky"), DisplayName = "S" });
        Assert.Equal((500, "InternalError"), (r.Status, r.Code));
        Assert.Equal(0, emu.State.UserCount);
    }
}
