BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1') -Connected
    $script:ConnectScript = "Import-Module '$StagedManifest'; Connect-AliyunAccount -Credential ([pscredential]::new('testid', (ConvertTo-SecureString testsecret -AsPlainText -Force))) -Endpoint '$($Emulator.Address)' -WarningAction SilentlyContinue"

    function New-PolicyUser {
        $upn = "$(New-TestName)@$Domain"
        New-AliyunRamUser -UserPrincipalName $upn | Out-Null
        $upn
    }

    function Get-AttachedNames([string] $Upn) {
        @(Get-AliyunRamPolicy -UserPrincipalName $Upn | ForEach-Object PolicyName | Sort-Object)
    }

    function New-CustomPolicy([string] $Name, [string] $Document) {
        $body = @{ policyName = $Name; policyDocument = $Document; description = 'test policy' } | ConvertTo-Json
        Invoke-RestMethod -Method Post -Uri ([uri]::new($Emulator.Control, 'policies')) -Body $body -ContentType 'application/json' | Out-Null
    }
}

AfterAll { Stop-TestSession }

Describe 'Get-AliyunRamPolicy' {
    It 'lists the system policies and filters by wildcard and type' {
        $all = @(Get-AliyunRamPolicy)
        $all.PolicyName | Should -Contain 'AdministratorAccess'
        $all.PolicyName | Should -Contain 'AliyunOSSReadOnlyAccess'
        $all[0] | Should -BeOfType AliyunAccessKey.Model.AliyunRamPolicy

        $oss = @(Get-AliyunRamPolicy 'AliyunOSS*' -PolicyType System)
        $oss.PolicyName | Sort-Object | Should -Be @('AliyunOSSFullAccess', 'AliyunOSSReadOnlyAccess')
        @(Get-AliyunRamPolicy -PolicyType custom | Where-Object PolicyType -ne 'Custom').Count | Should -Be 0
    }

    It 'gets one policy with its document when the type is given' {
        $admin = Get-AliyunRamPolicy AdministratorAccess -PolicyType System
        $admin.PolicyDocument | Should -Match '"Action":"\*"'
        $admin.DefaultVersion | Should -Be 'v1'
    }

    It 'says a named policy is not there' {
        Get-AliyunRamPolicy NoSuchPolicy -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -Match '^PolicyNotFound'
        Get-AliyunRamPolicy NoSuchPolicy -PolicyType Custom -ErrorVariable errs2 -ErrorAction SilentlyContinue
        $errs2[0].FullyQualifiedErrorId | Should -Match '^EntityNotExist\.Policy'
        $errs2[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'refuses a bad type or name without sending anything' {
        $before = Get-RequestCount $Emulator
        Get-AliyunRamPolicy -PolicyType Managed -ErrorVariable e1 -ErrorAction SilentlyContinue
        Get-AliyunRamPolicy 'bad_name' -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -Match '^InvalidPolicyType'
        $e2[0].FullyQualifiedErrorId | Should -Match '^InvalidPolicyName'
        Get-RequestCount $Emulator | Should -Be $before
    }
}

Describe 'Grant-AliyunRamPolicy and Revoke-AliyunRamPolicy for a user' {
    It 'grants and revokes, and Get-AliyunRamPolicy shows what a user has' {
        $upn = New-PolicyUser
        $granted = Grant-AliyunRamPolicy -PolicyName ReadOnlyAccess -PolicyType System -UserPrincipalName $upn -PassThru
        $granted.UserPrincipalName | Should -Be $upn
        $granted.PolicyType | Should -Be 'System'
        Get-AttachedNames $upn | Should -Be @('ReadOnlyAccess')
        (Get-AliyunRamPolicy -UserPrincipalName $upn).AttachDate.Kind | Should -Be 'Utc'

        # Granting again is what was asked for: no error.
        Grant-AliyunRamPolicy ReadOnlyAccess -PolicyType System -UserPrincipalName $upn -ErrorVariable again -ErrorAction SilentlyContinue
        $again | Should -BeNullOrEmpty

        Revoke-AliyunRamPolicy ReadOnlyAccess -PolicyType System -UserPrincipalName $upn
        Get-AttachedNames $upn | Should -BeNullOrEmpty
    }

    It 'normalizes the type and revoking what is not granted is the service''s EntityNotExist.User.Policy' {
        $upn = New-PolicyUser
        Grant-AliyunRamPolicy AliyunECSReadOnlyAccess -PolicyType system -UserPrincipalName $upn
        Get-AttachedNames $upn | Should -Be @('AliyunECSReadOnlyAccess')
        Revoke-AliyunRamPolicy AliyunOSSReadOnlyAccess -PolicyType System -UserPrincipalName $upn -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Match '^EntityNotExist\.User\.Policy'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'grants in bulk from CSV rows by property name, and bad rows send nothing while the rest go on' {
        $a = New-PolicyUser; $b = New-PolicyUser; $c = New-PolicyUser
        $rows = @"
PolicyName,PolicyType,UserPrincipalName
ReadOnlyAccess,System,$a
AliyunOSSReadOnlyAccess,System,$b
bad_name!,System,$c
ReadOnlyAccess,Managed,$c
AliyunECSReadOnlyAccess,System,$c
"@ | ConvertFrom-Csv
        $rows | Grant-AliyunRamPolicy -ThrottleLimit 4 -ErrorVariable errs -ErrorAction SilentlyContinue
        ($errs | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] } | Sort-Object) | Should -Be @('InvalidPolicyName', 'InvalidPolicyType')
        Get-AttachedNames $a | Should -Be @('ReadOnlyAccess')
        Get-AttachedNames $b | Should -Be @('AliyunOSSReadOnlyAccess')
        Get-AttachedNames $c | Should -Be @('AliyunECSReadOnlyAccess')
    }

    It 'takes a user from Get-AliyunRamUser and revokes what Get-AliyunRamPolicy lists' {
        $upn = New-PolicyUser
        Get-AliyunRamUser $upn | Grant-AliyunRamPolicy -PolicyName AliyunRAMReadOnlyAccess -PolicyType System
        Get-AttachedNames $upn | Should -Be @('AliyunRAMReadOnlyAccess')
        Get-AliyunRamPolicy -UserPrincipalName $upn | Revoke-AliyunRamPolicy -Confirm:$false
        Get-AttachedNames $upn | Should -BeNullOrEmpty
    }

    It 'sends nothing with -WhatIf' {
        $upn = New-PolicyUser
        $before = Get-RequestCount $Emulator
        Grant-AliyunRamPolicy ReadOnlyAccess -PolicyType System -UserPrincipalName $upn -WhatIf
        Grant-AliyunRamPolicy AdministratorAccess -PolicyType System -UserPrincipalName $upn -Force -WhatIf
        Revoke-AliyunRamPolicy ReadOnlyAccess -PolicyType System -UserPrincipalName $upn -WhatIf
        Get-RequestCount $Emulator | Should -Be $before
    }

    It 'refuses an unknown policy with the service''s code' {
        $upn = New-PolicyUser
        Grant-AliyunRamPolicy NoSuchPolicy -PolicyType Custom -UserPrincipalName $upn -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Match '^EntityNotExist\.Policy'
    }
}

Describe 'Grant-AliyunRamPolicy and Revoke-AliyunRamPolicy for a group' {
    It 'grants to a group, lists and revokes, and a CSV GroupName column binds' {
        $group = "g$(New-TestName)"
        New-AliyunRamGroup -GroupName $group | Out-Null
        $granted = Grant-AliyunRamPolicy ReadOnlyAccess -PolicyType System -GroupName $group -PassThru
        $granted.GroupName | Should -Be $group
        "PolicyName,PolicyType,GroupName`nAliyunOSSReadOnlyAccess,System,$group" | ConvertFrom-Csv | Grant-AliyunRamPolicy
        (Get-AliyunRamPolicy -GroupName $group).PolicyName | Sort-Object | Should -Be @('AliyunOSSReadOnlyAccess', 'ReadOnlyAccess')
        (Get-AliyunRamPolicy -GroupName $group -PolicyName 'AliyunOSS*').PolicyName | Should -Be 'AliyunOSSReadOnlyAccess'

        Get-AliyunRamPolicy -GroupName $group | Revoke-AliyunRamPolicy -Confirm:$false
        Get-AliyunRamPolicy -GroupName $group | Should -BeNullOrEmpty
        Remove-AliyunRamGroup $group -Confirm:$false
    }

    It 'refuses a bad group name, no principal or both without sending anything' {
        $before = Get-RequestCount $Emulator
        Grant-AliyunRamPolicy ReadOnlyAccess -PolicyType System -GroupName 'bad group!' -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -Match '^InvalidGroupName'
        "PolicyName,PolicyType,UserPrincipalName,GroupName`nReadOnlyAccess,System,,`nReadOnlyAccess,System,a@$Domain,dev" | ConvertFrom-Csv |
            Revoke-AliyunRamPolicy -ErrorVariable e2 -ErrorAction SilentlyContinue
        @($e2 | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] }) | Should -Be @('InvalidPrincipal', 'InvalidPrincipal')
        Get-RequestCount $Emulator | Should -Be $before
    }

    It 'Remove-AliyunRamGroup refuses a group with a policy, and -Force detaches it first' {
        $group = "g$(New-TestName)"
        New-AliyunRamGroup -GroupName $group | Out-Null
        $count = (Get-AliyunRamPolicy AliyunECSReadOnlyAccess -PolicyType System).AttachmentCount
        Grant-AliyunRamPolicy AliyunECSReadOnlyAccess -PolicyType System -GroupName $group
        Remove-AliyunRamGroup $group -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Match '^DeleteConflict\.Group\.Policy'

        $verbose = Remove-AliyunRamGroup $group -Force -Verbose 4>&1 | Out-String
        $verbose | Should -Match 'detached System policy AliyunECSReadOnlyAccess'
        Get-AliyunRamGroup $group -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        (Get-AliyunRamPolicy AliyunECSReadOnlyAccess -PolicyType System).AttachmentCount | Should -Be $count
    }
}

