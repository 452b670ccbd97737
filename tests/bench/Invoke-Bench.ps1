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

    # Run only these benchmarks (B1..B5; "B4,B5" works from pwsh -File too).
    [string[]] $Only = @('B1', 'B2', 'B3', 'B4', 'B5')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$env:NO_COLOR = '1'
if ($PSVersionTable.PSVersion -ge [version]'7.2') { $PSStyle.OutputRendering = 'PlainText' }
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$Invariant = [cultureinfo]::InvariantCulture
$Only = @($Only -split '[,\s]+' | Where-Object { $_ } | ForEach-Object { $_.ToUpperInvariant() })
if ($bad = @($Only | Where-Object { $_ -notin 'B1', 'B2', 'B3', 'B4', 'B5' })) {
    Write-Error "-Only takes B1, B2, B3, B4, B5; not $($bad -join ', ')." -ErrorAction Continue
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
$ChildDir = Join-Path $PSScriptRoot 'child'
$ConformanceDir = Join-Path $RepoRoot 'tests/conformance'

$Sizes = @{
    Full  = @{
        B1 = @{ Warmup = 200; N0 = 1000; Reps0 = 5; N50Seq = 100; Reps50Seq = 3; N50Par = 1000; Reps50Par = 3 }
        B2 = @{ Processes = 7 }
        B3 = @{ Users = 100000 }
        B4 = @{ Pairs = 1000; Rate = 100; ThrottleLimit = 16 }
        B5 = @{ Pairs = 1000; ThrottleLimit = 16; Warmup = 5 }
        ChildTimeoutSec = 600
    }
    Smoke = @{
        B1 = @{ Warmup = 5; N0 = 30; Reps0 = 1; N50Seq = 10; Reps50Seq = 1; N50Par = 64; Reps50Par = 1 }
        B2 = @{ Processes = 3 }
        B3 = @{ Users = 5000 }
        B4 = @{ Pairs = 150; Rate = 100; ThrottleLimit = 16 }
        B5 = @{ Pairs = 30; ThrottleLimit = 4; Warmup = 2 }
        ChildTimeoutSec = 120
    }
}
$Cfg = $Sizes[$Size]

# A child pwsh like this one; under `dotnet pwsh` the process is dotnet, so `dotnet <PSHOME>/pwsh.dll`.
$HostExe = [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
$PwshPrefix = @(if ([IO.Path]::GetFileNameWithoutExtension($HostExe) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })

# ------------------------------------------------------------------ results

$Rows = [Collections.Generic.List[object]]::new()
$Raw = [ordered]@{}
$script:CouldNotRun = $false
$script:CheckFailed = $false

function Format-Ms([double] $Ms) {
    if ($Ms -ge 10000) { return ($Ms / 1000).ToString('#,0.0', $Invariant) + ' s' }
    if ($Ms -ge 1000) { return ($Ms / 1000).ToString('0.00', $Invariant) + ' s' }
    $Ms.ToString('#,0.0', $Invariant) + ' ms'
}

function Format-Num([double] $Value, [string] $Format = '#,0.##') { $Value.ToString($Format, $Invariant) }

function Add-Row([string] $Bench, [string] $Measurement, [string] $Module, [string] $Reference, [string] $Ratio, [string] $Target, [string] $Result, [string] $Kind = 'target') {
    $Rows.Add([pscustomobject]@{ Benchmark = $Bench; Measurement = $Measurement; Module = $Module; Reference = $Reference; Ratio = $Ratio; Target = $Target; Result = $Result; Kind = $Kind })
}

# A performance target: module / reference must be at most MaxRatio. A miss is reported, not fatal.
function Add-Target([string] $Bench, [string] $Measurement, [double] $ModuleMs, [double] $ReferenceMs, [string] $ReferenceLabel, [double] $MaxRatio) {
    $ratio = if ($ReferenceMs -gt 0) { $ModuleMs / $ReferenceMs } else { [double]::NaN }
    $ok = $ratio -le $MaxRatio
    Add-Row $Bench $Measurement (Format-Ms $ModuleMs) "$ReferenceLabel $(Format-Ms $ReferenceMs)" (Format-Num $ratio '0.00') ("≤ " + (Format-Num $MaxRatio '0.0#')) $(if ($ok) { 'pass' } else { 'MISS' })
}

# A correctness check: pass or FAIL (a FAIL makes the run exit 1).
function Add-Check([string] $Bench, [string] $Measurement, [string] $Actual, [string] $Expected, [bool] $Ok) {
    if (-not $Ok) { $script:CheckFailed = $true }
    Add-Row $Bench $Measurement $Actual '' '' $Expected $(if ($Ok) { 'pass' } else { 'FAIL' }) 'check'
}

function Add-Info([string] $Bench, [string] $Measurement, [string] $Module, [string] $Reference = '', [string] $Ratio = '') {
    Add-Row $Bench $Measurement $Module $Reference $Ratio '—' 'info' 'info'
}

function Add-Error([string] $Bench, [string] $Why) {
    $script:CouldNotRun = $true
    Add-Row $Bench 'could not run' $Why '' '' '' 'ERROR' 'error'
    $Raw["$Bench-error"] = $Why
    Write-Host "${Bench}: could not run: $Why"
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    if ($sorted.Count -eq 0) { return [double]::NaN }
    $mid = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { return $sorted[$mid] }
    ($sorted[$mid - 1] + $sorted[$mid]) / 2
}

# ------------------------------------------------------------------ processes

# Runs a process to completion within TimeoutSec (then kills it), capturing stdout and stderr.
function Invoke-Process([string] $File, [string[]] $Arguments, [int] $TimeoutSec) {
    $psi = [Diagnostics.ProcessStartInfo]::new($File)
    foreach ($a in $Arguments) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $psi.WorkingDirectory = $WorkDir
    $process = [Diagnostics.Process]::Start($psi)
    try {
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        $timedOut = -not $process.WaitForExit($TimeoutSec * 1000)
        if ($timedOut) {
            $process.Kill($true)
            $null = $process.WaitForExit(5000)
        } else {
            $process.WaitForExit()
        }
        $null = [Threading.Tasks.Task]::WaitAll(@($stdout, $stderr), 5000)
        [pscustomobject]@{
            ExitCode = if ($timedOut) { -1 } else { $process.ExitCode }
            TimedOut = $timedOut
            StdOut   = if ($stdout.IsCompleted) { $stdout.Result } else { '' }
            StdErr   = if ($stderr.IsCompleted) { $stderr.Result } else { '' }
        }
    } finally {
        $process.Dispose()
    }
}

# Runs a child script in a fresh pwsh; Parameters become -Name value pairs (a $true switch: -Name).
function Invoke-PwshChild([string] $Script, [System.Collections.IDictionary] $Parameters, [int] $TimeoutSec = $Cfg.ChildTimeoutSec) {
    $arguments = [Collections.Generic.List[string]]::new()
    foreach ($p in $PwshPrefix) { $arguments.Add($p) }
    foreach ($a in '-NoProfile', '-NonInteractive', '-File', (Join-Path $ChildDir $Script)) { $arguments.Add($a) }
    foreach ($k in $Parameters.Keys) {
        $v = $Parameters[$k]
        if ($v -is [bool] -or $v -is [switch]) {
            if ($v) { $arguments.Add("-$k") }
        } else {
            $arguments.Add("-$k")
            $arguments.Add([string]::Format($Invariant, '{0}', $v))
        }
    }
    $run = Invoke-Process $HostExe $arguments $TimeoutSec
    if ($run.TimedOut) { throw "$Script did not finish within $TimeoutSec s" }
    if ($run.ExitCode -ne 0) { throw "$Script failed (exit $($run.ExitCode)): $(($run.StdErr + $run.StdOut).Trim())" }
    $run
}

# A bulk run (child/Bulk.ps1); returns its JSON result.
function Invoke-ModuleBulk($Emulator, [hashtable] $Parameters) {
    $resultFile = Join-Path $WorkDir ("bulk-{0}.json" -f [guid]::NewGuid().ToString('N').Substring(0, 8))
    $p = [ordered]@{ Manifest = $Manifest; Endpoint = $Emulator.Address; Control = $Emulator.Control; Domain = $Emulator.Domain; ResultFile = $resultFile }
    foreach ($k in $Parameters.Keys) { $p[$k] = $Parameters[$k] }
    $null = Invoke-PwshChild 'Bulk.ps1' $p
    Get-Content -Raw -LiteralPath $resultFile | ConvertFrom-Json
}

# ------------------------------------------------------------------ the emulator

. (Join-Path $PSScriptRoot '../../tools/TestEmulator.ps1')

function Start-BenchEmulator([string[]] $Arguments = @()) { Start-AliyunEmulator -EmulatorDll $EmulatorDll -Arguments $Arguments }

function Stop-BenchEmulator($Emulator) { Stop-AliyunEmulator $Emulator }

function Invoke-Control($Emulator, [string] $Path, [object] $Body) {
    if ($null -eq $Body) { return Invoke-RestMethod -Uri "$($Emulator.Control)$Path" -TimeoutSec 30 }
    Invoke-RestMethod -Method Post -Uri "$($Emulator.Control)$Path" -Body ($Body | ConvertTo-Json -Compress) -ContentType 'application/json' -TimeoutSec 30
}

# A fresh account with these knobs, so every run starts from the same state.
function Reset-Emulator($Emulator, [hashtable] $Knobs = @{}) {
    $null = Invoke-Control $Emulator 'reset' @{}
    if ($Knobs.Count) { $null = Invoke-Control $Emulator 'knobs' $Knobs }
}

# ------------------------------------------------------------------ B1 bulk

# A long-lived child (child/Bulk.ps1 -Serve or sdk-bulk.js --serve): warm once, then one job per
# stdin line, one "result <json>" line per job. Every wait is bounded by a deadline.
function Start-Server([string] $Name, [string] $File, [string[]] $Arguments, [int] $ReadyTimeoutSec) {
    $psi = [Diagnostics.ProcessStartInfo]::new($File)
    foreach ($a in $Arguments) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardInput = $true
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $psi.WorkingDirectory = $WorkDir
    $process = [Diagnostics.Process]::Start($psi)
    $server = [pscustomobject]@{ Name = $Name; Process = $process; StdErr = $process.StandardError.ReadToEndAsync() }
    try {
        $null = Read-ServerLine $server $ReadyTimeoutSec 'ready'
    } catch {
        Stop-Server $server
        throw
    }
    $server
}

function Read-ServerLine($Server, [int] $TimeoutSec, [string] $Prefix) {
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while ($true) {
        $remaining = [int]($deadline - [DateTime]::UtcNow).TotalMilliseconds
        $read = $Server.Process.StandardOutput.ReadLineAsync()
        if ($remaining -le 0 -or -not $read.Wait([math]::Max(1, $remaining))) {
            throw "$($Server.Name): no '$Prefix' answer within $TimeoutSec s"
        }
        $line = $read.Result
        if ($null -eq $line) {
            $null = $Server.Process.WaitForExit(5000)
            $why = if ($Server.StdErr.Wait(2000)) { $Server.StdErr.Result.Trim() } else { '' }
            throw "$($Server.Name) exited before answering: $why"
        }
        if ($line.StartsWith($Prefix, [StringComparison]::Ordinal)) { return $line.Substring($Prefix.Length).Trim() }
    }
}

function Invoke-ServerJob($Server, [hashtable] $Job, [int] $TimeoutSec) {
    $Server.Process.StandardInput.WriteLine(($Job | ConvertTo-Json -Compress))
    $Server.Process.StandardInput.Flush()
    Read-ServerLine $Server $TimeoutSec 'result ' | ConvertFrom-Json
}

function Stop-Server($Server) {
    if (-not $Server) { return }
    try {
        $Server.Process.StandardInput.WriteLine('exit')
        $Server.Process.StandardInput.Close()
    } catch { }
    if (-not $Server.Process.WaitForExit(15000)) { try { $Server.Process.Kill($true) } catch { } }
    $Server.Process.Dispose()
}

function Test-ModuleJob($Run, [int] $Count) {
    if ($Run.Emitted -ne $Count -or $Run.UniqueIds -ne $Count -or $Run.SecretsPresent -ne $Count -or $Run.Errors -ne 0 -or $Run.Aborted) {
        return "module job $($Run.Tag): $($Run.Emitted) keys, $($Run.UniqueIds) distinct, $($Run.SecretsPresent) secrets, $($Run.Errors) errors ($($Run.ErrorIds -join '; '))$(if ($Run.Aborted) { ", aborted: $($Run.Aborted)" })"
    }
    $null
}

function Test-BulkRuns($Result, [int] $Count) {
    foreach ($r in @($Result.Runs)) {
        if ($why = Test-ModuleJob $r $Count) { return $why }
    }
    $null
}

function Test-SdkJob($Run, [int] $Count, [string] $Tag) {
    if ($Run.ok -ne $Count -or $Run.uniqueKeys -ne $Count -or $Run.failed -ne 0) {
        return "SDK job ${Tag}: $($Run.ok) ok, $($Run.uniqueKeys) distinct, $($Run.failed) failed ($(($Run.errors | ConvertTo-Json -Compress)))"
    }
    $null
}

function Invoke-B1 {
    $c = $Cfg.B1
    $emulator = Start-BenchEmulator
    try {
        $problems = [Collections.Generic.List[string]]::new()
        $results = [ordered]@{}
        $plan = @(
            @{ Key = '0-seq'; Latency = 0; Mode = 'seq'; N = $c.N0; Reps = $c.Reps0 }
            @{ Key = '0-par'; Latency = 0; Mode = 'par'; N = $c.N0; Reps = $c.Reps0 }
            @{ Key = '50-seq'; Latency = 50; Mode = 'seq'; N = $c.N50Seq; Reps = $c.Reps50Seq }
            @{ Key = '50-par'; Latency = 50; Mode = 'par'; N = $c.N50Par; Reps = $c.Reps50Par }
        )
        foreach ($step in $plan) {
            $throttle = if ($step.Mode -eq 'seq') { 1 } else { 16 }
            $workers = if ($step.Mode -eq 'seq') { 1 } else { 32 }
            Write-Host ("B1 {0} ms {1}: {2} pairs x {3}, module -ThrottleLimit {4} vs SDK {5} worker(s), interleaved..." -f $step.Latency, $step.Mode, $step.N, $step.Reps, $throttle, $workers)
            # Fresh, warm processes for this configuration: warm-ups at 0 ms, then the timed jobs.
            Reset-Emulator $emulator @{ latencyMs = 0 }
            $module = $null
            $sdk = $null
            $moduleRuns = [Collections.Generic.List[object]]::new()
            $sdkRuns = [Collections.Generic.List[object]]::new()
            try {
                $moduleArgs = @($PwshPrefix) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $ChildDir 'Bulk.ps1'),
                    '-Manifest', $Manifest, '-Endpoint', $emulator.Address, '-Control', $emulator.Control, '-Domain', $emulator.Domain,
                    '-ResultFile', (Join-Path $WorkDir 'unused.json'), '-ThrottleLimit', "$throttle", '-Warmup', "$($c.Warmup)", '-Serve')
                $module = Start-Server 'module' $HostExe $moduleArgs 300
                Reset-Emulator $emulator @{ latencyMs = 0 }
                $sdkArgs = @((Join-Path $PSScriptRoot 'sdk-bulk.js'), '--endpoint', $emulator.Address, '--workers', "$workers", '--warmup', "$($c.Warmup)",
                    '--domain', $emulator.Domain, '--modules', $ConformanceDir, '--deadline-sec', "$($Cfg.ChildTimeoutSec * 2)", '--serve')
                $sdk = Start-Server 'node SDK' 'node' $sdkArgs 300
                for ($rep = 1; $rep -le $step.Reps; $rep++) {
                    # ABBA order, so drift in the machine's load falls on both sides alike.
                    $order = if ($rep % 2) { 'module', 'sdk' } else { 'sdk', 'module' }
                    foreach ($side in $order) {
                        Reset-Emulator $emulator @{ latencyMs = $step.Latency }
                        $tag = "$($step.Key)-r$rep"
                        if ($side -eq 'module') {
                            $r = Invoke-ServerJob $module @{ count = $step.N; throttle = $throttle; tag = $tag } $Cfg.ChildTimeoutSec
                            if ($why = Test-ModuleJob $r $step.N) { $problems.Add($why) }
                            $moduleRuns.Add($r)
                        } else {
                            $r = Invoke-ServerJob $sdk @{ count = $step.N; workers = $workers; tag = $tag } $Cfg.ChildTimeoutSec
                            if ($why = Test-SdkJob $r $step.N $tag) { $problems.Add($why) }
                            $sdkRuns.Add($r)
                        }
                    }
                }
            } finally {
                Stop-Server $module
                Stop-Server $sdk
            }
            $moduleMs = Get-Median @($moduleRuns | ForEach-Object WallMs)
            $sdkMs = Get-Median @($sdkRuns | ForEach-Object wallMs)
            $inFlight = if ($step.Mode -eq 'seq') { 1 } else { 32 }
            $floorMs = 2 * $step.N * $step.Latency / $inFlight
            $results[$step.Key] = [ordered]@{ N = $step.N; Reps = $step.Reps; ModuleMs = @($moduleRuns | ForEach-Object WallMs); SdkMs = @($sdkRuns | ForEach-Object wallMs); ModuleMedianMs = $moduleMs; SdkMedianMs = $sdkMs; FloorMs = $floorMs }
            Write-Host ("    module {0}, SDK {1}{2}  (module {3}; SDK {4})" -f (Format-Ms $moduleMs), (Format-Ms $sdkMs), $(if ($floorMs) { ", floor $(Format-Ms $floorMs)" }),
                (($moduleRuns | ForEach-Object { Format-Ms $_.WallMs }) -join ', '), (($sdkRuns | ForEach-Object { Format-Ms $_.wallMs }) -join ', '))
        }
        $Raw.B1 = $results

        $r = $results['0-seq']
        Add-Target 'B1 bulk' "0 ms, sequential: $($r.N) pairs, module -ThrottleLimit 1 vs SDK 1 worker (median of $($r.Reps))" $r.ModuleMedianMs $r.SdkMedianMs 'SDK' 0.8
        $r = $results['0-par']
        Add-Info 'B1 bulk' "0 ms, concurrent: $($r.N) pairs, module -ThrottleLimit 16+16 vs SDK 32 workers (median of $($r.Reps))" (Format-Ms $r.ModuleMedianMs) "SDK $(Format-Ms $r.SdkMedianMs)" (Format-Num ($r.ModuleMedianMs / $r.SdkMedianMs) '0.00')
        $r = $results['50-seq']
        Add-Target 'B1 bulk' "50 ms, sequential: $($r.N) pairs vs SDK 1 worker" $r.ModuleMedianMs $r.SdkMedianMs 'SDK' 1.0
        Add-Target 'B1 bulk' "50 ms, sequential: $($r.N) pairs vs floor $(2 * $r.N) req x 50 ms / 1" $r.ModuleMedianMs $r.FloorMs 'floor' 1.1
        $r = $results['50-par']
        Add-Target 'B1 bulk' "50 ms, -ThrottleLimit 16+16: $($r.N) pairs vs SDK 32 workers (median of $($r.Reps))" $r.ModuleMedianMs $r.SdkMedianMs 'SDK' 1.0
        Add-Target 'B1 bulk' "50 ms, -ThrottleLimit 16+16: $($r.N) pairs vs floor $(2 * $r.N) req x 50 ms / 32" $r.ModuleMedianMs $r.FloorMs 'floor' 1.1
        Add-Info 'B1 bulk' "50 ms: the SDK against the same floors (1 worker / 32 workers)" '' "$(Format-Num ($results['50-seq'].SdkMedianMs / $results['50-seq'].FloorMs) '0.00') / $(Format-Num ($results['50-par'].SdkMedianMs / $results['50-par'].FloorMs) '0.00') x floor"
        $check = if ($problems.Count) { $problems -join ' | ' } else { 'all keys, distinct, with secrets, 0 errors' }
        Add-Check 'B1 bulk' 'every job, module and SDK: N keys, N distinct IDs, every secret, 0 errors' $check 'all' ($problems.Count -eq 0)
    } finally {
        Stop-BenchEmulator $emulator
    }
}

