# Get-AliyunCredentialReport and the account-wide stale-key audit (Get-AliyunAccessKey -StaleDays
# without a user), against the emulator: its report is filled from the real key, logon and MFA
# state, and its keys/age control route moves keys into the past.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $StagedManifest -Force

    function script:Invoke-Control([string] $Path, $Body) {
        Invoke-RestMethod -Method Post -Uri ([uri]::new($Emulator.Control, $Path)) -Body ($Body | ConvertTo-Json) -ContentType 'application/json'
    }

    function script:Set-KeyAge([string] $AccessKeyId, [datetime] $Created, $LastUsed = $null) {
        $body = @{ accessKeyId = $AccessKeyId; createDate = $Created.ToUniversalTime().ToString('o') }
        if ($LastUsed) { $body.lastUsedDate = ([datetime]$LastUsed).ToUniversalTime().ToString('o') } else { $body.neverUsed = $true }
        Invoke-Control 'keys/age' $body | Out-Null
    }

    function script:Get-ActionCount([string] $Action) {
        $a = (Get-EmulatorCounters $Emulator).actions
        if ($a.PSObject.Properties[$Action]) { [int]$a.$Action } else { 0 }
    }

    # A fresh emulator and connection (the session caches the account's summary and preference).
    function script:Start-Fresh([hashtable] $Knobs = @{}) {
        if ($script:Emulator) { Disconnect-AliyunAccount; Stop-TestEmulator $Emulator }
        $script:Emulator = Start-TestEmulator
        $all = @{ credentialReportMs = 300 }
        foreach ($k in $Knobs.Keys) { $all[$k] = $Knobs[$k] }
        Set-EmulatorKnobs $Emulator $all
        Connect-TestEmulator $Emulator
        $script:Domain = $Emulator.Domain
    }

    # Users user000001… with one key each; the keys of the users numbered in $Stale are aged: created
    # 200 days ago and never used. Answers the stale users' UPNs.
    function script:New-AuditAccount([int] $Users, [int[]] $Stale) {
        Add-EmulatorUsers $Emulator -Count $Users -KeysPerUser 1 | Out-Null
        foreach ($n in $Stale) {
            $upn = 'user{0:D6}@{1}' -f $n, $Domain
            $key = Get-AliyunAccessKey $upn
            Set-KeyAge $key.AccessKeyId ([datetime]::UtcNow.AddDays(-200))
            $upn
        }
    }
}

AfterAll {
    Disconnect-AliyunAccount
    Remove-Module AliyunAccessKey -Force -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
}

