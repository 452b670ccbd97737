using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator.Features.AccessKeys;

/// <summary>The AccessKeys' input rules and limits.</summary>
internal static class AccessKeyValidation
{
    /// <summary>Two pairs per principal, not adjustable ("one in use, one for rotation").</summary>
    public const int MaxPerPrincipal = 2;

    /// <summary>Active or Inactive (case-insensitive on input, canonical on output).</summary>
    public static bool StatusIsActive(string value) =>
        value.ToUpperInvariant() switch
        {
            "ACTIVE" => true,
            "INACTIVE" => false,
            _ => throw Errors.Invalid("Status", "The parameter Status is invalid. Valid values: Active and Inactive."),
        };
}
