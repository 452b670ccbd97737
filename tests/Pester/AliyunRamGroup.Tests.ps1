BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $StagedManifest -Force
    $script:Emulator = Start-TestEmulator
    Connect-TestEmulator $Emulator
    $script:Domain = $Emulator.Domain

    function script:New-TestGroup {
        param([string] $DisplayName)
        $name = 'g-' + (New-TestName)
        New-AliyunRamGroup -GroupName $name -DisplayName $DisplayName | Out-Null
        $name
    }
}

AfterAll {
    Disconnect-AliyunAccount
    Remove-Module AliyunAccessKey -Force -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
}

Describe 'Onboarding: Import-Csv | New-AliyunRamUser | Add-AliyunRamGroupMember -PassThru | New-AliyunAccessKey' {
    It 'creates each user, puts it in the group and gives it a key' {
        $group = New-TestGroup
        $a = New-TestName; $b = New-TestName
        $csv = @"
UserPrincipalName,DisplayName
$a@$Domain,Staff A
$b@$Domain,Staff B
"@ | ConvertFrom-Csv

        $keys = @($csv | New-AliyunRamUser | Add-AliyunRamGroupMember -GroupName $group -PassThru | New-AliyunAccessKey)

        $keys.Count | Should -Be 2
        ($keys.UserPrincipalName | Sort-Object) | Should -Be (@("$a@$Domain", "$b@$Domain") | Sort-Object)
        (Get-AliyunRamGroupMember -GroupName $group).UserPrincipalName | Sort-Object | Should -Be (@("$a@$Domain", "$b@$Domain") | Sort-Object)
    }

    It '-PassThru hands on the piped user itself' {
        $group = New-TestGroup
        $user = New-AliyunRamUser -UserName (New-TestName)
        $out = $user | Add-AliyunRamGroupMember -GroupName $group -PassThru
        $out | Should -BeOfType AliyunAccessKey.Model.AliyunRamUser
        $out.UserId | Should -Be $user.UserId
    }

    It 'binds a GroupName column, so a CSV file can name each user''s group' {
        $g1 = New-TestGroup; $g2 = New-TestGroup
        $u1 = (New-AliyunRamUser -UserName (New-TestName)).UserPrincipalName
        $u2 = (New-AliyunRamUser -UserName (New-TestName)).UserPrincipalName
        @"
GroupName,UserPrincipalName
$g1,$u1
$g2,$u2
"@ | ConvertFrom-Csv | Add-AliyunRamGroupMember

        (Get-AliyunRamGroupMember $g1).UserPrincipalName | Should -Be $u1
        (Get-AliyunRamGroup -UserPrincipalName $u2).GroupName | Should -Be $g2
    }

    It 'warns, and still passes the user on, when the user is in the group already' {
        $group = New-TestGroup
        $upn = (New-AliyunRamUser -UserName (New-TestName)).UserPrincipalName
        Add-AliyunRamGroupMember -GroupName $group -UserPrincipalName $upn
        $out = Add-AliyunRamGroupMember -GroupName $group -UserPrincipalName $upn -PassThru -WarningVariable warned -WarningAction SilentlyContinue -ErrorVariable failed
        $failed | Should -BeNullOrEmpty
        "$warned" | Should -Match 'already a member'
        $out.UserPrincipalName | Should -Be $upn
        $out | Should -BeOfType AliyunAccessKey.Model.AliyunRamGroupMember
    }
}

