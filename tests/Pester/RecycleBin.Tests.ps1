# Recycle bins (issue #15): deleting a key or a user is not final; restore, purge, and the
# exactly-once orphan purge after a lost CreateAccessKey answer.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1') -Connected

    function New-BinUser {
        # A user with one key deleted into its AccessKey bin; returns the user and the key id.
        $upn = "$(New-TestName 'rb')@$Domain"
        $user = New-AliyunRamUser -UserPrincipalName $upn
        $key = New-AliyunAccessKey -UserPrincipalName $upn
        Remove-AliyunAccessKey -AccessKeyId $key.AccessKeyId -UserPrincipalName $upn -Force
        [pscustomobject]@{ Upn = $upn; UserId = $user.UserId; KeyId = $key.AccessKeyId }
    }
}

AfterAll { Stop-TestSession }

Describe 'Remove-AliyunAccessKey and Remove-AliyunRamUser say the object went to the recycle bin' {
    It 'names the recycle bin and a date 30 days on in -Verbose' {
        $upn = "$(New-TestName 'rb')@$Domain"
        New-AliyunRamUser -UserPrincipalName $upn | Out-Null
        $key = New-AliyunAccessKey -UserPrincipalName $upn
        $verbose = Remove-AliyunAccessKey -AccessKeyId $key.AccessKeyId -UserPrincipalName $upn -Force -Verbose 4>&1 | Out-String
        $verbose -match 'recycle bin until about (\d{4}-\d\d-\d\d)' | Should -BeTrue -Because $verbose
        ([datetime]::ParseExact($Matches[1], 'yyyy-MM-dd', [cultureinfo]::InvariantCulture) - [datetime]::UtcNow.Date).TotalDays | Should -BeIn 29, 30, 31
        $userVerbose = Remove-AliyunRamUser -UserPrincipalName $upn -Force -Verbose 4>&1 | Out-String
        $userVerbose | Should -Match 'user recycle bin until about \d{4}-\d\d-\d\d'
    }
}

Describe 'Get-AliyunAccessKey -InRecycleBin and Restore-AliyunAccessKey' {
    It 'lists a deleted key with its dates and restores it through the pipeline' {
        $u = New-BinUser
        @(Get-AliyunAccessKey -UserPrincipalName $u.Upn) | Should -HaveCount 0
        $binned = @(Get-AliyunAccessKey -UserPrincipalName $u.Upn -InRecycleBin)
        $binned | Should -HaveCount 1
        $binned[0] | Should -BeOfType AliyunAccessKey.Model.AliyunRecycledAccessKey
        $binned[0].AccessKeyId | Should -Be $u.KeyId
        $binned[0].UserId | Should -Be $u.UserId
        ($binned[0].PurgeDate - $binned[0].DeletedDate).TotalDays | Should -Be 30
        ($binned[0] | Format-Table | Out-String -Width 300) | Should -Match 'PurgeDate'

        $binned | Restore-AliyunAccessKey -Confirm:$false
        (Get-AliyunAccessKey -UserPrincipalName $u.Upn).AccessKeyId | Should -Be $u.KeyId
        @(Get-AliyunAccessKey -UserPrincipalName $u.Upn -InRecycleBin) | Should -HaveCount 0
    }

    It 'restores by AccessKeyId alone, asking the bin whose key it is' {
        $u = New-BinUser
        Restore-AliyunAccessKey -AccessKeyId $u.KeyId -Confirm:$false
        (Get-AliyunAccessKey -UserPrincipalName $u.Upn).AccessKeyId | Should -Be $u.KeyId
    }

    It 'restores in bulk and reports a key not in the bin without stopping the rest' {
        $a = New-BinUser; $b = New-BinUser
        $rows = @(
            [pscustomobject]@{ AccessKeyId = $a.KeyId; UserPrincipalName = $a.Upn }
            [pscustomobject]@{ AccessKeyId = 'LTAI5tNotInTheBin0000000'; UserPrincipalName = $a.Upn }
            [pscustomobject]@{ AccessKeyId = $b.KeyId; UserPrincipalName = $b.Upn }
        )
        $rows | Restore-AliyunAccessKey -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs | Should -HaveCount 1
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        (Get-AliyunAccessKey -UserPrincipalName $a.Upn).AccessKeyId | Should -Be $a.KeyId
        (Get-AliyunAccessKey -UserPrincipalName $b.Upn).AccessKeyId | Should -Be $b.KeyId
    }

    It 'refuses a key given with another user''s UPN' {
        $a = New-BinUser; $b = New-BinUser
        Restore-AliyunAccessKey -AccessKeyId $a.KeyId -UserPrincipalName $b.Upn -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'RecycledKeyOwnerMismatch*'
        @(Get-AliyunAccessKey -UserPrincipalName $a.Upn -InRecycleBin) | Should -HaveCount 1
    }

    It 'sends nothing with -WhatIf' {
        $u = New-BinUser
        $before = Get-RequestCount $Emulator
        Restore-AliyunAccessKey -AccessKeyId $u.KeyId -UserPrincipalName $u.Upn -UserId $u.UserId -WhatIf
        Remove-AliyunAccessKey -AccessKeyId $u.KeyId -UserPrincipalName $u.Upn -UserId $u.UserId -InRecycleBin -WhatIf
        Get-RequestCount $Emulator | Should -Be $before
    }
}

