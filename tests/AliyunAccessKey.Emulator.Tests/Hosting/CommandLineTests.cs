using System.Diagnostics;
using System.Text.Json;

namespace AliyunAccessKey.Emulator.Tests.Hosting;

public class CommandLineTests
{
    [Fact]
    public void Options_parse_into_options_and_knobs()
    {
        var (options, exitOnStdinClose) = CommandLine.Parse(
        [
            "--port", "5123", "--state-file", "s.json", "--seed-users", "7", "--access-key-id", "k", "--access-key-secret=s",
            "--latency-ms", "20", "--rate-limit", "2.5", "--fault-rate", "0.25", "--fault-seed", "99",
            "--fault-kinds", "503,drop-after-act", "--fault-actions", "CreateAccessKey", "--roles", "a,b:43200", "--imds-require-token", "--seed-frozen-users", "2",
            "--exit-on-stdin-close",
        ]);
        Assert.Equal(5123, options.Port);
        Assert.Equal("s.json", options.StateFile);
        Assert.Equal(7, options.SeedUsers);
        Assert.Equal(("k", "s"), (options.AccessKeyId, options.AccessKeySecret));
        Assert.Equal(20, options.Knobs.LatencyMs);
        Assert.Equal(2.5, options.Knobs.RateLimit);
        Assert.Equal(0.25, options.Knobs.FaultRate);
        Assert.Equal(99, options.Knobs.FaultSeed);
        Assert.Equal([FaultKind.ServiceUnavailable, FaultKind.DropAfterAct], options.Knobs.FaultKinds);
        Assert.Equal(["CreateAccessKey"], options.Knobs.FaultActions);
        Assert.Equal(["a", "b:43200"], options.Roles);
        Assert.Equal(2, options.SeedFrozenUsers);
        Assert.True(options.Knobs.ImdsRequireToken);
        Assert.True(exitOnStdinClose);

        Assert.Throws<ArgumentException>(() => CommandLine.Parse(["--bogus"]));
        Assert.Throws<ArgumentException>(() => CommandLine.Parse(["--port"]));
        Assert.Throws<FormatException>(() => CommandLine.Parse(["--fault-kinds", "meteor"]));
        Assert.Throws<ArgumentException>(() => CommandLine.Parse(["--fault-rate", "2"]));
    }

    [Fact]
    public async Task First_line_has_the_fields_in_order()
    {
        await using var emu = await Emu.StartAsync();
        var line = CommandLine.FirstLine(emu.Server);
        var a = emu.Server.BaseAddress.ToString();
        Assert.Equal(
            $$"""{"emulator":"listening","address":"{{a}}","control":"{{a}}_emulator/","metadata":"{{a}}","accessKeyId":"testid","accountId":"1234567890123456","defaultDomain":"example.onaliyun.com"}""",
            line);
    }

    [Fact]
    public async Task The_program_prints_its_address_first_and_stops_when_stdin_closes()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "AliyunAccessKey.Emulator.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--port", "0", "--seed-users", "3", "--exit-on-stdin-close"])
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        try
        {
            var first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
            using var doc = JsonDocument.Parse(first!);
            Assert.Equal("listening", doc.RootElement.GetProperty("emulator").GetString());
            var address = new Uri(doc.RootElement.GetProperty("address").GetString()!);

            using var client = new ApiClient(address);
            var users = await client.ImsAsync("ListUsers");
            Assert.Equal(3, users.Json.GetProperty("Users").GetProperty("User").GetArrayLength());

            process.StandardInput.Close();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }
}
