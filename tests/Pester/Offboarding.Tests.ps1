# Offboarding: Remove-AliyunRamUser -Force removes every blocker (AccessKeys, group memberships,
# attached policies, console logon, MFA device), and without -Force names them all.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1') -Connected
    # The groups New-Leaver put each user in, and the custom policy it attached.
    $script:GroupsOf = @{}
    $script:PolicyOf = @{}

    function script:Invoke-Control([string] $Path, [hashtable] $Body) {
        Invoke-RestMethod -Method Post -Uri ([uri]::new($Emulator.Control, $Path)) -Body ($Body | ConvertTo-Json) -ContentType 'application/json'
    }

    # A user with the blockers named: Key, Group (two groups of its own), Policy (the system policy
    # ReadOnlyAccess and a custom policy of its own), Logon, Mfa.
    function script:New-Leaver([string[]] $Blockers) {
        $upn = "$(New-TestName 'leaver')@$Domain"
        New-AliyunRamUser -UserPrincipalName $upn | Out-Null
        if ('Key' -in $Blockers) { Invoke-Control 'credentials' @{ userPrincipalName = $upn } | Out-Null }
        if ('Group' -in $Blockers) {
            $GroupsOf[$upn] = 1..2 | ForEach-Object {
                $group = New-TestName 'team'
                New-AliyunRamGroup -GroupName $group | Out-Null
                Add-AliyunRamGroupMember -GroupName $group -UserPrincipalName $upn
                $group
            }
        }
        if ('Policy' -in $Blockers) {
            $policy = New-TestName 'pol'
            $document = '{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]}'
            Invoke-Control 'policies' @{ policyName = $policy; policyDocument = $document } | Out-Null
            Grant-AliyunRamPolicy -PolicyName ReadOnlyAccess -PolicyType System -UserPrincipalName $upn
            Grant-AliyunRamPolicy -PolicyName $policy -PolicyType Custom -UserPrincipalName $upn
            $PolicyOf[$upn] = $policy
        }
        if ('Logon' -in $Blockers) {
            New-TestLoginProfile $upn (ConvertTo-SecureString 'Offboard-Pass1!' -AsPlainText -Force) | Out-Null
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

AfterAll { Stop-TestSession }

Describe 'Import-Csv leavers.csv | Remove-AliyunRamUser -Force' {
    It 'removes a user with <Blockers> and then the user' -ForEach @(
        @{ Blockers = @('Key') }
        @{ Blockers = @('Logon') }
        @{ Blockers = @('Mfa') }
        @{ Blockers = @('Group') }
        @{ Blockers = @('Policy') }
        @{ Blockers = @('Key', 'Group', 'Policy', 'Logon', 'Mfa') }
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
        if ('Group' -in $Blockers) {
            foreach ($upn in $upns) {
                foreach ($group in $GroupsOf[$upn]) {
                    $text | Should -Match "$([regex]::Escape($upn)): removed membership of group $group\."
                    # The group stays; only the membership goes.
                    Get-AliyunRamGroupMember -GroupName $group | Should -BeNullOrEmpty
                    Get-AliyunRamGroup -GroupName $group | Should -Not -BeNullOrEmpty
                }
            }
        }
        if ('Policy' -in $Blockers) {
            foreach ($upn in $upns) {
                $text | Should -Match "$([regex]::Escape($upn)): removed System policy ReadOnlyAccess\."
                $text | Should -Match "$([regex]::Escape($upn)): removed Custom policy $($PolicyOf[$upn])\."
                # The policy stays; only the attachment goes.
                (Get-AliyunRamPolicy -PolicyName $PolicyOf[$upn] -PolicyType Custom).PolicyName | Should -Be $PolicyOf[$upn]
            }
        }
        if ($Blockers.Count -eq 5) {
            # In the documented order: keys, groups, policies, console logon, MFA device, then the user.
            $steps = @($verbose | ForEach-Object Message | Where-Object { $_ -like "$($upns[0]): removed *" -or $_ -like "$($upns[0]): deleted *" })
            $kinds = $steps | ForEach-Object { ($_ -replace '^.*?: (removed|deleted) ', '') -replace '^(AccessKey|membership|System policy|Custom policy|console logon|MFA device|the user).*$', '$1' }
            $kinds | Should -Be @('AccessKey', 'membership', 'membership', 'System policy', 'Custom policy', 'console logon', 'MFA device', 'the user')
        }
        $text | Should -Match 'deleted the user'
        $text | Should -Not -Match 'Offboard-Pass1!'
    }
}

Describe 'Remove-AliyunRamUser without -Force' {
    It 'names every blocker in one error, says to use -Force and changes nothing' {
        $upn = New-Leaver 'Key', 'Group', 'Policy', 'Logon', 'Mfa'
        $before = Get-Writes
        Remove-AliyunRamUser $upn -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'UserHasBlockers,*'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $errs[0].TargetObject | Should -Be $upn
        $errs[0].Exception.Message | Should -Match 'AccessKey LTAI'
        foreach ($group in $GroupsOf[$upn]) { $errs[0].Exception.Message | Should -Match "membership of group $group\b" }
        $errs[0].Exception.Message | Should -Match 'System policy ReadOnlyAccess'
        $errs[0].Exception.Message | Should -Match "Custom policy $($PolicyOf[$upn])\b"
        $errs[0].Exception.Message | Should -Match 'console logon'
        $errs[0].Exception.Message | Should -Match 'MFA device acs:ram::'
        $errs[0].Exception.Message | Should -Match '-Force'
        $errs[0].ErrorDetails.RecommendedAction | Should -Match '-Force'
        Get-Writes | Should -Be $before
        Test-UserExists $upn | Should -BeTrue
        (Get-AliyunRamGroup -UserPrincipalName $upn).GroupName | Sort-Object | Should -Be ($GroupsOf[$upn] | Sort-Object)
        @(Get-AliyunRamPolicy -UserPrincipalName $upn).Count | Should -Be 2
    }

    It 'names the <Blocker> of a user whose only blocker is that' -ForEach @(
        @{ Blocker = 'Policy'; Named = { param($upn) "System policy ReadOnlyAccess and Custom policy $($PolicyOf[$upn])\." } }
        @{ Blocker = 'Group'; Named = { param($upn) "membership of group $($GroupsOf[$upn][0]) and membership of group $($GroupsOf[$upn][1])\." } }
    ) {
        $upn = New-Leaver $Blocker
        Remove-AliyunRamUser $upn -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'UserHasBlockers,*'
        $errs[0].Exception.Message | Should -Match (& $Named $upn)
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
        $upn = New-Leaver 'Key', 'Group', 'Policy', 'Logon', 'Mfa'
        $before = Get-Writes
        # "What if:" goes to the host, so a transcript catches it.
        $log = Join-Path $TestDrive 'whatif.txt'
        Start-Transcript -Path $log -UseMinimalHeader | Out-Null
        Remove-AliyunRamUser $upn -Force -WhatIf
        Stop-Transcript | Out-Null
        $lines = Get-Content $log | Where-Object { $_ -like 'What if:*' }
        Get-Writes | Should -Be $before
        ($lines | Where-Object { $_ -match 'Delete AccessKey LTAI' }).Count | Should -Be 1
        foreach ($group in $GroupsOf[$upn]) { ($lines | Where-Object { $_ -match "Remove from group $group\b" }).Count | Should -Be 1 }
        ($lines | Where-Object { $_ -match 'Detach System policy ReadOnlyAccess' }).Count | Should -Be 1
        ($lines | Where-Object { $_ -match "Detach Custom policy $($PolicyOf[$upn])\b" }).Count | Should -Be 1
        ($lines | Where-Object { $_ -match 'Delete login profile' }).Count | Should -Be 1
        ($lines | Where-Object { $_ -match 'Unbind MFA device' }).Count | Should -Be 1
        ($lines | Where-Object { $_ -match 'Delete RAM user' }).Count | Should -Be 1
        Test-UserExists $upn | Should -BeTrue
        (Get-AliyunRamGroup -UserPrincipalName $upn).Count | Should -Be 2
        @(Get-AliyunRamPolicy -UserPrincipalName $upn).Count | Should -Be 2
    }
}

Describe 'Remove-AliyunRamUser -Force failing part-way' {
    AfterEach { Set-EmulatorKnobs $Emulator @{ faultRate = 0; faultActions = @() } }

    # Left: the patterns the error must name (given the user, for its own groups and policy);
    # NotLeft: what was removed before the failure or never there.
    It 'names what is left when <FailingAction> fails, and finishes when run again' -ForEach @(
        @{
            FailingAction = 'DeleteLoginProfile'
            Blockers      = @('Key', 'Logon', 'Mfa')
            Left          = { param($upn) 'console logon', 'MFA device' }
            NotLeft       = @('AccessKey LTAI')
        }
        @{
            FailingAction = 'RemoveUserFromGroup'
            Blockers      = @('Key', 'Group', 'Policy', 'Logon')
            Left          = {
                param($upn)
                "Removing membership of group $($GroupsOf[$upn][0]) .*failed \(InternalError\)"
                foreach ($group in $GroupsOf[$upn]) { "membership of group $group\b" }
                'System policy ReadOnlyAccess'
                "Custom policy $($PolicyOf[$upn])\b"
                'console logon'
            }
            NotLeft       = @('AccessKey LTAI')
        }
        @{
            FailingAction = 'DetachPolicyFromUser'
            Blockers      = @('Group', 'Policy', 'Mfa')
            Left          = {
                param($upn)
                'Removing System policy ReadOnlyAccess .*failed \(InternalError\)'
                "Custom policy $($PolicyOf[$upn])\b"
                'MFA device'
            }
            NotLeft       = @('membership of group')
        }
    ) {
        $upn = New-Leaver $Blockers
        Set-EmulatorKnobs $Emulator @{ faultRate = 1; faultKinds = @('500'); faultActions = @($FailingAction) }
        Remove-AliyunRamUser $upn -Force -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'UserBlockersLeft,*'
        $errs[0].TargetObject | Should -Be $upn
        $patterns = @(& $Left $upn)
        $patterns.Count | Should -BeGreaterThan 1
        foreach ($pattern in $patterns) { $errs[0].Exception.Message | Should -Match $pattern }
        foreach ($pattern in $NotLeft) { $errs[0].Exception.Message | Should -Not -Match $pattern }
        Test-UserExists $upn | Should -BeTrue

        # Run again once the fault is gone: it finishes.
        Set-EmulatorKnobs $Emulator @{ faultRate = 0; faultActions = @() }
        Remove-AliyunRamUser $upn -Force
        Test-UserExists $upn | Should -BeFalse
    }
}
