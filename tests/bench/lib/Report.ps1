# Dot-sourced by tests/bench/Invoke-Bench.ps1 (shares its script scope): the machine and the markdown table.
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
    $lines.Add('Notes: B1 wall times are medians of the repetitions (every value in results.json). Per configuration, one fresh pwsh (the module) and one fresh node (the SDK) each run an untimed warm-up at 0 ms and, at full size, two untimed jobs of the configuration itself (so tiered JIT in both tools and the emulator has settled), then their timed jobs alternate in ABBA order against the same emulator, reset before every job. Floors are requests x latency / requests in flight. Ratio = module / reference. Import times (B2) are medians of fresh processes, the two modules interleaved.')
    $lines -join "`n"
}
