# Shared by every Pester file: where the staged module is. build.ps1 Test sets the variable;
# run by hand, the newest staged version under out/ is used. Dot-sourced with -Connected (in a
# BeforeAll), it also imports the module, starts an emulator and connects as its root account:
# $Emulator and $Domain; Stop-TestSession in the AfterAll undoes it.
param([switch] $Connected)

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:StagedModule = if ($env:ALIYUNACCESSKEY_STAGED) {
    $env:ALIYUNACCESSKEY_STAGED
} else {
    Get-ChildItem (Join-Path $RepoRoot 'out/AliyunAccessKey') -Directory | Sort-Object { [version]$_.Name } | Select-Object -Last 1 -ExpandProperty FullName
}
$script:StagedManifest = Join-Path $StagedModule 'AliyunAccessKey.psd1'

# The local IMS/STS emulator: build.ps1 publishes it to out/emulator.
$script:EmulatorDll = if ($env:ALIYUNACCESSKEY_EMULATOR) { $env:ALIYUNACCESSKEY_EMULATOR } else { Join-Path $RepoRoot 'out/emulator/AliyunAccessKey.Emulator.dll' }

. (Join-Path $RepoRoot 'tools/TestEmulator.ps1')

# A child pwsh like this one (tools/TestEmulator.ps1).
function Invoke-Pwsh {
    $pwsh = Get-PwshCommand
    $prefix = $pwsh.Prefix
    & $pwsh.Exe @prefix @args
}

function Start-TestEmulator {
    # A fresh emulator on a free port (tools/TestEmulator.ps1); addresses as [uri] for the tests.
    param([string[]] $Arguments = @())
    $emulator = Start-AliyunEmulator -EmulatorDll $EmulatorDll -Arguments $Arguments
    $emulator.Address = [uri]$emulator.Address
    $emulator.Control = [uri]$emulator.Control
    $emulator
}

function Stop-TestEmulator {
    param($Emulator)
    Stop-AliyunEmulator $Emulator
}

function Get-EmulatorCounters {
    param($Emulator)
    Invoke-RestMethod -Uri ([uri]::new($Emulator.Control, 'counters'))
}

function Set-EmulatorKnobs {
    param($Emulator, [hashtable] $Knobs)
    Invoke-RestMethod -Method Post -Uri ([uri]::new($Emulator.Control, 'knobs')) -Body ($Knobs | ConvertTo-Json) -ContentType 'application/json' | Out-Null
}

function Connect-TestEmulator {
    # Connects the current session as the emulator's root account (testid / testsecret).
    param($Emulator, [string] $Id = 'testid', [string] $Secret = 'testsecret')
    $credential = [pscredential]::new($Id, (ConvertTo-SecureString $Secret -AsPlainText -Force))
    Connect-AliyunAccount -Credential $credential -Endpoint $Emulator.Address -WarningAction SilentlyContinue
}

function Add-EmulatorUsers {
    param($Emulator, [int] $Count, [int] $KeysPerUser = 0)
    Invoke-RestMethod -Method Post -Uri ([uri]::new($Emulator.Control, 'seed')) -Body (@{ users = $Count; keysPerUser = $KeysPerUser } | ConvertTo-Json) -ContentType 'application/json'
}

function Get-RequestCount {
    param($Emulator)
    (Get-EmulatorCounters $Emulator).requests
}

function New-TestName {
    # A UPN name part unique to this run, so tests never collide.
    param([string] $Prefix = 'u')
    '{0}{1}' -f $Prefix, [guid]::NewGuid().ToString('N').Substring(0, 10)
}

function New-TestLoginProfile {
    # No cmdlet creates a console logon, so tests ask the module's own IMS client, as root. The
    # client is internal (fewer public types: faster Import-Module); PowerShell calls members of an
    # internal type's instance, it only cannot name the type, so the constructors go by reflection.
    param([Parameter(Mandatory)] [string] $UserPrincipalName, [Parameter(Mandatory)] [securestring] $Password, [string] $AccountSecret = 'testsecret')
    $assembly = [AliyunAccessKey.Model.AccessKey].Assembly
    $new = { param($name, [object[]] $arguments) [Activator]::CreateInstance($assembly.GetType("AliyunAccessKey.Client.$name", $true), [Reflection.BindingFlags]'Public, NonPublic, Instance', $null, $arguments, $null) }
    $credential = [AliyunAccessKey.Client.AcsCredential]::FromPlainText('testid', $AccountSecret)
    $core = & $new 'AcsClient' @((& $new 'StaticCredentialSource' @($credential)), $null, $null)
    try {
        (& $new 'ImsClient' @($core, $Emulator.Address)).CreateLoginProfile($UserPrincipalName, $Password, $false, $false, $true, [Threading.CancellationToken]::None)
    } finally {
        $core.Dispose()
    }
}

function Stop-TestSession {
    # The AfterAll of a file that dot-sourced this with -Connected (SecretManagement: the stand-in, if imported).
    Disconnect-AliyunAccount
    Remove-Module AliyunAccessKey, Microsoft.PowerShell.SecretManagement -Force -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
}

if ($Connected) {
    Import-Module $StagedManifest -Force
    $script:Emulator = Start-TestEmulator
    Connect-TestEmulator $Emulator
    $script:Domain = $Emulator.Domain
}