Describe 'Granting full access' {
    It 'warns about AdministratorAccess and grants it with -Force' {
        $upn = New-PolicyUser
        Grant-AliyunRamPolicy AdministratorAccess -PolicyType System -UserPrincipalName $upn -Force -WarningVariable warnings -WarningAction SilentlyContinue
        ($warnings | Out-String) | Should -Match 'allows every action on every resource'
        Get-AttachedNames $upn | Should -Be @('AdministratorAccess')
        Revoke-AliyunRamPolicy AdministratorAccess -PolicyType System -UserPrincipalName $upn
    }

    It 'does not grant it without confirmation in an unattended session, even with -Confirm:$false' {
        $upn = New-PolicyUser
        $script = "$ConnectScript; Grant-AliyunRamPolicy AdministratorAccess -PolicyType System -UserPrincipalName '$upn' -Confirm:`$false -WarningAction SilentlyContinue -ErrorVariable e -ErrorAction SilentlyContinue; 'ERRORID=' + `$e[0].FullyQualifiedErrorId"
        $out = Invoke-Pwsh -NoProfile -NonInteractive -Command $script 2>&1 | Out-String
        $out | Should -Match 'ERRORID=FullAccessNeedsConfirmation'
        Get-AttachedNames $upn | Should -BeNullOrEmpty
    }

    It 'reads a custom policy''s document: Allow ["*"] on "*" warns, a narrow one does not' {
        $wide = "wide-$(New-TestName)"; $narrow = "narrow-$(New-TestName)"
        New-CustomPolicy $wide '{"Version":"1","Statement":[{"Effect":"Allow","Action":["*"],"Resource":"*"}]}'
        New-CustomPolicy $narrow '{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]}'
        $upn = New-PolicyUser
        Grant-AliyunRamPolicy $narrow -PolicyType Custom -UserPrincipalName $upn -WarningVariable w1
        $w1 | Should -BeNullOrEmpty
        Grant-AliyunRamPolicy $wide -PolicyType Custom -UserPrincipalName $upn -Force -WarningVariable w2 -WarningAction SilentlyContinue
        ($w2 | Out-String) | Should -Match $wide
        Get-AttachedNames $upn | Should -Be (@($narrow, $wide) | Sort-Object)

        $script = "$ConnectScript; Grant-AliyunRamPolicy '$wide' -PolicyType Custom -UserPrincipalName '$(New-PolicyUser)' -WarningAction SilentlyContinue -ErrorVariable e -ErrorAction SilentlyContinue; 'ERRORID=' + `$e[0].FullyQualifiedErrorId"
        Invoke-Pwsh -NoProfile -NonInteractive -Command $script 2>&1 | Out-String | Should -Match 'ERRORID=FullAccessNeedsConfirmation'
    }

    It 'fetches each policy''s document once per invocation' {
        $wide = "wide-$(New-TestName)"
        New-CustomPolicy $wide '{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":["*"]}]}'
        $users = 1..3 | ForEach-Object { New-PolicyUser }
        $before = (Get-EmulatorCounters $Emulator).actions.GetPolicy
        $users | ForEach-Object { [pscustomobject]@{ PolicyName = $wide; PolicyType = 'Custom'; UserPrincipalName = $_ } } |
            Grant-AliyunRamPolicy -Force -WarningAction SilentlyContinue
        (Get-EmulatorCounters $Emulator).actions.GetPolicy - [int]$before | Should -Be 1
        $users | ForEach-Object { Get-AttachedNames $_ | Should -Be @($wide) }
    }
}

Describe 'A user with a policy' {
    It 'cannot be removed without -Force: one error names the policy, and nothing is sent to delete' {
        $upn = New-PolicyUser
        Grant-AliyunRamPolicy ReadOnlyAccess -PolicyType System -UserPrincipalName $upn
        Remove-AliyunRamUser $upn -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        # Listed before anything is sent (Offboarding.Tests.ps1 has the rest).
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'UserHasBlockers,*'
        $errs[0].Exception.Message | Should -Match 'System policy ReadOnlyAccess'
        Get-AliyunRamUser $upn | Should -Not -BeNullOrEmpty
    }
}