# ------------------------------------------------------------------ B2 import

function Build-TrivialModule {
    # The baseline: a trivial binary module (netstandard2.0, one cmdlet, one format file), built once.
    $source = Join-Path $PSScriptRoot 'trivial'
    $target = Join-Path $OutDir 'trivial/TrivialBench/1.0.0'
    $dll = Join-Path $target 'TrivialBench.dll'
    $newest = Get-ChildItem $source -File | Sort-Object LastWriteTimeUtc | Select-Object -Last 1
    if ((Test-Path $dll) -and (Get-Item $dll).LastWriteTimeUtc -ge $newest.LastWriteTimeUtc) {
        return Join-Path $target 'TrivialBench.psd1'
    }
    Write-Host 'B2: building the trivial baseline module...'
    if (Test-Path $target) { Remove-Item $target -Recurse -Force }
    $run = Invoke-Process 'dotnet' @('publish', (Join-Path $source 'TrivialBench.csproj'), '-c', 'Release', '-o', $target, '--nologo', '-v', 'quiet') 300
    if ($run.ExitCode -ne 0) { throw "building the trivial module failed: $(($run.StdOut + $run.StdErr).Trim())" }
    Copy-Item (Join-Path $source 'TrivialBench.psd1'), (Join-Path $source 'TrivialBench.format.ps1xml') $target
    Join-Path $target 'TrivialBench.psd1'
}

