namespace AliyunAccessKey.Emulator.Faults;

/// <summary>
/// Deterministic fault decisions: request n of the eligible sequence gets a fault when
/// hash(seed, n) falls under the rate, and the kind is chosen by a second hash. The same seed and
/// the same request order therefore replay the same faults, independent of timing.
/// </summary>
internal sealed class FaultInjector
{
    private readonly double _rate;
    private readonly ulong _seed;
    private readonly FaultKind[] _kinds;
    private readonly HashSet<string>? _actions;
    private long _next;

    public FaultInjector(EmulatorKnobs knobs)
    {
        _rate = Math.Clamp(knobs.FaultRate, 0, 1);
        _seed = unchecked((ulong)knobs.FaultSeed);
        _kinds = knobs.FaultKinds.Count == 0 ? [.. FaultKinds.All] : [.. knobs.FaultKinds];
        _actions = knobs.FaultActions.Count == 0 ? null : new HashSet<string>(knobs.FaultActions, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The fault for the next request of <paramref name="action"/>, or null; <paramref name="ordinal"/> is its position.</summary>
    public FaultKind? Decide(string action, out long ordinal)
    {
        ordinal = -1;
        if (_rate <= 0 || (_actions is not null && !_actions.Contains(action)))
        {
            return null;
        }

        ordinal = Interlocked.Increment(ref _next) - 1;
        return DecideAt(_seed, ordinal, _rate, _kinds);
    }

    /// <summary>The pure decision function, exposed for tests.</summary>
    public static FaultKind? DecideAt(ulong seed, long ordinal, double rate, IReadOnlyList<FaultKind> kinds)
    {
        var h = Mix(seed ^ Mix(unchecked((ulong)ordinal + 0x9E3779B97F4A7C15UL)));
        var unit = (h >> 11) * (1.0 / (1UL << 53));
        if (unit >= rate)
        {
            return null;
        }

        return kinds[(int)(Mix(h) % (ulong)kinds.Count)];
    }

    /// <summary>SplitMix64's finaliser: a cheap, well-spread 64-bit hash.</summary>
    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
