<#
.SYNOPSIS
    Builds, tests and packages AliyunAccessKey. Run from the repo root as: dotnet pwsh ./build.ps1 <Task>

.DESCRIPTION
    Build     dotnet publish the module, stage it in out/AliyunAccessKey/<version>/; compile its source against
              the .NET Framework 4.7.2 reference assemblies (build/Net472Check, never shipped); the emulator in out/emulator/
    Test      Build, then xunit, Pester (staged module + emulator) and the official-SDK conformance run;
              ends with "N passed, N failed"
    Package   Build, then a gallery-ready .nupkg of the staged module in out/package/
    Demo      Build, start the emulator, walk the console procedure and a bulk job, stop the emulator
    Emulator  Build, then run the local IMS/STS emulator in the foreground (-Port; 0 = a free port)
    Bench     Build, then the benchmarks in tests/bench (-BenchSize Full|Smoke) against the emulator and
              the official Node SDK; the table goes to out/bench/results.md
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Package', 'Demo', 'Emulator', 'Bench')]
    [string] $Task = 'Build',

    # Emulator: the port to listen on (127.0.0.1 only); 0 picks a free one.
    [ValidateRange(0, 65535)]
    [int] $Port = 0,

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Bench: Full (the issue's sizes, a few minutes on 2 cores) or Smoke (under a minute).
    [ValidateSet('Full', 'Smoke')]
    [string] $BenchSize = 'Full',

    # Skip the build step of Test/Package/Demo (the staged module must exist).
    [switch] $NoBuild
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot 'tools/TestEmulator.ps1')
Set-PlainHostOutput

$Root = $PSScriptRoot
$ModuleName = 'AliyunAccessKey'
$Manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $Root "$ModuleName.psd1")
$Version = $Manifest.ModuleVersion
$OutDir = Join-Path $Root 'out'
$StageDir = Join-Path $OutDir $ModuleName $Version
$PesterVersion = '5.7.1'
$EmulatorDir = Join-Path $OutDir 'emulator'
$EmulatorDll = Join-Path $EmulatorDir "$ModuleName.Emulator.dll"

# A child pwsh like this one (tools/TestEmulator.ps1).
$Pwsh = Get-PwshCommand
$PwshPrefix = $Pwsh.Prefix
function Invoke-Pwsh { & $Pwsh.Exe @PwshPrefix @args }

