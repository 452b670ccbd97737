# Dot-sourced by AliyunAccessKey.FrameworkCheck.psm1 with -Assert on Windows PowerShell 5.1 only
# (kept out of the .psm1 so PowerShell 7 never parses it: import time). Without -Assert it only
# defines the two functions (the tests call them).
param([switch] $Assert)

function Test-AliyunNetFramework {
    # Returns $null when the module can load, else the message to stop with. The edition and the
    # registry Release value are parameters so tests can decide for any machine.
    param([string] $Edition, [object] $Release)
    if ($Edition -ne 'Desktop') { return $null }
    if ($Release -is [int] -and $Release -ge 461808) { return $null }
    # Release values: https://learn.microsoft.com/dotnet/framework/migration-guide/how-to-determine-which-versions-are-installed
    $installed = if ($Release -isnot [int]) { 'no .NET Framework 4.5 or later was found' }
    else {
        $known = (461308, '4.7.1'), (460798, '4.7'), (394802, '4.6.2'), (394254, '4.6.1'), (393295, '4.6'),
            (379893, '4.5.2'), (378675, '4.5.1'), (378389, '4.5')
        $name = foreach ($k in $known) { if ($Release -ge $k[0]) { $k[1]; break } }
        if ($name) { "this computer has .NET Framework $name (Release $Release)" } else { "this computer has .NET Framework Release $Release" }
    }
    "AliyunAccessKey needs .NET Framework 4.7.2 or later on Windows PowerShell 5.1, and $installed. " +
    'Install .NET Framework 4.8 (https://dotnet.microsoft.com/download/dotnet-framework/net48) and restart, or use PowerShell 7 (https://aka.ms/powershell).'
}

function Get-AliyunNetFrameworkRelease {
    # The installed .NET Framework 4.5+ Release (a DWORD), or $null when the key or value is missing.
    param([string] $Hook)
    # Test hook (never set by users): "Desktop:<release>" or "Desktop:none" simulates a 5.1 machine.
    if ($Hook) {
        $e, $r = $Hook -split ':', 2
        return [pscustomobject]@{ Edition = $e; Release = $(if ($r -match '^\d+$') { [int]$r }) }
    }
    $key = 'HKLM:\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full'
    [pscustomobject]@{ Edition = 'Desktop'; Release = (Get-ItemProperty -LiteralPath $key -Name Release -ErrorAction SilentlyContinue).Release }
}

if ($Assert) {
    $found = Get-AliyunNetFrameworkRelease -Hook $env:ALIYUNACCESSKEY_TEST_NETFX_RELEASE
    $message = Test-AliyunNetFramework -Edition $found.Edition -Release $found.Release
    if ($message) { throw $message }
}
