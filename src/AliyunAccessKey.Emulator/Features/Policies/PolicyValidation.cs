using System.Text.Json;
using AliyunAccessKey.Emulator.Server;
using static AliyunAccessKey.Emulator.Api.ParameterRules;

namespace AliyunAccessKey.Emulator.Features.Policies;

/// <summary>The policies' input rules (spec/alibaba-openapi.json, RAM 2015-05-01), answered with RAM's documented codes.</summary>
internal static class PolicyValidation
{
    public const int MaxPolicyNameLength = 128;
    public const int MaxDescriptionLength = 1024;
    public const int MaxDocumentLength = 6144;
    public const int MaxUserNameLength = 64;

    /// <summary>"Valid values: System and Custom", matched exactly (the service's case-sensitivity is not documented).</summary>
    public static string PolicyType(string value) => value is PolicyRecord.System or PolicyRecord.Custom
        ? value
        : throw Errors.Invalid("PolicyType", "The parameter - \"PolicyType\" is incorrect. Valid values: System and Custom.");

    /// <summary>1–128 letters, digits and hyphens (CreatePolicy's documented rule; also checked where a policy is named).</summary>
    public static string PolicyName(string value)
    {
        if (value.Length > MaxPolicyNameLength)
        {
            throw Length("PolicyName", $"It must be 1 to {MaxPolicyNameLength} characters.");
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                throw InvalidChars("PolicyName", "It may contain only letters, digits and hyphens (-).");
            }
        }

        return value;
    }

    public static void Description(string value)
    {
        if (value.Length > MaxDescriptionLength)
        {
            throw Length("Description", $"It must be 1 to {MaxDescriptionLength} characters.");
        }
    }

    /// <summary>1–6,144 characters, and a policy document: a JSON object with a Version string and a Statement array.</summary>
    public static void Document(string value)
    {
        if (value.Length > MaxDocumentLength)
        {
            throw Length("PolicyDocument", $"It must be 1 to {MaxDocumentLength} characters.");
        }

        try
        {
            using var doc = JsonDocument.Parse(value);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty("Version", out var version) || version.ValueKind != JsonValueKind.String ||
                !root.TryGetProperty("Statement", out var statement) || statement.ValueKind != JsonValueKind.Array)
            {
                throw PolicyErrors.Malformed("The policy document must be a JSON object with a Version string and a Statement array.");
            }
        }
        catch (JsonException)
        {
            throw PolicyErrors.Malformed("The policy document is not valid JSON.");
        }
    }

    /// <summary>RAM 2015 names a user by UserName, the UPN's part before '@': 1–64 letters, digits, '.', '-', '_'.</summary>
    public static string UserName(string value)
    {
        if (value.Length > MaxUserNameLength)
        {
            throw Length("UserName", $"It must be 1 to {MaxUserNameLength} characters.");
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                throw InvalidChars("UserName", "It may contain only letters, digits, periods (.), hyphens (-) and underscores (_).");
            }
        }

        return value;
    }
}
