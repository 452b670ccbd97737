BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1') -Connected
    function script:New-UserWithKey {
        $upn = "$(New-TestName)@$Domain"
        New-AliyunRamUser -UserPrincipalName $upn | Out-Null
        New-AliyunAccessKey -UserPrincipalName $upn
    }
}

AfterAll { Stop-TestSession }

Describe 'New-AliyunAccessKey' {
    It 'creates a key for a piped user and carries its secret once' {
        $upn = "$(New-TestName)@$Domain"
        $key = New-AliyunRamUser -UserPrincipalName $upn | New-AliyunAccessKey
        $key.UserPrincipalName | Should -Be $upn
        $key.AccessKeyId | Should -Not -BeNullOrEmpty
        $key.AccessKeySecret.Length | Should -BeGreaterThan 20
        $key.Status | Should -Be 'Active'
        $key.CreateDate | Should -BeOfType [datetime]
        (Get-AliyunAccessKey $upn).AccessKeySecret | Should -BeNullOrEmpty -Because 'a listed key never has its secret'
    }

    It 'masks the secret in ToString, Format-Table, Format-List, Out-String and after other output' {
        $key = New-UserWithKey
        $secret = $key.AccessKeySecret
        "$key" | Should -Be $key.AccessKeyId
        $views = @(
            ($key | Format-Table | Out-String -Width 250)
            ($key | Format-List | Out-String -Width 250)
            ($key | Out-String -Width 250)
            # A key after an object of another type: PowerShell's fallback list, not the key's own view.
            (& { Get-AliyunContext; $key } | Out-String -Width 250)
        )
        foreach ($text in $views) {
            $text | Should -Match $key.AccessKeyId
            $text | Should -Not -Match ([regex]::Escape($secret))
        }
        # After a table of another type the key takes that table's columns: still no secret.
        (& { [pscustomobject]@{ a = 1 }; $key } | Out-String -Width 250) | Should -Not -Match ([regex]::Escape($secret))
        ($key | Format-Table | Out-String -Width 250) | Should -Match '\*{8}'
    }

    It 'exports clean CSV columns with the plain secret, like the console''s download' {
        $key = New-UserWithKey
        $path = Join-Path $TestDrive 'key.csv'
        $key | Export-Csv -Path $path
        $lines = Get-Content $path
        $lines[0] | Should -Be '"UserPrincipalName","AccessKeyId","AccessKeySecret","Status","CreateDate","UpdateDate"'
        $row = Import-Csv $path
        $row.AccessKeySecret | Should -Be $key.AccessKeySecret
        $row.AccessKeyId | Should -Be $key.AccessKeyId
    }

    It 'emits a PSCredential with -AsCredential' {
        $upn = "$(New-TestName)@$Domain"
        New-AliyunRamUser -UserPrincipalName $upn | Out-Null
        $credential = New-AliyunAccessKey -UserPrincipalName $upn -AsCredential
        $credential | Should -BeOfType [pscredential]
        $credential.UserName | Should -Be (Get-AliyunAccessKey $upn).AccessKeyId
        $credential.GetNetworkCredential().Password.Length | Should -BeGreaterThan 20
        ($credential | Test-AliyunAccessKey).IdentityType | Should -Be 'RAMUser'
    }

    It 'reports the 2-key limit as QuotaExceeded with advice' {
        $upn = "$(New-TestName)@$Domain"
        New-AliyunRamUser -UserPrincipalName $upn | Out-Null
        1..2 | ForEach-Object { New-AliyunAccessKey $upn } | Out-Null
        New-AliyunAccessKey $upn -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'LimitExceeded.User.AccessKey,*'
        $errs[0].CategoryInfo.Category | Should -Be 'QuotaExceeded'
        $errs[0].ErrorDetails.RecommendedAction | Should -Match 'at most 2'
    }

    It 'says which user does not exist' {
        $upn = "nobody$(New-TestName)@$Domain"
        New-AliyunAccessKey $upn -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'EntityNotExist.User,*'
        $errs[0].TargetObject | Should -Be $upn
    }

    It 'sends nothing with -WhatIf' {
        $before = Get-RequestCount $Emulator
        New-AliyunAccessKey "x@$Domain" -WhatIf
        Get-RequestCount $Emulator | Should -Be $before
    }

    It 'warns about a root key and creates it only with -Force' {
        $before = @(Get-AliyunAccessKey).Count
        $key = New-AliyunAccessKey -Force -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings | Should -Match 'RAM user'
        $key.AccessKeyId | Should -Not -BeNullOrEmpty
        @(Get-AliyunAccessKey).Count | Should -Be ($before + 1)
        Remove-AliyunAccessKey $key.AccessKeyId -Force
    }

    It 'does not create a root key without confirmation in an unattended session' {
        $before = @(Get-AliyunAccessKey).Count
        $script = "Import-Module '$StagedManifest'; Connect-AliyunAccount -Credential ([pscredential]::new('testid', (ConvertTo-SecureString testsecret -AsPlainText -Force))) -Endpoint '$($Emulator.Address)' -WarningAction SilentlyContinue; New-AliyunAccessKey -WarningAction SilentlyContinue; exit 0"
        $out = Invoke-Pwsh -NoProfile -NonInteractive -Command $script 2>&1
        @(Get-AliyunAccessKey).Count | Should -Be $before
        ($out | Out-String) | Should -Match 'needs confirmation'
    }

    It 'shows each request in Verbose and never the secret' {
        $upn = "$(New-TestName)@$Domain"
        New-AliyunRamUser -UserPrincipalName $upn | Out-Null
        $all = New-AliyunAccessKey $upn -Verbose 4>&1
        $key = $all | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $verbose = $all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String
        $verbose | Should -Match 'CreateAccessKey attempt 1: HTTP 200 \(RequestId [0-9A-F-]+\)'
        $verbose | Should -Match ([regex]::Escape($upn))
        $verbose | Should -Not -Match ([regex]::Escape($key.AccessKeySecret))
    }

    It 'traces requests when $VerbosePreference asks for it, in bulk too, and not with -Verbose:$false' {
        # The cmdlets build trace lines only when Verbose would show them; these are the two ways it is asked.
        $rows = 1..3 | ForEach-Object { [pscustomobject]@{ UserPrincipalName = "$(New-TestName)@$Domain" } }
        $VerbosePreference = 'Continue'
        $traced = $rows | New-AliyunRamUser -ThrottleLimit 2 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String
        $silenced = $rows | Get-AliyunRamUser -Verbose:$false 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $VerbosePreference = 'SilentlyContinue'
        foreach ($row in $rows) { $traced | Should -Match ([regex]::Escape("$($row.UserPrincipalName): CreateUser attempt 1: HTTP 200")) }
        @($silenced).Count | Should -Be 0
    }
}

