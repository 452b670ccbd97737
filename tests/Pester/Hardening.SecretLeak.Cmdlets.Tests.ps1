# Hardening: no secret anywhere a person or a log can see it (the scanner and its rules are in
# Hardening.SecretLeak.ps1). Here: the user and key cmdlets, as a RAM user and as root, on success and failure.
BeforeAll { . (Join-Path $PSScriptRoot 'Hardening.SecretLeak.ps1') }
AfterAll { Stop-LeakScanFile }

Describe 'RAM users, connected as <As>' -ForEach @(@{ As = 'a RAM user' }, @{ As = 'root' }) {
    BeforeAll {
        if ($As -eq 'root') { Connect-As $Root } else { Connect-As $Caller.Credential }
    }

    It 'creates, reads, changes and removes users' {
        $name = New-TestName 'leak'
        $r = Invoke-LeakScan -Cmdlet New-AliyunRamUser, Get-AliyunRamUser, Set-AliyunRamUser, Remove-AliyunRamUser -Path Success {
            $user = New-AliyunRamUser -UserName $name -DisplayName 'Leak Scan' -Comments 'c' -Email 'a@b.example' -MobilePhone '86-18600008888' -Tag @{ team = 'ops' } @Loud
            $user
            1..3 | ForEach-Object { [pscustomobject]@{ UserPrincipalName = "$name-$_@$Domain" } } | New-AliyunRamUser @Loud
            Get-AliyunRamUser $user.UserPrincipalName @Loud
            Get-AliyunRamUser "$name*" @Loud
            Get-AliyunRamUser -UserId $user.UserId @Loud
            Set-AliyunRamUser $user.UserPrincipalName -DisplayName 'Changed' -PassThru @Loud
            $key = New-AliyunAccessKey $user.UserPrincipalName @Loud
            Get-AliyunRamUser -AccessKeyId $key.AccessKeyId @Loud
            Remove-AliyunRamUser $user.UserPrincipalName -Force @Loud
            1..3 | ForEach-Object { "$name-$_@$Domain" } | Remove-AliyunRamUser -Confirm:$false @Loud
        }
        $r.Errors | Should -BeNullOrEmpty
    }

    It 'reads a user''s access and removes it with every blocker, its console password never shown' {
        $upn = "$(New-TestName 'leak')@$Domain"
        New-AliyunRamUser -UserPrincipalName $upn | Out-Null
        $group = New-TestName 'leakteam'
        New-AliyunRamGroup -GroupName $group | Out-Null
        Add-AliyunRamGroupMember -GroupName $group -UserPrincipalName $upn
        New-RamKey $upn | Out-Null
        # The console password is a secret too: set through the module's own IMS client, as root.
        $password = 'Leak-Console-Pass-{0}!' -f (New-TestName)
        Add-Secret "the console password of $upn" $password
        New-TestLoginProfile $upn (ConvertTo-SecureString $password -AsPlainText -Force) -AccountSecret $RootSecret | Out-Null
        $r = Invoke-LeakScan -Cmdlet Get-AliyunRamUser, Remove-AliyunRamUser -Path Success {
            Get-AliyunRamUser $upn -IncludeAccess @Loud
            Get-AliyunRamUser $upn -IncludeAccess @Loud | Format-List | Out-String
            Remove-AliyunRamUser $upn -Force -WhatIf @Loud
            Remove-AliyunRamUser $upn -Force @Loud
        }
        $r.Errors | Should -BeNullOrEmpty
        Get-AliyunRamUser $upn -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Groups and policies, connected as <As>' -ForEach @(@{ As = 'a RAM user' }, @{ As = 'root' }) {
    BeforeAll {
        if ($As -eq 'root') { Connect-As $Root } else { Connect-As $Caller.Credential }
    }

    It 'creates groups, adds members, grants and revokes policies, and removes it all' {
        $name = New-TestName 'lgrp'
        $users = 1..2 | ForEach-Object { New-AliyunRamUser -UserPrincipalName "$(New-TestName 'lmem')@$Domain" }
        # A member that holds a key: its object, secret included, goes through -PassThru.
        $key = New-AliyunAccessKey $users[0].UserPrincipalName
        Add-Secret "the secret of new key $($key.AccessKeyId)" $key.AccessKeySecret
        $r = Invoke-LeakScan -Cmdlet New-AliyunRamGroup, Get-AliyunRamGroup, Add-AliyunRamGroupMember, Get-AliyunRamGroupMember, Get-AliyunRamPolicy, Grant-AliyunRamPolicy, Revoke-AliyunRamPolicy, Remove-AliyunRamGroupMember, Remove-AliyunRamGroup -Path Success {
            New-AliyunRamGroup -GroupName $name -DisplayName 'Leak Scan' -Comments 'c' -Confirm:$false @Loud
            [pscustomobject]@{ GroupName = "$name-2"; Comments = 'from a row' } | New-AliyunRamGroup -Confirm:$false @Loud
            $key | Add-AliyunRamGroupMember -GroupName $name -PassThru -Confirm:$false @Loud
            Add-AliyunRamGroupMember -GroupName $name -UserPrincipalName $users[1].UserPrincipalName -PassThru -Confirm:$false @Loud
            Add-AliyunRamGroupMember -GroupName $name -UserPrincipalName $users[1].UserPrincipalName -Confirm:$false @Loud   # already: a warning
            Get-AliyunRamGroup @Loud
            Get-AliyunRamGroup $name @Loud
            Get-AliyunRamGroup "$name*" @Loud
            Get-AliyunRamGroup -UserPrincipalName $users[0].UserPrincipalName @Loud
            Get-AliyunRamGroupMember $name @Loud
            Get-AliyunRamPolicy -PolicyType System @Loud
            Get-AliyunRamPolicy ReadOnlyAccess -PolicyType System @Loud
            Grant-AliyunRamPolicy ReadOnlyAccess -PolicyType System -UserPrincipalName $users[0].UserPrincipalName -PassThru -Confirm:$false @Loud
            Grant-AliyunRamPolicy AliyunOSSReadOnlyAccess -PolicyType System -GroupName $name -PassThru -Confirm:$false @Loud
            Get-AliyunRamPolicy -UserPrincipalName $users[0].UserPrincipalName @Loud
            Get-AliyunRamPolicy -GroupName $name @Loud
            Revoke-AliyunRamPolicy ReadOnlyAccess -PolicyType System -UserPrincipalName $users[0].UserPrincipalName -PassThru -Confirm:$false @Loud
            Remove-AliyunRamGroupMember -GroupName $name -UserPrincipalName $users[1].UserPrincipalName -Confirm:$false @Loud
            Remove-AliyunRamGroup $name -Force @Loud
            "$name-2" | Remove-AliyunRamGroup -Confirm:$false @Loud
        }
        $r.Errors | Should -BeNullOrEmpty
        @($r.Objects | Where-Object { $_.PSObject.Properties['AccessKeySecret'] }).Count | Should -Be 1 -Because '-PassThru handed the new key on, secret and all, where it is asked for'
    }

    It 'fails: exists, not found, not empty, not attached, invalid input' {
        $name = New-TestName 'lgrpf'
        $user = New-AliyunRamUser -UserPrincipalName "$(New-TestName 'lmemf')@$Domain"
        New-AliyunRamGroup -GroupName $name -Confirm:$false | Out-Null
        Add-AliyunRamGroupMember -GroupName $name -UserPrincipalName $user.UserPrincipalName -Confirm:$false
        $r = Invoke-LeakScan -Cmdlet New-AliyunRamGroup, Get-AliyunRamGroup, Add-AliyunRamGroupMember, Get-AliyunRamGroupMember, Get-AliyunRamPolicy, Grant-AliyunRamPolicy, Revoke-AliyunRamPolicy, Remove-AliyunRamGroupMember, Remove-AliyunRamGroup -Path Failure -ExpectError {
            New-AliyunRamGroup -GroupName $name -Confirm:$false @Loud
            New-AliyunRamGroup -GroupName 'bad name' -Confirm:$false @Loud
            Get-AliyunRamGroup "nobody$name" @Loud
            Get-AliyunRamGroupMember "nobody$name" @Loud
            Add-AliyunRamGroupMember -GroupName $name -UserPrincipalName "nobody$($user.UserPrincipalName)" -Confirm:$false @Loud
            Remove-AliyunRamGroupMember -GroupName "nobody$name" -UserPrincipalName $user.UserPrincipalName -Confirm:$false @Loud
            Remove-AliyunRamGroup $name -Confirm:$false @Loud          # has a member
            Get-AliyunRamPolicy NoSuchPolicy -PolicyType Custom @Loud
            Get-AliyunRamPolicy -PolicyType Managed @Loud
            Grant-AliyunRamPolicy NoSuchPolicy -PolicyType Custom -UserPrincipalName $user.UserPrincipalName -Confirm:$false @Loud
            Grant-AliyunRamPolicy ReadOnlyAccess -PolicyType System -Confirm:$false @Loud
            Revoke-AliyunRamPolicy ReadOnlyAccess -PolicyType System -GroupName $name -Confirm:$false @Loud   # not attached
        }
        $r.Errors.Count | Should -BeGreaterOrEqual 12
    }
}

Describe 'AccessKeys, connected as <As>' -ForEach @(@{ As = 'a RAM user' }, @{ As = 'root' }) {
    BeforeAll {
        if ($As -eq 'root') { Connect-As $Root } else { Connect-As $Caller.Credential }
        function script:New-LeakUser { New-AliyunRamUser -UserPrincipalName "$(New-TestName 'key')@$Domain" }
    }

    It 'creates keys: as objects, as credentials, in bulk, for the caller' {
        $users = 1..4 | ForEach-Object { New-LeakUser }
        $r = Invoke-LeakScan -Cmdlet New-AliyunAccessKey -Path Success {
            New-AliyunAccessKey $users[0].UserPrincipalName @Loud
            New-AliyunAccessKey $users[0].UserPrincipalName -AsCredential @Loud
            $users[1..3] | New-AliyunAccessKey -ThrottleLimit 4 @Loud
            if ($As -eq 'root') { New-AliyunAccessKey -Force @Loud }
        }
        @($r.Objects).Count | Should -Be $(if ($As -eq 'root') { 6 } else { 5 })
        if ($As -eq 'root') {
            # The root key made above: take it away again.
            $rootKey = $r.Objects | Where-Object { $_ -isnot [pscredential] -and -not $_.UserPrincipalName }
            Remove-AliyunAccessKey $rootKey.AccessKeyId -Force
        }
    }

    It 'lists, disables, enables, tests and removes keys piped as objects that hold their secrets' {
        $user = New-LeakUser
        $key = New-AliyunAccessKey $user.UserPrincipalName
        $credential = New-AliyunAccessKey $user.UserPrincipalName -AsCredential
        Add-Secret "the secret of new key $($key.AccessKeyId)" $key.AccessKeySecret
        Add-Secret "the secret of new key $($credential.UserName)" $credential.GetNetworkCredential().Password
        $r = Invoke-LeakScan -Cmdlet Get-AliyunAccessKey, Disable-AliyunAccessKey, Enable-AliyunAccessKey, Test-AliyunAccessKey, Remove-AliyunAccessKey -Path Success {
            $key | Test-AliyunAccessKey @Loud
            $credential | Test-AliyunAccessKey @Loud
            Get-AliyunAccessKey $user.UserPrincipalName -IncludeLastUsed @Loud
            Get-AliyunAccessKey $user.UserPrincipalName -StaleDays 0 @Loud
            Get-AliyunAccessKey @Loud
            $key | Disable-AliyunAccessKey @Loud
            $key | Enable-AliyunAccessKey @Loud
            $key | Remove-AliyunAccessKey -Force @Loud
            $credential.UserName | Remove-AliyunAccessKey -UserPrincipalName $user.UserPrincipalName -Force @Loud
        }
        $r.Errors | Should -BeNullOrEmpty
        Get-AliyunAccessKey $user.UserPrincipalName | Should -BeNullOrEmpty
    }
}

Describe 'Credential report and account-wide audit, connected as <As>' -ForEach @(@{ As = 'a RAM user' }, @{ As = 'root' }) {
    BeforeAll {
        if ($As -eq 'root') { Connect-As $Root } else { Connect-As $Caller.Credential }
    }

    It 'reads the report, raw and as objects, and audits every user through it' {
        $user = New-AliyunRamUser -UserPrincipalName "$(New-TestName 'rep')@$Domain"
        $key = New-AliyunAccessKey $user.UserPrincipalName
        Add-Secret "the secret of new key $($key.AccessKeyId)" $key.AccessKeySecret
        $r = Invoke-LeakScan -Cmdlet Get-AliyunCredentialReport -Path Success {
            Get-AliyunCredentialReport @Loud
            Get-AliyunCredentialReport -Raw @Loud
            Get-AliyunCredentialReport -PageSize 2 @Loud
            Get-AliyunAccessKey -StaleDays 0 @Loud
        }
        $r.Errors | Should -BeNullOrEmpty
        @($r.Objects | Where-Object { $_ -is [AliyunAccessKey.Model.AliyunCredentialReportEntry] }).Count | Should -BeGreaterThan 2
    }

    It 'fails: the report never ready, the report refused' {
        Set-EmulatorKnobs $Emulator @{ faultRate = 1; faultKinds = @('500'); faultActions = @('GenerateCredentialReport') }
        try {
            $r = Invoke-LeakScan -Cmdlet Get-AliyunCredentialReport -Path Failure -ExpectError {
                Get-AliyunCredentialReport @Loud
                Get-AliyunCredentialReport -Raw @Loud
            }
        } finally {
            Set-EmulatorKnobs $Emulator @{ faultRate = 0 }
        }
        $r.Errors.Count | Should -BeGreaterOrEqual 2
    }
}

Describe 'Failures, connected as a RAM user' {
    BeforeAll {
        Connect-As $Caller.Credential
        function script:New-LeakUser { New-AliyunRamUser -UserPrincipalName "$(New-TestName 'key')@$Domain" }
    }

    It 'fails: exists, not found, nothing to change, keys left, invalid input; and is throttled' {
        $upn = "$(New-TestName 'leak')@$Domain"
        New-AliyunRamUser -UserPrincipalName $upn | New-AliyunAccessKey | Out-Null
        $r = Invoke-LeakScan -Cmdlet New-AliyunRamUser, Get-AliyunRamUser, Set-AliyunRamUser, Remove-AliyunRamUser -Path Failure -ExpectError {
            New-AliyunRamUser -UserPrincipalName $upn @Loud
            [pscustomobject]@{ UserPrincipalName = 'broken row'; DisplayName = 'x' * 30 } | New-AliyunRamUser @Loud
            Get-AliyunRamUser "nobody$upn" @Loud
            Get-AliyunRamUser -UserId 'abc' @Loud
            Set-AliyunRamUser $upn @Loud
            Set-AliyunRamUser "nobody$upn" -DisplayName 'x' @Loud
            Remove-AliyunRamUser $upn -Confirm:$false @Loud
        }
        $r.Errors.Count | Should -BeGreaterOrEqual 6
        # Throttled: retried after the service's hint, and Verbose says so.
        Set-EmulatorKnobs $Emulator @{ rateLimit = 20; rateLimitBurst = 1 }
        try {
            $t = Invoke-LeakScan -Cmdlet Get-AliyunRamUser -Path Success {
                1..4 | ForEach-Object { Get-AliyunRamUser $upn @Loud }
            }
            ($t.Items | Out-String) | Should -Match 'Throttling.User' -Because 'the calls were throttled and retried'
        } finally {
            Set-EmulatorKnobs $Emulator @{ rateLimit = 0 }
        }
    }

    It 'fails to create: the 2-key limit, no such user, an invalid name' {
        $user = New-LeakUser
        1..2 | ForEach-Object { New-AliyunAccessKey $user.UserPrincipalName } | Out-Null
        $r = Invoke-LeakScan -Cmdlet New-AliyunAccessKey -Path Failure -ExpectError {
            New-AliyunAccessKey $user.UserPrincipalName @Loud
            New-AliyunAccessKey "nobody$($user.UserPrincipalName)" @Loud
            New-AliyunAccessKey 'not a upn' @Loud
        }
        $r.Errors[0].FullyQualifiedErrorId | Should -BeLike 'LimitExceeded.User.AccessKey,*'
    }

    It 'hands keys to a vault, and takes them back when the vault fails' {
        $users = 1..3 | ForEach-Object { New-LeakUser }
        Reset-StandInVault
        Register-SecretVault -Name Store
        Invoke-LeakScan -Cmdlet New-AliyunAccessKey -Path Success {
            New-AliyunAccessKey $users[0].UserPrincipalName -Vault Store @Loud
        } | Out-Null
        $stored = Get-Secret -Name "aliyun-$($users[0].UserPrincipalName.Split('@')[0])" -Vault Store
        Add-Secret "the vaulted secret of $($stored.UserName)" $stored.GetNetworkCredential().Password
        Set-StandInVaultState -FailWrites
        Invoke-LeakScan -Cmdlet New-AliyunAccessKey -Path Failure -ExpectError {
            New-AliyunAccessKey $users[1].UserPrincipalName -Vault Store @Loud
        } | Out-Null
        Set-StandInVaultState -Locked
        Invoke-LeakScan -Cmdlet New-AliyunAccessKey -Path Failure -ExpectError {
            New-AliyunAccessKey $users[2].UserPrincipalName -Vault Store @Loud
        } | Out-Null
        Set-StandInVaultState
        Invoke-LeakScan -Cmdlet New-AliyunAccessKey -Path Failure -ExpectError {
            New-AliyunAccessKey $users[2].UserPrincipalName -Vault Nowhere @Loud
        } | Out-Null
    }

    It 'recovers from lost CreateAccessKey answers without showing the lost keys'' secrets' {
        $users = 1..6 | ForEach-Object { New-LeakUser }
        Set-EmulatorKnobs $Emulator @{ faultRate = 0.5; faultSeed = 11; faultKinds = @('drop-after-act', '500'); faultActions = @('CreateAccessKey') }
        try {
            $r = Invoke-LeakScan -Cmdlet New-AliyunAccessKey -Path Success, Failure {
                $users | New-AliyunAccessKey -ThrottleLimit 1 @Loud
            }
        } finally {
            $faults = (Get-EmulatorCounters $Emulator).faults
            Set-EmulatorKnobs $Emulator @{ faultRate = 0 }
        }
        ($faults.PSObject.Properties.Value | Measure-Object -Sum).Sum | Should -BeGreaterThan 0 -Because 'answers were lost'
        @($r.Objects).Count | Should -BeGreaterThan 0
    }

    It 'fails on keys piped as objects that hold their secrets: disabled, wrong secret, no secret, gone' {
        $user = New-LeakUser
        $key = New-AliyunAccessKey $user.UserPrincipalName
        $credential = New-AliyunAccessKey $user.UserPrincipalName -AsCredential
        Add-Secret "the secret of new key $($key.AccessKeyId)" $key.AccessKeySecret
        Add-Secret "the secret of new key $($credential.UserName)" $credential.GetNetworkCredential().Password
        $f = Invoke-LeakScan -Cmdlet Get-AliyunAccessKey, Disable-AliyunAccessKey, Enable-AliyunAccessKey, Test-AliyunAccessKey, Remove-AliyunAccessKey -Path Failure -ExpectError {
            $key | Disable-AliyunAccessKey @Loud
            $key | Test-AliyunAccessKey @Loud                       # disabled
            [pscredential]::new($key.AccessKeyId, (ConvertTo-SecureString $WrongSecret -AsPlainText -Force)) | Test-AliyunAccessKey @Loud
            Get-AliyunAccessKey $user.UserPrincipalName | Test-AliyunAccessKey @Loud   # listed: no secret
            Get-AliyunAccessKey "nobody$($user.UserPrincipalName)" @Loud
            Enable-AliyunAccessKey -AccessKeyId 'LTAI5tNoSuchKey000000000' -UserPrincipalName $user.UserPrincipalName @Loud
            Disable-AliyunAccessKey -AccessKeyId 'LTAI5tNoSuchKey000000000' -UserPrincipalName $user.UserPrincipalName @Loud
            $key | Remove-AliyunAccessKey -Force @Loud
            $key | Remove-AliyunAccessKey -Force @Loud                # gone already
            $credential | Test-AliyunAccessKey -StsEndpoint 'http://192.0.2.1/' @Loud
        }
        $f.Errors.Count | Should -BeGreaterOrEqual 6
        ($f.Errors | Where-Object { $_.FullyQualifiedErrorId -like 'InvalidAccessKeyId.Inactive*' }).TargetObject | Sort-Object -Unique | Should -Be $key.AccessKeyId -Because 'the target is the ID, never the object that holds the secret'
        Invoke-LeakScan -Cmdlet Remove-AliyunAccessKey -Path Success { $credential.UserName | Remove-AliyunAccessKey -UserPrincipalName $user.UserPrincipalName -Force @Loud } | Out-Null
    }

    It 'tests an STS key with its token, and with a wrong token' {
        $sts = Get-ImdsCredential
        $credential = [pscredential]::new($sts.AccessKeyId, (ConvertTo-SecureString $sts.AccessKeySecret -AsPlainText -Force))
        $r = Invoke-LeakScan -Cmdlet Test-AliyunAccessKey -Path Success, Failure -ExpectError {
            Test-AliyunAccessKey -Credential $credential -SecurityToken (ConvertTo-SecureString $sts.SecurityToken -AsPlainText -Force) @Loud
            Test-AliyunAccessKey -Credential $credential @Loud
        }
        $r.Objects[0].IdentityType | Should -Be 'AssumedRoleUser'
    }
}

Describe 'Coverage and the emulator''s own record' {
    It 'ran every scan this file declares' {
        Get-DeclaredLeakScans $PSCommandPath | Where-Object { -not $Covered[$_] } | Should -BeNullOrEmpty -Because 'a scan that never ran checks nothing'
    }

    It 'shows, anywhere it was captured, no secret or STS token the emulator ever issued' {
        Assert-NoIssuedSecret -MinSessions 1 -MinKeys 20 -MinCorpus 100 -MinTranscript 5000
    }
}
