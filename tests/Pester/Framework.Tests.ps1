# The .NET Framework check that runs before the DLL loads on Windows PowerShell 5.1. No machine here
# has 5.1: the decision is tested for every case, and the import through the test hook
# (ALIYUNACCESSKEY_TEST_NETFX_RELEASE) proves the staged module stops before its DLL loads.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    # Definitions only: dot-sourcing it here runs no check.
    . (Join-Path $StagedModule 'AliyunAccessKey.FrameworkCheck.ps1')
    function script:Test-Framework([string] $Edition, [object] $Release) {
        Test-AliyunNetFramework -Edition $Edition -Release $Release
    }
    function script:Import-Simulated([string] $Hook) {
        $saved = $env:ALIYUNACCESSKEY_TEST_NETFX_RELEASE
        $env:ALIYUNACCESSKEY_TEST_NETFX_RELEASE = $Hook
        try {
            $cmd = "try { Import-Module '$StagedManifest' -ErrorAction Stop; 'IMPORTED ' + @(Get-Command -Module AliyunAccessKey).Count } catch { 'FAILED ' + `$_.Exception.Message }; " +
                "'DLL ' + [bool]([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'AliyunAccessKey' })"
            Invoke-Pwsh -NoProfile -NonInteractive -Command $cmd 2>&1 | Out-String
        } finally {
            $env:ALIYUNACCESSKEY_TEST_NETFX_RELEASE = $saved
        }
    }
}

Describe 'The .NET Framework check (decision)' {
    It 'lets Desktop with .NET Framework 4.7.2 (Release 461808) load' {
        Test-Framework 'Desktop' 461808 | Should -BeNullOrEmpty
    }

    It 'lets Desktop with .NET Framework 4.8 (Release 528040) load' {
        Test-Framework 'Desktop' 528040 | Should -BeNullOrEmpty
    }

    It 'refuses Desktop with .NET Framework 4.7.1, naming it and what to install' {
        $m = Test-Framework 'Desktop' 461308
        $m | Should -Match '4\.7\.2 or later'
        $m | Should -Match '\.NET Framework 4\.7\.1 \(Release 461308\)'
        $m | Should -Match 'https://dotnet\.microsoft\.com/download/dotnet-framework'
    }

    It 'refuses Desktop with .NET Framework 4.7 (Release 460805)' {
        Test-Framework 'Desktop' 460805 | Should -Match '\.NET Framework 4\.7 \(Release 460805\)'
    }

    It 'refuses Desktop with .NET Framework 4.6.2, the Windows Server 2016 default' {
        Test-Framework 'Desktop' 394802 | Should -Match '\.NET Framework 4\.6\.2 \(Release 394802\)'
    }

    It 'refuses Desktop with no Release value, saying none was found' {
        $m = Test-Framework 'Desktop' $null
        $m | Should -Match 'no \.NET Framework 4\.5 or later was found'
        $m | Should -Match '4\.7\.2 or later'
    }

    It 'skips the check on Core, whatever the registry says' {
        Test-Framework 'Core' $null | Should -BeNullOrEmpty
        Test-Framework 'Core' 394802 | Should -BeNullOrEmpty
    }
}

Describe 'The .NET Framework check (import)' {
    It 'stops the import before the DLL loads on a simulated 4.6.2 machine' {
        $out = Import-Simulated 'Desktop:394802'
        $out | Should -Match 'FAILED AliyunAccessKey needs \.NET Framework 4\.7\.2 or later'
        $out | Should -Match 'DLL False'
    }

    It 'stops the import on a simulated machine with no Release value' {
        $out = Import-Simulated 'Desktop:none'
        $out | Should -Match 'FAILED .*no \.NET Framework 4\.5 or later was found'
        $out | Should -Match 'DLL False'
    }

    It 'imports with every cmdlet on a simulated 4.7.2 machine' {
        $out = Import-Simulated 'Desktop:461808'
        $out | Should -Match "IMPORTED $(@((Import-PowerShellDataFile $StagedManifest).CmdletsToExport).Count)"
        $out | Should -Match 'DLL True'
    }
}
