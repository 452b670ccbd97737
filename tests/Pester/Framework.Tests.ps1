# The .NET Framework check that runs before the DLL's cmdlets are read on Windows PowerShell 5.1. No machine here
# has 5.1: the decision is tested for every case, and the import of a copy of the staged module
# whose edition test gives 5.1's answer, with the test hook (ALIYUNACCESSKEY_TEST_NETFX_RELEASE)
# as the registry, proves the module stops before its cmdlets are read.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    # Definitions only: without -Assert, dot-sourcing it runs no check.
    . (Join-Path $StagedModule 'AliyunAccessKey.FrameworkCheck.ps1')
    function script:Test-Framework([string] $Edition, [object] $Release) {
        Test-AliyunNetFramework -Edition $Edition -Release $Release
    }
    # The one line of code the nested module runs, as shipped.
    $script:GateLine = 'if ($IsCoreCLR) { } else { & { . (Join-Path $PSScriptRoot ''AliyunAccessKey.FrameworkCheck.ps1'') -Assert } }'
    # A copy of the staged module where that line reads a variable that does not exist, as
    # $IsCoreCLR does not on 5.1; imported under strict mode, which must not reach the module.
    $script:DesktopCopy = Join-Path ([IO.Path]::GetTempPath()) "aak-desktop-$([guid]::NewGuid().ToString('N'))"
    $copyDir = Join-Path $DesktopCopy 'AliyunAccessKey'
    New-Item -ItemType Directory -Path $copyDir -Force | Out-Null
    Copy-Item (Join-Path $StagedModule '*') $copyDir -Recurse
    $gate = Join-Path $copyDir 'AliyunAccessKey.FrameworkCheck.psm1'
    (Get-Content -Raw $gate).Replace('if ($IsCoreCLR)', 'if ($AliyunAccessKeyNotDefined)') | Set-Content -Path $gate -NoNewline
    $script:DesktopManifest = Join-Path $copyDir 'AliyunAccessKey.psd1'
    function script:Import-Simulated([string] $Hook, [string] $Manifest = $DesktopManifest) {
        $saved = $env:ALIYUNACCESSKEY_TEST_NETFX_RELEASE
        $env:ALIYUNACCESSKEY_TEST_NETFX_RELEASE = $Hook
        try {
            $cmd = "Set-StrictMode -Version Latest; try { Import-Module '$Manifest' -ErrorAction Stop; 'IMPORTED ' + @(Get-Command -Module AliyunAccessKey).Count } catch { 'FAILED ' + `$_.Exception.Message }; " +
                "'LOADED ' + @(Get-Module AliyunAccessKey).Count + ' ' + [bool](Get-Command Get-AliyunRamUser -ErrorAction SilentlyContinue)"
            Invoke-Pwsh -NoProfile -NonInteractive -Command $cmd 2>&1 | Out-String
        } finally {
            $env:ALIYUNACCESSKEY_TEST_NETFX_RELEASE = $saved
        }
    }
}

AfterAll {
    if ($DesktopCopy -and (Test-Path $DesktopCopy)) { Remove-Item $DesktopCopy -Recurse -Force }
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
    It 'stops the import before the cmdlets are read on a simulated 4.6.2 machine' {
        $out = Import-Simulated 'Desktop:394802'
        $out | Should -Match 'FAILED AliyunAccessKey needs \.NET Framework 4\.7\.2 or later'
        $out | Should -Match 'LOADED 0 False'
    }

    It 'stops the import on a simulated machine with no Release value' {
        $out = Import-Simulated 'Desktop:none'
        $out | Should -Match 'FAILED .*no \.NET Framework 4\.5 or later was found'
        $out | Should -Match 'LOADED 0 False'
    }

    It 'runs one line on PowerShell 7: no check, whatever the hook says' {
        $code = @(Get-Content (Join-Path $StagedModule 'AliyunAccessKey.FrameworkCheck.psm1') | Where-Object { $_ -match '\S' -and $_ -notmatch '^\s*#' })
        $code | Should -HaveCount 1
        $code[0] | Should -BeExactly $GateLine
        $out = Import-Simulated 'Desktop:394802' $StagedManifest
        $out | Should -Match "IMPORTED $(@((Import-PowerShellDataFile $StagedManifest).CmdletsToExport).Count)"
    }

    It 'imports with every cmdlet on a simulated 4.7.2 machine' {
        $out = Import-Simulated 'Desktop:461808'
        $out | Should -Match "IMPORTED $(@((Import-PowerShellDataFile $StagedManifest).CmdletsToExport).Count)"
        $out | Should -Match 'LOADED 1 True'
    }
}

Describe 'CSV examples on Windows PowerShell 5.1' {
    It 'write every CSV in README, help and demo with -NoTypeInformation -Encoding UTF8' {
        # 5.1's Export-Csv adds a #TYPE line and writes ASCII (Chinese display names become ?).
        $files = @(Join-Path $RepoRoot 'README.md'; Join-Path $RepoRoot 'demo/Demo.ps1') +
            @(Get-ChildItem (Join-Path $RepoRoot 'docs/en-US') -Filter *.md).FullName
        $writes = foreach ($f in $files) {
            Select-String -LiteralPath $f -Pattern 'Export-Csv\s+(-Path\s+)?(\$\w+|[^\s|`]+\.csv)\b' | ForEach-Object { "$(Split-Path $f -Leaf):$($_.LineNumber): $($_.Line.Trim())" }
        }
        @($writes).Count | Should -BeGreaterThan 10 -Because 'the examples that write CSV files are found'
        $writes | Where-Object { $_ -notmatch 'Export-Csv\s+\S+(\s+\S+)?\s+-NoTypeInformation -Encoding UTF8' } | Should -BeNullOrEmpty
    }
}
