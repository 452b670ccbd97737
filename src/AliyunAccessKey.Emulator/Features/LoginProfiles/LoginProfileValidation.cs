using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator.Features.LoginProfiles;

/// <summary>The login profiles' input rules.</summary>
internal static class LoginProfileValidation
{
    /// <summary>The default password policy's MinimumPasswordLength (GetPasswordPolicy's documented example; the console: 8 to 32).</summary>
    public const int MinPasswordLength = 8;

    /// <summary>
    /// "The password must meet the complexity requirements": the emulator holds the default policy,
    /// which asks only for the length. Never echoes the password.
    /// </summary>
    public static void Password(string password)
    {
        if (password.Length < MinPasswordLength)
        {
            throw LoginProfileErrors.TooWeak($"It must be at least {MinPasswordLength} characters.");
        }
    }

    /// <summary>Active or Inactive (case-insensitive on input, canonical on output).</summary>
    public static bool StatusIsActive(string value) =>
        value.ToUpperInvariant() switch
        {
            "ACTIVE" => true,
            "INACTIVE" => false,
            _ => throw Errors.Invalid("Status", "The parameter Status is invalid. Valid values: Active and Inactive."),
        };

    /// <summary>A boolean parameter: true or false (case-insensitive), as the SDKs send them.</summary>
    public static bool Flag(string name, string value) =>
        value.ToUpperInvariant() switch
        {
            "TRUE" => true,
            "FALSE" => false,
            _ => throw Errors.Invalid(name, $"The parameter {name} is invalid. Valid values: true and false."),
        };
}
