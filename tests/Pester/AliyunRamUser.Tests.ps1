BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $StagedManifest -Force
    $script:Emulator = Start-TestEmulator
    Connect-TestEmulator $Emulator
    $script:Domain = $Emulator.Domain
}

AfterAll {
    Disconnect-AliyunAccount
    Remove-Module AliyunAccessKey -Force -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
}

Describe 'New-AliyunRamUser' {
    It 'creates a user with every field' {
        $upn = "$(New-TestName)@$Domain"
        $user = New-AliyunRamUser -UserPrincipalName $upn -DisplayName 'Alice Ops' -Comments 'on call' -Email 'alice@corp.example' -MobilePhone '86-18600008888' -Tag @{ team = 'ops'; cost = '42' }
        $user | Should -BeOfType AliyunAccessKey.Model.AliyunRamUser
        $user.UserPrincipalName | Should -Be $upn
        $user.DisplayName | Should -Be 'Alice Ops'
        $user.Comments | Should -Be 'on call'
        $user.Email | Should -Be 'alice@corp.example'
        $user.MobilePhone | Should -Be '86-18600008888'
        $user.UserId | Should -Match '^\d+$'
        $user.CreateDate.Kind | Should -Be 'Utc'
        ($user.Tags | ForEach-Object ToString | Sort-Object) -join ',' | Should -Be 'cost=42,team=ops'
    }

    It 'completes -UserName with the account''s default domain and defaults the display name' {
        $name = New-TestName
        $user = New-AliyunRamUser -UserName $name
        $user.UserPrincipalName | Should -Be "$name@$Domain"
        $user.DisplayName | Should -Be $name
    }

    It 'cuts a long default display name to 24 characters' {
        $name = 'n' + ('x' * 40) + (New-TestName)
        (New-AliyunRamUser -UserName $name).DisplayName | Should -Be $name.Substring(0, 24)
    }

    It 'binds Import-Csv rows by property name, tags as key=value text and empty cells as absent' {
        $a = New-TestName; $b = New-TestName
        $csv = @"
UserPrincipalName,DisplayName,Comments,Email,Tag
$a@$Domain,Row A,first,,team=ops;tier=1
$b@$Domain,,second,b@corp.example,
"@ | ConvertFrom-Csv
        # Output follows completion order; each user says who it is.
        $created = $csv | New-AliyunRamUser
        $created.Count | Should -Be 2
        $users = @($created | Where-Object UserPrincipalName -eq "$a@$Domain") + @($created | Where-Object UserPrincipalName -eq "$b@$Domain")
        $users[0].DisplayName | Should -Be 'Row A'
        $users[0].Email | Should -BeNullOrEmpty
        ($users[0].Tags | ForEach-Object ToString | Sort-Object) -join ',' | Should -Be 'team=ops,tier=1'
        $users[1].DisplayName | Should -Be $b
        $users[1].Email | Should -Be 'b@corp.example'
    }

    It 'keeps input order with -ThrottleLimit 1' {
        $names = 1..6 | ForEach-Object { "$(New-TestName)@$Domain" }
        ($names | ForEach-Object { [pscustomobject]@{ UserPrincipalName = $_ } } | New-AliyunRamUser -ThrottleLimit 1).UserPrincipalName | Should -Be $names
    }

    It 'sends nothing with -WhatIf' {
        $before = Get-RequestCount $Emulator
        New-AliyunRamUser -UserPrincipalName "$(New-TestName)@$Domain" -WhatIf | Should -BeNullOrEmpty
        Get-RequestCount $Emulator | Should -Be $before
    }

    It 'refuses invalid input locally with a stable ErrorId, sends nothing, and goes on with the next row' {
        $good = "$(New-TestName)@$Domain"
        $rows = @(
            [pscustomobject]@{ UserPrincipalName = 'no-at-sign' }
            [pscustomobject]@{ UserPrincipalName = "bad name@$Domain" }
            [pscustomobject]@{ UserPrincipalName = ('x' * 65) + "@$Domain" }
            [pscustomobject]@{ UserPrincipalName = "$(New-TestName)@$Domain"; DisplayName = 'y' * 25 }
            [pscustomobject]@{ UserPrincipalName = "$(New-TestName)@$Domain"; Comments = 'c' * 129 }
            [pscustomobject]@{ UserPrincipalName = "$(New-TestName)@$Domain"; Email = 'not-an-email' }
            [pscustomobject]@{ UserPrincipalName = "$(New-TestName)@$Domain"; MobilePhone = '12345' }
            [pscustomobject]@{ UserPrincipalName = "$(New-TestName)@$Domain"; Tag = @{ 'aliyun:x' = '1' } }
            [pscustomobject]@{ UserPrincipalName = $good }
        )
        $before = Get-RequestCount $Emulator
        $created = $rows | New-AliyunRamUser -ErrorVariable errs -ErrorAction SilentlyContinue
        @($created).UserPrincipalName | Should -Be $good
        (Get-RequestCount $Emulator) - $before | Should -Be 1 -Because 'only the valid row is sent'
        $errs.FullyQualifiedErrorId | ForEach-Object { ($_ -split ',')[0] } | Should -Be @(
            'InvalidUserPrincipalName', 'InvalidUserPrincipalName', 'InvalidUserPrincipalName', 'InvalidDisplayName',
            'InvalidComments', 'InvalidEmail', 'InvalidMobilePhone', 'InvalidTag')
        $errs | ForEach-Object { $_.CategoryInfo.Category | Should -Be 'InvalidArgument' }
        $errs[0].TargetObject | Should -Be 'no-at-sign'
    }

    It 'reports an existing user as ResourceExists with the service code and request id' {
        $upn = "$(New-TestName)@$Domain"
        New-AliyunRamUser -UserPrincipalName $upn | Out-Null
        New-AliyunRamUser -UserPrincipalName $upn -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'EntityAlreadyExists.User,*'
        $errs[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $errs[0].TargetObject | Should -Be $upn
        $errs[0].Exception.RequestId | Should -Not -BeNullOrEmpty
        $errs[0].Exception.Message | Should -Match 'RequestId'
    }
}

Describe 'Get-AliyunRamUser' {
    BeforeAll {
        $script:Known = 1..3 | ForEach-Object { New-AliyunRamUser -UserPrincipalName "get$_$(New-TestName)@$Domain" }
    }

    It 'gets a user by UPN, by id and by one of its AccessKey IDs' {
        $u = $Known[0]
        (Get-AliyunRamUser $u.UserPrincipalName).UserId | Should -Be $u.UserId
        (Get-AliyunRamUser -UserId $u.UserId).UserPrincipalName | Should -Be $u.UserPrincipalName
        $key = New-AliyunAccessKey -UserPrincipalName $u.UserPrincipalName
        (Get-AliyunRamUser -AccessKeyId $key.AccessKeyId).UserPrincipalName | Should -Be $u.UserPrincipalName
    }

    It 'lists every user and filters with wildcards' {
        $all = Get-AliyunRamUser
        foreach ($u in $Known) { $all.UserPrincipalName | Should -Contain $u.UserPrincipalName }
        $matched = Get-AliyunRamUser 'get2*'
        @($matched).Count | Should -Be 1
        $matched.UserPrincipalName | Should -Be $Known[1].UserPrincipalName
    }

    It 'takes UPNs from the pipeline' {
        ($Known | Get-AliyunRamUser).UserId | Should -Be $Known.UserId
    }

    It 'says which user was not found and goes on' {
        $missing = "nobody$(New-TestName)@$Domain"
        $found = $missing, $Known[0].UserPrincipalName | Get-AliyunRamUser -ErrorVariable errs -ErrorAction SilentlyContinue
        $found.UserPrincipalName | Should -Be $Known[0].UserPrincipalName
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'EntityNotExist.User,*'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be $missing
    }

    It 'pages through many users and sends one request when downstream wants only the first 5' {
        Add-EmulatorUsers $Emulator 250 | Out-Null
        $before = Get-RequestCount $Emulator
        $first = Get-AliyunRamUser -PageSize 100 | Select-Object -First 5
        @($first).Count | Should -Be 5
        (Get-RequestCount $Emulator) - $before | Should -Be 1
        $before = Get-RequestCount $Emulator
        $all = Get-AliyunRamUser -PageSize 100
        @($all).Count | Should -BeGreaterThan 250
        @($all.UserId | Sort-Object -Unique).Count | Should -Be @($all).Count
        (Get-RequestCount $Emulator) - $before | Should -Be ([math]::Ceiling(@($all).Count / 100))
    }

    It 'refuses an id that is not a user id without sending it' {
        $before = Get-RequestCount $Emulator
        Get-AliyunRamUser -UserId 'abc' -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidUserId,*'
        Get-RequestCount $Emulator | Should -Be $before
    }
}

Describe 'Set-AliyunRamUser' {
    It 'changes fields and renames, with -PassThru' {
        $upn = "$(New-TestName)@$Domain"
        New-AliyunRamUser -UserPrincipalName $upn | Out-Null
        $renamed = "$(New-TestName)@$Domain"
        $user = Set-AliyunRamUser -UserPrincipalName $upn -NewUserPrincipalName $renamed -DisplayName 'Renamed' -Comments 'moved' -PassThru
        $user.UserPrincipalName | Should -Be $renamed
        $user.DisplayName | Should -Be 'Renamed'
        (Get-AliyunRamUser $renamed).Comments | Should -Be 'moved'
        Get-AliyunRamUser $upn -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'says when there is nothing to change, without sending' {
        $before = Get-RequestCount $Emulator
        Set-AliyunRamUser -UserPrincipalName "x@$Domain" -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NothingToChange,*'
        Get-RequestCount $Emulator | Should -Be $before
    }

    It 'sends nothing with -WhatIf' {
        $before = Get-RequestCount $Emulator
        Set-AliyunRamUser -UserPrincipalName "x@$Domain" -DisplayName 'y' -WhatIf
        Get-RequestCount $Emulator | Should -Be $before
    }
}

Describe 'Remove-AliyunRamUser' {
    It 'refuses to delete a user with keys and says what to do; -Force deletes the keys first' {
        $upn = "$(New-TestName)@$Domain"
        New-AliyunRamUser -UserPrincipalName $upn | New-AliyunAccessKey | Out-Null
        Remove-AliyunRamUser $upn -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'DeleteConflict.User.AccessKey,*'
        $errs[0].ErrorDetails.RecommendedAction | Should -Match '-Force'
        Get-AliyunRamUser $upn | Should -Not -BeNullOrEmpty
        Remove-AliyunRamUser $upn -Force
        Get-AliyunRamUser $upn -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'deletes piped users and sends nothing with -WhatIf, even with -Force' {
        $users = 1..2 | ForEach-Object { New-AliyunRamUser -UserPrincipalName "$(New-TestName)@$Domain" }
        $before = Get-RequestCount $Emulator
        $users | Remove-AliyunRamUser -Force -WhatIf
        Get-RequestCount $Emulator | Should -Be $before
        $users | Remove-AliyunRamUser -Confirm:$false
        $users | Get-AliyunRamUser -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}
