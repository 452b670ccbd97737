using System.Globalization;
using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator.Api;

/// <summary>
/// The validation answers every feature shares. IMS documents no error codes, so the codes follow
/// RAM's documented pattern: InvalidParameter.&lt;Param&gt;.InvalidChars for a character outside the
/// allowed set, .Length for a length, .Format for a structure, with RAM's messages
/// ("The parameter - \"UserName\" contains invalid chars.") followed by what is allowed.
/// </summary>
internal static class ParameterRules
{
    public const int MaxMaxItems = 1000;

    public static AcsException InvalidChars(string parameter, string detail) =>
        Errors.Invalid(parameter + ".InvalidChars", $"The parameter - \"{parameter}\" contains invalid chars. {detail}");

    public static AcsException Length(string parameter, string detail) =>
        Errors.Invalid(parameter + ".Length", $"The parameter - \"{parameter}\" beyond the length limit. {detail}");

    public static AcsException Format(string parameter, string detail) =>
        Errors.Invalid(parameter + ".Format", $"The format of the parameter - \"{parameter}\" is incorrect. {detail}");

    /// <summary>MaxItems: 1–1000; absent means <paramref name="defaultValue"/> (100 or 1000, per action).</summary>
    public static int MaxItems(string? value, int defaultValue)
    {
        if (value is null)
        {
            return defaultValue;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > MaxMaxItems)
        {
            throw Errors.Invalid("MaxItems", $"The parameter MaxItems is invalid. Valid values: 1 to {MaxMaxItems}.");
        }

        return n;
    }
}
