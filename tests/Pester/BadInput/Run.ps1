# Dot-sourced in BeforeAll by the Hardening.BadInput.*.Tests.ps1 files: an emulator, a connected
# RAM user, fixtures, and Invoke-BadInputCase, which runs one case and checks everything about it.
. (Join-Path $PSScriptRoot '../common.ps1')
Import-Module $StagedManifest -Force
$script:SavedEnv = Get-ChildItem env: | Where-Object Name -like 'ALIBABA_CLOUD_*'
$script:SavedHome = $env:HOME
Get-ChildItem env: | Where-Object Name -like 'ALIBABA_CLOUD_*' | ForEach-Object { Remove-Item "env:$($_.Name)" }
# Nothing here may reach the real ECS metadata address or a real profile.
$env:ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true'
$env:HOME = Join-Path $TestDrive 'home'
New-Item -ItemType Directory -Path $env:HOME | Out-Null

$script:Emulator = Start-TestEmulator
$script:Domain = $Emulator.Domain
$Domain | Should -Be 'example.onaliyun.com' -Because 'the cases are written for the emulator''s default domain'

# The control endpoint through one HttpClient: Invoke-RestMethod costs ~5 ms a call, and
# every case reads the counters twice.
$script:Http = [System.Net.Http.HttpClient]::new()
$script:CountersUri = [uri]::new($Emulator.Control, 'counters')
$script:CredentialsUri = [uri]::new($Emulator.Control, 'credentials')
function script:Get-Counters { $Http.GetStringAsync($CountersUri).GetAwaiter().GetResult() | ConvertFrom-Json }
function script:New-EmulatorKey([string] $Upn) {
    $content = [System.Net.Http.StringContent]::new((@{ userPrincipalName = $Upn } | ConvertTo-Json -Compress), [Text.Encoding]::UTF8, 'application/json')
    $Http.PostAsync($CredentialsUri, $content).GetAwaiter().GetResult().EnsureSuccessStatusCode().Content.ReadAsStringAsync().GetAwaiter().GetResult() | ConvertFrom-Json
}
function script:ConvertTo-Credential([string] $Id, [string] $Secret) {
    $secure = [securestring]::new()
    foreach ($ch in $Secret.ToCharArray()) { $secure.AppendChar($ch) }
    [pscredential]::new($Id, $secure)
}

# Connected as a RAM user: every cmdlet works, and no root-key prompt can block a test.
$callerKey = New-EmulatorKey "caller$(New-TestName)@$Domain"
$script:CallerCredential = ConvertTo-Credential $callerKey.accessKeyId $callerKey.accessKeySecret
Connect-AliyunAccount -Credential $CallerCredential -Endpoint $Emulator.Address -MetadataEndpoint $Emulator.Address
$script:CallerArn = (Get-AliyunContext).Arn

# Two users with two keys each: key 0 for Test-AliyunAccessKey, key 1 for Disable/Enable.
$script:Fixture = foreach ($i in 1, 2) {
    $upn = "fix$i$(New-TestName)@$Domain"
    $k0 = New-EmulatorKey $upn
    $k1 = New-EmulatorKey $upn
    [pscustomobject]@{
        Upn        = $upn
        UserId     = (Get-AliyunRamUser $upn).UserId
        TestKey    = ConvertTo-Credential $k0.accessKeyId $k0.accessKeySecret
        ChangeKeyId = $k1.accessKeyId
    }
}
$script:ListedKey = @(Get-AliyunAccessKey $Fixture[0].Upn)[0]
# Seeded users user000001… (no keys): fresh targets for New-AliyunAccessKey and Remove-AliyunRamUser.
Add-EmulatorUsers $Emulator 400 | Out-Null
$script:NextSeed = 0
function script:Get-SeededUsers([int] $Count) { 1..$Count | ForEach-Object { $script:NextSeed++; 'user{0:D6}@{1}' -f $NextSeed, $Domain } }
New-AliyunRamUser -UserName (New-TestName 'prime') | Out-Null   # caches the default domain
# Two groups, each with a fixture user as its member: read by the group cases, and {GROUP} for the member cases.
$script:FixtureGroups = foreach ($i in 0, 1) {
    $g = (New-AliyunRamGroup -GroupName (New-TestName "grp$i") -Confirm:$false).GroupName
    Add-AliyunRamGroupMember -GroupName $g -UserPrincipalName $Fixture[$i].Upn -Confirm:$false
    $g
}
# A system policy every account has, and that allows less than everything (Grant asks before granting full access).
$script:GoodPolicy = 'ReadOnlyAccess'
function script:New-FreshGroups([int] $Count, [string[]] $Members = @()) {
    1..$Count | ForEach-Object {
        $g = (New-AliyunRamGroup -GroupName (New-TestName 'fresh') -Confirm:$false).GroupName
        if ($Members) { $Members | Add-AliyunRamGroupMember -GroupName $g -Confirm:$false }
        $g
    }
}

