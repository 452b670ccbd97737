using System.Text.Json.Serialization;

namespace AliyunAccessKey.Emulator;

/// <summary>A fault the emulator can inject into an API request.</summary>
[JsonConverter(typeof(FaultKindJsonConverter))]
public enum FaultKind
{
    /// <summary>"503": ServiceUnavailable before acting.</summary>
    ServiceUnavailable,

    /// <summary>"500": InternalError before acting.</summary>
    InternalError,

    /// <summary>"reset": the connection is aborted before acting.</summary>
    Reset,

    /// <summary>"drop-after-act": the action is performed, then the connection is aborted without an answer.</summary>
    DropAfterAct,

    /// <summary>"slow": the answer comes after <see cref="EmulatorKnobs.SlowMs"/>.</summary>
    Slow,
}

/// <summary>The names faults have on the command line and the control endpoint.</summary>
public static class FaultKinds
{
    /// <summary>Every kind, in declaration order.</summary>
    public static IReadOnlyList<FaultKind> All { get; } = Enum.GetValues<FaultKind>();

    /// <summary>"503", "500", "reset", "drop-after-act" or "slow".</summary>
    public static string ToName(FaultKind kind) => kind switch
    {
        FaultKind.ServiceUnavailable => "503",
        FaultKind.InternalError => "500",
        FaultKind.Reset => "reset",
        FaultKind.DropAfterAct => "drop-after-act",
        FaultKind.Slow => "slow",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Parses a name (also accepts the enum names, case-insensitively).</summary>
    public static FaultKind Parse(string name)
    {
        foreach (var kind in All)
        {
            if (string.Equals(ToName(kind), name, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(kind.ToString(), name, StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        throw new FormatException($"Unknown fault kind '{name}'. Known: {string.Join(", ", All.Select(ToName))}.");
    }

    /// <summary>Parses a comma-separated list; empty means none given.</summary>
    public static IReadOnlyList<FaultKind> ParseList(string list) =>
        list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Parse).Distinct().ToArray();
}

/// <summary>
/// Run-time behaviour for tests and benchmarks. Immutable: change it with a <c>with</c> expression
/// and assign <see cref="EmulatorServer.Knobs"/>; setting knobs restarts the fault sequence (so a seed
/// replays the same faults) and the rate-limit buckets.
/// </summary>
public sealed record EmulatorKnobs
{
    /// <summary>Added to every API request before it is handled, in milliseconds.</summary>
    public int LatencyMs { get; init; }

    /// <summary>Requests per second allowed per AccessKey ID (token bucket); 0 turns the limit off.</summary>
    public double RateLimit { get; init; }

    /// <summary>Bucket size; 0 means max(1, RateLimit).</summary>
    public int RateLimitBurst { get; init; }

    /// <summary>Whether a Throttling.User answer carries x-acs-retry-after (milliseconds until a token is free).</summary>
    public bool SendRetryAfter { get; init; } = true;

    /// <summary>Share of eligible API requests that get a fault, 0–1.</summary>
    public double FaultRate { get; init; }

    /// <summary>Seed of the fault sequence: the same seed and request order give the same faults.</summary>
    public long FaultSeed { get; init; }

    /// <summary>Faults to choose from; empty means all kinds.</summary>
    public IReadOnlyList<FaultKind> FaultKinds { get; init; } = [];

    /// <summary>Actions eligible for faults (e.g. CreateAccessKey); empty means every action.</summary>
    public IReadOnlyList<string> FaultActions { get; init; } = [];

    /// <summary>How long a "slow" fault delays the answer.</summary>
    public int SlowMs { get; init; } = 10_000;

    /// <summary>When true the metadata service refuses requests without an IMDSv2 token.</summary>
    public bool ImdsRequireToken { get; init; }

    /// <summary>Refuse IMDSv2 tokens (404), like an old metadata service, so clients fall back to v1.</summary>
    public bool ImdsTokenUnavailable { get; init; }

    /// <summary>The emulator's clock runs this many seconds ahead of the machine's (negative: behind).</summary>
    public int ClockOffsetSeconds { get; init; }

    /// <summary>Lowest DurationSeconds AssumeRole accepts (the service's is 900); lower it to test expiry.</summary>
    public int MinAssumeRoleDurationSeconds { get; init; } = 900;

    /// <summary>Lifetime of the credentials the metadata service hands out.</summary>
    public int ImdsCredentialSeconds { get; init; } = 3600;

    /// <summary>How long a credential report takes to generate, in milliseconds (GetCredentialReport refuses it until then).</summary>
    public int CredentialReportMs { get; init; } = 100;

    /// <summary>GetSecurityPreference's MaxIdleDaysForAccessKeys: Alibaba disables a key unused this long (730 by default).</summary>
    public int MaxIdleDaysForAccessKeys { get; init; } = 730;

    /// <summary>How many AccessKeys a RAM user may hold (GetAccountSummary's AccessKeysPerUserQuota, enforced by CreateAccessKey); Alibaba's is 2.</summary>
    public int AccessKeysPerUserQuota { get; init; } = 2;
}
