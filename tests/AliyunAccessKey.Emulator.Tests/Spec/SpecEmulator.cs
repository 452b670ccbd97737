namespace AliyunAccessKey.Emulator.Tests.Spec;

/// <summary>
/// One emulator for the generated cases. Its default domain is 63 characters, so the longest name
/// part (64) makes a UPN of exactly the documented 128 characters.
/// </summary>
public sealed class SpecEmulator : IAsyncLifetime
{
    public static readonly string Domain = new string('d', 50) + ".onaliyun.com";

    private const string RoleArn = "acs:ram::1234567890123456:role/test-role";
    private const string CustomPolicy = "spec-custom";
    private const string PolicyDocument = """{"Version":"1","Statement":[]}""";
    private EmulatorServer? _server;
    private int _counter;

    public EmulatorServer Server => _server ?? throw new InvalidOperationException("not started");

    public ApiClient Client { get; private set; } = null!;

    /// <summary>A RAM user's key: AssumeRole refuses the account's own.</summary>
    public Cred User { get; private set; } = null!;

    public string Unique() => "u" + Interlocked.Increment(ref _counter).ToString("D5", System.Globalization.CultureInfo.InvariantCulture);

    public static string Upn(string name) => name + "@" + Domain;

    public async Task InitializeAsync()
    {
        _server = await EmulatorServer.StartAsync(new EmulatorOptions { DefaultDomain = Domain });
        Client = new ApiClient(_server.BaseAddress);
        User = Cred.From(_server.State.IssueCredentials(Upn("spec-caller")));
        _server.State.CreatePolicy(CustomPolicy, PolicyDocument);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>
    /// A valid request of the action with <paramref name="values"/> laid over it, and who signs it.
    /// The base requests are hand-written: they are context (an existing user, a key, a role), not limits.
    /// </summary>
    public async Task<(Cred Cred, List<KeyValuePair<string, string>> Parameters)> RequestAsync(
        string service, string action, List<KeyValuePair<string, string>> values, bool inside)
    {
        var cred = Cred.Root;
        List<KeyValuePair<string, string>> request;
        switch ($"{service}/{action}")
        {
            case "ims/CreateUser":
                request = [new("UserPrincipalName", Upn(Unique())), new("DisplayName", "D")];
                break;
            case "ims/GetUser":
                request = [new("UserPrincipalName", Upn("spec-caller"))];
                if (inside && values.FirstOrDefault(v => v.Key == "UserPrincipalName").Value is { Length: > 0 } upn)
                {
                    // The user must exist for GetUser to answer it.
                    var created = await Client.ImsAsync("CreateUser", parameters: new { UserPrincipalName = upn, DisplayName = "D" });
                    Assert.True(created.Status == 200, $"could not create {upn} for GetUser: {created}");
                }

                break;
            case "ims/UpdateUser":
                request = [new("UserPrincipalName", Server.State.IssueCredentials(Upn(Unique())).UserPrincipalName!)];
                break;
            case "ims/UpdateAccessKey":
            {
                var key = Server.State.IssueCredentials(Upn(Unique()));
                request = [new("UserPrincipalName", key.UserPrincipalName!), new("UserAccessKeyId", key.AccessKeyId), new("Status", "Active")];
                break;
            }

            case "ims/CreateLoginProfile":
                request = [new("UserPrincipalName", Server.State.IssueCredentials(Upn(Unique())).UserPrincipalName!), new("Password", "Passw0rd!x")];
                break;
            case "ims/UpdateLoginProfile":
            {
                var owner = Server.State.IssueCredentials(Upn(Unique())).UserPrincipalName!;
                var created = await Client.ImsAsync("CreateLoginProfile", parameters: new { UserPrincipalName = owner, Password = "Passw0rd!x" });
                Assert.True(created.Status == 200, $"could not create a login profile for {owner}: {created}");
                request = [new("UserPrincipalName", owner)];
                break;
            }

            case "ims/ListUsers":
            case "ims/ListUserBasicInfos":
            case "ims/ListGroups":
            case "ims/ListUsersInRecycleBin":
                request = [];
                break;
            case "ims/CreateGroup":
                request = [new("GroupName", "g" + Unique())];
                await FreeGroupNameAsync(values, "GroupName", inside);
                break;
            case "ims/UpdateGroup":
                request = [new("GroupName", await NewGroupAsync())];
                await FreeGroupNameAsync(values, "NewGroupName", inside);
                break;
            case "ims/ListUsersForGroup":
                request = [new("GroupName", await NewGroupAsync())];
                break;
            case "ram/ListPolicies":
                request = [];
                break;
            case "ram/CreatePolicy":
                request = [new("PolicyName", "p" + Unique()), new("PolicyDocument", PolicyDocument)];
                break;
            case "ram/GetPolicy":
                request = [new("PolicyType", "System"), new("PolicyName", PolicyFor(values))];
                break;
            case "ram/AttachPolicyToUser":
            case "ram/DetachPolicyFromUser":
            {
                // A fresh user each time: attaching twice is refused, detaching needs an attachment.
                var user = Server.State.IssueCredentials(Upn(Unique())).UserPrincipalName!.Split('@')[0];
                request = [new("PolicyType", "System"), new("PolicyName", PolicyFor(values)), new("UserName", user)];
                if (action == "DetachPolicyFromUser" && inside)
                {
                    var type = values.FirstOrDefault(v => v.Key == "PolicyType").Value ?? "System";
                    var attached = await Client.RamAsync("AttachPolicyToUser", parameters: new { PolicyType = type, PolicyName = PolicyFor(values), UserName = user });
                    Assert.True(attached.Status == 200, $"could not attach for DetachPolicyFromUser: {attached}");
                }

                break;
            }

            case "ram/AttachPolicyToGroup":
            case "ram/DetachPolicyFromGroup":
            {
                var group = await NewGroupAsync();
                request = [new("PolicyType", "System"), new("PolicyName", PolicyFor(values)), new("GroupName", group)];
                if (action == "DetachPolicyFromGroup" && inside)
                {
                    var type = values.FirstOrDefault(v => v.Key == "PolicyType").Value ?? "System";
                    var attached = await Client.RamAsync("AttachPolicyToGroup", parameters: new { PolicyType = type, PolicyName = PolicyFor(values), GroupName = group });
                    Assert.True(attached.Status == 200, $"could not attach for DetachPolicyFromGroup: {attached}");
                }

                break;
            }

            case "sts/AssumeRole":
                cred = User;
                request = [new("RoleArn", RoleArn), new("RoleSessionName", "s1")];
                break;
            default:
                throw new InvalidOperationException($"No base request for {service}/{action}: add one to exercise its limits.");
        }

        request.RemoveAll(p => values.Any(v => v.Key == p.Key));
        request.AddRange(values);
        return (cred, request);
    }

    private async Task<string> NewGroupAsync()
    {
        var name = "g" + Unique();
        var created = await Client.ImsAsync("CreateGroup", parameters: new { GroupName = name });
        Assert.True(created.Status == 200, $"could not create the group {name}: {created}");
        return name;
    }

    /// <summary>Group names are shared by the cases of CreateGroup and UpdateGroup: a name a case must be able to take is freed first.</summary>
    private async Task FreeGroupNameAsync(List<KeyValuePair<string, string>> values, string parameter, bool inside)
    {
        if (inside && values.FirstOrDefault(v => v.Key == parameter).Value is { Length: > 0 } name)
        {
            await Client.ImsAsync("DeleteGroup", parameters: new { GroupName = name });
        }
    }

    public Task<ApiResult> SendAsync(string service, string action, Cred cred, List<KeyValuePair<string, string>> parameters) => service switch
    {
        "sts" => Client.StsAsync(action, cred, parameters),
        "ram" => Client.RamAsync(action, cred, parameters),
        _ => Client.ImsAsync(action, cred, parameters),
    };

    /// <summary>A policy that exists with the type the values name: the seeded custom one, or a system one.</summary>
    private static string PolicyFor(List<KeyValuePair<string, string>> values) =>
        values.FirstOrDefault(v => v.Key == "PolicyType").Value == "Custom" ? CustomPolicy : "ReadOnlyAccess";
}
