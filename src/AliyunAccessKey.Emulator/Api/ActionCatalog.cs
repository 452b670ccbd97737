using AliyunAccessKey.Emulator.Features.AccessKeys;
using AliyunAccessKey.Emulator.Features.Sts;
using AliyunAccessKey.Emulator.Features.Users;

namespace AliyunAccessKey.Emulator.Api;

/// <summary>The two APIs served, routed by version: 2019-08-15 is IMS, 2015-04-01 is STS.</summary>
internal static class ActionCatalog
{
    public const string ImsVersion = "2019-08-15";
    public const string StsVersion = "2015-04-01";

    private static readonly Dictionary<string, ActionHandler> Ims = new(StringComparer.Ordinal)
    {
        ["CreateAccessKey"] = AccessKeyActions.CreateAccessKey,
        ["ListAccessKeys"] = AccessKeyActions.ListAccessKeys,
        ["UpdateAccessKey"] = AccessKeyActions.UpdateAccessKey,
        ["DeleteAccessKey"] = AccessKeyActions.DeleteAccessKey,
        ["GetAccessKeyLastUsed"] = AccessKeyActions.GetAccessKeyLastUsed,
        ["CreateUser"] = UserActions.CreateUser,
        ["GetUser"] = UserActions.GetUser,
        ["ListUsers"] = UserActions.ListUsers,
        ["ListUserBasicInfos"] = UserActions.ListUserBasicInfos,
        ["UpdateUser"] = UserActions.UpdateUser,
        ["DeleteUser"] = UserActions.DeleteUser,
        ["GetDefaultDomain"] = UserActions.GetDefaultDomain,
    };

    private static readonly Dictionary<string, ActionHandler> Sts = new(StringComparer.Ordinal)
    {
        ["GetCallerIdentity"] = StsActions.GetCallerIdentity,
        ["AssumeRole"] = StsActions.AssumeRole,
    };

    /// <summary>"ims" or "sts" for a known version, else null.</summary>
    public static string? Service(string? version) => version switch
    {
        ImsVersion => "ims",
        StsVersion => "sts",
        _ => null,
    };

    /// <summary>The public host of a service, used as HostId in error answers.</summary>
    public static string HostId(string? service) => service == "sts" ? "sts.aliyuncs.com" : "ims.aliyuncs.com";

    public static ActionHandler? Find(string service, string action) =>
        (service == "sts" ? Sts : Ims).GetValueOrDefault(action);
}