function Measure-ImportOnce([string] $Module) {
    $run = Invoke-PwshChild 'Import.ps1' ([ordered]@{ Module = $Module }) 120
    $last = @($run.StdOut -split "`r?`n" | Where-Object { $_.Trim() }) | Select-Object -Last 1
    [double]::Parse($last.Trim(), $Invariant)
}

function Invoke-B2 {
    $trivial = Build-TrivialModule
    $moduleMs = [Collections.Generic.List[double]]::new()
    $trivialMs = [Collections.Generic.List[double]]::new()
    Write-Host "B2: Import-Module in $($Cfg.B2.Processes) fresh processes each, interleaved..."
    for ($i = 1; $i -le $Cfg.B2.Processes; $i++) {
        $moduleMs.Add((Measure-ImportOnce $Manifest))
        $trivialMs.Add((Measure-ImportOnce $trivial))
    }
    $m = Get-Median $moduleMs
    $t = Get-Median $trivialMs
    $Raw.B2 = [ordered]@{ ModuleMs = $moduleMs; TrivialMs = $trivialMs; ModuleMedianMs = $m; TrivialMedianMs = $t }
    Write-Host ("    module {0}, trivial {1}" -f (Format-Ms $m), (Format-Ms $t))
    Add-Target 'B2 import' "Import-Module after one cmdlet, median of $($Cfg.B2.Processes) processes, vs trivial binary module + 1 format file" $m $t 'trivial' 1.25
    $minM = ($moduleMs | Measure-Object -Minimum).Minimum
    $minT = ($trivialMs | Measure-Object -Minimum).Minimum
    Add-Info 'B2 import' 'fastest of the processes (less exposed to other load on the machine)' (Format-Ms $minM) "trivial $(Format-Ms $minT)" (Format-Num ($minM / $minT) '0.00')
}

