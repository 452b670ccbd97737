<#
.SYNOPSIS
    Benchmark child (B6): the account-wide stale-key audit over a seeded emulator (one key per user).
    Ages the keys of every StaleEvery-th user (created 200 days ago, never used), then runs the audit
    two ways, each from a fresh connection and zeroed counters: through the credential report
    (Get-AliyunAccessKey -StaleDays 90, no user) and by listing every user (Get-AliyunRamUser |
    Get-AliyunAccessKey -StaleDays 90, the way before the report). Writes one JSON document to -ResultFile.
#>
param(
    [Parameter(Mandatory)] [string] $Manifest,
    [Parameter(Mandatory)] [string] $Endpoint,
    [Parameter(Mandatory)] [string] $Control,
    [Parameter(Mandatory)] [string] $Domain,
    [Parameter(Mandatory)] [int] $Users,
    [Parameter(Mandatory)] [int] $StaleEvery,
    [Parameter(Mandatory)] [int] $LatencyMs,
    [Parameter(Mandatory)] [string] $ResultFile
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Set-StrictMode -Version Latest

function Invoke-Control([string] $Path, $Body) {
    Invoke-RestMethod -Method Post -Uri "$($Control)$Path" -Body ($Body | ConvertTo-Json -Compress) -ContentType 'application/json' -TimeoutSec 30
}

function Connect-Fresh {
    Disconnect-AliyunAccount -ErrorAction SilentlyContinue
    $credential = [pscredential]::new('testid', (ConvertTo-SecureString 'testsecret' -AsPlainText -Force))
    Connect-AliyunAccount -Credential $credential -Endpoint $Endpoint -WarningAction SilentlyContinue
}

# One audit: requests sent, wall time, the stale keys found (as "upn key" strings, sorted).
function Measure-Audit([scriptblock] $Audit) {
    Connect-Fresh
    Invoke-RestMethod -Method Post -Uri "$($Control)counters/reset" | Out-Null
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $out = @(& $Audit 3>&1)
    $ms = $watch.Elapsed.TotalMilliseconds
    $keys = @($out | Where-Object { $_ -isnot [System.Management.Automation.WarningRecord] })
    $counters = Invoke-RestMethod -Uri "$($Control)counters"
    [pscustomobject]@{
        Ms       = $ms
        Requests = [int]$counters.requests
        Actions  = $counters.actions
        Found    = @($keys | ForEach-Object { "$($_.UserPrincipalName) $($_.AccessKeyId)" } | Sort-Object)
        Warnings = @($out | Where-Object { $_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object { "$_" })
    }
}

Import-Module $Manifest
Connect-Fresh

# Setup, before any latency: the stale users' key ids, then their age.
$stale = [Collections.Generic.List[string]]::new()
$old = [datetime]::UtcNow.AddDays(-200).ToString('o')
for ($n = $StaleEvery; $n -le $Users; $n += $StaleEvery) {
    $upn = 'user{0:D6}@{1}' -f $n, $Domain
    foreach ($key in Get-AliyunAccessKey $upn) {
        Invoke-Control 'keys/age' @{ accessKeyId = $key.AccessKeyId; createDate = $old; neverUsed = $true } | Out-Null
        $stale.Add("$upn $($key.AccessKeyId)")
    }
}
Invoke-Control 'knobs' @{ latencyMs = $LatencyMs } | Out-Null

$Error.Clear()
$report = Measure-Audit { Get-AliyunAccessKey -StaleDays 90 }
$reportErrors = $Error.Count
$Error.Clear()
$listing = Measure-Audit { Get-AliyunRamUser | Get-AliyunAccessKey -StaleDays 90 }
$listingErrors = $Error.Count

[pscustomobject]@{
    Users          = $Users
    Expected       = @($stale | Sort-Object)
    Report         = $report
    ReportErrors   = $reportErrors
    ReportWarnings = $report.Warnings
    Listing        = $listing
    ListingErrors  = $listingErrors
} | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath $ResultFile -Encoding utf8
