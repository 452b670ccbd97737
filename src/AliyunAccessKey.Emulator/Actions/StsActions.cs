using System.Globalization;
using System.Text;
using System.Text.Json;
using AliyunAccessKey.Emulator.Server;
using AliyunAccessKey.Emulator.State;

namespace AliyunAccessKey.Emulator.Actions;

/// <summary>STS (2015-04-01) actions.</summary>
internal static class StsActions
{
    public const int DefaultDurationSeconds = 3600;
    public const int MaxPolicyBytes = 2048;

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

    /// <summary>
    /// AssumeRole, with the documented limits: RoleSessionName 2–64 of [A-Za-z0-9.@_-]; Policy a
    /// policy document of at most 2,048 bytes; ExternalId 2–1,224 of [\w+=,.@:/-]; SourceIdentity
    /// 2–64 of [\w+=,.@-]; DurationSeconds from 900 to the role's MaxSessionDuration, default 3600.
    /// </summary>
    public static void AssumeRole(ActionContext ctx, Utf8JsonWriter json)
    {
        if (ctx.Caller.Type == IdentityType.Account)
        {
            throw Errors.NoPermission("Roles may not be assumed by root accounts.");
        }

        var arn = ctx.Required("RoleArn");
        var sessionName = ctx.Required("RoleSessionName");
        if (!arn.StartsWith("acs:ram::", StringComparison.OrdinalIgnoreCase) || !arn.Contains(":role/", StringComparison.OrdinalIgnoreCase))
        {
            throw Errors.WronglyFormed("RoleArn");
        }

        if (!Matches(sessionName, 2, 64, static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '@' or '-' or '_'))
        {
            throw Errors.WronglyFormed("RoleSessionName");
        }

        if (ctx.Optional("Policy") is string policy)
        {
            CheckPolicy(policy);
        }

        // The regular expression the documentation gives verbatim, [\w+=,.@:\/-]*, allows '+',
        // which the sentence beside it leaves out; the regular expression wins.
        if (ctx.Optional("ExternalId") is string externalId &&
            !Matches(externalId, 2, 1224, static c => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '=' or ',' or '.' or '@' or ':' or '/' or '-'))
        {
            throw Errors.WronglyFormed("ExternalId");
        }

        var source = ctx.Optional("SourceIdentity");
        if (source is not null && !Matches(source, 2, 64, static c => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '=' or ',' or '.' or '@' or '-'))
        {
            throw Errors.WronglyFormed("SourceIdentity");
        }

        var min = Math.Max(1, ctx.Core.Knobs.MinAssumeRoleDurationSeconds);
        int? requested = null;
        if (ctx.Optional("DurationSeconds") is string text)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < min)
            {
                throw Errors.DurationSeconds(min, MaxForMessage(ctx, arn));
            }

            requested = seconds;
        }

        var role = ctx.Store.FindRoleByArn(arn) ?? throw Errors.RoleNotFound();
        if (requested > role.MaxSessionDuration)
        {
            throw Errors.DurationSeconds(min, role.MaxSessionDuration);
        }

        var duration = requested ?? Math.Min(DefaultDurationSeconds, role.MaxSessionDuration);
        var session = ctx.Store.CreateSession(role, sessionName, ctx.Now.AddSeconds(duration));
        WriteCredentials(json, ctx.Store.AccountId, session);
        if (source is not null)
        {
            json.WriteString("SourceIdentity", source);
        }
    }

    /// <summary>The maximum to name in a DurationSeconds message before the role is known to exist.</summary>
    private static int MaxForMessage(ActionContext ctx, string arn) =>
        ctx.Store.FindRoleByArn(arn)?.MaxSessionDuration ?? RoleSpec.DefaultMaxSessionDuration;

    private static bool Matches(string value, int minLength, int maxLength, Func<char, bool> allowed) =>
        value.Length >= minLength && value.Length <= maxLength && value.All(allowed);

    /// <summary>At most 2,048 bytes (the documented PolicySize), then a policy document: an object with a Version string and a Statement array.</summary>
    private static void CheckPolicy(string policy)
    {
        if (Encoding.UTF8.GetByteCount(policy) > MaxPolicyBytes)
        {
            throw Errors.PolicySize();
        }

        try
        {
            using var doc = JsonDocument.Parse(policy);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty("Version", out var version) || version.ValueKind != JsonValueKind.String ||
                !root.TryGetProperty("Statement", out var statement) || statement.ValueKind != JsonValueKind.Array)
            {
                throw Errors.PolicyGrammar();
            }
        }
        catch (JsonException)
        {
            throw Errors.PolicyGrammar();
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