Describe 'Get-AliyunCredentialReport' {
    BeforeAll {
        Start-Fresh
        $script:alice = "alice@$Domain"
        $script:aliceKey = (Invoke-Control 'credentials' @{ userPrincipalName = $alice }).accessKeyId
        Invoke-Control 'credentials' @{ userPrincipalName = $alice } | Out-Null
        Set-KeyAge $aliceKey ([datetime]'2020-01-02T03:04:05Z') '2021-06-01T00:00:00Z'
        Invoke-Control 'users/login' @{ userPrincipalName = $alice; date = '2023-08-21T06:12:47Z' } | Out-Null
        Invoke-Control 'users/mfa' @{ userPrincipalName = $alice } | Out-Null
        Add-EmulatorUsers $Emulator -Count 4 | Out-Null
    }

    It 'reads the report over several pages into typed rows, the account first' {
        Invoke-RestMethod -Method Post -Uri ([uri]::new($Emulator.Control, 'counters/reset')) | Out-Null
        $rows = @(Get-AliyunCredentialReport -PageSize 2)

        $rows.Count | Should -Be 6
        Get-ActionCount 'GetCredentialReport' | Should -Be 3 -Because '6 rows, 2 a page'
        $rows[0].User | Should -Be '<root>'
        $rows[0].IsRoot | Should -BeTrue
        $rows[0].UserPrincipalName | Should -BeNullOrEmpty
        $rows[0] | Should -BeOfType ([AliyunAccessKey.Model.AliyunCredentialReportEntry])

        $a = $rows | Where-Object User -EQ $alice
        $a.UserPrincipalName | Should -Be $alice
        $a.UserCreationTime | Should -BeOfType ([datetime])
        $a.UserLastLogon | Should -Be ([datetime]::new(2023, 8, 21, 6, 12, 47, [DateTimeKind]::Utc))
        $a.UserLastLogon.Kind | Should -Be 'Utc'
        $a.MfaActive | Should -BeTrue
        $a.PasswordExist | Should -BeFalse
        $a.PasswordActive | Should -BeNullOrEmpty -Because 'N/A is $null'
        $a.AccessKey1Exist | Should -BeTrue
        $a.AccessKey1Active | Should -BeTrue
        $a.AccessKey1LastRotated | Should -Be ([datetime]::new(2020, 1, 2, 3, 4, 5, [DateTimeKind]::Utc))
        $a.AccessKey1LastUsed | Should -Be ([datetime]::new(2021, 6, 1, 0, 0, 0, [DateTimeKind]::Utc))
        $a.AccessKey2Exist | Should -BeTrue
        $a.AccessKey2LastUsed | Should -BeNullOrEmpty -Because 'never used is N/A'

        $other = $rows | Where-Object User -EQ "user000001@$Domain"
        $other.UserLastLogon | Should -BeNullOrEmpty -Because '"-" (never logged on) is $null'
        $other.AccessKey1Exist | Should -BeFalse
        $other.MfaActive | Should -BeFalse
    }

    It 'reuses the report within 4 hours: one generation, and a user added since is not in it' {
        $before = (Invoke-RestMethod -Uri ([uri]::new($Emulator.Control, 'state'))).credentialReports
        $first = @(Get-AliyunCredentialReport)
        Invoke-Control 'credentials' @{ userPrincipalName = "late@$Domain" } | Out-Null
        $again = @(Get-AliyunCredentialReport)

        (Invoke-RestMethod -Uri ([uri]::new($Emulator.Control, 'state'))).credentialReports | Should -Be ([Math]::Max(1, $before))
        $again.Count | Should -Be $first.Count
        $again.User | Should -Not -Contain "late@$Domain"
        $again[0].GeneratedTime | Should -Be $first[0].GeneratedTime
    }

    It '-Raw writes the CSV as the service gave it' {
        $csv = Get-AliyunCredentialReport -Raw
        $csv | Should -BeOfType ([string])
        $lines = $csv -split "`n" | Where-Object { $_ }
        $lines[0] | Should -Be 'user,user_creation_time,user_last_logon,password_exist,password_active,password_last_changed,password_next_rotation,mfa_active,access_key_1_exist,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used,access_key_2_exist,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used'
        $lines[1] | Should -BeLike '<root>,*'
        ($lines | Where-Object { $_ -like "$alice,*" }) | Should -BeLike '*,TRUE,TRUE,2020-01-02T03:04:05Z,2021-06-01T00:00:00Z,TRUE,TRUE,*'
        # Several pages join into one CSV with one header.
        $paged = Get-AliyunCredentialReport -Raw -PageSize 2
        @($paged -split "`n" | Where-Object { $_ -like 'user,*' }).Count | Should -Be 1
        ($paged -split "`n" | Where-Object { $_ }).Count | Should -Be $lines.Count
    }

    It 'waits for the report with a progress bar and gives up after -TimeoutSec' {
        Start-Fresh @{ credentialReportMs = 600000 }
        $err = $null
        $rows = Get-AliyunCredentialReport -TimeoutSec 1 -ErrorVariable err -ErrorAction SilentlyContinue
        $rows | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'CredentialReportTimeout*'
        $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
    }
}