function Invoke-Native {
    # Runs a native command and stops the build when it fails. A simple function, so
    # arguments such as -o pass through untouched.
    $file, $rest = $args
    & $file @rest
    if ($LASTEXITCODE -ne 0) { throw "$file $($rest -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-Build {
    $publishDir = Join-Path $OutDir 'publish'
    if (Test-Path $publishDir) { Remove-Item $publishDir -Recurse -Force }
    Invoke-Native dotnet publish (Join-Path $Root "src/$ModuleName/$ModuleName.csproj") -c $Configuration -o $publishDir "-p:Version=$Version" --nologo -v quiet

    # The shipped module carries its own assembly and nothing else: a stray reference assembly
    # (e.g. PowerShellStandard's System.Management.Automation.dll) would break PowerShell.
    $assemblies = @(Get-ChildItem $publishDir -Filter *.dll)
    if ($assemblies.Count -ne 1 -or $assemblies[0].Name -ne "$ModuleName.dll") {
        throw "publish produced unexpected assemblies: $($assemblies.Name -join ', ')"
    }

    $moduleRoot = Join-Path $OutDir $ModuleName
    if (Test-Path $moduleRoot) { Remove-Item $moduleRoot -Recurse -Force }
    New-Item -ItemType Directory -Path $StageDir -Force | Out-Null
    Copy-Item (Join-Path $publishDir "$ModuleName.dll") $StageDir
    Copy-Item (Join-Path $Root "$ModuleName.psd1") $StageDir
    Copy-Item (Join-Path $Root "$ModuleName.FrameworkCheck.ps*1") $StageDir
    Get-ChildItem (Join-Path $Root "src/$ModuleName") -Filter *.ps1xml -ErrorAction SilentlyContinue | Copy-Item -Destination $StageDir
    # Help: platyPS-style markdown in docs/en-US becomes MAML and the about topic (platyPS is not available here).
    & (Join-Path $Root 'tools/Build-Help.ps1') -DocsPath (Join-Path $Root 'docs/en-US') -OutDir $StageDir
    Write-Host "Staged $ModuleName $Version in $StageDir"

    # Compile only, never staged: the module's source against the .NET Framework 4.7.2 reference
    # assemblies, so an API that Windows PowerShell 5.1's runtime lacks fails the build here.
    Invoke-Native dotnet build (Join-Path $Root 'build/Net472Check/Net472Check.csproj') -c $Configuration --nologo -v quiet
    Write-Host 'net472 compile check passed'

    # The emulator is a tool for tests and the demo, never part of the module.
    Invoke-Native dotnet publish (Join-Path $Root "src/$ModuleName.Emulator/$ModuleName.Emulator.csproj") -c $Configuration -o $EmulatorDir --nologo -v quiet
}

function Get-Pester {
    # Pester comes from its NuGet package, so nothing needs the PowerShell Gallery.
    $modules = Join-Path $Root '.tools/Modules'
    $target = Join-Path $modules "Pester/$PesterVersion"
    if (-not (Test-Path (Join-Path $target 'Pester.psd1'))) {
        $download = Join-Path $Root '.tools/download'
        Invoke-Native dotnet package download "Pester@$PesterVersion" -o $download | Out-Host
        New-Item -ItemType Directory -Path $target -Force | Out-Null
        Copy-Item (Join-Path $download "pester/$PesterVersion/tools/*") $target -Recurse -Force
    }
    Join-Path $target 'Pester.psd1'
}

function Invoke-XunitTests {
    $results = Join-Path $OutDir 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    $projects = Get-ChildItem (Join-Path $Root 'tests') -Recurse -Filter '*.Tests.csproj'
    $passed = 0
    $failed = 0
    $names = [System.Collections.Generic.List[string]]::new()
    foreach ($project in $projects) {
        $trx = Join-Path $results "$($project.BaseName).trx"
        & dotnet test $project.FullName -c $Configuration --nologo --logger "trx;LogFileName=$trx" --results-directory $results -v quiet | Out-Host
        $exit = $LASTEXITCODE
        if (-not (Test-Path $trx)) {
            Write-Host "$($project.BaseName): no results (dotnet test exit code $exit)"
            $names.Add("xunit $($project.BaseName): no results (dotnet test exit code $exit)")
            $failed++
            continue
        }
        $counters = ([xml](Get-Content -Raw $trx)).TestRun.ResultSummary.Counters
        $p = [int]$counters.passed
        $f = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        if ($exit -ne 0 -and $f -eq 0) { $f = 1 }
        if ([int]$counters.total -eq 0) { $f++ }
        $passed += $p
        $failed += $f
        $xml = [xml](Get-Content -Raw $trx)
        foreach ($result in $xml.TestRun.Results.UnitTestResult) {
            if ($result.outcome -ne 'Passed' -and $result.outcome -ne 'NotExecuted') {
                $names.Add("xunit $($project.BaseName): $($result.testName)")
            }
        }
    }
    Write-Host "xunit: $passed passed, $failed failed"
    [pscustomobject]@{ Passed = $passed; Failed = $failed; Names = $names.ToArray() }
}

function Invoke-PesterTests {
    $pesterPath = Get-Pester
    # A child process keeps the build's session clean and imports the staged module fresh.
    $script = @'
param($PesterPath, $TestsPath, $StageDir, $EmulatorDll, $ResultPath, $FailuresPath)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
$env:ALIYUNACCESSKEY_STAGED = $StageDir
$env:ALIYUNACCESSKEY_EMULATOR = $EmulatorDll
$config = New-PesterConfiguration
$config.Run.Path = $TestsPath
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$config.Output.RenderMode = 'Plaintext'
$r = Invoke-Pester -Configuration $config
if ($null -eq $r) { '0 1' | Set-Content $ResultPath; exit 1 }
"$($r.PassedCount) $($r.FailedCount + $r.FailedBlocksCount + $r.FailedContainersCount)" | Set-Content $ResultPath
# Named again at the end of the build, where a CI log that keeps only its tail still shows them.
@($r.Failed | ForEach-Object { "pester: $($_.ExpandedPath) -- $(($_.ErrorRecord | Select-Object -First 1) -replace '\s+', ' ')" }) +
    @($r.FailedBlocks | ForEach-Object { "pester block: $($_.ExpandedPath)" }) +
    @($r.FailedContainers | ForEach-Object { "pester file: $($_.Item)" }) | Set-Content $FailuresPath
'@
    $scriptFile = Join-Path $OutDir 'run-pester.ps1'
    $resultFile = Join-Path $OutDir 'pester-result.txt'
    $failuresFile = Join-Path $OutDir 'pester-failures.txt'
    Set-Content -Path $scriptFile -Value $script
    Remove-Item $resultFile, $failuresFile -ErrorAction SilentlyContinue
    Invoke-Pwsh -NoProfile -NonInteractive -File $scriptFile $pesterPath (Join-Path $Root 'tests/Pester') $StageDir $EmulatorDll $resultFile $failuresFile | Out-Host
    if (-not (Test-Path $resultFile)) {
        Write-Host 'pester: no results'
        return [pscustomobject]@{ Passed = 0; Failed = 1; Names = @('pester: no results') }
    }
    $passed, $failed = (Get-Content $resultFile).Trim() -split ' '
    Write-Host "pester: $passed passed, $failed failed"
    $names = if (Test-Path $failuresFile) { @(Get-Content $failuresFile | Where-Object { $_ }) } else { @() }
    [pscustomobject]@{ Passed = [int]$passed; Failed = [int]$failed; Names = $names }
}

function Install-ConformancePeer {
    # The official Node SDK, pinned by package-lock.json, for the conformance run.
    $dir = Join-Path $Root 'tests/conformance'
    if (-not (Test-Path (Join-Path $dir 'node_modules/@alicloud/ims20190815'))) {
        Push-Location $dir
        try { Invoke-Native npm ci --no-audit --no-fund | Out-Host } finally { Pop-Location }
    }
}

function Invoke-BenchRun([string] $Size) {
    # Exit 0 even when a performance target is missed; 1 = a correctness check failed; 2 = a benchmark could not run.
    Invoke-Pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tests/bench/Invoke-Bench.ps1') -Size $Size -OutDir (Join-Path $OutDir 'bench') -StagedModule $StageDir -EmulatorDll $EmulatorDll | Out-Host
    $LASTEXITCODE
}

function Invoke-Bench {
    if (-not $NoBuild) { Invoke-Build }
    Install-ConformancePeer
    $exit = Invoke-BenchRun $BenchSize
    if ($exit -ne 0) { throw "benchmarks: exit code $exit (see out/bench/results.md)" }
}

function Invoke-Test {
    if (-not $NoBuild) { Invoke-Build }
    Install-ConformancePeer
    $x = Invoke-XunitTests
    $p = Invoke-PesterTests
    # Benchmark smoke run: its correctness checks count as one test; missed performance targets never fail it.
    $benchExit = Invoke-BenchRun 'Smoke'
    Write-Host "bench smoke: exit code $benchExit"
    $passed = $x.Passed + $p.Passed + [int]($benchExit -eq 0)
    $failed = $x.Failed + $p.Failed + [int]($benchExit -ne 0)
    foreach ($name in @($x.Names) + @($p.Names)) { Write-Host "FAILED $name" }
    if ($benchExit -ne 0) { Write-Host "FAILED bench smoke: exit code $benchExit (out/bench/results.md)" }
    # The one closing line CI reads.
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Package {
    if (-not $NoBuild) { Invoke-Build }
    $packageDir = Join-Path $OutDir 'package'
    if (Test-Path $packageDir) { Remove-Item $packageDir -Recurse -Force }
    New-Item -ItemType Directory -Path $packageDir | Out-Null
    Compress-PSResource -Path $StageDir -DestinationPath $packageDir
    $nupkg = Get-ChildItem $packageDir -Filter *.nupkg | Select-Object -First 1
    if (-not $nupkg) { throw 'Compress-PSResource produced no .nupkg' }
    Write-Host "Package: $($nupkg.FullName)"
}


function Invoke-Demo {
    if (-not $NoBuild) { Invoke-Build }
    $emulator = Start-AliyunEmulator -EmulatorDll $EmulatorDll
    Write-Host "Emulator listening on $($emulator.Address)"
    try {
        # In a child process, so the demo sees exactly what a user's fresh session sees.
        Invoke-Pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'demo/Demo.ps1') -Endpoint $emulator.Address -ModulePath (Join-Path $StageDir "$ModuleName.psd1") -OutDir (Join-Path $OutDir 'demo')
        if ($LASTEXITCODE -ne 0) { throw "demo failed with exit code $LASTEXITCODE" }
    } finally {
        Stop-AliyunEmulator $emulator
        Write-Host 'Emulator stopped.'
    }
}

function Invoke-Emulator {
    if (-not $NoBuild) { Invoke-Build }
    # Foreground; its first line is JSON with the address. Ctrl+C stops it.
    & dotnet $EmulatorDll --port $Port
}

switch ($Task) {
    'Emulator' { Invoke-Emulator }
    'Bench' { Invoke-Bench }
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Package' { Invoke-Package }
    'Demo' { Invoke-Demo }
}