Describe 'Get-AliyunRamGroup' {
    It 'lists every group across pages, filters by wildcard, and gets an exact name' {
        $prefix = 'pg' + (New-TestName)
        1..3 | ForEach-Object { New-AliyunRamGroup -GroupName "$prefix-$_" -DisplayName "D$_" -Comments 'c' } | Out-Null
        @(Get-AliyunRamGroup).GroupName | Should -Contain "$prefix-2"
        @(Get-AliyunRamGroup "$prefix-*").Count | Should -Be 3
        $one = Get-AliyunRamGroup "$prefix-2"
        $one | Should -BeOfType AliyunAccessKey.Model.AliyunRamGroup
        $one.DisplayName | Should -Be 'D2'
        $one.CreateDate.Kind | Should -Be 'Utc'
    }

    It 'pages ListGroups beyond 100 groups' {
        $prefix = 'many' + (New-TestName)
        1..105 | ForEach-Object { [pscustomobject]@{ GroupName = "$prefix-$_" } } | New-AliyunRamGroup -ThrottleLimit 8 | Out-Null
        @(Get-AliyunRamGroup "$prefix-*").Count | Should -Be 105
    }

    It 'a missing exact name is an ObjectNotFound error, and the pipeline goes on' {
        $group = New-TestGroup
        $out = Get-AliyunRamGroup "nosuch-$(New-TestName)", $group -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failed[0].FullyQualifiedErrorId | Should -Match '^EntityNotExist\.Group'
        $out.GroupName | Should -Be $group
    }

    It 'lists a user''s groups with -UserPrincipalName, and from a piped user' {
        $g1 = New-TestGroup; $g2 = New-TestGroup
        $user = New-AliyunRamUser -UserName (New-TestName)
        $user | Add-AliyunRamGroupMember -GroupName $g1
        $user | Add-AliyunRamGroupMember -GroupName $g2
        $groups = @($user | Get-AliyunRamGroup)
        ($groups.GroupName | Sort-Object) | Should -Be (@($g1, $g2) | Sort-Object)
        $groups[0].UserPrincipalName | Should -Be $user.UserPrincipalName
        $groups[0].JoinDate | Should -Not -BeNullOrEmpty
        (Get-AliyunRamGroup $g2 -UserPrincipalName $user.UserPrincipalName).GroupName | Should -Be $g2
    }
}