Describe 'Get-AliyunAccessKey' {
    It 'lists a user''s keys and, with -IncludeLastUsed, when each was last used' {
        $key = New-UserWithKey
        $key | Test-AliyunAccessKey | Out-Null
        $listed = Get-AliyunAccessKey -UserPrincipalName $key.UserPrincipalName -IncludeLastUsed
        $listed.AccessKeyId | Should -Be $key.AccessKeyId
        $listed.LastUsedDate | Should -BeOfType [datetime]
        $listed.ServiceName | Should -Not -BeNullOrEmpty
        ($listed | Format-Table | Out-String -Width 250) | Should -Match 'LastUsedDate'
    }

    It 'takes users from the pipeline and lists the caller''s own keys without a user' {
        $keys = 1..2 | ForEach-Object { New-UserWithKey }
        (Get-AliyunRamUser $keys.UserPrincipalName | Get-AliyunAccessKey).AccessKeyId | Sort-Object | Should -Be ($keys.AccessKeyId | Sort-Object)
        (Get-AliyunAccessKey).AccessKeyId | Should -Contain 'testid'
    }
}

Describe 'Disable-, Enable-, Remove- and Test-AliyunAccessKey' {
    It 'disables a piped key so it is refused, enables it again, and removes it' {
        $key = New-UserWithKey
        ($key | Test-AliyunAccessKey).Arn | Should -BeLike '*:user/*'

        $key | Disable-AliyunAccessKey
        (Get-AliyunAccessKey $key.UserPrincipalName).Status | Should -Be 'Inactive'
        $key | Test-AliyunAccessKey -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidAccessKeyId.Inactive,*'
        $errs[0].TargetObject | Should -Be $key.AccessKeyId -Because 'the target is the ID, never the object holding the secret'
        ($errs[0] | Format-List * -Force | Out-String) | Should -Not -Match ([regex]::Escape($key.AccessKeySecret))

        $key | Enable-AliyunAccessKey
        (Get-AliyunAccessKey $key.UserPrincipalName).Status | Should -Be 'Active'

        $key | Remove-AliyunAccessKey -Confirm:$false
        Get-AliyunAccessKey $key.UserPrincipalName | Should -BeNullOrEmpty
    }

    It 'reports a wrong secret' {
        $key = New-UserWithKey
        $wrong = [pscredential]::new($key.AccessKeyId, (ConvertTo-SecureString 'not-the-secret' -AsPlainText -Force))
        Test-AliyunAccessKey -Credential $wrong -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'SignatureDoesNotMatch,*'
        $errs[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
    }

    It 'sends nothing with -WhatIf and refuses a malformed id locally' {
        $key = New-UserWithKey
        $before = Get-RequestCount $Emulator
        $key | Disable-AliyunAccessKey -WhatIf
        $key | Remove-AliyunAccessKey -Force -WhatIf
        Disable-AliyunAccessKey -AccessKeyId 'bad id!' -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidAccessKeyId,*'
        Get-RequestCount $Emulator | Should -Be $before
    }

    It 'says a key does not exist' {
        $key = New-UserWithKey
        Remove-AliyunAccessKey -AccessKeyId 'LTAI000000000000000000' -UserPrincipalName $key.UserPrincipalName -Force -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Bulk: Import-Csv | New-AliyunRamUser | New-AliyunAccessKey | Export-Csv' {
    It 'creates 1,000 users and keys and writes one clean row each' {
        $in = Join-Path $TestDrive 'staff.csv'
        $out = Join-Path $TestDrive 'keys.csv'
        $prefix = New-TestName 'bulk'
        1..1000 | ForEach-Object { [pscustomobject]@{ UserPrincipalName = "$prefix-$_@$Domain"; DisplayName = "Staff $_"; Comments = 'bulk' } } | Export-Csv $in
        Import-Csv $in | New-AliyunRamUser | New-AliyunAccessKey | Export-Csv $out
        $rows = Import-Csv $out
        $rows.Count | Should -Be 1000
        @($rows.UserPrincipalName | Sort-Object -Unique).Count | Should -Be 1000
        @($rows | Where-Object { $_.AccessKeySecret.Length -lt 20 }).Count | Should -Be 0
        ($rows[0].PSObject.Properties.Name -join ',') | Should -Be 'UserPrincipalName,AccessKeyId,AccessKeySecret,Status,CreateDate,UpdateDate'
        (Get-AliyunRamUser "$prefix-*").Count | Should -Be 1000
    }

    It 'gives the same result with -ThrottleLimit 16 as sequentially' {
        $seq = New-TestName 'seq'; $par = New-TestName 'par'
        $a = 1..40 | ForEach-Object { [pscustomobject]@{ UserPrincipalName = "$seq-$_@$Domain" } } | New-AliyunRamUser -ThrottleLimit 1 | New-AliyunAccessKey -ThrottleLimit 1
        $b = 1..40 | ForEach-Object { [pscustomobject]@{ UserPrincipalName = "$par-$_@$Domain" } } | New-AliyunRamUser -ThrottleLimit 16 | New-AliyunAccessKey -ThrottleLimit 16
        $a.UserPrincipalName | Should -Be (1..40 | ForEach-Object { "$seq-$_@$Domain" }) -Because '-ThrottleLimit 1 keeps input order'
        ($b.UserPrincipalName -replace "^$par", '' | Sort-Object) | Should -Be ($a.UserPrincipalName -replace "^$seq", '' | Sort-Object)
        ($b.Status | Sort-Object -Unique) | Should -Be 'Active'
        @($b.AccessKeyId | Sort-Object -Unique).Count | Should -Be 40
    }

    It 'goes on past failing rows and reports each one' {
        $prefix = New-TestName 'mix'
        $rows = @(
            [pscustomobject]@{ UserPrincipalName = "$prefix-1@$Domain" }
            [pscustomobject]@{ UserPrincipalName = 'broken row' }
            [pscustomobject]@{ UserPrincipalName = "$prefix-3@$Domain"; DisplayName = 'd' * 30 }
            [pscustomobject]@{ UserPrincipalName = "$prefix-4@$Domain" }
        )
        $keys = $rows | New-AliyunRamUser -ErrorVariable errs -ErrorAction SilentlyContinue | New-AliyunAccessKey
        ($keys.UserPrincipalName | Sort-Object) | Should -Be @("$prefix-1@$Domain", "$prefix-4@$Domain")
        $errs.Count | Should -Be 2
    }
}

Describe 'Stopping' {
    It 'Ctrl+C (Stop) ends a bulk run promptly, even with requests in flight' {
        Set-EmulatorKnobs $Emulator @{ latencyMs = 3000 }
        try {
            $ps = [powershell]::Create()
            $prefix = New-TestName 'stop'
            $null = $ps.AddScript("Import-Module '$StagedManifest'; Connect-AliyunAccount -Credential ([pscredential]::new('testid', (ConvertTo-SecureString testsecret -AsPlainText -Force))) -Endpoint '$($Emulator.Address)' -WarningAction SilentlyContinue; 1..50 | ForEach-Object { [pscustomobject]@{ UserPrincipalName = `"$prefix-`$_@$Domain`" } } | New-AliyunRamUser -ThrottleLimit 4")
            # Every request takes 3 s: connecting takes one, then 4 creations are in flight when it stops.
            $handle = $ps.BeginInvoke()
            Start-Sleep -Milliseconds 4500
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 1.5 -Because 'the cancellation token reaches the requests in flight'
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $ps.Dispose()
        } finally {
            Set-EmulatorKnobs $Emulator @{ latencyMs = 0 }
        }
    }
}

Describe 'Fixes found while writing the help' {
    It 'takes plain strings: UPNs into New-AliyunRamUser, AccessKey IDs into Disable-AliyunAccessKey' {
        $upn = "$(New-TestName)@$Domain"
        ($upn | New-AliyunRamUser).UserPrincipalName | Should -Be $upn
        $key = New-AliyunAccessKey $upn
        $key.AccessKeyId | Disable-AliyunAccessKey -UserPrincipalName $upn
        (Get-AliyunAccessKey $upn).Status | Should -Be 'Inactive'
    }

    It 'never creates a key for the caller from a blank row of a bulk job' {
        $before = @(Get-AliyunAccessKey).Count
        [pscustomobject]@{ UserPrincipalName = '' } | New-AliyunAccessKey -Force -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidUserPrincipalName,*'
        @(Get-AliyunAccessKey).Count | Should -Be $before
    }

    It 'refuses a blank UPN among piped users instead of listing the caller''s keys' {
        $key = New-UserWithKey
        $listed = @([pscustomobject]@{ UserPrincipalName = $key.UserPrincipalName }, [pscustomobject]@{ UserPrincipalName = '' }) |
            Get-AliyunAccessKey -ErrorVariable errs -ErrorAction SilentlyContinue
        $listed.AccessKeyId | Should -Be $key.AccessKeyId
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidUserPrincipalName,*'
    }

    It 'copies users, tags included, by piping them into New-AliyunRamUser' {
        $source = New-AliyunRamUser -UserPrincipalName "$(New-TestName)@$Domain" -Tag @{ team = 'ops' }
        $copy = $source | Select-Object @{ n = 'UserPrincipalName'; e = { "copy-$($_.UserPrincipalName)" } }, DisplayName, Tags | New-AliyunRamUser
        ($copy.Tags | ForEach-Object ToString) | Should -Be 'team=ops'
    }

    It 'never wipes comments from an empty CSV cell' {
        $upn = "$(New-TestName)@$Domain"
        New-AliyunRamUser -UserPrincipalName $upn -Comments 'keep me' | Out-Null
        [pscustomobject]@{ UserPrincipalName = $upn; DisplayName = 'Renamed'; Comments = '' } | Set-AliyunRamUser
        (Get-AliyunRamUser $upn).Comments | Should -Be 'keep me'
    }

    It 'tests a key without a connection' {
        $key = New-UserWithKey
        $context = Get-AliyunContext
        Disconnect-AliyunAccount
        try {
            ($key | Test-AliyunAccessKey -StsEndpoint $Emulator.Address).IdentityType | Should -Be 'RAMUser'
        } finally {
            Connect-TestEmulator $Emulator
        }
    }

    It 'says how to proceed when a root key cannot be confirmed in a runbook' {
        $script = "Import-Module '$StagedManifest'; Connect-AliyunAccount -Credential ([pscredential]::new('testid', (ConvertTo-SecureString testsecret -AsPlainText -Force))) -Endpoint '$($Emulator.Address)' -WarningAction SilentlyContinue; New-AliyunAccessKey -WarningAction SilentlyContinue -ErrorVariable e -ErrorAction SilentlyContinue; 'ERRORID=' + `$e[0].FullyQualifiedErrorId"
        $out = Invoke-Pwsh -NoProfile -NonInteractive -Command $script 2>&1 | Out-String
        $out | Should -Match 'ERRORID=RootKeyNeedsConfirmation'
    }
}

Describe 'Stopping while keys wait for a slow consumer' {
    It 'deletes keys created but never handed to the pipeline, so every remaining key reached someone' {
        $prefix = New-TestName 'stopkeys'
        1..30 | ForEach-Object { New-AliyunRamUser -UserPrincipalName "$prefix-$_@$Domain" } | Out-Null
        $received = [System.Collections.Concurrent.ConcurrentBag[string]]::new()
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
            param($Manifest, $Endpoint, $Prefix, $Received)
            Import-Module $Manifest
            Connect-AliyunAccount -Credential ([pscredential]::new('testid', (ConvertTo-SecureString testsecret -AsPlainText -Force))) -Endpoint $Endpoint -WarningAction SilentlyContinue
            Get-AliyunRamUser "$Prefix-*" | New-AliyunAccessKey -ThrottleLimit 8 | ForEach-Object { $Received.Add($_.AccessKeyId); Start-Sleep -Milliseconds 400 }
        }).AddArgument($StagedManifest).AddArgument($Emulator.Address.ToString()).AddArgument($prefix).AddArgument($received)
        $handle = $ps.BeginInvoke()
        Start-Sleep -Milliseconds 2500
        $ps.Stop()
        $ps.Dispose()
        $received.Count | Should -BeGreaterThan 0
        $received.Count | Should -BeLessThan 30 -Because 'it was stopped midway'
        $held = @(Get-AliyunRamUser "$prefix-*" | Get-AliyunAccessKey).AccessKeyId
        ($held | Sort-Object) -join ',' | Should -Be (($received.ToArray() | Sort-Object) -join ',') -Because 'a key nobody received would be an orphan'
        # Deleting only moves a key to its user's recycle bin: the unreceived keys are purged from there too.
        @(Get-AliyunRamUser "$prefix-*" | ForEach-Object { Get-AliyunAccessKey $_.UserPrincipalName -InRecycleBin }) | Should -BeNullOrEmpty -Because 'a key nobody received must not be restorable'
    }
}
