using System.Net;
using AliyunAccessKey.Emulator.Features.AccessKeys;
using AliyunAccessKey.Emulator.Features.Sts;
using AliyunAccessKey.Emulator.Persistence;
using AliyunAccessKey.Emulator.Server;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AliyunAccessKey.Emulator;

/// <summary>
/// The local IMS + STS emulator, hostable in-process: <c>await using var emu = await EmulatorServer.StartAsync(new());</c>
/// then point clients at <see cref="BaseAddress"/>. Listens on 127.0.0.1 only.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorCore _core;
    private readonly CancellationTokenSource _stopping;
    private int _stopped;

    private EmulatorServer(WebApplication app, EmulatorCore core, CancellationTokenSource stopping, Uri baseAddress)
    {
        _app = app;
        _core = core;
        _stopping = stopping;
        BaseAddress = baseAddress;
        State = new EmulatorState(core);
    }

    /// <summary>Where IMS and STS answer, e.g. http://127.0.0.1:5123/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The control endpoint, BaseAddress + _emulator/.</summary>
    public Uri ControlAddress => new(BaseAddress, ControlEndpoint.Prefix + "/");

    /// <summary>The ECS metadata service root (same port; paths /latest/…).</summary>
    public Uri MetadataAddress => BaseAddress;

    /// <summary>The internals, for the emulator's own tests.</summary>
    internal EmulatorCore Core => _core;

    /// <summary>The options the emulator started with.</summary>
    public EmulatorOptions Options => _core.Options;

    /// <summary>The account: users, keys, shortcuts for tests.</summary>
    public EmulatorState State { get; }

    /// <summary>Current knobs; assigning restarts the fault sequence and the rate-limit buckets.</summary>
    public EmulatorKnobs Knobs
    {
        get => _core.Knobs;
        set => _core.Knobs = value;
    }

    /// <summary>A snapshot of the counters.</summary>
    public CountersSnapshot Counters => _core.Snapshot();

    /// <summary>The most recent injected faults (up to 1,000), oldest first.</summary>
    public IReadOnlyList<FaultEvent> FaultLog => _core.Counters.FaultLog();

    /// <summary>Starts listening; returns once requests are accepted.</summary>
    public static async Task<EmulatorServer> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        Validate(options);
        var core = new EmulatorCore(options);
        var stopping = new CancellationTokenSource();
        core.Stopping = stopping.Token;

        if (options.StateFile is { Length: > 0 } path)
        {
            var file = new StateFile(path, core.Account, options.StateSaveDelay);
            var loaded = file.TryLoad(core.UtcNow);
            core.StateFile = file;
            if (!loaded)
            {
                Seed(core, options);
            }

            core.Account.Changed += file.OnChanged;
            if (!loaded)
            {
                file.OnChanged();
            }
        }
        else
        {
            Seed(core, options);
        }

        // An empty builder: no configuration files, no logging providers (quiet), no console lifetime.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(EmulatorServer).Assembly.GetName().Name });
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = ApiRequest.MaxBodyBytes;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        var app = builder.Build();
        var api = new ApiEndpoint(core);
        var control = new ControlEndpoint(core);
        var metadata = core.Metadata;
        app.Run(http =>
        {
            var path = http.Request.Path;
            if (path.StartsWithSegments(ControlEndpoint.Prefix, StringComparison.Ordinal))
            {
                return control.HandleAsync(http);
            }

            return path.StartsWithSegments("/latest", StringComparison.Ordinal) ? metadata.HandleAsync(http) : api.HandleAsync(http);
        });

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            stopping.Dispose();
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("Kestrel did not report its address.");
        var address = addresses.Addresses.First();
        var baseAddress = new Uri(address.TrimEnd('/') + "/");
        core.BaseAddress = baseAddress;
        return new EmulatorServer(app, core, stopping, baseAddress);
    }

    private static void Seed(EmulatorCore core, EmulatorOptions options)
    {
        if (options.SeedUsers > 0)
        {
            var now = core.UtcNow;
            core.Account.Write(s => s.Seed(options.SeedUsers, options.SeedKeysPerUser, now, options.SeedFrozenUsers));
        }
    }

    private static void Validate(EmulatorOptions options)
    {
        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentException("Port must be 0–65535.", nameof(options));
        }

        if (string.IsNullOrWhiteSpace(options.AccessKeyId) || string.IsNullOrEmpty(options.AccessKeySecret))
        {
            throw new ArgumentException("The root AccessKey ID and secret must not be empty.", nameof(options));
        }

        if (options.AccessKeyId.StartsWith("STS.", StringComparison.Ordinal))
        {
            throw new ArgumentException("The root AccessKey ID must not start with STS. (that prefix marks temporary keys).", nameof(options));
        }

        // Each role is "name" or "name:maxSeconds"; RoleSpec.Parse says what is wrong with a bad one.
        var roleNames = options.Roles.Select(static r => RoleSpec.Parse(r).Name).ToList();
        if (options.ImdsRoleName is not null && !roleNames.Contains(options.ImdsRoleName, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The metadata role {options.ImdsRoleName} is not one of the roles.", nameof(options));
        }

        if (options.SeedKeysPerUser is < 0 or > AccessKeyValidation.MaxPerPrincipal)
        {
            throw new ArgumentException("SeedKeysPerUser must be 0–2.", nameof(options));
        }

        if (options.SeedFrozenUsers < 0 || options.SeedFrozenUsers > options.SeedUsers)
        {
            throw new ArgumentException("SeedFrozenUsers must be 0 to SeedUsers.", nameof(options));
        }
    }

    /// <summary>Back to the start: fresh account (plus nothing seeded), counters zero, initial knobs.</summary>
    public void Reset() => _core.Reset();

    /// <summary>Zeroes the counters and the fault log.</summary>
    public void ResetCounters() => _core.Counters.Reset();

    /// <summary>Stops listening; in-flight slow requests are cut short; the state file is written.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_core.StateFile is { } file)
        {
            _core.Account.Changed -= file.OnChanged;
            await file.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>Leaves Ctrl+C and SIGTERM to the host process (tests, Program.cs) instead of stopping on its own.</summary>
    private sealed class QuietLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