# ------------------------------------------------------------------ B3 streaming

function Invoke-B3 {
    $users = $Cfg.B3.Users
    Write-Host "B3: Get-AliyunRamUser over $users seeded users..."
    $emulator = Start-BenchEmulator @('--seed-users', "$users")
    try {
        $resultFile = Join-Path $WorkDir 'stream.json'
        $null = Invoke-PwshChild 'Stream.ps1' ([ordered]@{ Manifest = $Manifest; Endpoint = $emulator.Address; Control = $emulator.Control; ResultFile = $resultFile })
        $r = Get-Content -Raw -LiteralPath $resultFile | ConvertFrom-Json
        $Raw.B3 = $r
        Write-Host ("    {0} users in {1}, peak growth {2:0.0} MB" -f $r.Count, (Format-Ms $r.StreamMs), $r.PeakGrowthMb)
        Add-Check 'B3 streaming' 'Get-AliyunRamUser | Select-Object -First 5: users, requests sent' "$($r.FirstCount) users, $($r.FirstRequests) request(s) in $(Format-Ms $r.FirstMs)" '5 users, 1 request' ($r.FirstCount -eq 5 -and $r.FirstRequests -eq 1)
        Add-Check 'B3 streaming' "Get-AliyunRamUser | Measure-Object: users streamed" (Format-Num $r.Count '#,0') (Format-Num $users '#,0') ($r.Count -eq $users)
        Add-Info 'B3 streaming' "time for $(Format-Num $users '#,0') users ($($r.Requests) ListUsers pages): first pass into Measure-Object" ("{0} ({1} users/s)" -f (Format-Ms $r.StreamMs), (Format-Num ($r.Count / ($r.StreamMs / 1000)) '#,0'))
        Add-Info 'B3 streaming' "time for $(Format-Num $users '#,0') users: second pass into Out-Null (warm; the module's own cost)" ("{0} ({1} users/s)" -f (Format-Ms $r.WarmOutNullMs), (Format-Num ($users / ($r.WarmOutNullMs / 1000)) '#,0'))
        if ($null -eq $r.PeakGrowthMb) {
            Add-Info 'B3 streaming' 'peak memory growth' 'not measurable here (no /proc)'
        } else {
            $ok = $r.PeakGrowthMb -le 50
            $how = if ($r.PeakReset) { 'VmHWM after reset - VmRSS before' } else { 'VmHWM - VmRSS before (peak not resettable)' }
            Add-Row 'B3 streaming' "peak memory growth while streaming ($how)" ("{0} MB" -f (Format-Num $r.PeakGrowthMb '0.0')) '' '' '≤ 50 MB' $(if ($ok) { 'pass' } else { 'MISS' })
        }
        Add-Info 'B3 streaming' 'managed allocations per user listed' ("{0} bytes ({1} MB in all)" -f (Format-Num $r.AllocatedPerUser '#,0'), (Format-Num ($r.AllocatedBytes / 1MB) '#,0'))
    } finally {
        Stop-BenchEmulator $emulator
    }
}

