<#
.SYNOPSIS
    Benchmark child (B3): Get-AliyunRamUser over a seeded emulator. First, Select-Object -First 5
    and the number of requests it sent; then the whole list streamed into Measure-Object: count,
    time, growth of the process's peak resident set (VmHWM, reset with /proc/self/clear_refs just
    before) and managed bytes allocated per user; then once more into Out-Null, warm, for the
    module's own time. Writes one JSON document to -ResultFile.
#>
param(
    [Parameter(Mandatory)] [string] $Manifest,
    [Parameter(Mandatory)] [string] $Endpoint,
    [Parameter(Mandatory)] [string] $Control,
    [Parameter(Mandatory)] [string] $ResultFile
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Set-StrictMode -Version Latest

function Get-Requests { (Invoke-RestMethod -Uri "$($Control)counters").requests }

function Get-StatusKb([string] $Field) {
    $line = [IO.File]::ReadAllLines('/proc/self/status') | Where-Object { $_ -like "${Field}:*" } | Select-Object -First 1
    if (-not $line) { return $null }
    [long](($line -split '\s+')[1])
}

Import-Module $Manifest
$credential = [pscredential]::new('testid', (ConvertTo-SecureString 'testsecret' -AsPlainText -Force))
Connect-AliyunAccount -Credential $credential -Endpoint $Endpoint -WarningAction SilentlyContinue

# Select-Object -First 5: one ListUsers page is enough, so exactly one request should leave.
$r0 = Get-Requests
$watch = [Diagnostics.Stopwatch]::StartNew()
$first = @(Get-AliyunRamUser | Select-Object -First 5)
$firstMs = $watch.Elapsed.TotalMilliseconds
$firstRequests = (Get-Requests) - $r0

# The whole list, streamed. Everything the run needs is loaded and jitted by the call above.
[GC]::Collect()
[GC]::WaitForPendingFinalizers()
[GC]::Collect()
$rssBefore = Get-StatusKb 'VmRSS'
$hwmReset = $true
try { [IO.File]::WriteAllText('/proc/self/clear_refs', '5') } catch { $hwmReset = $false }
$allocBefore = [GC]::GetTotalAllocatedBytes($true)
$gcBefore = [GC]::CollectionCount(0), [GC]::CollectionCount(1), [GC]::CollectionCount(2)
$r1 = Get-Requests
$watch = [Diagnostics.Stopwatch]::StartNew()
$count = (Get-AliyunRamUser | Measure-Object).Count
$streamMs = $watch.Elapsed.TotalMilliseconds
$requests = (Get-Requests) - $r1
$allocated = [GC]::GetTotalAllocatedBytes($true) - $allocBefore
$hwm = Get-StatusKb 'VmHWM'

# Warm, and with a consumer that costs nothing: the module's own streaming time.
$watch = [Diagnostics.Stopwatch]::StartNew()
Get-AliyunRamUser | Out-Null
$warmMs = $watch.Elapsed.TotalMilliseconds

$result = [pscustomobject]@{
    FirstCount         = $first.Count
    FirstRequests      = $firstRequests
    FirstMs            = $firstMs
    Count              = $count
    StreamMs           = $streamMs
    WarmOutNullMs      = $warmMs
    Requests           = $requests
    RssBeforeKb        = $rssBefore
    PeakKb             = $hwm
    PeakGrowthMb       = if ($null -ne $hwm -and $null -ne $rssBefore) { [math]::Max(0, ($hwm - $rssBefore)) / 1024 } else { $null }
    PeakReset          = $hwmReset
    AllocatedBytes     = $allocated
    AllocatedPerUser   = if ($count) { $allocated / $count } else { $null }
    GCs                = @(([GC]::CollectionCount(0) - $gcBefore[0]), ([GC]::CollectionCount(1) - $gcBefore[1]), ([GC]::CollectionCount(2) - $gcBefore[2]))
}
$result | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $ResultFile -Encoding utf8
