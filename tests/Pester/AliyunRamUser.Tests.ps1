BeforeAll { . (Join-Path $PSScriptRoot 'common.ps1') -Connected }

AfterAll { Stop-TestSession }

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

    # Needs the emulator of issue 12 (POST /_emulator/users/status; no Status lists active users only).
    It 'lists a frozen user with the rest, and -Status picks one state' {
        $frozen = New-AliyunRamUser -UserPrincipalName "frozen$(New-TestName)@$Domain"
        Invoke-RestMethod -Method Post -Uri ([uri]::new($Emulator.Control, 'users/status')) -ContentType 'application/json' -Body (@{ userPrincipalName = $frozen.UserPrincipalName; status = 'freeze' } | ConvertTo-Json) | Out-Null
        $all = Get-AliyunRamUser
        ($all | Where-Object UserPrincipalName -eq $frozen.UserPrincipalName).Status | Should -Be 'freeze'
        ($all | Where-Object UserPrincipalName -eq $Known[0].UserPrincipalName).Status | Should -Be 'active'
        (Get-AliyunRamUser -Status Frozen).UserPrincipalName | Should -Contain $frozen.UserPrincipalName
        (Get-AliyunRamUser -Status Active).UserPrincipalName | Should -Not -Contain $frozen.UserPrincipalName
        (Get-AliyunRamUser $frozen.UserPrincipalName -Status Frozen).UserId | Should -Be $frozen.UserId
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
        # Found by listing before DeleteUser: one error that names the blocker (see Offboarding.Tests.ps1).
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'UserHasBlockers,*'
        $errs[0].ErrorDetails.RecommendedAction | Should -Match '-Force'
        Get-AliyunRamUser $upn | Should -Not -BeNullOrEmpty
        Remove-AliyunRamUser $upn -Force
        Get-AliyunRamUser $upn -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'deletes piped users and sends nothing with -WhatIf, even with -Force' {
        $users = 1..2 | ForEach-Object { New-AliyunRamUser -UserPrincipalName "$(New-TestName)@$Domain" }
        # -WhatIf lists each user's blockers (reads) but changes nothing.
        $writes = { (Get-EmulatorCounters $Emulator).actions.PSObject.Properties | Where-Object Name -match '^(Delete|Unbind|Update|Create)' | Measure-Object Value -Sum | ForEach-Object Sum }
        $before = & $writes
        $users | Remove-AliyunRamUser -Force -WhatIf
        & $writes | Should -Be $before
        $users | Remove-AliyunRamUser -Confirm:$false
        $users | Get-AliyunRamUser -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

# ListUsers answers only active users when Status is left out. The fake answers as the real service
# does, with pages of the official example's shape: frozen users ("Status":"freeze") and
# LastLoginDate in epoch milliseconds. Needs no emulator feature.
Describe 'Get-AliyunRamUser and frozen users' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'FakeAliyun.ps1')
        $script:Fake = New-FakeAliyun
        $active = '{"DisplayName":"test","UserPrincipalName":"test@example.onaliyun.com","Email":"alice@example.com","UpdateDate":"2023-08-21T06:12:47Z","MobilePhone":"86-1868888****","UserId":"20732900249392****","Comments":"This is a cloud computing engineer.","LastLoginDate":"1692598367586","CreateDate":"2020-08-25T09:23:57Z","ProvisionType":"Manual","Status":"active","Tags":{"Tag":[{"TagKey":"oparator","TagValue":"alice"}]}}'
        $frozen1 = '{"DisplayName":"frozen one","UserPrincipalName":"frozen1@example.onaliyun.com","UpdateDate":"2024-01-02T03:04:05Z","UserId":"20732900249393****","LastLoginDate":"1700000000000","CreateDate":"2021-01-01T00:00:00Z","ProvisionType":"Manual","Status":"freeze","Tags":{"Tag":[]}}'
        $frozen2 = '{"DisplayName":"frozen two","UserPrincipalName":"frozen2@example.onaliyun.com","UserId":"20732900249394****","CreateDate":"2022-02-02T00:00:00Z","ProvisionType":"Manual","Status":"freeze"}'
        function Page([string[]] $Users) { '{"RequestId":"4B450CA1-36E8-4AA2-8461-86B42BF4CC4E","IsTruncated":false,"Users":{"User":[' + ($Users -join ',') + ']}}' }
        function Basic([string[]] $Users) {
            $infos = $Users | ConvertFrom-Json | ForEach-Object { @{ UserPrincipalName = $_.UserPrincipalName; DisplayName = $_.DisplayName; UserId = $_.UserId; Status = $_.Status } | ConvertTo-Json -Compress }
            '{"RequestId":"EF2B25FD-CADE-445B-BE4D-E082E0FF1A0F","IsTruncated":false,"UserBasicInfos":{"UserBasicInfo":[' + ($infos -join ',') + ']}}'
        }
        foreach ($action in 'ListUsers', 'ListUserBasicInfos') {
            $shape = if ($action -eq 'ListUsers') { ${function:Page} } else { ${function:Basic} }
            $Fake.Answer($action, '', (& $shape @($active)))   # no Status: active users only
            $Fake.Answer($action, 'active', (& $shape @($active)))
            $Fake.Answer($action, 'freeze', (& $shape @($frozen1, $frozen2)))
            $Fake.Answer($action, 'active,freeze', (& $shape @($active, $frozen1, $frozen2)))
        }
        $script:FakeContext = Connect-FakeAliyun $Fake
        Connect-TestEmulator $Emulator   # the emulator stays the current connection for the other tests
        function script:ListRequests { @($Fake.Requests | Where-Object Action -eq 'ListUsers') }
    }

    AfterAll {
        $Fake.Dispose()
    }

    BeforeEach {
        $Fake.Clear()
    }

    It 'lists every user, frozen ones too, with Status and an epoch-ms LastLoginDate read' {
        $users = Get-AliyunRamUser -Context $FakeContext
        $users.UserPrincipalName | Should -Be @('test@example.onaliyun.com', 'frozen1@example.onaliyun.com', 'frozen2@example.onaliyun.com')
        $users.Status | Should -Be @('active', 'freeze', 'freeze')
        $users[0].LastLoginDate | Should -Be ([datetime]::new(2023, 8, 21, 6, 12, 47, 586, [DateTimeKind]::Utc))
        $users[0].LastLoginDate.Kind | Should -Be 'Utc'
        $users[1].LastLoginDate | Should -Be ([datetime]::new(2023, 11, 14, 22, 13, 20, [DateTimeKind]::Utc))
        $users[2].LastLoginDate | Should -BeNullOrEmpty
        $sent = ListRequests
        $sent.Count | Should -Be 1
        $sent[0].Status | Should -BeExactly 'active,freeze'
        $sent[0].Query['MaxItems'] | Should -Be '1000'
    }

    It '-Status <Status> lists only those users (Status=<Sent>)' -ForEach @(
        @{ Status = 'Frozen'; Sent = 'freeze'; Expected = @('frozen1@example.onaliyun.com', 'frozen2@example.onaliyun.com') }
        @{ Status = 'Active'; Sent = 'active'; Expected = @('test@example.onaliyun.com') }
    ) {
        (Get-AliyunRamUser -Context $FakeContext -Status $Status).UserPrincipalName | Should -Be $Expected
        (ListRequests).Status | Should -BeExactly $Sent
    }

    It '-Status with exact names finds them in the filtered list (GetUser does not say a user''s state)' {
        $found = 'frozen2@example.onaliyun.com', 'test@example.onaliyun.com' | Get-AliyunRamUser -Context $FakeContext -Status Frozen
        $found.UserPrincipalName | Should -Be 'frozen2@example.onaliyun.com'
        @($Fake.Requests | Where-Object Action -eq 'GetUser').Count | Should -Be 0
        (ListRequests).Status | Should -BeExactly 'freeze' -Because 'the names are looked for in one listing'
        'nobody@example.onaliyun.com' | Get-AliyunRamUser -Context $FakeContext -Status Frozen | Should -BeNullOrEmpty
    }

    It 'refuses -Status Suspended before sending anything' {
        $err = { Get-AliyunRamUser -Context $FakeContext -Status Suspended } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'CannotConvertArgumentNoMessage,*'
        $err.Exception.Message | Should -Match 'Active.*Frozen'
        (ListRequests).Count | Should -Be 0
    }

    It 'shows each user''s status in the default table view' {
        $table = Get-AliyunRamUser -Context $FakeContext | Out-String -Width 200
        $table | Should -Match '(?m)^\s*UserPrincipalName\s+DisplayName\s+UserId\s+Status\b'
        $table | Should -Match '(?m)^frozen1@example\.onaliyun\.com\s.*\bfreeze\b'
        $table | Should -Match '(?m)^test@example\.onaliyun\.com\s.*\bactive\b'
    }

    It 'offers frozen users to tab completion' {
        try {
            Connect-FakeAliyun $Fake | Out-Null
            $line = 'Remove-AliyunRamUser -UserPrincipalName frozen'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText |
                Should -Be @('frozen1@example.onaliyun.com', 'frozen2@example.onaliyun.com')
            @($Fake.Requests | Where-Object Action -eq 'ListUserBasicInfos').Status | Should -BeExactly 'active,freeze'
        } finally {
            Connect-TestEmulator $Emulator
        }
    }
}

