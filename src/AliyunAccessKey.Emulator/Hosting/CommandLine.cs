using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace AliyunAccessKey.Emulator;

/// <summary>
/// The command line: parse options, start, print one JSON line that scripts read (address, control
/// endpoint, key id), then run until Ctrl+C, SIGTERM or (with --exit-on-stdin-close) the end of stdin.
/// </summary>
internal static class CommandLine
{
    public const string Usage = """
        Local Alibaba Cloud IMS (2019-08-15) + STS (2015-04-01) emulator, on 127.0.0.1.

        Usage: dotnet run --project src/AliyunAccessKey.Emulator -- [options]

          --port N                   port (0 = a free one; default 0)
          --access-key-id X          root AccessKey ID (default testid)
          --access-key-secret Y      root AccessKey secret (default testsecret)
          --account-id ID            account id (default 1234567890123456)
          --default-domain D         default domain (default example.onaliyun.com)
          --roles a,b:43200          assumable roles, each name[:maxSeconds]: its MaxSessionDuration,
                                     3600–43200, the AssumeRole DurationSeconds limit (default 3600);
                                     default test-role
          --imds-role NAME           role the metadata service serves (default: the first role)
          --state-file PATH          keep the state in this JSON file across restarts (holds secrets)
          --seed-users N             create N users at start (user000001…), unless the state file exists
          --seed-keys-per-user N     AccessKeys per seeded user, 0–2 (default 0)
          --seed-frozen-users N      the first N seeded users are frozen (Status freeze; default 0)
          --user-quota N             CreateUser limit (default 0 = unlimited; the real quota is 5000)
          --latency-ms N             delay every API request by N ms
          --rate-limit N             requests per second per AccessKey ID (Throttling.User beyond)
          --rate-limit-burst N       token bucket size (default: the rate)
          --no-retry-after           do not send x-acs-retry-after with Throttling.User
          --fault-rate R             share of requests (0–1) that get a fault
          --fault-seed S             seed of the fault sequence (default 0)
          --fault-kinds a,b          503, 500, reset, drop-after-act, slow (default all)
          --fault-actions a,b        only these actions get faults (default all)
          --slow-ms N                delay of a "slow" fault (default 10000)
          --min-duration-seconds N   lowest AssumeRole DurationSeconds (default 900)
          --imds-require-token       metadata service accepts IMDSv2 (token) requests only
          --exit-on-stdin-close      stop when stdin reaches its end (for scripts that pipe to it)
          -h, --help                 this text

        The first stdout line is one JSON object: {"emulator":"listening","address":…,"control":…}.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        EmulatorOptions options;
        bool exitOnStdinClose;
        try
        {
            if (args.Any(static a => a is "-h" or "--help" or "-?"))
            {
                Console.Out.WriteLine(Usage);
                return 0;
            }

            (options, exitOnStdinClose) = Parse(args);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            await Console.Error.WriteLineAsync("error: " + ex.Message + Environment.NewLine + "Run with --help for the options.").ConfigureAwait(false);
            return 2;
        }

        EmulatorServer server;
        try
        {
            server = await EmulatorServer.StartAsync(options).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or JsonException or ArgumentException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync("error: the emulator could not start: " + ex.Message).ConfigureAwait(false);
            return 1;
        }

        await using (server.ConfigureAwait(false))
        {
            var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnSignal(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.TrySetResult();
            }

            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            if (exitOnStdinClose)
            {
                _ = Task.Run(async () =>
                {
                    using var stdin = Console.OpenStandardInput();
                    var buffer = new byte[256];
                    while (await stdin.ReadAsync(buffer).ConfigureAwait(false) > 0)
                    {
                    }

                    stop.TrySetResult();
                });
            }

            Console.Out.WriteLine(FirstLine(server));
            Console.Out.WriteLine(
                $"IMS + STS emulator on {server.BaseAddress} (account {server.State.AccountId}, root key {options.AccessKeyId}, " +
                $"{server.State.UserCount} users). Controls: {server.ControlAddress}. Ctrl+C stops.");
            Console.Out.Flush();

            await stop.Task.ConfigureAwait(false);
            Console.Out.WriteLine("Stopping.");
        }

        return 0;
    }

    /// <summary>The machine-readable first line; field order is part of the contract.</summary>
    public static string FirstLine(EmulatorServer server)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("emulator", "listening");
            json.WriteString("address", server.BaseAddress.ToString());
            json.WriteString("control", server.ControlAddress.ToString());
            json.WriteString("metadata", server.MetadataAddress.ToString());
            json.WriteString("accessKeyId", server.Options.AccessKeyId);
            json.WriteString("accountId", server.State.AccountId);
            json.WriteString("defaultDomain", server.State.DefaultDomain);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static (EmulatorOptions Options, bool ExitOnStdinClose) Parse(IReadOnlyList<string> args)
    {
        var options = new EmulatorOptions();
        var knobs = options.Knobs;
        var exitOnStdinClose = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 >= args.Count)
                {
                    throw new ArgumentException($"{arg} needs a value.");
                }

                return args[++i];
            }

            int Int() => int.Parse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            double Double() => double.Parse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture);
            string[] List() => Value().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

            switch (arg)
            {
                case "--port": options.Port = Int(); break;
                case "--access-key-id": options.AccessKeyId = Value(); break;
                case "--access-key-secret": options.AccessKeySecret = Value(); break;
                case "--account-id": options.AccountId = Value(); break;
                case "--default-domain": options.DefaultDomain = Value(); break;
                case "--roles": options.Roles = List(); break;
                case "--imds-role": options.ImdsRoleName = Value(); break;
                case "--state-file": options.StateFile = Value(); break;
                case "--seed-users": options.SeedUsers = Int(); break;
                case "--seed-keys-per-user": options.SeedKeysPerUser = Int(); break;
                case "--seed-frozen-users": options.SeedFrozenUsers = Int(); break;
                case "--user-quota": options.UserQuota = Int(); break;
                case "--latency-ms": knobs = knobs with { LatencyMs = Int() }; break;
                case "--rate-limit": knobs = knobs with { RateLimit = Double() }; break;
                case "--rate-limit-burst": knobs = knobs with { RateLimitBurst = Int() }; break;
                case "--no-retry-after": knobs = knobs with { SendRetryAfter = false }; break;
                case "--fault-rate": knobs = knobs with { FaultRate = Double() }; break;
                case "--fault-seed": knobs = knobs with { FaultSeed = long.Parse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture) }; break;
                case "--fault-kinds": knobs = knobs with { FaultKinds = FaultKinds.ParseList(Value()) }; break;
                case "--fault-actions": knobs = knobs with { FaultActions = List() }; break;
                case "--slow-ms": knobs = knobs with { SlowMs = Int() }; break;
                case "--min-duration-seconds": knobs = knobs with { MinAssumeRoleDurationSeconds = Int() }; break;
                case "--imds-require-token": knobs = knobs with { ImdsRequireToken = true }; break;
                case "--exit-on-stdin-close": exitOnStdinClose = true; break;
                default: throw new ArgumentException($"Unknown option {arg}.");
            }
        }

        if (knobs.FaultRate is < 0 or > 1)
        {
            throw new ArgumentException("--fault-rate must be from 0 to 1.");
        }

        options.Knobs = knobs;
        return (options, exitOnStdinClose);
    }
}
