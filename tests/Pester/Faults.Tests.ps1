# Exactly-once creation under injected faults: every kind alone, then all mixed at 10 %. The
# counts must come out exact: one user and one key per row, no orphan key, every secret once.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $StagedManifest -Force
    $script:Emulator = Start-TestEmulator
    $script:Domain = $Emulator.Domain
    $credential = [pscredential]::new('testid', (ConvertTo-SecureString 'testsecret' -AsPlainText -Force))
    # Short timeouts so "slow" answers time out; a generous attempt budget for 10 % faults.
    Connect-AliyunAccount -Credential $credential -Endpoint $Emulator.Address -TimeoutSec 1 -MaxAttempts 8 -WarningAction SilentlyContinue

    function script:Invoke-FaultyBulk([int] $Count, [string[]] $Kinds, [double] $Rate, [int] $Seed) {
        $prefix = New-TestName 'f'
        Set-EmulatorKnobs $Emulator @{ faultRate = $Rate; faultSeed = $Seed; faultKinds = $Kinds; slowMs = 1500 }
        try {
            # Sequential, so the faults fall on the same requests in every run of this seed.
            $keys = 1..$Count | ForEach-Object { [pscustomobject]@{ UserPrincipalName = "$prefix-$_@$Domain" } } |
                New-AliyunRamUser -ThrottleLimit 1 -ErrorVariable userErrors -ErrorAction SilentlyContinue |
                New-AliyunAccessKey -ThrottleLimit 1 -ErrorVariable keyErrors -ErrorAction SilentlyContinue
        } finally {
            $faults = (Get-EmulatorCounters $Emulator).faults
            Set-EmulatorKnobs $Emulator @{ faultRate = 0 }
        }
        [pscustomobject]@{
            Prefix = $prefix
            Keys   = @($keys)
            Errors = @($userErrors) + @($keyErrors)
            Faults = $faults
        }
    }

    function script:Assert-ExactlyOnce($Run, [int] $Count) {
        $Run.Errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" } | Should -BeNullOrEmpty
        $Run.Keys.Count | Should -Be $Count -Because 'every secret is emitted'
        @($Run.Keys.AccessKeyId | Sort-Object -Unique).Count | Should -Be $Count -Because 'each secret exactly once'
        $users = @(Get-AliyunRamUser "$($Run.Prefix)-*")
        $users.Count | Should -Be $Count -Because 'exactly one user per row'
        $listed = @($users | Get-AliyunAccessKey)
        $listed.Count | Should -Be $Count -Because 'exactly one key per user: no orphan, no duplicate'
        ($listed.AccessKeyId | Sort-Object) -join ',' | Should -Be (($Run.Keys.AccessKeyId | Sort-Object) -join ',')
        (Get-EmulatorCounters $Emulator).orphanKeys | Should -Be 0
        @($Run.Keys | Test-AliyunAccessKey).Count | Should -Be $Count -Because 'every emitted secret works'
    }
}

AfterAll {
    Disconnect-AliyunAccount
    Remove-Module AliyunAccessKey -Force -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
}

Describe 'Exactly-once creation under faults' {
    It 'fault <kind> alone' -ForEach @(
        @{ kind = '503' }, @{ kind = '500' }, @{ kind = 'reset' }, @{ kind = 'drop-after-act' }, @{ kind = 'slow' }
    ) {
        $run = Invoke-FaultyBulk -Count 20 -Kinds @($kind) -Rate 0.25 -Seed 7
        $run.Faults.PSObject.Properties.Value | Measure-Object -Sum | ForEach-Object Sum | Should -BeGreaterThan 0 -Because 'faults were injected'
        Assert-ExactlyOnce $run 20
    }

    It 'all kinds mixed at 10 %' {
        $run = Invoke-FaultyBulk -Count 120 -Kinds @('503', '500', 'reset', 'drop-after-act', 'slow') -Rate 0.10 -Seed 2026
        @($run.Faults.PSObject.Properties | Where-Object { $_.Value -gt 0 }).Count | Should -Be 5 -Because 'every kind of fault happened'
        Assert-ExactlyOnce $run 120
    }
}
