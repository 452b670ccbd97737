# Dot-sourced by tests/bench/Invoke-Bench.ps1 (shares its script scope): results, processes, emulator, servers.
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
