BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $StagedManifest -Force
    Import-Module (Join-Path $PSScriptRoot 'StandIns/Microsoft.PowerShell.SecretManagement/Microsoft.PowerShell.SecretManagement.psd1') -Force
    $script:Emulator = Start-TestEmulator
    Connect-TestEmulator $Emulator
    $script:Domain = $Emulator.Domain
    function script:New-UserWithKey {
        $upn = "$(New-TestName 'rot')@$Domain"
        New-AliyunRamUser -UserPrincipalName $upn | New-AliyunAccessKey
    }
    function script:Get-ActionCount([string] $Action) { [int](Get-EmulatorCounters $Emulator).actions.$Action }
}

AfterAll {
    Set-EmulatorKnobs $Emulator @{ clockOffsetSeconds = 0 }
    Disconnect-AliyunAccount
    Remove-Module AliyunAccessKey, Microsoft.PowerShell.SecretManagement -Force -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
}

Describe 'Invoke-AliyunAccessKeyRotation, stage by stage' {
    It 'creates, refuses to disable a key still in use, disables, deletes — and every stage can run again' {
        $old = New-UserWithKey
        $upn = $old.UserPrincipalName

        $r = Invoke-AliyunAccessKeyRotation $upn -Stage Create -Confirm:$false
        $r.Result | Should -Be 'Created'
        $r.OldAccessKeyId | Should -Be $old.AccessKeyId
        $r.NewAccessKeySecret.Length | Should -BeGreaterThan 20
        foreach ($view in @(($r | Format-List | Out-String -Width 250), ($r | Out-String -Width 250), (& { Get-AliyunContext; $r } | Out-String -Width 250))) {
            $view | Should -Match $r.NewAccessKeyId
            $view | Should -Not -Match ([regex]::Escape($r.NewAccessKeySecret))
        }
        (Invoke-AliyunAccessKeyRotation $upn -Stage Create -Confirm:$false).Result | Should -Be 'AlreadyCreated'
        @(Get-AliyunAccessKey $upn).Count | Should -Be 2

        # An application still signs with the old key after the new one exists.
        $old | Test-AliyunAccessKey | Out-Null
        Invoke-AliyunAccessKeyRotation $upn -Stage Disable -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'OldKeyStillInUse,*'
        (Get-AliyunAccessKey $upn | Where-Object AccessKeyId -eq $old.AccessKeyId).Status | Should -Be 'Active'

        $d = Invoke-AliyunAccessKeyRotation $upn -Stage Disable -Force
        $d.Result | Should -Be 'Disabled'
        $d.OldKeyLastUsedDate | Should -BeOfType [datetime]
        (Invoke-AliyunAccessKeyRotation $upn -Stage Disable -Force).Result | Should -Be 'AlreadyDisabled'
        { $old | Test-AliyunAccessKey -ErrorAction Stop } | Should -Throw

        (Invoke-AliyunAccessKeyRotation $upn -Stage Delete -Confirm:$false).Result | Should -Be 'Deleted'
        (Invoke-AliyunAccessKeyRotation $upn -Stage Delete -Confirm:$false).Result | Should -Be 'NothingToDelete'
        $left = @(Get-AliyunAccessKey $upn)
        $left.Count | Should -Be 1
        $left[0].AccessKeyId | Should -Be $r.NewAccessKeyId
        $left[0].Status | Should -Be 'Active'
    }

    It 'refuses to leave a user without an active key, and to delete a key that is not disabled' {
        $one = New-UserWithKey
        Invoke-AliyunAccessKeyRotation $one.UserPrincipalName -Stage Disable -Force -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -BeLike 'RotationWouldLeaveNoActiveKey,*'
        (Get-AliyunAccessKey $one.UserPrincipalName).Status | Should -Be 'Active'

        Invoke-AliyunAccessKeyRotation $one.UserPrincipalName -Stage Create -Force | Out-Null
        Invoke-AliyunAccessKeyRotation $one.UserPrincipalName -Stage Delete -Force -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'OldKeyNotDisabled,*'
        @(Get-AliyunAccessKey $one.UserPrincipalName).Count | Should -Be 2
    }

    It 'never goes past the 2-key limit' {
        $upn = (New-UserWithKey).UserPrincipalName
        New-AliyunAccessKey $upn | Out-Null
        $before = Get-ActionCount 'CreateAccessKey'
        (Invoke-AliyunAccessKeyRotation $upn -Stage Create -Force).Result | Should -Be 'AlreadyCreated'
        Get-ActionCount 'CreateAccessKey' | Should -Be $before
    }

    It 'changes nothing with -WhatIf' {
        $upn = (New-UserWithKey).UserPrincipalName
        $before = (Get-EmulatorCounters $Emulator).actions
        Invoke-AliyunAccessKeyRotation $upn -Stage All -WhatIf | Out-Null
        $after = (Get-EmulatorCounters $Emulator).actions
        foreach ($a in 'CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey') { [int]$after.$a | Should -Be ([int]$before.$a) }
    }

    It 'runs all stages in one go into a vault' {
        Reset-StandInVault
        Register-SecretVault -Name Store
        $old = New-UserWithKey
        $r = Invoke-AliyunAccessKeyRotation $old.UserPrincipalName -Stage All -Vault Store -Confirm:$false
        $r.Result | Should -Be 'Created, Disabled, Deleted'
        $r.NewAccessKeySecret | Should -BeNullOrEmpty
        $stored = Get-Secret -Name $r.SecretName -Vault Store
        $stored.UserName | Should -Be $r.NewAccessKeyId
        (Test-AliyunAccessKey -Credential $stored).IdentityType | Should -Be 'RAMUser'
        (Get-AliyunAccessKey $old.UserPrincipalName).AccessKeyId | Should -Be $r.NewAccessKeyId
    }
}