function script:Expand($Value, [hashtable] $Ctx) {
    if ($null -eq $Value) { return , $null }
    if ($Value -is [string]) {
        switch ($Value) {
            '{ENDPOINT}' { return $Emulator.Address }
            '{CALLER}' { return $CallerCredential }
        }
        $s = $Value
        foreach ($k in $Ctx.Keys) { $s = $s.Replace("{$k}", [string]$Ctx[$k]) }
        return $s
    }
    if ($Value -is [System.Collections.Specialized.OrderedDictionary]) {
        $row = [ordered]@{}
        foreach ($k in $Value.Keys) { $row[$k] = Expand $Value[$k] $Ctx }
        return [pscustomobject]$row
    }
    if ($Value -is [hashtable] -and $Value.ContainsKey('__cred')) { return ConvertTo-Credential $Value.__cred[0] $Value.__cred[1] }
    if ($Value -is [hashtable] -and $Value.ContainsKey('__listedkey')) { return $ListedKey }
    if ($Value -is [System.Management.Automation.PSObject] -and $Value.PSObject.BaseObject -is [System.Management.Automation.PSCustomObject]) {
        $row = [ordered]@{}
        foreach ($p in $Value.PSObject.Properties) { $row[$p.Name] = Expand $p.Value $Ctx }
        return [pscustomobject]$row
    }
    , $Value
}

