using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AliyunAccessKey.Emulator.Features.Sts;

/// <summary>
/// AssumeRole's documented limits: RoleSessionName 2–64 of [A-Za-z0-9.@_-]; Policy a policy document
/// of at most 2,048 bytes; ExternalId 2–1,224 of [\w+=,.@:/-]; SourceIdentity 2–64 of [\w+=,.@-];
/// DurationSeconds from 900 to the role's MaxSessionDuration.
/// </summary>
internal static class StsValidation
{
    public const int MaxPolicyBytes = 2048;

    /// <summary>Only the shape acs:ram::…:role/…; whether the role exists is the store's question.</summary>
    public static void RoleArn(string arn)
    {
        if (!arn.StartsWith("acs:ram::", StringComparison.OrdinalIgnoreCase) || !arn.Contains(":role/", StringComparison.OrdinalIgnoreCase))
        {
            throw StsErrors.WronglyFormed("RoleArn");
        }
    }

    public static void RoleSessionName(string value) =>
        Check("RoleSessionName", value, 2, 64, static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '@' or '-' or '_');

    // The regular expression the documentation gives verbatim, [\w+=,.@:\/-]*, allows '+',
    // which the sentence beside it leaves out; the regular expression wins.
    public static void ExternalId(string value) =>
        Check("ExternalId", value, 2, 1224, static c => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '=' or ',' or '.' or '@' or ':' or '/' or '-');

    public static void SourceIdentity(string value) =>
        Check("SourceIdentity", value, 2, 64, static c => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '=' or ',' or '.' or '@' or '-');

    /// <summary>A whole number of seconds, at least <paramref name="min"/>; the role's maximum is checked once the role is known.</summary>
    public static int DurationSeconds(string text, int min, Func<int> maxForMessage)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < min)
        {
            throw StsErrors.DurationSeconds(min, maxForMessage());
        }

        return seconds;
    }

    /// <summary>At most 2,048 bytes (the documented PolicySize), then a policy document: an object with a Version string and a Statement array.</summary>
    public static void Policy(string policy)
    {
        if (Encoding.UTF8.GetByteCount(policy) > MaxPolicyBytes)
        {
            throw StsErrors.PolicySize();
        }

        try
        {
            using var doc = JsonDocument.Parse(policy);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty("Version", out var version) || version.ValueKind != JsonValueKind.String ||
                !root.TryGetProperty("Statement", out var statement) || statement.ValueKind != JsonValueKind.Array)
            {
                throw StsErrors.PolicyGrammar();
            }
        }
        catch (JsonException)
        {
            throw StsErrors.PolicyGrammar();
        }
    }

    private static void Check(string parameter, string value, int minLength, int maxLength, Func<char, bool> allowed)
    {
        if (value.Length < minLength || value.Length > maxLength || !value.All(allowed))
        {
            throw StsErrors.WronglyFormed(parameter);
        }
    }
}
