# Every command the README shows is run here: its PowerShell blocks in order in one fresh session
# (against an emulator, with a vault stand-in and a person who answers "yes"), its offline
# example as written, and its build.ps1 commands. Only `build.ps1 Test` is not: CI runs it.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:ReadmeText = Get-Content -Raw (Join-Path $RepoRoot 'README.md')
    $script:Blocks = [regex]::Matches($ReadmeText, '```powershell\r?\n(?<code>.*?)```', 'Singleline') | ForEach-Object { $_.Groups['code'].Value }
    $match = [regex]::Match($ReadmeText, '<!-- tested: tests/Pester/Readme.Tests.ps1[^>]*-->\s*```powershell\r?\n(?<code>.*?)```', 'Singleline')
    $script:Offline = $match.Groups['code'].Value
    $script:StandIn = Join-Path $PSScriptRoot 'StandIns/Microsoft.PowerShell.SecretManagement/Microsoft.PowerShell.SecretManagement.psd1'
    $script:Folder = Split-Path $StagedModule -Parent
    $script:Package = Join-Path $RepoRoot 'out/package'
}

Describe 'README offline example' {
    BeforeAll { $script:Emulator = Start-TestEmulator }
    AfterAll { Stop-TestEmulator $Emulator }

    It 'is found in the README' {
        $Offline | Should -Match 'Connect-AliyunAccount'
        $Offline | Should -Match 'http://127\.0\.0\.1:8081/'
    }

    It 'runs as written against the emulator: creates the user and key, writes the CSV and tests the key' {
        $code = $Offline.Replace('http://127.0.0.1:8081/', $Emulator.Address.ToString()).Replace('./out/AliyunAccessKey', $Folder)
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

Describe 'Every PowerShell block of the README, in order' {
    BeforeAll {
        $script:Emulator = Start-TestEmulator -Arguments '--default-domain', 'corp.onaliyun.com', '--roles', 'key-admin,test-role'
        if (-not (Test-Path (Join-Path $Package '*.nupkg'))) {
            Invoke-Pwsh -NoProfile -NonInteractive -File (Join-Path $RepoRoot 'build.ps1') Package -NoBuild | Out-Null
        }
    }
    AfterAll { Stop-TestEmulator $Emulator }

    It 'finds the blocks' {
        $Blocks.Count | Should -BeGreaterOrEqual 6
    }

    It 'runs them all without a single error' {
        $work = Join-Path $TestDrive 'readme'
        $readmeHome = Join-Path $TestDrive 'readme-home'
        New-Item -ItemType Directory $work, $readmeHome | Out-Null
        # Inputs the README's commands read.
        'UserPrincipalName,DisplayName', 'ana@corp.onaliyun.com,Ana', 'ben@corp.onaliyun.com,Ben' | Set-Content (Join-Path $work 'staff.csv')
        'UserPrincipalName', 'dora@corp.onaliyun.com', 'eli@corp.onaliyun.com' | Set-Content (Join-Path $work 'new-hires.csv')
        'UserPrincipalName,DisplayName', 'gina@corp.onaliyun.com,Gina', 'hiro@corp.onaliyun.com,Hiro' | Set-Content (Join-Path $work 'developers.csv')
        'UserPrincipalName', 'hiro@corp.onaliyun.com' | Set-Content (Join-Path $work 'leavers.csv')
        $runbook = Invoke-RestMethod -Method Post -Uri ([uri]::new($Emulator.Control, 'credentials')) -ContentType 'application/json' -Body '{"userPrincipalName":"runbook@corp.onaliyun.com"}'
        # Service accounts whose keys are 100 days old by the time the rotation block runs.
        Import-Module $StagedManifest -Force
        Connect-TestEmulator $Emulator
        1..2 | ForEach-Object { New-AliyunRamUser -UserPrincipalName "svc-app$_@corp.onaliyun.com" | New-AliyunAccessKey } | Out-Null
        Disconnect-AliyunAccount
        Remove-Module AliyunAccessKey -Force
        Set-EmulatorKnobs $Emulator @{ clockOffsetSeconds = 100 * 86400 }

        $prelude = @"
`$ConfirmPreference = 'None'   # a person answering yes to every confirmation
Import-Module '$StagedManifest'
Import-Module '$StandIn'
Register-SecretVault -Name CorpStore
[pscredential]::new('testid', (ConvertTo-SecureString 'testsecret' -AsPlainText -Force)) | Set-Secret -Name aliyun-admin -Vault CorpStore
`$PSDefaultParameterValues['Connect-AliyunAccount:Endpoint'] = '$($Emulator.Address)'
`$env:ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true'
`$env:ALIBABA_CLOUD_ACCESS_KEY_ID = '$($runbook.accessKeyId)'
`$env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = '$($runbook.accessKeySecret)'
`$Error.Clear()
"@
        $body = ($Blocks -join "`n").Replace('./out/package', $Package).Replace('./out/AliyunAccessKey', $Folder).Replace('http://127.0.0.1:8081/', $Emulator.Address.ToString())
        $epilogue = "`n'README-ERRORS=' + `$Error.Count`n`$Error | ForEach-Object { 'ERROR: ' + `$_.FullyQualifiedErrorId + ': ' + `$_ }"
        $savedHome = $env:HOME
        $env:HOME = $readmeHome
        Push-Location $work
        try {
            $output = Invoke-Pwsh -NoProfile -NonInteractive -Command ($prelude + "`n" + $body + $epilogue) 2>&1 | Out-String -Width 300
        } finally {
            Pop-Location
            $env:HOME = $savedHome
        }
        $output | Should -Match 'README-ERRORS=0' -Because $output
        # What the blocks should have left behind.
        (Import-Csv (Join-Path $work 'keys.csv')).Count | Should -Be 2
        (Import-Csv (Join-Path $work 'bob-accesskey.csv')).UserPrincipalName | Should -Be 'bob@corp.onaliyun.com'
        $output | Should -Match 'AssumedRoleUser'
        $output | Should -Match 'Performing the operation "Remove from group developers" on target "hiro@corp.onaliyun.com"' -Because 'the offboarding block shows what -Force removes'
        $output | Should -Match 'Created'
    }
}

Describe 'The README''s build.ps1 commands' {
    It 'Demo runs the console procedure and the bulk job against a fresh emulator' {
        $output = Invoke-Pwsh -NoProfile -NonInteractive -File (Join-Path $RepoRoot 'build.ps1') Demo -NoBuild 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $output
        $output | Should -Match 'Created 6 users and keys'
        $output | Should -Match 'Emulator stopped'
        $output | Should -Not -Match ([regex]::Escape((Import-Csv (Join-Path $RepoRoot 'out/demo/alice-accesskey.csv')).AccessKeySecret))
    }

    It 'Emulator starts one and says where it listens' {
        $psi = [Diagnostics.ProcessStartInfo]::new([Diagnostics.Process]::GetCurrentProcess().MainModule.FileName)
        if ([IO.Path]::GetFileNameWithoutExtension($psi.FileName) -eq 'dotnet') { $psi.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($a in '-NoProfile', '-NonInteractive', '-File', (Join-Path $RepoRoot 'build.ps1'), 'Emulator', '-NoBuild', '-Port', '0') { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true
        $psi.UseShellExecute = $false
        $process = [Diagnostics.Process]::Start($psi)
        try {
            $first = $process.StandardOutput.ReadLine() | ConvertFrom-Json
            $first.emulator | Should -Be 'listening'
            $first.address | Should -Match '^http://127\.0\.0\.1:\d+/$'
            (Invoke-RestMethod ([uri]::new([uri]$first.address, '_emulator/'))).emulator | Should -Be 'running'
        } finally {
            $process.Kill($true)
            $process.WaitForExit()
        }
    }
}
