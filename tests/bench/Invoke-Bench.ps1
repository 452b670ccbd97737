<#
.SYNOPSIS
    The AliyunAccessKey benchmarks (B1-B5) against the local emulator; a markdown table on the
    console and in <OutDir>/results.md (raw numbers in results.json).

.DESCRIPTION
    B1 bulk        N x (New-AliyunRamUser | New-AliyunAccessKey) at 0 and 50 ms injected latency,
                   sequential (-ThrottleLimit 1) and -ThrottleLimit 16 on both cmdlets, against the
                   official Node SDK (tests/bench/sdk-bulk.js) with 1 and 32 workers, and the floor
                   requests x latency / in-flight.
    B2 import      Import-Module of the staged module in a fresh pwsh that has already run one
                   cmdlet (Measure-Command), median over processes, against a trivial binary module
                   with one format file (tests/bench/trivial, built into out/bench/trivial).
    B3 streaming   Get-AliyunRamUser over seeded users: time, peak memory growth, and that
                   Select-Object -First 5 sends one request.
    B4 throttled   Emulator limit 100 requests/s: pairs with -ThrottleLimit 16, 0 failures, wall time
                   against the floor (2 x pairs / 100 s).
    B5 exactly-once  10 % injected faults of every kind, -TimeoutSec 1 -MaxAttempts 8, slowMs 1500:
                   exactly N users, N keys, 0 orphan keys, every secret emitted once, no abort.
    B6 audit       The account-wide stale-key audit over N users with one key each, 2 % of them
                   stale: through the credential report (Get-AliyunAccessKey -StaleDays 90, no user)
                   against listing every user (Get-AliyunRamUser | Get-AliyunAccessKey -StaleDays 90),
                   requests and wall time at injected latency; both must find exactly the stale keys.

    Each benchmark runs in child processes (a fresh pwsh through the same host, node for the SDK)
    against a fresh emulator (--exit-on-stdin-close, stopped in finally). Every loop is bounded in
    count, every child in time.

    Exit code: 0 when every benchmark ran, whether or not its performance targets were met (misses
    are reported as MISS); 1 when a correctness check failed (wrong counts, errors, a lost secret),
    since such a run measured nothing valid; 2 when a benchmark could not run at all.

.EXAMPLE
    dotnet pwsh ./tests/bench/Invoke-Bench.ps1 -Size Smoke
#>
[CmdletBinding()]
param(
    # Full: the issue's sizes (several minutes). Smoke: tiny sizes, whole run under a minute, for CI.
    [ValidateSet('Full', 'Smoke')]
    [string] $Size = 'Full',

    # Where results.md, results.json and the trivial baseline module go.
    [string] $OutDir,

    # The staged module: its version folder or its .psd1 (default: newest out/AliyunAccessKey/<version>).
    [string] $StagedModule,

    # The published emulator (default: out/emulator/AliyunAccessKey.Emulator.dll).
    [string] $EmulatorDll,

    # Run only these benchmarks (B1..B6; "B4,B5" works from pwsh -File too).
    [string[]] $Only = @('B1', 'B2', 'B3', 'B4', 'B5', 'B6')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot '../../tools/TestEmulator.ps1')
Set-PlainHostOutput
$Invariant = [cultureinfo]::InvariantCulture
$Only = @($Only -split '[,\s]+' | Where-Object { $_ } | ForEach-Object { $_.ToUpperInvariant() })
if ($bad = @($Only | Where-Object { $_ -notin 'B1', 'B2', 'B3', 'B4', 'B5', 'B6' })) {
    Write-Error "-Only takes B1, B2, B3, B4, B5, B6; not $($bad -join ', ')." -ErrorAction Continue
    exit 2
}

# ------------------------------------------------------------------ layout and sizes

$RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
if (-not $OutDir) { $OutDir = Join-Path $RepoRoot 'out/bench' }
if (-not $StagedModule) {
    $StagedModule = Get-ChildItem (Join-Path $RepoRoot 'out/AliyunAccessKey') -Directory -ErrorAction SilentlyContinue |
        Sort-Object { [version]$_.Name } | Select-Object -Last 1 -ExpandProperty FullName
}
if (-not $EmulatorDll) { $EmulatorDll = Join-Path $RepoRoot 'out/emulator/AliyunAccessKey.Emulator.dll' }
$Manifest = if ($StagedModule -and $StagedModule.EndsWith('.psd1')) { $StagedModule } elseif ($StagedModule) { Join-Path $StagedModule 'AliyunAccessKey.psd1' } else { $null }
if (-not $Manifest -or -not (Test-Path -LiteralPath $Manifest)) {
    Write-Error "No staged module at '$StagedModule': run 'dotnet pwsh ./build.ps1 Build' first or pass -StagedModule." -ErrorAction Continue
    exit 2
}
if (-not (Test-Path -LiteralPath $EmulatorDll)) {
    Write-Error "No emulator at '$EmulatorDll': run 'dotnet pwsh ./build.ps1 Build' first or pass -EmulatorDll." -ErrorAction Continue
    exit 2
}
$Manifest = (Resolve-Path -LiteralPath $Manifest).Path
$EmulatorDll = (Resolve-Path -LiteralPath $EmulatorDll).Path
New-Item -ItemType Directory -Path $OutDir -Force | Out-Null
$OutDir = (Resolve-Path -LiteralPath $OutDir).Path
$WorkDir = Join-Path $OutDir 'work'
if (Test-Path $WorkDir) { Remove-Item $WorkDir -Recurse -Force }
New-Item -ItemType Directory -Path $WorkDir | Out-Null
$BenchDir = $PSScriptRoot   # for the dot-sourced lib/*.ps1, where $PSScriptRoot is lib/
$ChildDir = Join-Path $BenchDir 'child'
$ConformanceDir = Join-Path $RepoRoot 'tests/conformance'

