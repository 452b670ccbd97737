using System.Text.Json;
using AliyunAccessKey.Emulator.Api;

namespace AliyunAccessKey.Emulator.Features.Sts;

/// <summary>STS's answer shapes, as the official SDK's models have them.</summary>
internal static class StsJson
{
    /// <summary>GetCallerIdentity: RoleId only for an assumed role, UserId absent for it.</summary>
    public static void WriteIdentity(Utf8JsonWriter json, string account, Caller caller)
    {
        json.WriteString("AccountId", account);
        switch (caller.Type)
        {
            case IdentityType.Account:
                json.WriteString("IdentityType", "Account");
                json.WriteString("UserId", account);
                json.WriteString("PrincipalId", account);
                json.WriteString("Arn", $"acs:ram::{account}:root");
                break;
            case IdentityType.RamUser:
                json.WriteString("IdentityType", "RAMUser");
                json.WriteString("UserId", caller.User!.UserId);
                json.WriteString("PrincipalId", caller.User.UserId);
                json.WriteString("Arn", $"acs:ram::{account}:user/{caller.User.Name}");
                break;
            default:
                var session = caller.Session!;
                json.WriteString("IdentityType", "AssumedRoleUser");
                json.WriteString("RoleId", session.Role.RoleId);
                json.WriteString("PrincipalId", session.AssumedRoleId);
                json.WriteString("Arn", session.AssumedRoleArn(account));
                break;
        }
    }

    /// <summary>AssumeRole: the temporary credentials and who they act as.</summary>
    public static void WriteCredentials(Utf8JsonWriter json, string account, StsSession session)
    {
        json.WriteStartObject("Credentials");
        json.WriteString("AccessKeyId", session.AccessKeyId);
        json.WriteString("AccessKeySecret", session.Secret);
        json.WriteString("SecurityToken", session.SecurityToken);
        json.WriteString("Expiration", ActionContext.Date(session.Expiration));
        json.WriteEndObject();
        json.WriteStartObject("AssumedRoleUser");
        json.WriteString("Arn", session.AssumedRoleArn(account));
        json.WriteString("AssumedRoleId", session.AssumedRoleId);
        json.WriteEndObject();
    }
}