# ------------------------------------------------------------------ B4 throttled

function Invoke-B4 {
    $c = $Cfg.B4
    Write-Host "B4: $($c.Pairs) pairs at $($c.Rate) requests/s, -ThrottleLimit $($c.ThrottleLimit)..."
    $emulator = Start-BenchEmulator @('--rate-limit', "$($c.Rate)")
    try {
        # No warm-up: it would spend the bucket. The knobs are set again right before the run,
        # which refills the bucket (burst = the rate), as a fresh account would have it.
        $m = Invoke-ModuleBulk $emulator @{ Count = $c.Pairs; ThrottleLimit = $c.ThrottleLimit; Reps = 1; Warmup = 0; KnobsJson = (@{ rateLimit = $c.Rate } | ConvertTo-Json -Compress) }
        $run = @($m.Runs)[0]
        $floorMs = 2 * $c.Pairs / $c.Rate * 1000
        $Raw.B4 = [ordered]@{ Result = $m; FloorMs = $floorMs }
        Write-Host ("    {0}, floor {1}, {2} throttled answers, {3} errors" -f (Format-Ms $run.WallMs), (Format-Ms $floorMs), $m.Throttled, $run.Errors)
        # 0 failures is a target of the issue (a miss is reported, not fatal); the counts of what
        # did succeed must still be consistent.
        $failedPairs = $c.Pairs - $run.Emitted
        $failText = if ($run.Errors -eq 0 -and $failedPairs -eq 0 -and -not $run.Aborted) { "0 ($($m.Throttled) Throttling.User answers, all retried)" } else {
            "$failedPairs pairs failed, $($run.Errors) errors ($($run.ErrorIds -join '; '))$(if ($run.Aborted) { ", aborted: $($run.Aborted)" }); $($m.Throttled) Throttling.User answers"
        }
        Add-Row 'B4 throttled' "$($c.Pairs) pairs at $($c.Rate) req/s, -ThrottleLimit $($c.ThrottleLimit): failures (default -MaxAttempts)" $failText '' '' '0' $(if ($failedPairs -eq 0 -and $run.Errors -eq 0 -and -not $run.Aborted) { 'pass' } else { 'MISS' })
        Add-Check 'B4 throttled' 'keys emitted are distinct and carry their secrets' "$($run.Emitted) / $($run.UniqueIds) / $($run.SecretsPresent)" 'equal' ($run.Emitted -eq $run.UniqueIds -and $run.Emitted -eq $run.SecretsPresent)
        if ($failedPairs -eq 0) {
            Add-Target 'B4 throttled' "$($c.Pairs) pairs vs floor $(2 * $c.Pairs) req / $($c.Rate) per s" $run.WallMs $floorMs 'floor' 1.15
        } else {
            Add-Row 'B4 throttled' "$($c.Pairs) pairs vs floor $(2 * $c.Pairs) req / $($c.Rate) per s" (Format-Ms $run.WallMs) "floor $(Format-Ms $floorMs)" (Format-Num ($run.WallMs / $floorMs) '0.00') '≤ 1.15' 'MISS (not comparable: pairs failed)'
        }
    } finally {
        Stop-BenchEmulator $emulator
    }
}