# Two good inputs of a kind, the action each sends once, and how to see they were processed.
function script:New-GoodInputs([string] $Kind) {
    $fresh = { "good$(New-TestName)@$Domain" }
    switch ($Kind) {
        'UpnRead' {
            @{ Items = @($Fixture.Upn); Action = 'GetUser'; Expect = @($Fixture.Upn); Property = 'UserPrincipalName' }
        }
        'UserIdRow' {
            @{ Items = @($Fixture | ForEach-Object { [pscustomobject]@{ UserId = $_.UserId } }); Action = 'GetUser'; Expect = @($Fixture.Upn); Property = 'UserPrincipalName' }
        }
        'KeyIdLookupRow' {
            @{ Items = @($Fixture | ForEach-Object { [pscustomobject]@{ AccessKeyId = $_.ChangeKeyId } }); Action = 'GetUser'; Expect = @($Fixture.Upn); Property = 'UserPrincipalName' }
        }
        'NewUserRow' {
            $upns = @((& $fresh), (& $fresh))
            @{ Items = @($upns | ForEach-Object { [pscustomobject]@{ UserPrincipalName = $_ } }); Action = 'CreateUser'; Expect = $upns; Property = 'UserPrincipalName' }
        }
        'NewUserValue' {
            $upns = @((& $fresh), (& $fresh))
            @{ Items = $upns; Action = 'CreateUser'; Expect = $upns; Property = 'UserPrincipalName' }
        }
        'EnableValue' {
            # The caller's own key, enabled again: harmless, and an ID alone means the caller's key.
            @{ Items = @($CallerCredential.UserName, $CallerCredential.UserName); Action = 'UpdateAccessKey'; Expect = @() }
        }
        'NewUserNameRow' {
            $names = @((New-TestName 'good'), (New-TestName 'good'))
            @{ Items = @($names | ForEach-Object { [pscustomobject]@{ UserName = $_ } }); Action = 'CreateUser'; Expect = @($names | ForEach-Object { "$_@$Domain" }); Property = 'UserPrincipalName' }
        }
        'SetUserValue' {
            @{ Items = @($Fixture.Upn); Action = 'UpdateUser'; Expect = @($Fixture.Upn); Property = 'UserPrincipalName' }
        }
        'SetUserRow' {
            @{ Items = @($Fixture | ForEach-Object { [pscustomobject]@{ UserPrincipalName = $_.Upn; DisplayName = 'Good row' } }); Action = 'UpdateUser'; Expect = @($Fixture.Upn); Property = 'UserPrincipalName' }
        }
        'RemoveUser' {
            # Before it deletes, Remove-AliyunRamUser reads what would block the delete (keys, logon,
            # MFA, groups, policies...): how many reads that is per user is the cmdlet's business, so
            # the case is measured against the same run without the bad input (Calibrate).
            @{ Items = @(Get-SeededUsers 2); Action = 'DeleteUser'; Expect = @(); Calibrate = $true }
        }
        'NewKey' {
            $upns = @(Get-SeededUsers 2)
            @{ Items = $upns; Action = 'CreateAccessKey'; Expect = $upns; Property = 'UserPrincipalName' }
        }
        'ListKeys' {
            @{ Items = @($Fixture.Upn); Action = 'ListAccessKeys'; Expect = @($Fixture.Upn); Property = 'UserPrincipalName' }
        }
        'ChangeKeyRow' {
            @{ Items = @($Fixture | ForEach-Object { [pscustomobject]@{ AccessKeyId = $_.ChangeKeyId; UserPrincipalName = $_.Upn } }); Action = 'UpdateAccessKey'; Expect = @() }
        }
        'RestoreKeyRow' {
            # Two users, each with a key deleted into its recycle bin; the rows carry the UserId,
            # as Get-AliyunAccessKey -InRecycleBin gives it, so each restore is one request.
            $keys = 1..2 | ForEach-Object {
                $u = & $fresh; $k = New-EmulatorKey $u
                Remove-AliyunAccessKey -AccessKeyId $k.accessKeyId -UserPrincipalName $u -Force
                [pscustomobject]@{ AccessKeyId = $k.accessKeyId; UserPrincipalName = $u; UserId = (Get-AliyunRamUser -UserPrincipalName $u).UserId }
            }
            @{ Items = @($keys); Action = 'RestoreAccessKeyFromRecycleBin'; Expect = @() }
        }
        'BinUserRow' {
            # Two users deleted into the user recycle bin, as rows of Get-AliyunRamUser -InRecycleBin.
            $users = 1..2 | ForEach-Object {
                $u = New-AliyunRamUser -UserPrincipalName (& $fresh)
                Remove-AliyunRamUser -UserPrincipalName $u.UserPrincipalName -Force
                [pscustomobject]@{ UserPrincipalName = $u.UserPrincipalName; UserId = $u.UserId }
            }
            @{ Items = @($users); Action = 'RestoreUserFromRecycleBin'; Expect = @() }
        }
        'PurgeUserRow' {
            $users = 1..2 | ForEach-Object {
                $u = New-AliyunRamUser -UserPrincipalName (& $fresh)
                Remove-AliyunRamUser -UserPrincipalName $u.UserPrincipalName -Force
                [pscustomobject]@{ UserPrincipalName = $u.UserPrincipalName; UserId = $u.UserId }
            }
            @{ Items = @($users); Action = 'DeleteUserInRecycleBin'; Expect = @() }
        }
        'RemoveKeyRow' {
            $keys = 1..2 | ForEach-Object { $u = & $fresh; $k = New-EmulatorKey $u; [pscustomobject]@{ AccessKeyId = $k.accessKeyId; UserPrincipalName = $u } }
            @{ Items = @($keys); Action = 'DeleteAccessKey'; Expect = @() }
        }
        'TestCred' {
            @{ Items = @($Fixture.TestKey); Action = 'GetCallerIdentity'; Expect = @($Fixture.TestKey.UserName); Property = 'AccessKeyId' }
        }
        'GroupRow' {
            @{ Items = @($FixtureGroups | ForEach-Object { [pscustomobject]@{ GroupName = $_ } }); Action = 'GetGroup'; Expect = @($FixtureGroups); Property = 'GroupName' }
        }
        'NewGroupRow' {
            $names = @((New-TestName 'good'), (New-TestName 'good'))
            @{ Items = @($names | ForEach-Object { [pscustomobject]@{ GroupName = $_ } }); Action = 'CreateGroup'; Expect = $names; Property = 'GroupName' }
        }
        'RemoveGroup' {
            @{ Items = @(New-FreshGroups 2); Action = 'DeleteGroup'; Expect = @() }
        }
        'GroupMembers' {
            @{ Items = @($FixtureGroups); Action = 'ListUsersForGroup'; Expect = @($Fixture.Upn); Property = 'UserPrincipalName' }
        }
        'AddMember' {
            # Piped as text into -GroupName {GROUP}: the members of a fresh group, so nothing is there yet.
            $upns = @(Get-SeededUsers 2)
            @{ Items = $upns; Action = 'AddUserToGroup'; Expect = @(); Group = @(New-FreshGroups 1)[0] }
        }
        'AddMemberRow' {
            $group = @(New-FreshGroups 1)[0]
            $upns = @(Get-SeededUsers 2)
            @{ Items = @($upns | ForEach-Object { [pscustomobject]@{ GroupName = $group; UserPrincipalName = $_ } }); Action = 'AddUserToGroup'; Expect = $upns; Property = 'UserPrincipalName'; Group = $group }
        }
        'RemoveMember' {
            $upns = @(Get-SeededUsers 2)
            @{ Items = $upns; Action = 'RemoveUserFromGroup'; Expect = @(); Group = @(New-FreshGroups 1 $upns)[0] }
        }
        'RemoveMemberRow' {
            $upns = @(Get-SeededUsers 2)
            $group = @(New-FreshGroups 1 $upns)[0]
            @{ Items = @($upns | ForEach-Object { [pscustomobject]@{ GroupName = $group; UserPrincipalName = $_ } }); Action = 'RemoveUserFromGroup'; Expect = @(); Group = $group }
        }
        'UserPolicies' {
            @{ Items = @($Fixture.Upn); Action = 'ListPoliciesForUser'; Expect = @() }
        }
        'GroupPolicies' {
            @{ Items = @($FixtureGroups | ForEach-Object { [pscustomobject]@{ GroupName = $_ } }); Action = 'ListPoliciesForGroup'; Expect = @() }
        }
        'GrantRow' {
            # Grant reads the policy once per run (does it allow everything?): calibrated.
            $upns = @(Get-SeededUsers 2)
            @{ Items = @($upns | ForEach-Object { [pscustomobject]@{ PolicyName = $GoodPolicy; PolicyType = 'System'; UserPrincipalName = $_ } }); Action = 'AttachPolicyToUser'; Expect = $upns; Property = 'UserPrincipalName'; Calibrate = $true }
        }
        'RevokeRow' {
            $upns = @(Get-SeededUsers 2)
            $upns | ForEach-Object { Grant-AliyunRamPolicy -PolicyName $GoodPolicy -PolicyType System -UserPrincipalName $_ -Confirm:$false }
            @{ Items = @($upns | ForEach-Object { [pscustomobject]@{ PolicyName = $GoodPolicy; PolicyType = 'System'; UserPrincipalName = $_ } }); Action = 'DetachPolicyFromUser'; Expect = $upns; Property = 'UserPrincipalName' }
        }
        'Rotate' {
            @{ Items = @($Fixture.Upn); Action = 'ListAccessKeys'; Expect = @($Fixture.Upn); Property = 'UserPrincipalName' }
        }
        default { throw "unknown good-input kind $Kind" }
    }
}

