# Offboarding: Remove-AliyunRamUser -Force removes every blocker (AccessKeys, console logon, MFA
# device; groups and policies once their clients are merged), and without -Force names them all.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $StagedManifest -Force
    $script:Emulator = Start-TestEmulator
    Connect-TestEmulator $Emulator
    $script:Domain = $Emulator.Domain

    function script:Invoke-Control([string] $Path, [hashtable] $Body) {
        Invoke-RestMethod -Method Post -Uri ([uri]::new($Emulator.Control, $Path)) -Body ($Body | ConvertTo-Json) -ContentType 'application/json'
    }

    # A user with the blockers named: Key, Logon, Mfa.
    function script:New-Leaver([string[]] $Blockers) {
        $upn = "$(New-TestName 'leaver')@$Domain"
        New-AliyunRamUser -UserPrincipalName $upn | Out-Null
        if ('Key' -in $Blockers) { Invoke-Control 'credentials' @{ userPrincipalName = $upn } | Out-Null }
        if ('Logon' -in $Blockers) {
            # No cmdlet creates a login profile: the module's public IMS client does.
            $core = [AliyunAccessKey.Client.AcsClient]::new([AliyunAccessKey.Client.StaticCredentialSource]::new([AliyunAccessKey.Client.AcsCredential]::FromPlainText('testid', 'testsecret')))
            $ims = [AliyunAccessKey.Client.ImsClient]::new($core, $Emulator.Address)
            $password = ConvertTo-SecureString 'Offboard-Pass1!' -AsPlainText -Force
            $ims.CreateLoginProfile($upn, $password, $false, $false, $true, [Threading.CancellationToken]::None) | Out-Null
            $core.Dispose()
        }
        if ('Mfa' -in $Blockers) { Invoke-Control 'users/mfa' @{ userPrincipalName = $upn } | Out-Null }
        $upn
    }

    function script:Get-Writes {
        $actions = (Get-EmulatorCounters $Emulator).actions
        ($actions.PSObject.Properties | Where-Object Name -match '^(Delete|Unbind|Update|Create|Remove|Detach)' | Measure-Object Value -Sum).Sum
    }

    function script:Test-UserExists([string] $Upn) {
        [bool](Get-AliyunRamUser $Upn -ErrorAction SilentlyContinue)
    }
}

AfterAll {
    Disconnect-AliyunAccount
    Remove-Module AliyunAccessKey -Force -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
}

Describe 'Import-Csv leavers.csv | Remove-AliyunRamUser -Force' {
    It 'removes a user with <Blockers> and then the user' -ForEach @(
        @{ Blockers = @('Key') }
        @{ Blockers = @('Logon') }
        @{ Blockers = @('Mfa') }
        @{ Blockers = @('Key', 'Logon', 'Mfa') }
    ) {
        $upns = 1..2 | ForEach-Object { New-Leaver $Blockers }
        $csv = Join-Path $TestDrive 'leavers.csv'
        $upns | ForEach-Object { [pscustomobject]@{ UserPrincipalName = $_; Reason = 'left' } } | Export-Csv $csv -NoTypeInformation
        $verbose = Import-Csv $csv | Remove-AliyunRamUser -Force -Confirm:$false -Verbose -ErrorVariable errs 4>&1
        $errs | Should -BeNullOrEmpty
        foreach ($upn in $upns) { Test-UserExists $upn | Should -BeFalse }
        $text = ($verbose | ForEach-Object Message) -join "`n"
        if ('Logon' -in $Blockers) { $text | Should -Match 'removed console logon' }
        if ('Mfa' -in $Blockers) { $text | Should -Match 'removed MFA device acs:ram::' }
        if ('Key' -in $Blockers) { $text | Should -Match 'removed AccessKey LTAI' }
        $text | Should -Match 'deleted the user'
        $text | Should -Not -Match 'Offboard-Pass1!'
    }
}

Describe 'Remove-AliyunRamUser without -Force' {
    It 'names every blocker in one error, says to use -Force and changes nothing' {
        $upn = New-Leaver 'Key', 'Logon', 'Mfa'
        $before = Get-Writes
        Remove-AliyunRamUser $upn -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'UserHasBlockers,*'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $errs[0].TargetObject | Should -Be $upn
        $errs[0].Exception.Message | Should -Match 'AccessKey LTAI'
        $errs[0].Exception.Message | Should -Match 'console logon'
        $errs[0].Exception.Message | Should -Match 'MFA device acs:ram::'
        $errs[0].Exception.Message | Should -Match '-Force'
        $errs[0].ErrorDetails.RecommendedAction | Should -Match '-Force'
        Get-Writes | Should -Be $before
        Test-UserExists $upn | Should -BeTrue
    }

    It 'deletes a user without blockers' {
        $upn = New-Leaver @()
        Remove-AliyunRamUser $upn -Confirm:$false
        Test-UserExists $upn | Should -BeFalse
    }
}

Describe 'Remove-AliyunRamUser -Force -WhatIf' {
    It 'lists each removal and sends no change' {
        $upn = New-Leaver 'Key', 'Logon', 'Mfa'
        $before = Get-Writes
        # "What if:" goes to the host, so a transcript catches it.
        $log = Join-Path $TestDrive 'whatif.txt'
        Start-Transcript -Path $log -UseMinimalHeader | Out-Null
        Remove-AliyunRamUser $upn -Force -WhatIf
        Stop-Transcript | Out-Null
        $lines = Get-Content $log | Where-Object { $_ -like 'What if:*' }
        Get-Writes | Should -Be $before
        ($lines | Where-Object { $_ -match 'Delete AccessKey LTAI' }).Count | Should -Be 1
        ($lines | Where-Object { $_ -match 'Delete login profile' }).Count | Should -Be 1
        ($lines | Where-Object { $_ -match 'Unbind MFA device' }).Count | Should -Be 1
        ($lines | Where-Object { $_ -match 'Delete RAM user' }).Count | Should -Be 1
        Test-UserExists $upn | Should -BeTrue
    }
}

Describe 'Remove-AliyunRamUser -Force failing part-way' {
    AfterEach { Set-EmulatorKnobs $Emulator @{ faultRate = 0; faultActions = @() } }

    It 'names what is left when DeleteLoginProfile fails' {
        $upn = New-Leaver 'Key', 'Logon', 'Mfa'
        Set-EmulatorKnobs $Emulator @{ faultRate = 1; faultKinds = @('500'); faultActions = @('DeleteLoginProfile') }
        Remove-AliyunRamUser $upn -Force -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'UserBlockersLeft,*'
        $errs[0].TargetObject | Should -Be $upn
        $errs[0].Exception.Message | Should -Match 'console logon'
        $errs[0].Exception.Message | Should -Match 'MFA device'
        $errs[0].Exception.Message | Should -Not -Match 'AccessKey LTAI'
        Test-UserExists $upn | Should -BeTrue

        # Run again once the fault is gone: it finishes.
        Set-EmulatorKnobs $Emulator @{ faultRate = 0; faultActions = @() }
        Remove-AliyunRamUser $upn -Force
        Test-UserExists $upn | Should -BeFalse
    }
}
