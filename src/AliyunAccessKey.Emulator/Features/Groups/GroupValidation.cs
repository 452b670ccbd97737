using AliyunAccessKey.Emulator.Api;
using AliyunAccessKey.Emulator.Server;
using static AliyunAccessKey.Emulator.Api.ParameterRules;

namespace AliyunAccessKey.Emulator.Features.Groups;

/// <summary>The groups' input rules (spec/alibaba-openapi.json), answered with RAM's codes (<see cref="ParameterRules"/>).</summary>
internal static class GroupValidation
{
    public const int MaxNameLength = 64;
    public const int MaxDisplayNameLength = 24;
    public const int MaxCommentsLength = 128;

    /// <summary>ListGroups and ListUsersForGroup: MaxItems 1 to 100, default 100.</summary>
    public const int MaxMaxItems = 100;

    /// <summary>"Number of RAM user groups to which a RAM user can be added: 5" (RAM limits page).</summary>
    public const int MaxGroupsPerUser = 5;

    /// <summary>Up to 64 letters, digits, '.', '_' and '-'.</summary>
    public static string Name(string value, string parameter = "GroupName")
    {
        if (value.Length is 0 or > MaxNameLength)
        {
            throw Length(parameter, $"It must be 1 to {MaxNameLength} characters.");
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                throw InvalidChars(parameter, "It may contain only letters, digits, periods (.), hyphens (-) and underscores (_).");
            }
        }

        return value;
    }

    public static void DisplayName(string value, string parameter = "DisplayName")
    {
        if (value.Length > MaxDisplayNameLength)
        {
            throw Length(parameter, $"It must be at most {MaxDisplayNameLength} characters.");
        }
    }

    public static void Comments(string value, string parameter = "Comments")
    {
        if (value.Length > MaxCommentsLength)
        {
            throw Length(parameter, $"It must be at most {MaxCommentsLength} characters.");
        }
    }

    public static int MaxItems(ActionContext ctx)
    {
        var value = ctx.Optional("MaxItems");
        if (value is null)
        {
            return MaxMaxItems;
        }

        if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n is < 1 or > MaxMaxItems)
        {
            throw Errors.Invalid("MaxItems", $"The parameter MaxItems is invalid. Valid values: 1 to {MaxMaxItems}.");
        }

        return n;
    }
}