# ------------------------------------------------------------------ B5 exactly-once

function Invoke-B5 {
    $c = $Cfg.B5
    Write-Host "B5: $($c.Pairs) pairs under 10 % faults of every kind, -ThrottleLimit $($c.ThrottleLimit)..."
    $emulator = Start-BenchEmulator
    try {
        $faults = @{ faultRate = 0.1; faultSeed = 2026; faultKinds = @('503', '500', 'reset', 'drop-after-act', 'slow'); slowMs = 1500 } | ConvertTo-Json -Compress
        $m = Invoke-ModuleBulk $emulator @{
            Count = $c.Pairs; ThrottleLimit = $c.ThrottleLimit; Reps = 1; Warmup = $c.Warmup
            TimeoutSec = 1; MaxAttempts = 8; KnobsJson = $faults; AfterKnobsJson = '{"faultRate":0}'; Verify = $true
        }
        $run = @($m.Runs)[0]
        $v = $m.Verify
        $Raw.B5 = $m
        $n = $c.Pairs
        $kinds = foreach ($k in '503', '500', 'reset', 'drop-after-act', 'slow') {
            $value = if ($v.Faults -and $v.Faults.PSObject.Properties[$k]) { [int]$v.Faults.$k } else { 0 }
            "$k $value"
        }
        Write-Host ("    {0}; users {1}, keys {2}, orphans {3}, emitted {4} ({5} distinct), errors {6}" -f (Format-Ms $run.WallMs), $v.Users, $v.ListedKeys, $v.OrphanKeys, $run.Emitted, $run.UniqueIds, $run.Errors)
        Add-Check 'B5 exactly-once' 'users / keys listed / orphan keys' "$($v.Users) / $($v.ListedKeys) / $($v.OrphanKeys)" "$n / $n / 0" ($v.Users -eq $n -and $v.ListedKeys -eq $n -and $v.OrphanKeys -eq 0 -and $v.StateOrphanKeys -eq 0)
        Add-Check 'B5 exactly-once' 'secrets emitted / distinct / listed = emitted / keys that work' "$($run.Emitted) / $($run.UniqueIds) / $($v.ListedEqualsEmitted) / $($v.KeysWork)" "$n / $n / True / $n" ($run.Emitted -eq $n -and $run.UniqueIds -eq $n -and $run.SecretsPresent -eq $n -and $v.ListedEqualsEmitted -and $v.KeysWork -eq $n)
        $errorText = "$($run.Errors)$(if ($run.Errors) { " ($($run.ErrorIds -join '; '))" }), $(if ($run.Aborted) { "aborted: $($run.Aborted)" } else { 'no abort' })"
        Add-Check 'B5 exactly-once' 'errors, pipeline abort' $errorText '0, no abort' ($run.Errors -eq 0 -and -not $run.Aborted)
        $allKinds = @($kinds | Where-Object { $_ -match ' 0$' }).Count -eq 0
        if ($n -ge 200) {
            Add-Check 'B5 exactly-once' "faults injected ($($v.FaultsTotal) in $($m.Requests) requests)" ($kinds -join ', ') 'every kind > 0' $allKinds
        } else {
            Add-Info 'B5 exactly-once' "faults injected ($($v.FaultsTotal) in $($m.Requests) requests)" ($kinds -join ', ')
        }
        Add-Info 'B5 exactly-once' "wall time, $n pairs, -TimeoutSec 1 -MaxAttempts 8, slowMs 1500" (Format-Ms $run.WallMs)
    } finally {
        Stop-BenchEmulator $emulator
    }
}

