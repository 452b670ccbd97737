# The nested module of AliyunAccessKey.psd1, so it runs before PowerShell reads the cmdlets of the
# root module (the DLL): Windows PowerShell 5.1 does not enforce DotNetFrameworkVersion above 4.5,
# and on .NET Framework 4.6.x reading them fails with "Could not load file or assembly 'netstandard,
# Version=2.0.0.0'", which says nothing about what to install. (The manifest reader has already
# mapped the DLL file by then; .NET Framework resolves its 'netstandard' reference only when a type
# is read.) On PowerShell 7 this file does one comparison and nothing else.
if ($PSEdition -eq 'Desktop' -or $env:ALIYUNACCESSKEY_TEST_NETFX_RELEASE) {
    . (Join-Path $PSScriptRoot 'AliyunAccessKey.FrameworkCheck.ps1')
    $found = Get-AliyunNetFrameworkRelease -Hook $env:ALIYUNACCESSKEY_TEST_NETFX_RELEASE
    $message = Test-AliyunNetFramework -Edition $found.Edition -Release $found.Release
    if ($message) { throw $message }
}
