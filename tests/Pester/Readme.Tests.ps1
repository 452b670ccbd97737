# The README's offline example is run as written, with only the emulator's address and the paths
# pointed at this test run.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Emulator = Start-TestEmulator
    $readme = Get-Content -Raw (Join-Path $RepoRoot 'README.md')
    $match = [regex]::Match($readme, '<!-- tested: tests/Pester/Readme.Tests.ps1[^>]*-->\s*```powershell\r?\n(?<code>.*?)```', 'Singleline')
    $script:Block = $match.Groups['code'].Value
}

AfterAll {
    Stop-TestEmulator $Emulator
}

Describe 'README offline example' {
    It 'is found in the README' {
        $Block | Should -Match 'Connect-AliyunAccount'
        $Block | Should -Match 'http://127\.0\.0\.1:8081/'
    }

    It 'runs against the emulator: creates the user and key, writes the CSV and tests the key' {
        $folder = Split-Path $StagedModule -Parent
        $code = $Block.Replace('http://127.0.0.1:8081/', $Emulator.Address.ToString()).Replace('./out/AliyunAccessKey', $folder)
        Push-Location $TestDrive
        try {
            $output = Invoke-Pwsh -NoProfile -NonInteractive -Command $code 2>&1 | Out-String
            $LASTEXITCODE | Should -Be 0 -Because $output
        } finally {
            Pop-Location
        }
        $output | Should -Match 'RAMUser'
        $row = Import-Csv (Join-Path $TestDrive 'carol-accesskey.csv')
        $row.UserPrincipalName | Should -Be "carol@$($Emulator.Domain)"
        $row.AccessKeySecret.Length | Should -BeGreaterThan 20
        $output | Should -Not -Match ([regex]::Escape($row.AccessKeySecret))
    }
}
