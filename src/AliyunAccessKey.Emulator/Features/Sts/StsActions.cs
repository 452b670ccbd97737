using System.Text.Json;
using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Api;
using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator.Features.Sts;

/// <summary>STS (2015-04-01) actions.</summary>
internal static class StsActions
{
    public const int DefaultDurationSeconds = 3600;

    /// <summary>Who signed: RoleId only for an assumed role, UserId absent for it.</summary>
    [Reads]
    public static void GetCallerIdentity(ActionContext ctx, AccountState state, Utf8JsonWriter json) =>
        StsJson.WriteIdentity(json, ctx.Account.AccountId, ctx.Caller);

    /// <summary>
    /// AssumeRole, with the documented limits (<see cref="StsValidation"/>); DurationSeconds defaults
    /// to 3600 or the role's MaxSessionDuration when that is lower.
    /// </summary>
    [Writes(Resource = nameof(Role))]
    public static void AssumeRole(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        if (ctx.Caller.Type == IdentityType.Account)
        {
            throw Errors.NoPermission("Roles may not be assumed by root accounts.");
        }

        var arn = ctx.Required("RoleArn");
        var sessionName = ctx.Required("RoleSessionName");
        StsValidation.RoleArn(arn);
        StsValidation.RoleSessionName(sessionName);
        if (ctx.Optional("Policy") is string policy)
        {
            StsValidation.Policy(policy);
        }

        if (ctx.Optional("ExternalId") is string externalId)
        {
            StsValidation.ExternalId(externalId);
        }

        var source = ctx.Optional("SourceIdentity");
        if (source is not null)
        {
            StsValidation.SourceIdentity(source);
        }

        var min = Math.Max(1, ctx.Knobs.MinAssumeRoleDurationSeconds);

        // The maximum named in a DurationSeconds message before the role is known to exist.
        int? requested = ctx.Optional("DurationSeconds") is string text
            ? StsValidation.DurationSeconds(text, min, () => state.Sts.FindRoleByArn(arn)?.MaxSessionDuration ?? RoleSpec.DefaultMaxSessionDuration)
            : null;

        var role = state.Sts.FindRoleByArn(arn) ?? throw StsErrors.RoleNotFound();
        if (requested > role.MaxSessionDuration)
        {
            throw StsErrors.DurationSeconds(min, role.MaxSessionDuration);
        }

        var duration = requested ?? Math.Min(DefaultDurationSeconds, role.MaxSessionDuration);
        var session = state.Sts.CreateSession(role, sessionName, ctx.Now.AddSeconds(duration));
        StsJson.WriteCredentials(json, ctx.Account.AccountId, session);
        if (source is not null)
        {
            json.WriteString("SourceIdentity", source);
        }
    }

    /// <summary>The role to assume, as its ARN names it.</summary>
    private static string Role(ActionContext ctx) => ctx.Optional("RoleArn") ?? "*";
}