# ------------------------------------------------------------------ machine

function Get-Machine {
    $read = { param($path) if (Test-Path $path) { [IO.File]::ReadAllLines($path) } else { @() } }
    $cpu = (& $read '/proc/cpuinfo' | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
    $memKb = (& $read '/proc/meminfo' | Where-Object { $_ -like 'MemTotal:*' } | Select-Object -First 1) -replace '\D', ''
    $os = (& $read '/etc/os-release' | Where-Object { $_ -like 'PRETTY_NAME=*' } | Select-Object -First 1) -replace '^PRETTY_NAME="?|"$', ''
    $kernel = & $read '/proc/sys/kernel/osrelease' | Select-Object -First 1
    $dotnetSdk = try { (& dotnet --version 2>$null | Select-Object -First 1) } catch { '?' }
    $node = try { (& node --version 2>$null | Select-Object -First 1) } catch { 'not found' }
    $sdkPackage = Join-Path $ConformanceDir 'node_modules/@alicloud/ims20190815/package.json'
    $sdkVersion = if (Test-Path $sdkPackage) { (Get-Content -Raw $sdkPackage | ConvertFrom-Json).version } else { 'not installed' }
    $commit = try { (& git -C $RepoRoot rev-parse --short HEAD 2>$null) + $(if (& git -C $RepoRoot status --porcelain -- src 2>$null) { ' (src modified)' } else { '' }) } catch { '?' }
    [ordered]@{
        Date       = [DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm', $Invariant) + ' UTC'
        Size       = $Size
        Cores      = [Environment]::ProcessorCount
        Cpu        = if ($cpu) { $cpu } else { [Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString() }
        MemoryGB   = if ($memKb) { [math]::Round([double]$memKb / 1MB, 1) } else { $null }
        OS         = if ($os) { "$os, kernel $kernel" } else { [Runtime.InteropServices.RuntimeInformation]::OSDescription }
        Dotnet     = "SDK $dotnetSdk, runtime $([Runtime.InteropServices.RuntimeInformation]::FrameworkDescription)"
        PowerShell = $PSVersionTable.PSVersion.ToString()
        Node       = $node
        NodeSdk    = "@alicloud/ims20190815 $sdkVersion"
        Module     = "AliyunAccessKey $((Import-PowerShellDataFile $Manifest).ModuleVersion) ($Manifest)"
        Commit     = $commit
        LoadAvg    = (& $read '/proc/loadavg' | Select-Object -First 1)
    }
}

function ConvertTo-Markdown($Machine, [double] $ElapsedSec) {
    $escape = { param($s) ([string]$s) -replace '\|', '\|' }
    $lines = [Collections.Generic.List[string]]::new()
    $lines.Add("# AliyunAccessKey benchmarks ($Size)")
    $lines.Add('')
    $lines.Add("Machine: $($Machine.Cores) cores ($($Machine.Cpu)), $($Machine.MemoryGB) GB, $($Machine.OS); .NET $($Machine.Dotnet); PowerShell $($Machine.PowerShell); Node $($Machine.Node), $($Machine.NodeSdk). $($Machine.Module), commit $($Machine.Commit). $($Machine.Date); the run took $([math]::Round($ElapsedSec)) s; load average at start $($Machine.LoadAvg), at end $($Machine.LoadAvgEnd) (other work on the machine shows here).")
    $lines.Add('')
    $lines.Add('| Benchmark | Measurement | Module | SDK / floor | Ratio | Target | Result |')
    $lines.Add('|---|---|---:|---:|---:|---|---|')
    foreach ($r in $Rows) {
        $lines.Add('| ' + (($r.Benchmark, $r.Measurement, $r.Module, $r.Reference, $r.Ratio, $r.Target, $r.Result | ForEach-Object { & $escape $_ }) -join ' | ') + ' |')
    }
    $lines.Add('')
    $targets = @($Rows | Where-Object Kind -eq 'target')
    $checks = @($Rows | Where-Object Kind -eq 'check')
    $missed = @($targets | Where-Object Result -like 'MISS*')
    $failed = @($Rows | Where-Object Result -in 'FAIL', 'ERROR')
    $lines.Add("Summary: targets $(@($targets | Where-Object Result -eq 'pass').Count) met, $($missed.Count) missed; correctness checks $(@($checks | Where-Object Result -eq 'pass').Count) passed, $(@($checks | Where-Object Result -eq 'FAIL').Count) failed; $(@($Rows | Where-Object Kind -eq 'error').Count) benchmarks could not run.")
    foreach ($r in $missed) {
        $vs = if ($r.Reference) { " vs $($r.Reference) = $($r.Ratio)" } else { '' }
        $lines.Add("- MISS: $($r.Benchmark), $($r.Measurement): $($r.Module)$vs; target $($r.Target).")
    }
    foreach ($r in $failed) { $lines.Add("- $($r.Result): $($r.Benchmark), $($r.Measurement): $($r.Module) (expected $($r.Target))") }
    $lines.Add('')
    if ($Size -eq 'Smoke') {
        $lines.Add('Smoke size: the sizes are tiny, so performance ratios are indicative only (warm-up, timer and scheduling noise dominate); the correctness checks are what this size is for.')
        $lines.Add('')
    }
    $lines.Add('Notes: B1 wall times are medians of the repetitions (every value in results.json). Per configuration, one fresh pwsh (the module) and one fresh node (the SDK) each run an untimed warm-up at 0 ms, then their timed jobs alternate in ABBA order against the same emulator, reset before every job. Floors are requests x latency / requests in flight. Ratio = module / reference. Import times (B2) are medians of fresh processes, the two modules interleaved.')
    $lines -join "`n"
}

# ------------------------------------------------------------------ run

$started = [Diagnostics.Stopwatch]::StartNew()
$machine = Get-Machine
Write-Host "AliyunAccessKey benchmarks ($Size): $($machine.Module); $($machine.Cores) cores, $($machine.MemoryGB) GB"
$benchmarks = [ordered]@{ B1 = ${function:Invoke-B1}; B2 = ${function:Invoke-B2}; B3 = ${function:Invoke-B3}; B4 = ${function:Invoke-B4}; B5 = ${function:Invoke-B5} }
$names = @{ B1 = 'B1 bulk'; B2 = 'B2 import'; B3 = 'B3 streaming'; B4 = 'B4 throttled'; B5 = 'B5 exactly-once' }
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