Describe 'Remove-AliyunAccessKey -InRecycleBin (purge)' {
    It 'purges a key for good: it can no longer be restored' {
        $u = New-BinUser
        Get-AliyunAccessKey -UserPrincipalName $u.Upn -InRecycleBin | Remove-AliyunAccessKey -InRecycleBin -Force
        @(Get-AliyunAccessKey -UserPrincipalName $u.Upn -InRecycleBin) | Should -HaveCount 0
        Restore-AliyunAccessKey -AccessKeyId $u.KeyId -UserPrincipalName $u.Upn -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Get-AliyunRamUser -InRecycleBin and Restore-AliyunRamUser' {
    It 'restores a deleted user with its id, and its deleted key stays restorable' {
        $u = New-BinUser
        Remove-AliyunRamUser -UserPrincipalName $u.Upn -Force
        { Get-AliyunRamUser -UserPrincipalName $u.Upn -ErrorAction Stop } | Should -Throw

        $binned = @(Get-AliyunRamUser -UserPrincipalName $u.Upn -InRecycleBin)
        $binned | Should -HaveCount 1
        $binned[0] | Should -BeOfType AliyunAccessKey.Model.AliyunRecycledRamUser
        $binned[0].UserId | Should -Be $u.UserId
        # The key bin of a user who is itself in the user bin is still readable.
        (Get-AliyunAccessKey -UserPrincipalName $u.Upn -InRecycleBin).AccessKeyId | Should -Be $u.KeyId

        $binned | Restore-AliyunRamUser -Confirm:$false
        (Get-AliyunRamUser -UserPrincipalName $u.Upn).UserId | Should -Be $u.UserId
        Restore-AliyunAccessKey -AccessKeyId $u.KeyId -UserPrincipalName $u.Upn -Confirm:$false
        (Get-AliyunAccessKey -UserPrincipalName $u.Upn).AccessKeyId | Should -Be $u.KeyId
    }

    It 'restores from a row that has only a UserId' {
        $user = New-AliyunRamUser -UserPrincipalName "$(New-TestName 'rb')@$Domain"
        Remove-AliyunRamUser -UserPrincipalName $user.UserPrincipalName -Force
        [pscustomobject]@{ UserId = $user.UserId } | Restore-AliyunRamUser -Confirm:$false
        (Get-AliyunRamUser -UserId $user.UserId).UserPrincipalName | Should -Be $user.UserPrincipalName
    }

    It 'lists the bin with a wildcard over several pages, and by -UserId' {
        $prefix = New-TestName 'rbw'
        $ids = foreach ($i in 1..3) {
            $user = New-AliyunRamUser -UserPrincipalName "$prefix$i@$Domain"
            Remove-AliyunRamUser -UserPrincipalName $user.UserPrincipalName -Force
            $user.UserId
        }
        $listed = @(Get-AliyunRamUser -UserPrincipalName "$prefix*" -InRecycleBin -PageSize 1)
        ($listed.UserId | Sort-Object) | Should -Be ($ids | Sort-Object)
        (Get-AliyunRamUser -UserId $ids[1] -InRecycleBin).UserPrincipalName | Should -Be "${prefix}2@$Domain"
    }

    It 'purges a deleted user for good with Remove-AliyunRamUser -InRecycleBin' {
        $u = New-BinUser
        Remove-AliyunRamUser -UserPrincipalName $u.Upn -Force
        Get-AliyunRamUser -UserPrincipalName $u.Upn -InRecycleBin | Remove-AliyunRamUser -InRecycleBin -Force
        @(Get-AliyunRamUser -UserPrincipalName $u.Upn -InRecycleBin) | Should -HaveCount 0
        Restore-AliyunRamUser -UserPrincipalName $u.Upn -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NotInRecycleBin*'
    }

    It 'sends nothing with -WhatIf' {
        $u = New-BinUser
        Remove-AliyunRamUser -UserPrincipalName $u.Upn -Force
        $before = Get-RequestCount $Emulator
        Restore-AliyunRamUser -UserPrincipalName $u.Upn -UserId $u.UserId -WhatIf
        Remove-AliyunRamUser -UserPrincipalName $u.Upn -UserId $u.UserId -InRecycleBin -WhatIf
        Get-RequestCount $Emulator | Should -Be $before
    }
}

Describe 'Bad input to the recycle-bin cmdlets: stable ErrorId, nothing sent' {
    It '<Name>' -ForEach @(
        @{ Name = 'Get-AliyunAccessKey -InRecycleBin without a user'; Run = { Get-AliyunAccessKey -InRecycleBin }; Id = 'InRecycleBinNeedsUser' }
        @{ Name = 'Get-AliyunAccessKey -InRecycleBin -StaleDays'; Run = { Get-AliyunAccessKey -UserPrincipalName "a@$Domain" -InRecycleBin -StaleDays 1 }; Id = 'InRecycleBinConflict' }
        @{ Name = 'Get-AliyunRamUser -InRecycleBin -IncludeAccess'; Run = { Get-AliyunRamUser -InRecycleBin -IncludeAccess }; Id = 'InRecycleBinConflict' }
        @{ Name = 'Restore-AliyunAccessKey a bad id'; Run = { Restore-AliyunAccessKey -AccessKeyId 'not a key' -Confirm:$false }; Id = 'InvalidAccessKeyId' }
        @{ Name = 'Restore-AliyunAccessKey a bad UserId'; Run = { Restore-AliyunAccessKey -AccessKeyId 'LTAI5tAAAAAAAAAAAAAAAAAA' -UserId 'abc' -Confirm:$false }; Id = 'InvalidUserId' }
        @{ Name = 'Restore-AliyunRamUser nothing named'; Run = { [pscustomobject]@{ DisplayName = 'x' } | Restore-AliyunRamUser -Confirm:$false }; Id = 'InvalidUserPrincipalName' }
        @{ Name = 'Remove-AliyunRamUser -InRecycleBin a bad UserId'; Run = { Remove-AliyunRamUser -UserPrincipalName "a@$Domain" -UserId 'x1' -InRecycleBin -Force }; Id = 'InvalidUserId' }
    ) {
        $before = Get-RequestCount $Emulator
        # Non-terminating errors are the point; build.ps1 runs Pester with ErrorActionPreference Stop.
        $ErrorActionPreference = 'Continue'
        $errs = @(& $Run 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $errs | Should -Not -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike "$Id*"
        Get-RequestCount $Emulator | Should -Be $before
    }
}

Describe 'Exactly-once: a key whose CreateAccessKey answer was lost is purged from the recycle bin' {
    # A generous attempt budget, as Faults.Tests.ps1 has, for half the answers lost.
    BeforeAll { Connect-AliyunAccount -Credential ([pscredential]::new('testid', (ConvertTo-SecureString 'testsecret' -AsPlainText -Force))) -Endpoint $Emulator.Address -MaxAttempts 8 -WarningAction SilentlyContinue }
    AfterAll { Connect-TestEmulator $Emulator }
    AfterEach { Set-EmulatorKnobs $Emulator @{ faultRate = 0; faultActions = @() } }

    It 'leaves no orphan, live or restorable' {
        $prefix = New-TestName 'rbo'
        $upns = 1..8 | ForEach-Object { "$prefix$_@$Domain" }
        $upns | ForEach-Object { New-AliyunRamUser -UserPrincipalName $_ } | Out-Null
        Invoke-RestMethod -Method Post -Uri ([uri]::new($Emulator.Control, 'counters/reset')) | Out-Null
        Set-EmulatorKnobs $Emulator @{ faultRate = 0.5; faultSeed = 11; faultKinds = @('drop-after-act'); faultActions = @('CreateAccessKey') }
        $keys = @($upns | New-AliyunAccessKey -ThrottleLimit 1 -ErrorVariable createErrors -ErrorAction SilentlyContinue)
        $createErrors | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" } | Should -BeNullOrEmpty
        $faults = (Get-EmulatorCounters $Emulator).faults
        Set-EmulatorKnobs $Emulator @{ faultRate = 0; faultActions = @() }

        $faults.PSObject.Properties.Value | Measure-Object -Sum | ForEach-Object Sum | Should -BeGreaterThan 0 -Because 'answers were lost'
        $keys | Should -HaveCount 8
        foreach ($upn in $upns) {
            @(Get-AliyunAccessKey -UserPrincipalName $upn -InRecycleBin) | Should -HaveCount 0 -Because "the orphan of $upn had a secret nobody saw: it must not be restorable"
        }
        (Get-EmulatorCounters $Emulator).orphanKeys | Should -Be 0
    }
}
