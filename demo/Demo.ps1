<#
.SYNOPSIS
    The console procedure of getting an AccessKey pair, as PowerShell, against an emulator.
    build.ps1 Demo starts the emulator and runs this; to run it yourself, start one with
    `dotnet pwsh ./build.ps1 Emulator` and pass its address.
#>
param(
    [Parameter(Mandatory)] [uri] $Endpoint,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutDir
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
New-Item -ItemType Directory -Path $OutDir -Force | Out-Null

function Step([string] $Text) { Write-Host "`n== $Text" -ForegroundColor Cyan }

Step 'Log on: Connect-AliyunAccount (the emulator''s account key testid / testsecret)'
$admin = [pscredential]::new('testid', (ConvertTo-SecureString 'testsecret' -AsPlainText -Force))
Connect-AliyunAccount -Credential $admin -Endpoint $Endpoint -PassThru -WarningAction SilentlyContinue | Format-List | Out-Host

Step 'Pick a RAM user (create it, since there is none): New-AliyunRamUser'
$user = New-AliyunRamUser -UserName 'alice' -DisplayName 'Alice Admin' -Comments 'created by the demo'
$user | Format-Table | Out-Host

Step 'Create its AccessKey pair: New-AliyunAccessKey (the secret is masked on screen)'
$key = $user | New-AliyunAccessKey
$key | Format-List | Out-Host

Step 'Download the CSV: Export-Csv writes the secret, once'
$csv = Join-Path $OutDir 'alice-accesskey.csv'
$key | Export-Csv -Path $csv -NoTypeInformation -Encoding UTF8
Write-Host "Wrote $csv (columns: $((Get-Content $csv -TotalCount 1)))"

Step 'Check the new key works: Test-AliyunAccessKey'
$key | Test-AliyunAccessKey | Format-Table | Out-Host

Step 'Bulk: Import-Csv staff.csv | New-AliyunRamUser | New-AliyunAccessKey | Export-Csv'
$staff = Join-Path $PSScriptRoot 'staff.csv'
$keys = Join-Path $OutDir 'staff-accesskeys.csv'
Import-Csv $staff | New-AliyunRamUser | New-AliyunAccessKey | Export-Csv -Path $keys -NoTypeInformation -Encoding UTF8
$rows = Import-Csv $keys
Write-Host "Created $($rows.Count) users and keys from $staff"
Get-AliyunRamUser | Sort-Object UserPrincipalName | Format-Table | Out-Host

Step 'Onboarding with a group: Import-Csv | New-AliyunRamUser | Add-AliyunRamGroupMember -PassThru | New-AliyunAccessKey'
New-AliyunRamGroup -GroupName 'developers' -DisplayName 'Developers' -Comments 'created by the demo' | Format-Table | Out-Host
Grant-AliyunRamPolicy -GroupName 'developers' -PolicyName 'AliyunOSSReadOnlyAccess' -PolicyType System -PassThru | Format-Table | Out-Host
$developers = Join-Path $PSScriptRoot 'developers.csv'
$devKeys = Join-Path $OutDir 'developers-accesskeys.csv'
Import-Csv $developers | New-AliyunRamUser | Add-AliyunRamGroupMember -GroupName 'developers' -PassThru |
    New-AliyunAccessKey | Export-Csv -Path $devKeys -NoTypeInformation -Encoding UTF8
Get-AliyunRamGroupMember -GroupName 'developers' | Format-Table | Out-Host
Grant-AliyunRamPolicy -UserPrincipalName 'hiro.tanaka@example.onaliyun.com' -PolicyName 'AliyunECSReadOnlyAccess' -PolicyType System
Write-Host 'What holds each developer (Get-AliyunRamUser -IncludeAccess):'
Get-AliyunRamUser -IncludeAccess | Where-Object Groups -Contains 'developers' |
    Format-Table UserPrincipalName, Groups, AttachedPolicies, HasConsoleLogon, HasMfaDevice | Out-Host

Step 'Offboarding: Import-Csv leavers.csv | Remove-AliyunRamUser -Force (first -WhatIf: what would go)'
$leavers = Join-Path $PSScriptRoot 'leavers.csv'
Import-Csv $leavers | Remove-AliyunRamUser -Force -WhatIf
# -Verbose reports each removal; the request traces it also carries are left out here.
Import-Csv $leavers | Remove-AliyunRamUser -Force -Confirm:$false -Verbose 4>&1 |
    Where-Object { "$_" -notmatch ' attempt \d+: ' } | ForEach-Object { Write-Host "  $_" }
Write-Host "Left in the account: $((Get-AliyunRamUser).Count) users; developers: $((Get-AliyunRamGroupMember -GroupName 'developers').UserPrincipalName -join ', ')"

Step 'Audit: Get-AliyunCredentialReport, then the account-wide stale-key audit'
# Real keys age by themselves; the emulator ages one 200 days through its control route.
# Not a leaver's key: that one is in the recycle bin now (and bulk output order varies).
$gone = (Import-Csv $leavers).UserPrincipalName
$aged = Import-Csv $keys | Where-Object UserPrincipalName -NotIn $gone | Select-Object -First 1
$age = @{ accessKeyId = $aged.AccessKeyId; createDate = [DateTime]::UtcNow.AddDays(-200).ToString('o'); neverUsed = $true } | ConvertTo-Json
Invoke-RestMethod -Method Post -Uri ([uri]::new($Endpoint, '_emulator/keys/age')) -ContentType 'application/json' -Body $age | Out-Null
Get-AliyunCredentialReport | Format-Table | Out-Host
Write-Host 'Keys never used for 90 days or disabled for 90 days, in the whole account (read from the report):'
$stale = @(Get-AliyunAccessKey -StaleDays 90)
$stale | Format-Table UserPrincipalName, AccessKeyId, Status, AutoDisableDate | Out-Host
if ($stale.AccessKeyId -notcontains $aged.AccessKeyId) { throw "The audit missed the key aged 200 days ($($aged.AccessKeyId))." }

Step 'Recovery: deleting is not final, the leavers are in the recycle bin for 30 days'
Get-AliyunRamUser -InRecycleBin | Format-Table | Out-Host

Step 'Where the secrets are'
Write-Host "Single key: $csv"
Write-Host "Bulk keys:  $keys"
Write-Host "Developers: $devKeys"
Write-Host 'Store them in a vault and delete the files: the service never shows a secret again.'
