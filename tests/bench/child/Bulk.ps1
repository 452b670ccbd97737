<#
.SYNOPSIS
    Benchmark child (B1, B4, B5): N x (New-AliyunRamUser | New-AliyunAccessKey) through the staged
    module against an emulator, in a fresh pwsh. Started by Invoke-Bench.ps1; writes one JSON
    document to -ResultFile. Never writes a secret anywhere.

.DESCRIPTION
    Import, connect, a warm-up of -Warmup pairs (not timed), then optionally -KnobsJson is posted
    to the emulator, then -Reps timed runs of -Count pairs, each with its own name prefix. Each run
    records wall time, keys emitted, distinct AccessKey IDs, secrets present, errors (by ErrorId)
    and whether the pipeline aborted. With -Verify, -AfterKnobsJson is posted (faults off) and the
    first run is checked against the service: users, listed keys, orphan keys, every key works.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Manifest,
    [Parameter(Mandatory)] [string] $Endpoint,
    [Parameter(Mandatory)] [string] $Control,
    [Parameter(Mandatory)] [string] $ResultFile,
    [string] $Domain = 'example.onaliyun.com',
    [ValidateRange(1, 100000)] [int] $Count = 100,
    [ValidateRange(1, 64)] [int] $ThrottleLimit = 1,
    [ValidateRange(1, 20)] [int] $Reps = 1,
    [ValidateRange(0, 1000)] [int] $Warmup = 10,
    [string] $Prefix = ('b' + [guid]::NewGuid().ToString('N').Substring(0, 8)),
    [int] $TimeoutSec = 0,
    [int] $MaxAttempts = 0,
    [string] $KnobsJson,
    [string] $AfterKnobsJson,
    [switch] $Verify,
    [switch] $Serve
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Set-StrictMode -Version Latest

function Set-Knobs([string] $Json) {
    if ($Json) { Invoke-RestMethod -Method Post -Uri "$($Control)knobs" -Body $Json -ContentType 'application/json' | Out-Null }
}

function Get-Counters { Invoke-RestMethod -Uri "$($Control)counters" }

function Invoke-Pairs([string] $Tag, [int] $N, [int] $Throttle = $ThrottleLimit) {
    # The rows exist before the clock starts, as an Import-Csv result would.
    $rows = foreach ($i in 1..$N) { [pscustomobject]@{ UserPrincipalName = "$Prefix$Tag-$i@$Domain" } }
    $userErrors = $null
    $keyErrors = $null
    $aborted = $null
    $keys = $null
    $watch = [Diagnostics.Stopwatch]::StartNew()
    try {
        $keys = $rows |
            New-AliyunRamUser -ThrottleLimit $Throttle -ErrorVariable userErrors -ErrorAction SilentlyContinue |
            New-AliyunAccessKey -ThrottleLimit $Throttle -ErrorVariable keyErrors -ErrorAction SilentlyContinue
    } catch {
        $aborted = "$($_.FullyQualifiedErrorId): $($_.Exception.Message)"
    }
    $watch.Stop()
    $keys = @($keys)
    if ($Tag -eq 'r1') { $script:FirstKeys = $keys }
    $errors = @(@($userErrors) + @($keyErrors) | Where-Object { $_ })
    $ids = @($keys | ForEach-Object AccessKeyId)
    [pscustomobject]@{
        Tag            = $Tag
        WallMs         = $watch.Elapsed.TotalMilliseconds
        Emitted        = $keys.Count
        UniqueIds      = @($ids | Sort-Object -Unique).Count
        SecretsPresent = @($keys | Where-Object { -not [string]::IsNullOrEmpty($_.AccessKeySecret) }).Count
        Errors         = $errors.Count
        ErrorIds       = @($errors | Group-Object FullyQualifiedErrorId | Sort-Object Count -Descending | Select-Object -First 5 | ForEach-Object { "$($_.Name) x$($_.Count)" })
        Aborted        = $aborted
        Ids            = $ids
    }
}

Import-Module $Manifest
$credential = [pscredential]::new('testid', (ConvertTo-SecureString 'testsecret' -AsPlainText -Force))
$connect = @{ Credential = $credential; Endpoint = $Endpoint; WarningAction = 'SilentlyContinue' }
if ($TimeoutSec -gt 0) { $connect.TimeoutSec = $TimeoutSec }
if ($MaxAttempts -gt 0) { $connect.MaxAttempts = $MaxAttempts }
Connect-AliyunAccount @connect

$script:FirstKeys = @()
if ($Warmup -gt 0) { $null = Invoke-Pairs 'w' $Warmup }

if ($Serve) {
    [Console]::Out.WriteLine('ready')
    [Console]::Out.Flush()
    for ($job = 1; $job -le 200; $job++) {
        $line = [Console]::In.ReadLine()
        if ([string]::IsNullOrWhiteSpace($line) -or $line.Trim() -eq 'exit') { break }
        $command = $line | ConvertFrom-Json
        $run = Invoke-Pairs ([string]$command.tag) ([int]$command.count) ([int]$command.throttle)
        $script:FirstKeys = @()
        $answer = $run | Select-Object Tag, WallMs, Emitted, UniqueIds, SecretsPresent, Errors, ErrorIds, Aborted | ConvertTo-Json -Compress -Depth 4
        [Console]::Out.WriteLine("result $answer")
        [Console]::Out.Flush()
    }
    exit 0
}
Set-Knobs $KnobsJson
$before = Get-Counters
$runs = foreach ($r in 1..$Reps) { Invoke-Pairs "r$r" $Count }
$after = Get-Counters
Set-Knobs $AfterKnobsJson

$readBack = $null
if ($Verify) {
    # Faults are off now (AfterKnobsJson): read back what the first run left behind.
    $first = @($runs)[0]
    $users = @(Get-AliyunRamUser "$($Prefix)r1-*")
    $listed = @($users | Get-AliyunAccessKey -ThrottleLimit 16)
    $listedIds = @($listed | ForEach-Object AccessKeyId | Sort-Object)
    $emittedIds = @($first.Ids | Sort-Object)
    $final = Get-Counters
    $state = Invoke-RestMethod -Uri "$($Control)state"
    # Every emitted secret works: Test-AliyunAccessKey signs GetCallerIdentity with it.
    $testErrors = $null
    $tested = @($script:FirstKeys | Test-AliyunAccessKey -ErrorVariable testErrors -ErrorAction SilentlyContinue)
    $readBack = [pscustomobject]@{
        Users               = $users.Count
        ListedKeys          = $listed.Count
        ListedEqualsEmitted = (($listedIds -join ',') -eq ($emittedIds -join ','))
        OrphanKeys          = $final.orphanKeys
        StateOrphanKeys     = $state.orphanKeys
        Faults              = $after.faults
        FaultsTotal         = [int](@($after.faults.PSObject.Properties.Value) | Measure-Object -Sum).Sum
        KeysWork            = @($tested | Where-Object { $_.Arn }).Count
        TestErrors          = @($testErrors | Where-Object { $_ }).Count
    }
}

$result = [pscustomobject]@{
    Tool          = 'module'
    PSVersion     = $PSVersionTable.PSVersion.ToString()
    Count         = $Count
    ThrottleLimit = $ThrottleLimit
    Warmup        = $Warmup
    Runs          = @($runs | Select-Object Tag, WallMs, Emitted, UniqueIds, SecretsPresent, Errors, ErrorIds, Aborted)
    Requests      = $after.requests - $before.requests
    Throttled     = $after.throttled - $before.throttled
    Verify        = $readBack
}
$result | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath $ResultFile -Encoding utf8