# IMS documents no error codes; the emulator moves to RAM's pattern InvalidParameter.<Param>.InvalidChars
# / .Length / .Format. Whatever the suffix, a refusal of a parameter is InvalidArgument with the
# service's code as ErrorId. (A guard: the mapping matches the InvalidParameter family by prefix.)
Describe 'Validation codes of the service, old and new' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'FakeAliyun.ps1')
        $script:CodeFake = New-FakeAliyun
        $script:CodeContext = Connect-FakeAliyun $CodeFake
        Connect-TestEmulator $Emulator
    }

    AfterAll {
        $CodeFake.Dispose()
    }

    It '<_> is InvalidArgument, reported once, nothing retried' -ForEach @(
        'InvalidParameter.UserPrincipalName.InvalidChars', 'InvalidParameter.UserPrincipalName.Length',
        'InvalidParameter.UserPrincipalName.Format', 'InvalidParameter.DisplayName.Length', 'InvalidParameter'
    ) {
        $CodeFake.Clear()
        $CodeFake.Answer('CreateUser', 400, (@{ RequestId = 'fake'; HostId = 'ims.aliyuncs.com'; Code = $_; Message = "The parameter - `"UserPrincipalName`" contains invalid chars." } | ConvertTo-Json -Compress))
        New-AliyunRamUser -UserPrincipalName 'bob@example.onaliyun.com' -Context $CodeContext -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        ($errs[0].FullyQualifiedErrorId -split ',')[0] | Should -BeExactly $_
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].TargetObject | Should -Be 'bob@example.onaliyun.com'
        @($CodeFake.Requests | Where-Object Action -eq 'CreateUser').Count | Should -Be 1
    }
}

Describe 'Get-AliyunRamUser -IncludeAccess' {
    BeforeAll {
        # Two users under one prefix: $Full is in two groups, has two policies, can log on and has an
        # MFA device; $Bare has none of these.
        $script:Prefix = New-TestName 'acc'
        $script:Full = New-AliyunRamUser -UserPrincipalName "$($Prefix)full@$Domain"
        $script:Bare = New-AliyunRamUser -UserPrincipalName "$($Prefix)bare@$Domain"
        $script:FullGroups = 1..2 | ForEach-Object {
            $group = New-TestName 'team'
            New-AliyunRamGroup -GroupName $group | Out-Null
            Add-AliyunRamGroupMember -GroupName $group -UserPrincipalName $Full.UserPrincipalName
            $group
        }
        $script:FullPolicies = 'ReadOnlyAccess', 'AliyunOSSReadOnlyAccess'
        $FullPolicies | ForEach-Object { Grant-AliyunRamPolicy -PolicyName $_ -PolicyType System -UserPrincipalName $Full.UserPrincipalName }
        New-TestLoginProfile $Full.UserPrincipalName (ConvertTo-SecureString 'Access-Pass1!' -AsPlainText -Force) | Out-Null
        Invoke-RestMethod -Method Post -Uri ([uri]::new($Emulator.Control, 'users/mfa')) -ContentType 'application/json' -Body (@{ userPrincipalName = $Full.UserPrincipalName } | ConvertTo-Json) | Out-Null

        function script:Get-ActionCounts {
            $actions = (Get-EmulatorCounters $Emulator).actions
            $counts = @{}
            foreach ($name in 'ListUsers', 'ListGroupsForUser', 'ListPoliciesForUser', 'GetLoginProfile', 'GetUserMFAInfo') { $counts[$name] = [int]$actions.$name }
            $counts['requests'] = Get-RequestCount $Emulator
            $counts
        }
    }

    AfterEach { Set-EmulatorKnobs $Emulator @{ faultRate = 0; faultActions = @() } }

    It 'adds the group and policy names, console logon and MFA device of each listed user' {
        $users = Get-AliyunRamUser "$Prefix*" -IncludeAccess
        @($users).Count | Should -Be 2
        $full = $users | Where-Object UserPrincipalName -eq $Full.UserPrincipalName
        $bare = $users | Where-Object UserPrincipalName -eq $Bare.UserPrincipalName
        $full.Groups | Should -Be $FullGroups
        ($full.AttachedPolicies | Sort-Object) | Should -Be ($FullPolicies | Sort-Object)
        $full.HasConsoleLogon | Should -BeTrue
        $full.HasMfaDevice | Should -BeTrue
        # Asked and none: an empty list and false, never null.
        $bare.Groups.Count | Should -Be 0
        $null -eq $bare.Groups | Should -BeFalse
        $bare.AttachedPolicies.Count | Should -Be 0
        $null -eq $bare.AttachedPolicies | Should -BeFalse
        $bare.HasConsoleLogon | Should -BeExactly $false
        $bare.HasMfaDevice | Should -BeExactly $false
        $full.psobject.TypeNames[0] | Should -Be 'AliyunAccessKey.Model.AliyunRamUser#Access'
        $full.psobject.BaseObject | Should -BeOfType AliyunAccessKey.Model.AliyunRamUser
    }

    It 'adds them to users got by name, from the pipeline and by id' {
        (Get-AliyunRamUser $Full.UserPrincipalName -IncludeAccess).Groups | Should -Be $FullGroups
        $piped = $Full, $Bare | Get-AliyunRamUser -IncludeAccess
        ($piped | Where-Object UserPrincipalName -eq $Full.UserPrincipalName).HasMfaDevice | Should -BeTrue
        ($piped | Where-Object UserPrincipalName -eq $Bare.UserPrincipalName).HasMfaDevice | Should -BeExactly $false
        (Get-AliyunRamUser -UserId $Full.UserId -IncludeAccess).HasConsoleLogon | Should -BeTrue
    }

    It 'leaves them null without the switch' {
        $plain = Get-AliyunRamUser $Full.UserPrincipalName
        $plain.Groups | Should -Be $null
        $plain.AttachedPolicies | Should -Be $null
        $plain.HasConsoleLogon | Should -Be $null
        $plain.HasMfaDevice | Should -Be $null
        $plain.psobject.TypeNames[0] | Should -Be 'AliyunAccessKey.Model.AliyunRamUser'
    }

    It 'plain listing sends one request per page; -IncludeAccess adds four per matching user only' {
        $before = Get-ActionCounts
        $all = Get-AliyunRamUser -PageSize 100
        $after = Get-ActionCounts
        $pages = [math]::Ceiling(@($all).Count / 100)
        $after.ListUsers - $before.ListUsers | Should -Be $pages
        $after.requests - $before.requests | Should -Be $pages
        foreach ($name in 'ListGroupsForUser', 'ListPoliciesForUser', 'GetLoginProfile', 'GetUserMFAInfo') { $after[$name] - $before[$name] | Should -Be 0 }

        $before = Get-ActionCounts
        Get-AliyunRamUser "$Prefix*" -IncludeAccess -PageSize 100 | Out-Null
        $after = Get-ActionCounts
        $after.ListUsers - $before.ListUsers | Should -Be $pages
        foreach ($name in 'ListGroupsForUser', 'ListPoliciesForUser', 'GetLoginProfile', 'GetUserMFAInfo') { $after[$name] - $before[$name] | Should -Be 2 -Because "$name is sent for each of the two matches" }
        $after.requests - $before.requests | Should -Be ($pages + 8)
    }

    It 'shows them in the table and list views, and the plain views do not' {
        $table = Get-AliyunRamUser $Full.UserPrincipalName -IncludeAccess | Format-Table | Out-String -Width 400
        $table | Should -Match 'Groups\s+AttachedPolicies\s+ConsoleLogon\s+Mfa'
        $table | Should -Match ([regex]::Escape($FullGroups -join ', '))
        $table | Should -Match ([regex]::Escape($FullPolicies -join ', '))
        $list = Get-AliyunRamUser $Full.UserPrincipalName -IncludeAccess | Format-List | Out-String -Width 400
        $list | Should -Match "AttachedPolicies\s*:\s*$([regex]::Escape($FullPolicies -join ', '))"
        $list | Should -Match 'HasConsoleLogon\s*:\s*True'
        $list | Should -Match 'HasMfaDevice\s*:\s*True'
        Get-AliyunRamUser $Full.UserPrincipalName | Format-Table | Out-String -Width 400 | Should -Not -Match 'ConsoleLogon'
        Get-AliyunRamUser $Full.UserPrincipalName | Format-List | Out-String -Width 400 | Should -Not -Match 'HasMfaDevice'
    }

    It 'reports a user whose access cannot be read as that user''s error and goes on' {
        Set-EmulatorKnobs $Emulator @{ faultRate = 1; faultKinds = @('500'); faultActions = @('GetUserMFAInfo') }
        $got = Get-AliyunRamUser "$Prefix*" -IncludeAccess -ErrorVariable errs -ErrorAction SilentlyContinue
        $got | Should -BeNullOrEmpty
        $errs.Count | Should -Be 2
        ($errs.TargetObject | Sort-Object) | Should -Be (@($Full.UserPrincipalName, $Bare.UserPrincipalName) | Sort-Object)
        $errs | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'InternalError,*' }
    }
}