Describe 'An account over the report''s 3,500 users' {
    BeforeAll {
        Start-Fresh
        Add-EmulatorUsers $Emulator -Count 3501 | Out-Null
    }

    It 'gets a clear error that says what to use instead, and no report is asked for' {
        Invoke-RestMethod -Method Post -Uri ([uri]::new($Emulator.Control, 'counters/reset')) | Out-Null
        $err = $null
        Get-AliyunCredentialReport -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'CredentialReportTooManyUsers*'
        $err[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $err[0].Exception.Message | Should -Match '3,501 RAM users'
        $err[0].Exception.Message | Should -Match 'Get-AliyunAccessKey -StaleDays'
        Get-ActionCount 'GenerateCredentialReport' | Should -Be 0
    }

    It 'reads the service''s own refusal the same way when the user count is unknown' {
        Start-Fresh @{ faultRate = 1; faultKinds = @('500'); faultActions = @('GetAccountSummary') }
        Add-EmulatorUsers $Emulator -Count 3501 | Out-Null
        $err = $null
        Get-AliyunCredentialReport -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'CredentialReportTooManyUsers*'
        Get-ActionCount 'GenerateCredentialReport' | Should -Be 1
    }
}

Describe 'AutoDisableDate' {
    BeforeAll {
        Start-Fresh @{ maxIdleDaysForAccessKeys = 30 }
        $script:bob = "bob@$Domain"
        $script:used = (Invoke-Control 'credentials' @{ userPrincipalName = $bob }).accessKeyId
        $script:unused = (Invoke-Control 'credentials' @{ userPrincipalName = $bob }).accessKeyId
        Set-KeyAge $used ([datetime]'2024-01-01T00:00:00Z') '2024-03-01T12:00:00Z'
        Set-KeyAge $unused ([datetime]'2024-02-01T00:00:00Z')
    }

    It 'is the last use (else the creation) plus the account''s MaxIdleDaysForAccessKeys' {
        $keys = Get-AliyunAccessKey $bob -IncludeLastUsed
        ($keys | Where-Object AccessKeyId -EQ $used).AutoDisableDate | Should -Be ([datetime]::new(2024, 3, 31, 12, 0, 0, [DateTimeKind]::Utc))
        ($keys | Where-Object AccessKeyId -EQ $unused).AutoDisableDate | Should -Be ([datetime]::new(2024, 3, 2, 0, 0, 0, [DateTimeKind]::Utc))
        ($keys | Out-String -Width 300) | Should -Match 'AutoDisableDate'
    }

    It 'asks for the security preference once per session' {
        Invoke-RestMethod -Method Post -Uri ([uri]::new($Emulator.Control, 'counters/reset')) | Out-Null
        Get-AliyunAccessKey $bob -IncludeLastUsed | Out-Null
        Get-AliyunAccessKey $bob -IncludeLastUsed | Out-Null
        Get-ActionCount 'GetSecurityPreference' | Should -Be 0 -Because 'the first test asked already'
    }

    It 'is empty for a disabled key and without the last use' {
        Disable-AliyunAccessKey -AccessKeyId $unused -UserPrincipalName $bob -Confirm:$false
        (Get-AliyunAccessKey $bob -IncludeLastUsed | Where-Object AccessKeyId -EQ $unused).AutoDisableDate | Should -BeNullOrEmpty
        (Get-AliyunAccessKey $bob | Where-Object AccessKeyId -EQ $used).AutoDisableDate | Should -BeNullOrEmpty
    }
}

Describe 'Get-AliyunAccessKey -StaleDays without a user: the account-wide audit' {
    BeforeAll {
        Start-Fresh
        $script:stale = @(New-AuditAccount -Users 60 -Stale 7, 23, 41)
        # Old but used recently: not stale.
        $recent = Get-AliyunAccessKey ('user{0:D6}@{1}' -f 50, $Domain)
        Set-KeyAge $recent.AccessKeyId ([datetime]::UtcNow.AddDays(-200)) ([datetime]::UtcNow.AddDays(-3))
    }

    It 'lists keys only of the users the credential report names: about 10 requests plus 2 per stale user' {
        Invoke-RestMethod -Method Post -Uri ([uri]::new($Emulator.Control, 'counters/reset')) | Out-Null
        $warnings = $null
        $keys = @(Get-AliyunAccessKey -StaleDays 90 -WarningVariable warnings)

        ($keys.UserPrincipalName | Sort-Object) | Should -Be ($stale | Sort-Object)
        $keys.StaleReason | Sort-Object -Unique | Should -Be 'NeverUsed'
        $keys[0].AutoDisableDate | Should -BeOfType ([datetime])
        $warnings | Should -BeNullOrEmpty
        Get-ActionCount 'ListUsers' | Should -Be 0
        Get-ActionCount 'ListAccessKeys' | Should -Be 3
        (Get-EmulatorCounters $Emulator).requests | Should -BeLessOrEqual (10 + 2 * $stale.Count)
    }

    It 'emits pipeable key objects' {
        $keys = @(Get-AliyunAccessKey -StaleDays 90)
        $keys | Disable-AliyunAccessKey -Confirm:$false
        (Get-AliyunAccessKey $stale[0]).Status | Should -Be 'Inactive'
        $keys | Enable-AliyunAccessKey -Confirm:$false
    }

    It 'falls back to listing every user, with a warning saying why, when the report cannot be had' {
        Set-EmulatorKnobs $Emulator @{ faultRate = 1; faultKinds = @('500'); faultActions = @('GenerateCredentialReport') }
        try {
            Invoke-RestMethod -Method Post -Uri ([uri]::new($Emulator.Control, 'counters/reset')) | Out-Null
            $warnings = $null
            $keys = @(Get-AliyunAccessKey -StaleDays 90 -WarningVariable warnings -WarningAction SilentlyContinue)
        } finally {
            Set-EmulatorKnobs $Emulator @{ faultRate = 0 }
        }

        ($keys.UserPrincipalName | Sort-Object) | Should -Be ($stale | Sort-Object)
        "$warnings" | Should -Match 'listing every RAM user'
        "$warnings" | Should -Match 'InternalError'
        Get-ActionCount 'ListUsers' | Should -BeGreaterOrEqual 1
        Get-ActionCount 'ListAccessKeys' | Should -Be 60 -Because 'every user is listed'
    }

    It 'falls back for an account over 3,500 users, and still finds the stale keys' {
        Start-Fresh
        $script:stale = @(New-AuditAccount -Users 3510 -Stale 7, 23, 41)
        $warnings = $null
        $keys = @(Get-AliyunAccessKey -StaleDays 90 -ThrottleLimit 8 -WarningVariable warnings -WarningAction SilentlyContinue)
        ($keys.UserPrincipalName | Sort-Object) | Should -Be ($stale | Sort-Object)
        "$warnings" | Should -Match '3,510 RAM users'
    }

    It 'keeps the per-user audit for a user given or piped' {
        (Get-AliyunAccessKey $stale[1] -StaleDays 90).StaleReason | Should -Be 'NeverUsed'
        @($stale[1], ('user{0:D6}@{1}' -f 2, $Domain) | Get-AliyunAccessKey -StaleDays 90).UserPrincipalName | Should -Be $stale[1]
    }
}

Describe 'The per-user key quota comes from GetAccountSummary' {
    BeforeAll {
        Start-Fresh @{ accessKeysPerUserQuota = 3 }
        $script:carol = (New-AliyunRamUser -UserPrincipalName "carol@$Domain").UserPrincipalName
    }

    It 'names the account''s own quota when New-AliyunAccessKey hits it, asking once per session' {
        1..3 | ForEach-Object { New-AliyunAccessKey $carol | Out-Null }
        Invoke-RestMethod -Method Post -Uri ([uri]::new($Emulator.Control, 'counters/reset')) | Out-Null
        $err = $null
        New-AliyunAccessKey $carol -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        New-AliyunAccessKey $carol -ErrorVariable +err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err.Count | Should -Be 2
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LimitExceeded.User.AccessKey*'
        $err[0].ErrorDetails.RecommendedAction | Should -Match 'at most 3 AccessKey pairs'
        Get-ActionCount 'GetAccountSummary' | Should -Be 1
    }

    It 'audits by listing when a user may hold more keys than the report shows' {
        $warnings = $null
        Get-AliyunAccessKey -StaleDays 90 -WarningVariable warnings -WarningAction SilentlyContinue | Out-Null
        "$warnings" | Should -Match 'may hold 3 AccessKeys'
    }
}
