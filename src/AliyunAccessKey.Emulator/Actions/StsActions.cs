using System.Globalization;
using System.Text.Json;
using AliyunAccessKey.Emulator.Server;
using AliyunAccessKey.Emulator.State;

namespace AliyunAccessKey.Emulator.Actions;

/// <summary>STS (2015-04-01) actions.</summary>
internal static class StsActions
{
    public const int MaxDurationSeconds = 43200;
    public const int DefaultDurationSeconds = 3600;

    /// <summary>Who signed: RoleId only for an assumed role, UserId absent for it.</summary>
    public static void GetCallerIdentity(ActionContext ctx, Utf8JsonWriter json)
    {
        var account = ctx.Store.AccountId;
        var caller = ctx.Caller;
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
                json.WriteString("PrincipalId", AssumedRoleId(session.Role, session.SessionName));
                json.WriteString("Arn", AssumedRoleArn(account, session.Role, session.SessionName));
                break;
        }
    }

    public static void AssumeRole(ActionContext ctx, Utf8JsonWriter json)
    {
        if (ctx.Caller.Type == IdentityType.Account)
        {
            throw Errors.NoPermission("Roles may not be assumed by root accounts.");
        }

        var arn = ctx.Required("RoleArn");
        var sessionName = ctx.Required("RoleSessionName");
        if (sessionName.Length is < 2 or > 64 || !sessionName.All(static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '@' or '-' or '_'))
        {
            throw Errors.Invalid("RoleSessionName", "The RoleSessionName must be 2 to 64 characters of A-Z, a-z, 0-9, '.', '@', '-' and '_'.");
        }

        var duration = DefaultDurationSeconds;
        if (ctx.Optional("DurationSeconds") is string text)
        {
            var min = Math.Max(1, ctx.Core.Knobs.MinAssumeRoleDurationSeconds);
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out duration) || duration < min || duration > MaxDurationSeconds)
            {
                throw Errors.Invalid("DurationSeconds", $"The DurationSeconds must be from {min} to {MaxDurationSeconds}.");
            }
        }

        if (!arn.StartsWith("acs:ram::", StringComparison.OrdinalIgnoreCase) || !arn.Contains(":role/", StringComparison.OrdinalIgnoreCase))
        {
            throw Errors.Invalid("RoleArn", "The RoleArn must be acs:ram::<account id>:role/<role name>.");
        }

        var role = ctx.Store.FindRoleByArn(arn) ?? throw Errors.RoleNotFound(arn);
        var session = ctx.Store.CreateSession(role, sessionName, ctx.Now.AddSeconds(duration));
        WriteCredentials(json, ctx.Store.AccountId, session);
        if (ctx.Optional("SourceIdentity") is string source)
        {
            json.WriteString("SourceIdentity", source);
        }
    }

    private static void WriteCredentials(Utf8JsonWriter json, string account, StsSession session)
    {
        json.WriteStartObject("Credentials");
        json.WriteString("AccessKeyId", session.AccessKeyId);
        json.WriteString("AccessKeySecret", session.Secret);
        json.WriteString("SecurityToken", session.SecurityToken);
        json.WriteString("Expiration", ActionContext.Date(session.Expiration));
        json.WriteEndObject();
        json.WriteStartObject("AssumedRoleUser");
        json.WriteString("Arn", AssumedRoleArn(account, session.Role, session.SessionName));
        json.WriteString("AssumedRoleId", AssumedRoleId(session.Role, session.SessionName));
        json.WriteEndObject();
    }

    public static string AssumedRoleArn(string account, RoleRecord role, string sessionName) =>
        $"acs:ram::{account}:assumed-role/{role.Name}/{sessionName}";

    public static string AssumedRoleId(RoleRecord role, string sessionName) => role.RoleId + ":" + sessionName;
}
