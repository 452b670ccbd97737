using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AliyunAccessKey.Emulator.Tests.Spec;

/// <summary>
/// tests/conformance/conformance.js drives the official Alibaba Node SDKs against the emulator, both
/// signature schemes, and holds every success answer against the SDKs' own model classes. It needs
/// Node and the pinned SDKs (`npm ci` in tests/conformance; build.ps1 Test installs them).
/// </summary>
public partial class ConformanceScriptTests
{
    [GeneratedRegex(@"^conformance: (\d+) passed, (\d+) failed$", RegexOptions.Multiline)]
    private static partial Regex Summary();

    private static string ConformanceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "conformance");
            if (File.Exists(Path.Combine(candidate, "conformance.js")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/conformance/conformance.js not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public async Task The_official_SDKs_get_what_their_models_describe_from_the_emulator()
    {
        var dir = ConformanceDirectory();
        Assert.True(
            Directory.Exists(Path.Combine(dir, "node_modules", "@alicloud", "ims20190815")),
            $"The official SDKs are not installed: run `npm ci` in {dir} (build.ps1 Test does).");

        await using var emu = await Emu.StartAsync();
        var resultFile = Path.Combine(Path.GetTempPath(), $"conformance-{Guid.NewGuid():N}.json");
        var start = new ProcessStartInfo("node", ["conformance.js", "--endpoint", emu.Server.BaseAddress.ToString(), "--scheme", "both", "--json", resultFile])
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        try
        {
            var stdout = node.StandardOutput.ReadToEndAsync();
            var stderr = node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
            var output = await stdout + await stderr;

            var summary = Summary().Match(output);
            Assert.True(summary.Success, "no \"conformance: N passed, N failed\" line:\n" + output);
            var failures = string.Join("\n", output.Split('\n').Where(l => l.StartsWith("FAIL ", StringComparison.Ordinal)));
            Assert.True(summary.Groups[2].Value == "0", failures);
            Assert.Equal(0, node.ExitCode);
            Assert.True(int.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture) > 150, "the scenario checked little:\n" + output);

            // Every action the emulator serves had its answers held against the official model, in both schemes.
            using var results = JsonDocument.Parse(await File.ReadAllTextAsync(resultFile));
            var ok = results.RootElement.GetProperty("results").EnumerateArray()
                .Where(r => r.GetProperty("ok").GetBoolean())
                .Select(r => r.GetProperty("scheme").GetString() + " " + r.GetProperty("name").GetString())
                .ToHashSet();
            foreach (var (_, action, _) in ApiSpec.ServedActions())
            {
                Assert.Contains("v3 model." + action, ok);
                Assert.Contains("v2 model." + action, ok);
            }
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill();
            }

            File.Delete(resultFile);
        }
    }
}