function script:Get-ActionCount($Counters, [string] $Action) {
    if (-not $Action) { return 0 }
    $p = $Counters.actions.PSObject.Properties[$Action]
    if ($p) { [long]$p.Value } else { 0 }
}

# Requests per action between two counter readings (only the actions that were sent).
function script:Get-ActionDeltas($Before, $After) {
    $d = @{}
    foreach ($p in $After.actions.PSObject.Properties) {
        $n = [long]$p.Value - (Get-ActionCount $Before $p.Name)
        if ($n) { $d[$p.Name] = $n }
    }
    $d
}

function script:Invoke-BadInputCase([hashtable] $Case) {
    $ErrorActionPreference = 'Continue'
    $name = New-TestName 'bad'
    $good = if ($Case.Mode -eq 'Pipe') { New-GoodInputs $Case.Good }
    # {GROUP}: the group of the good inputs (an existing one for a case without them).
    $group = if ($good -and $good.Group) { $good.Group } else { $FixtureGroups[0] }
    $ctx = @{ FRESH = "$name@$Domain"; FRESHNAME = $name; USER = $Fixture[0].Upn; KEYID = $Fixture[0].ChangeKeyId; D = $Domain; GROUP = $group }
    if ($Case.Bad -is [hashtable] -and $Case.Bad.ContainsKey('__listedkey')) { $ctx.KEYID = $ListedKey.AccessKeyId }
    $bad = Expand $Case.Bad $ctx
    $params = @{}
    $positional = @()
    foreach ($k in $Case.Params.Keys) {
        if ($k -eq '__positional') { $positional += $Case.Params[$k] } else { $params[$k] = Expand $Case.Params[$k] $ctx }
    }

    # A cmdlet that sends more than one request per good input (reads before a change, a read once
    # per run) is measured first: two other good inputs of the kind, alone. The case must then send
    # exactly what that run sent, action by action; one request more is the bad input's.
    $goodSent = if ($good) { 2 } else { 0 }
    $goodSucceeded = 2
    $expectedActions = $null
    if ($good -and $good.Calibrate) {
        $cal = New-GoodInputs $Case.Good
        $calParams = @{}
        $calCtx = $ctx.Clone()
        if ($cal.Group) { $calCtx.GROUP = $cal.Group }
        foreach ($k in $Case.Params.Keys) { $calParams[$k] = Expand $Case.Params[$k] $calCtx }
        $calBefore = Get-Counters
        $null = @($cal.Items | & $Case.Cmdlet @calParams -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $calAfter = Get-Counters
        $goodSent = $calAfter.requests - $calBefore.requests
        $goodSucceeded = $calAfter.succeeded - $calBefore.succeeded
        $expectedActions = Get-ActionDeltas $calBefore $calAfter
        if ($expectedActions[$good.Action] -ne 2) { throw "calibration: the two good inputs alone sent $($expectedActions[$good.Action]) $($good.Action), not 2" }
    }

    $before = Get-Counters
    $errs = $null
    $thrown = $null
    $out = @()
    $watch = [Diagnostics.Stopwatch]::StartNew()
    try {
        if ($Case.Mode -eq 'Pipe') {
            $out = @(@($good.Items[0], $bad, $good.Items[1]) | & $Case.Cmdlet @params -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        } else {
            $out = @(& $Case.Cmdlet @positional @params -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        }
    } catch {
        $thrown = $_
    }
    $watch.Stop()
    $after = Get-Counters

    # -ErrorVariable also holds a terminating error that the catch block saw: count each once.
    $all = [System.Collections.Generic.List[System.Management.Automation.ErrorRecord]]::new()
    foreach ($e in @(@($errs) + @($thrown))) {
        if ($e -is [System.Management.Automation.ErrorRecord] -and -not ($all | Where-Object { [object]::ReferenceEquals($_.Exception, $e.Exception) })) { $all.Add($e) }
    }
    $sent = $after.requests - $before.requests
    $described = ($all | ForEach-Object { "$($_.FullyQualifiedErrorId) [$($_.CategoryInfo.Category)] target '$($_.TargetObject)': $($_.Exception.Message)" }) -join ' | '

    # Every check adds what it found wrong; one assertion reports them all (and costs one Should).
    $problems = [System.Collections.Generic.List[string]]::new()
    if ($watch.Elapsed.TotalSeconds -ge 10) { $problems.Add("took $($watch.Elapsed.TotalSeconds) s: no input may hang a cmdlet") }
    if ($Case.Mode -eq 'Pipe' -and $thrown) { $problems.Add("one bad input stopped the whole pipeline") }
    if ($all.Count -ne $Case.ErrorCount) { $problems.Add("expected $($Case.ErrorCount) error(s), got $($all.Count)") }
    if ($sent -ne $goodSent) { $problems.Add("locally invalid input was sent: $sent request(s) reached the service, expected $goodSent (what the good inputs send)") }
    if ($expectedActions) {
        $actual = Get-ActionDeltas $before $after
        foreach ($a in @($actual.Keys) + @($expectedActions.Keys) | Sort-Object -Unique) {
            if ($actual[$a] -ne $expectedActions[$a]) { $problems.Add("$a was sent $([int]$actual[$a]) time(s), $([int]$expectedActions[$a]) without the bad input") }
        }
    }
    foreach ($err in $all) {
        $id = ($err.FullyQualifiedErrorId -split ',')[0]
        if ($id -cne $Case.Id) { $problems.Add("ErrorId is '$id', expected '$($Case.Id)'") }
        if ("$($err.CategoryInfo.Category)" -ne $Case.Category) { $problems.Add("category is $($err.CategoryInfo.Category), expected $($Case.Category)") }
        $message = $err.Exception.Message
        if (-not $message -or $message -match '^(Object reference not set|Exception of type|Value cannot be null|Specified method is not supported|Index was outside)') { $problems.Add("the message says nothing useful: '$message'") }
        if ($Case.Message -and $message -notmatch $Case.Message) { $problems.Add("the message does not say what is wrong (wanted /$($Case.Message)/)") }
        if ($Case.ParamName) {
            if ($err.Exception -isnot [System.Management.Automation.ParameterBindingException]) { $problems.Add("a parameter-binding error was expected, got $($err.Exception.GetType().Name)") }
            elseif ($err.Exception.ParameterName -ne $Case.ParamName) { $problems.Add("the binding error names parameter '$($err.Exception.ParameterName)', expected '$($Case.ParamName)'") }
        }
    }
    if ($Case.HasTarget -and $all.Count -gt 0) {
        $target = $all[0].TargetObject
        if ($Case.TargetLike) {
            if ([string]$target -notlike $Case.TargetLike) { $problems.Add("TargetObject '$target' does not name the refused input ($($Case.TargetLike))") }
        } elseif ($Case.Target -eq '<row>') {
            if ($null -eq $target -or -not [object]::ReferenceEquals(([psobject]$target).PSObject.BaseObject, ([psobject]$bad).PSObject.BaseObject)) { $problems.Add("TargetObject '$target' is not the input row") }
        } else {
            $expected = if ($Case.Target -eq '<rowtext>') { "$bad".Trim() } else { Expand $Case.Target $ctx }
            if ($null -eq $target) { $problems.Add('TargetObject is $null: it should name the input') }
            elseif ([string]$target -cne [string]$expected) { $problems.Add("TargetObject is '$(Format-Short $target)', expected '$(Format-Short $expected)'") }
        }
    }
    if ($good) {
        $processed = (Get-ActionCount $after $good.Action) - (Get-ActionCount $before $good.Action)
        if ($processed -ne 2 -or ($after.succeeded - $before.succeeded) -ne $goodSucceeded) { $problems.Add("the good inputs around the bad one were not both processed ($processed $($good.Action), $($after.succeeded - $before.succeeded) succeeded)") }
        if ($good.Property) {
            $seen = @($out | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] } | ForEach-Object { $_.($good.Property) })
            foreach ($e in $good.Expect) { if ($seen -notcontains $e) { $problems.Add("no output for good input $e") } }
        }
    } elseif ((Get-AliyunContext).Arn -ne $CallerArn) {
        $problems.Add('a refused call changed the connection')
    }
    if ($problems.Count) { $problems.Insert(0, "errors: $(if ($described) { Format-Short $described 600 } else { 'none' })") }
    $problems | Should -BeNullOrEmpty
}

function script:Format-Short([string] $Text, [int] $Max = 120) {
    $t = $Text -replace "`r", '\r' -replace "`n", '\n' -replace "`t", '\t' -replace "`0", '\0'
    if ($t.Length -gt $Max) { $t.Substring(0, $Max) + "… ($($t.Length) chars)" } else { $t }
}

function script:Stop-BadInputFile {
    if ($Http) { $Http.Dispose() }
    Disconnect-AliyunAccount
    Remove-Module AliyunAccessKey -Force -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
    $env:HOME = $SavedHome
    Get-ChildItem env: | Where-Object Name -like 'ALIBABA_CLOUD_*' | ForEach-Object { Remove-Item "env:$($_.Name)" }
    $SavedEnv | ForEach-Object { Set-Item "env:$($_.Name)" $_.Value }
}