# Each knob as (Full, Smoke): the two sizes side by side.
$Knobs = @{
    B1              = @{ Warmup = 200, 5; Settle = 2, 0; N0 = 1000, 30; Reps0 = 5, 1; N50Seq = 100, 10; Reps50Seq = 3, 1; N50Par = 1000, 64; Reps50Par = 5, 1 }
    B2              = @{ Processes = 15, 3 }
    B3              = @{ Users = 100000, 5000 }
    B4              = @{ Pairs = 1000, 150; Rate = 100, 100; ThrottleLimit = 16, 16 }
    B5              = @{ Pairs = 1000, 30; ThrottleLimit = 16, 4; Warmup = 5, 2 }
    B6              = @{ Users = 3500, 100; StaleEvery = 50, 50; LatencyMs = 20, 0 }
    ChildTimeoutSec = 600, 120
}
$column = @{ Full = 0; Smoke = 1 }[$Size]
$Cfg = @{}
foreach ($name in $Knobs.Keys) {
    $knob = $Knobs[$name]
    if ($knob -is [hashtable]) {
        $Cfg[$name] = @{}
        foreach ($k in $knob.Keys) { $Cfg[$name][$k] = $knob[$k][$column] }
    } else {
        $Cfg[$name] = $knob[$column]
    }
}

# A child pwsh like this one; under `dotnet pwsh` the process is dotnet, so `dotnet <PSHOME>/pwsh.dll`.
$Pwsh = Get-PwshCommand
$HostExe = $Pwsh.Exe
$PwshPrefix = $Pwsh.Prefix

. (Join-Path $PSScriptRoot 'lib/Common.ps1')
. (Join-Path $PSScriptRoot 'lib/Benchmarks.ps1')
. (Join-Path $PSScriptRoot 'lib/Report.ps1')

# ------------------------------------------------------------------ run

$started = [Diagnostics.Stopwatch]::StartNew()
$machine = Get-Machine
Write-Host "AliyunAccessKey benchmarks ($Size): $($machine.Module); $($machine.Cores) cores, $($machine.MemoryGB) GB"
$benchmarks = [ordered]@{ B1 = ${function:Invoke-B1}; B2 = ${function:Invoke-B2}; B3 = ${function:Invoke-B3}; B4 = ${function:Invoke-B4}; B5 = ${function:Invoke-B5}; B6 = ${function:Invoke-B6} }
$names = @{ B1 = 'B1 bulk'; B2 = 'B2 import'; B3 = 'B3 streaming'; B4 = 'B4 throttled'; B5 = 'B5 exactly-once'; B6 = 'B6 audit' }
$timings = [ordered]@{}
foreach ($b in $benchmarks.Keys) {
    if ($b -notin $Only) { continue }
    $watch = [Diagnostics.Stopwatch]::StartNew()
    try {
        & $benchmarks[$b]
    } catch {
        Add-Error $names[$b] "$($_.Exception.Message) (at $($_.InvocationInfo.ScriptName):$($_.InvocationInfo.ScriptLineNumber))"
    }
    $timings[$b] = [math]::Round($watch.Elapsed.TotalSeconds, 1)
}

$machine.LoadAvgEnd = if (Test-Path '/proc/loadavg') { [IO.File]::ReadAllText('/proc/loadavg').Trim() } else { '' }
$markdown = ConvertTo-Markdown $machine $started.Elapsed.TotalSeconds
$resultsMd = Join-Path $OutDir 'results.md'
$resultsJson = Join-Path $OutDir 'results.json'
Set-Content -LiteralPath $resultsMd -Value $markdown -Encoding utf8
[ordered]@{ Machine = $machine; Seconds = $timings; Rows = $Rows; Raw = $Raw } | ConvertTo-Json -Depth 8 | Set-Content -LiteralPath $resultsJson -Encoding utf8
Write-Host ''
Write-Host $markdown
Write-Host ''
Write-Host "Results: $resultsMd (raw: $resultsJson)"

if ($script:CouldNotRun) { exit 2 }
if ($script:CheckFailed) { exit 1 }
exit 0
