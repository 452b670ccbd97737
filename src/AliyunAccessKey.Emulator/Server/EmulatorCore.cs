using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Api;
using AliyunAccessKey.Emulator.Faults;
using AliyunAccessKey.Emulator.Metadata;
using AliyunAccessKey.Emulator.Persistence;
using AliyunAccessKey.Emulator.Signing;

namespace AliyunAccessKey.Emulator.Server;

/// <summary>Everything the endpoints share: state, counters, knobs and the clock.</summary>
internal sealed class EmulatorCore
{
    private readonly Lock _knobLock = new();
    private volatile KnobState _knobState;

    public EmulatorCore(EmulatorOptions options)
    {
        Options = options;
        Time = options.TimeProvider;
        Account = new AccountRoot(AccountProfile.From(options), Time.GetUtcNow().UtcDateTime);
        Authenticator = new RequestAuthenticator(Account, Nonces);
        Metadata = new MetadataService(this);
        _knobState = new KnobState(options.Knobs, Time);
    }

    /// <summary>Knobs with the fault sequence and rate buckets built from them, swapped as one.</summary>
    private sealed class KnobState(EmulatorKnobs knobs, TimeProvider time)
    {
        public EmulatorKnobs Knobs { get; } = knobs;

        public FaultInjector Faults { get; } = new(knobs);

        public RateLimiter? Limiter { get; } = knobs.RateLimit > 0 ? new RateLimiter(knobs.RateLimit, knobs.RateLimitBurst, time) : null;
    }

    public EmulatorOptions Options { get; }

    public TimeProvider Time { get; }

    /// <summary>The account and its state: the one lock, reads and writes.</summary>
    public AccountRoot Account { get; }

    public NonceCache Nonces { get; } = new();

    /// <summary>The actions served; a test may swap in its own.</summary>
    public ActionCatalog Catalog { get; set; } = ActionCatalog.Default;

    /// <summary>Asked for every verified request; RAM policies will decide here. A test may swap in its own.</summary>
    public IAuthorizer Authorizer { get; set; } = AllowAll.Instance;

    public RequestAuthenticator Authenticator { get; }

    public EmulatorCounters Counters { get; } = new();

    public MetadataService Metadata { get; }

    public CancellationToken Stopping { get; set; }

    /// <summary>http://127.0.0.1:PORT/ once listening.</summary>
    public Uri BaseAddress { get; set; } = new("http://127.0.0.1/");

    /// <summary>The state file, when persistence is on.</summary>
    public StateFile? StateFile { get; set; }

    public EmulatorKnobs Knobs
    {
        get => _knobState.Knobs;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (_knobLock)
            {
                _knobState = new KnobState(value, Time);
            }
        }
    }

    public FaultInjector Faults => _knobState.Faults;

    public RateLimiter? Limiter => _knobState.Limiter;

    /// <summary>The emulator's "now": the clock plus the ClockOffsetSeconds knob, whole seconds.</summary>
    public DateTime UtcNow
    {
        get
        {
            var now = Time.GetUtcNow().UtcDateTime.AddSeconds(Knobs.ClockOffsetSeconds);
            return new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        }
    }

    /// <summary>Back to the start: fresh account, counters zero, nonces forgotten, initial knobs.</summary>
    public void Reset()
    {
        var now = UtcNow;
        Account.Write(s => s.Reset(now));
        Counters.Reset();
        Nonces.Clear();
        Metadata.Reset();
        Knobs = Options.Knobs;
    }

    public CountersSnapshot Snapshot() => Counters.Snapshot(Account.Read(static s => s.AccessKeys.OrphanCount + s.RecycleBin.OrphanCount));
}
