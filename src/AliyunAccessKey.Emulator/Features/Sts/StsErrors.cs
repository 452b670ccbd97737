using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator.Features.Sts;

/// <summary>STS's errors: the codes and messages its documentation lists (spec/alibaba-openapi.json, AssumeRole errors).</summary>
internal static class StsErrors
{
    public static AcsException RoleNotFound() =>
        new(404, "EntityNotExist.Role", "The specified Role not exists .");

    /// <summary>InvalidParameter.&lt;Param&gt; "The parameter &lt;Param&gt; is wrongly formed." (RoleArn, RoleSessionName, ExternalId; SourceIdentity by analogy).</summary>
    public static AcsException WronglyFormed(string parameter) =>
        new(400, "InvalidParameter." + parameter, $"The parameter {parameter} is wrongly formed.");

    /// <summary>The documented message names the bounds as "15min/1hr"; the role's maximum replaces 1hr.</summary>
    public static AcsException DurationSeconds(int minSeconds, int maxSeconds) =>
        new(400, "InvalidParameter.DurationSeconds", $"The Min/Max value of DurationSeconds is {Span(minSeconds)}/{Span(maxSeconds)}.");

    private static string Span(int seconds) =>
        seconds % 3600 == 0 ? $"{seconds / 3600}hr" : seconds % 60 == 0 ? $"{seconds / 60}min" : $"{seconds}s";

    public static AcsException PolicyGrammar() =>
        new(400, "InvalidParameter.PolicyGrammar", "The parameter Policy has not passed grammar check.");

    public static AcsException PolicySize() =>
        new(400, "InvalidParameter.PolicySize", $"The size of Policy must be smaller than {StsValidation.MaxPolicyBytes} bytes.");
}