Describe 'Bad input: stable ErrorId, nothing sent, the pipeline goes on' {
    It 'refuses <Name> locally' -ForEach @(
        @{ Name = 'a name with a space'; Group = 'dev team' }
        @{ Name = 'a name of 65 characters'; Group = ('g' * 65) }
        @{ Name = 'a name with a slash'; Group = 'dev/ops' }
    ) {
        $good = 'ok-' + (New-TestName)
        $before = Get-RequestCount $Emulator
        $rows = @([pscustomobject]@{ GroupName = $Group }, [pscustomobject]@{ GroupName = $good })
        $out = $rows | New-AliyunRamGroup -ThrottleLimit 1 -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Match '^InvalidGroupName'
        $failed[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $out.GroupName | Should -Be $good
        # Only the good row's CreateGroup was sent.
        (Get-RequestCount $Emulator) - $before | Should -Be 1
    }

    It 'refuses a bad group name or UPN for membership changes before any request' {
        $before = Get-RequestCount $Emulator
        Add-AliyunRamGroupMember -GroupName 'bad name' -UserPrincipalName "x@$Domain" -ErrorVariable e1 -ErrorAction SilentlyContinue
        Remove-AliyunRamGroupMember -GroupName 'dev' -UserPrincipalName 'no-at-sign' -ErrorVariable e2 -ErrorAction SilentlyContinue
        Remove-AliyunRamGroup -GroupName 'a*b' -Confirm:$false -ErrorVariable e3 -ErrorAction SilentlyContinue
        Get-AliyunRamGroupMember -GroupName 'x y' -ErrorVariable e4 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -Match '^InvalidGroupName'
        $e2[0].FullyQualifiedErrorId | Should -Match '^InvalidUserPrincipalName'
        $e3[0].FullyQualifiedErrorId | Should -Match '^InvalidGroupName'
        $e4[0].FullyQualifiedErrorId | Should -Match '^InvalidGroupName'
        (Get-RequestCount $Emulator) - $before | Should -Be 0
    }

    It 'a row without a GroupName is described, never quoted' {
        $row = [pscustomobject]@{ Name = 'x'; Secret = 'TopSecretValue' }
        $row | Remove-AliyunRamGroup -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -Match '^InvalidGroupName'
        "$($failed[0]) $($failed[0].TargetObject)" | Should -Not -Match 'TopSecretValue'
    }
}

Describe '-WhatIf sends nothing' {
    It 'for <Name>' -ForEach @(
        @{ Name = 'New-AliyunRamGroup'; Run = { param($g, $u) New-AliyunRamGroup -GroupName "$g-new" -WhatIf } }
        @{ Name = 'Remove-AliyunRamGroup -Force'; Run = { param($g, $u) Remove-AliyunRamGroup -GroupName $g -Force -WhatIf } }
        @{ Name = 'Add-AliyunRamGroupMember'; Run = { param($g, $u) Add-AliyunRamGroupMember -GroupName $g -UserPrincipalName $u -WhatIf } }
        @{ Name = 'Remove-AliyunRamGroupMember'; Run = { param($g, $u) Remove-AliyunRamGroupMember -GroupName $g -UserPrincipalName $u -WhatIf } }
    ) {
        $group = New-TestGroup
        $upn = (New-AliyunRamUser -UserName (New-TestName)).UserPrincipalName
        $before = Get-RequestCount $Emulator
        & $Run $group $upn 6>&1 | Out-Null
        (Get-RequestCount $Emulator) - $before | Should -Be 0
    }
}

Describe 'Membership changes' {
    It 'adds and removes members; removing a non-member warns' {
        $group = New-TestGroup
        $users = 1..3 | ForEach-Object { New-AliyunRamUser -UserName (New-TestName) }
        $users | Add-AliyunRamGroupMember -GroupName $group
        @(Get-AliyunRamGroupMember $group).Count | Should -Be 3
        # Members pipe straight back in. Which two: the bulk add (-ThrottleLimit 4) joins them in no fixed order.
        Get-AliyunRamGroupMember $group | Where-Object UserPrincipalName -ne $users[2].UserPrincipalName | Remove-AliyunRamGroupMember
        (Get-AliyunRamGroupMember $group).UserPrincipalName | Should -Be $users[2].UserPrincipalName
        Remove-AliyunRamGroupMember $group $users[0].UserPrincipalName -WarningVariable warned -WarningAction SilentlyContinue -ErrorVariable failed
        $failed | Should -BeNullOrEmpty
        "$warned" | Should -Match 'not a member'
    }

    It 'an unknown user or group is that input''s error' {
        $group = New-TestGroup
        $good = (New-AliyunRamUser -UserName (New-TestName)).UserPrincipalName
        "nobody-$(New-TestName)@$Domain", $good | Add-AliyunRamGroupMember -GroupName $group -ThrottleLimit 1 -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        (Get-AliyunRamGroupMember $group).UserPrincipalName | Should -Be $good
    }
}

Describe 'Remove-AliyunRamGroup' {
    It 'refuses a group with members without -Force, and says to use it' {
        $group = New-TestGroup
        New-AliyunRamUser -UserName (New-TestName) | Add-AliyunRamGroupMember -GroupName $group
        Remove-AliyunRamGroup $group -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -Match '^DeleteConflict\.Group\.User'
        # The group's state forbids the call (as UserHasBlockers says for users); not ResourceUnavailable, which 5xx answers get.
        $failed[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $failed[0].ErrorDetails.RecommendedAction | Should -Match 'Remove-AliyunRamGroup -Force'
        (Get-AliyunRamGroup $group).GroupName | Should -Be $group
    }

    It 'with -Force removes the members, then the group; the users stay' {
        $group = New-TestGroup
        $users = 1..2 | ForEach-Object { New-AliyunRamUser -UserName (New-TestName) }
        $users | Add-AliyunRamGroupMember -GroupName $group
        $verbose = Remove-AliyunRamGroup $group -Force -Verbose 4>&1
        ($verbose | Where-Object { "$_" -match 'removed member' }).Count | Should -Be 2
        Get-AliyunRamGroup $group -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        @(Get-AliyunRamUser $users.UserPrincipalName).Count | Should -Be 2
    }

    It 'a user in a group cannot be deleted until it leaves' {
        $group = New-TestGroup
        $user = New-AliyunRamUser -UserName (New-TestName)
        $user | Add-AliyunRamGroupMember -GroupName $group
        $user | Remove-AliyunRamUser -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
        # Listed before anything is sent: one error that names the group (Offboarding.Tests.ps1 has the rest).
        $failed[0].FullyQualifiedErrorId | Should -Match '^UserHasBlockers,'
        $failed[0].Exception.Message | Should -Match "membership of group $group\."
        Get-AliyunRamGroup -UserPrincipalName $user.UserPrincipalName | Remove-AliyunRamGroupMember
        $user | Remove-AliyunRamUser -Confirm:$false
        Get-AliyunRamUser $user.UserPrincipalName -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Views' {
    It 'shows groups as a table of GroupName, DisplayName, Comments, CreateDate' {
        $group = New-TestGroup -DisplayName 'Shown'
        $text = Get-AliyunRamGroup $group | Format-Table | Out-String
        $text | Should -Match 'GroupName\s+DisplayName\s+Comments\s+CreateDate'
        $text | Should -Match 'Shown'
    }
}
