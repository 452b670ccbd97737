using System.Globalization;

namespace AliyunAccessKey.Emulator.Features.Sts;

/// <summary>
/// A role as configured: "name" or "name:maxSeconds". The maximum is the role's
/// MaxSessionDuration, the upper bound of AssumeRole's DurationSeconds; RAM allows 3600 to 43200
/// and defaults to 3600.
/// </summary>
internal readonly record struct RoleSpec(string Name, int MaxSessionDuration)
{
    public const int DefaultMaxSessionDuration = 3600;
    public const int LowestMaxSessionDuration = 3600;
    public const int HighestMaxSessionDuration = 43200;

    /// <summary>Parses "name[:maxSeconds]"; ArgumentException when it is not one.</summary>
    public static RoleSpec Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var name = (colon < 0 ? spec : spec[..colon]).Trim();
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The role '{spec}' has no name (expected name or name:maxSeconds).", nameof(spec));
        }

        if (colon < 0)
        {
            return new RoleSpec(name, DefaultMaxSessionDuration);
        }

        if (!int.TryParse(spec.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var max) ||
            max is < LowestMaxSessionDuration or > HighestMaxSessionDuration)
        {
            throw new ArgumentException(
                $"The role '{spec}' has a bad maximum: MaxSessionDuration must be {LowestMaxSessionDuration} to {HighestMaxSessionDuration} seconds.",
                nameof(spec));
        }

        return new RoleSpec(name, max);
    }
}
