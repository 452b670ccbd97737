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
$key | Export-Csv -Path $csv -NoTypeInformation
Write-Host "Wrote $csv (columns: $((Get-Content $csv -TotalCount 1)))"

Step 'Check the new key works: Test-AliyunAccessKey'
$key | Test-AliyunAccessKey | Format-Table | Out-Host

Step 'Bulk: Import-Csv staff.csv | New-AliyunRamUser | New-AliyunAccessKey | Export-Csv'
$staff = Join-Path $PSScriptRoot 'staff.csv'
$keys = Join-Path $OutDir 'staff-accesskeys.csv'
Import-Csv $staff | New-AliyunRamUser | New-AliyunAccessKey | Export-Csv -Path $keys -NoTypeInformation
$rows = Import-Csv $keys
Write-Host "Created $($rows.Count) users and keys from $staff"
Get-AliyunRamUser | Sort-Object UserPrincipalName | Format-Table | Out-Host

Step 'Where the secrets are'
Write-Host "Single key: $csv"
Write-Host "Bulk keys:  $keys"
Write-Host 'Store them in a vault and delete the files: the service never shows a secret again.'