Describe 'Selecting old keys in bulk' {
    It 'rotates only users whose key is older than -OlderThanDays, and lists stale keys' {
        $prefix = New-TestName 'age'
        $aged = 1..2 | ForEach-Object { New-AliyunRamUser -UserPrincipalName "$prefix-old$_@$Domain" | New-AliyunAccessKey }
        $disabled = New-AliyunRamUser -UserPrincipalName "$prefix-off@$Domain" | New-AliyunAccessKey
        $disabled | Disable-AliyunAccessKey
        $used = New-AliyunRamUser -UserPrincipalName "$prefix-used@$Domain" | New-AliyunAccessKey
        # 100 days pass on the service's clock; the client adopts it from the first refused timestamp.
        Set-EmulatorKnobs $Emulator @{ clockOffsetSeconds = 100 * 86400 }
        try {
            $used | Test-AliyunAccessKey | Out-Null
            $fresh = New-AliyunRamUser -UserPrincipalName "$prefix-new@$Domain" | New-AliyunAccessKey

            $stale = Get-AliyunRamUser "$prefix-*" | Get-AliyunAccessKey -StaleDays 90
            ($stale | Where-Object StaleReason -eq 'NeverUsed').AccessKeyId | Sort-Object | Should -Be ($aged.AccessKeyId | Sort-Object)
            ($stale | Where-Object StaleReason -eq 'Inactive').AccessKeyId | Should -Be $disabled.AccessKeyId
            $stale.AccessKeyId | Should -Not -Contain $used.AccessKeyId
            $stale.AccessKeyId | Should -Not -Contain $fresh.AccessKeyId

            $results = @($aged + $fresh) | Invoke-AliyunAccessKeyRotation -Stage Create -OlderThanDays 90 -Force
            ($results | Where-Object Result -eq 'Created').UserPrincipalName | Sort-Object | Should -Be ($aged.UserPrincipalName | Sort-Object)
            ($results | Where-Object Result -eq 'NotDue').UserPrincipalName | Should -Be $fresh.UserPrincipalName
        } finally {
            Set-EmulatorKnobs $Emulator @{ clockOffsetSeconds = 0 }
        }
    }
}
