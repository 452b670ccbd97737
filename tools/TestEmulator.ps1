# Starts and stops the local IMS/STS emulator for build.ps1 (Demo), the Pester tests and the
# benchmarks: one copy of the start-up handshake instead of three. Dot-source it. Also the host
# set-up that build.ps1 and the benchmarks share.

function Set-PlainHostOutput {
    # No colour and no telemetry banners: the output is read by people in logs and by CI.
    $env:NO_COLOR = '1'
    if ($PSVersionTable.PSVersion -ge [version]'7.2') { $PSStyle.OutputRendering = 'PlainText' }
    $env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
    $env:DOTNET_NOLOGO = '1'
}

function Get-PwshCommand {
    # The command that starts a child pwsh like this one: Exe, then Prefix before its arguments.
    # Under `dotnet pwsh` the process is dotnet itself, so the child is `dotnet <PSHOME>/pwsh.dll`.
    $exe = [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    [pscustomobject]@{
        Exe    = $exe
        Prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
    }
}

function Start-AliyunEmulator {
    # A fresh emulator on a free port. It exits when its stdin closes, so a test run that dies
    # never leaves one behind; Stop-AliyunEmulator closes it.
    param(
        [Parameter(Mandatory)] [string] $EmulatorDll,
        [string[]] $Arguments = @(),
        [int] $StartTimeoutSec = 60
    )
    $psi = [Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @($EmulatorDll, '--port', '0', '--exit-on-stdin-close') + $Arguments) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardInput = $true
    $psi.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($psi)
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait($StartTimeoutSec * 1000) -or -not $line.Result) {
        try { $process.Kill($true) } catch { }
        throw "the emulator did not start: $EmulatorDll"
    }
    # The first line is one JSON object with the addresses (see the emulator's README).
    $info = $line.Result | ConvertFrom-Json
    # Nothing reads its later output: drain it so it can never block on a full pipe.
    $drain = $process.StandardOutput.BaseStream.CopyToAsync([IO.Stream]::Null)
    [pscustomobject]@{
        Process = $process
        Address = [string]$info.address
        Control = [string]$info.control
        Domain  = $info.defaultDomain
        Account = $info.accountId
        Drain   = $drain
    }
}

function Stop-AliyunEmulator {
    param($Emulator)
    if (-not $Emulator) { return }
    try { $Emulator.Process.StandardInput.Close() } catch { }
    if (-not $Emulator.Process.WaitForExit(5000)) { try { $Emulator.Process.Kill($true) } catch { } }
    $Emulator.Process.Dispose()
}
