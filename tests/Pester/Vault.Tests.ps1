# Vault hand-off through the SecretManagement stand-in: store, verify, emit without the secret,
# and never leave a key whose secret no vault holds.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $StagedManifest -Force
    $script:StandIn = Join-Path $PSScriptRoot 'StandIns/Microsoft.PowerShell.SecretManagement/Microsoft.PowerShell.SecretManagement.psd1'
    Import-Module $StandIn -Force
    $script:Emulator = Start-TestEmulator
    Connect-TestEmulator $Emulator
    $script:Domain = $Emulator.Domain
    function script:New-TestUser { New-AliyunRamUser -UserPrincipalName "$(New-TestName 'v')@$Domain" }
    function script:Get-ActionCount([string] $Action) { [int](Get-EmulatorCounters $Emulator).actions.$Action }

    # Runs $Command in a runspace of its own with a vault 'Store' whose writes take 5 s, waits until
    # the key exists and the write is under way, then stops it as Ctrl+C does.
    function script:Stop-DuringSlowVaultWrite([string] $Command, [string] $Upn) {
        $before = Get-ActionCount 'CreateAccessKey'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($Manifest, $StandIn, $Endpoint, $Command, $Upn)
                Import-Module $Manifest
                Import-Module $StandIn
                Register-SecretVault -Name Store
                Set-StandInVaultState -SlowWritesMs 5000
                Connect-AliyunAccount -Credential ([pscredential]::new('testid', (ConvertTo-SecureString testsecret -AsPlainText -Force))) -Endpoint $Endpoint -WarningAction SilentlyContinue
                switch ($Command) {
                    'New' { $Upn | New-AliyunAccessKey -Vault Store }
                    'Rotation' { Invoke-AliyunAccessKeyRotation $Upn -Stage All -Vault Store -Force }
                }
            }).AddArgument($StagedManifest).AddArgument($StandIn).AddArgument($Emulator.Address.ToString()).AddArgument($Command).AddArgument($Upn)
            $handle = $ps.BeginInvoke()
            $watch = [Diagnostics.Stopwatch]::StartNew()
            while ((Get-ActionCount 'CreateAccessKey') -le $before -and $watch.Elapsed.TotalSeconds -lt 30 -and -not $handle.IsCompleted) { Start-Sleep -Milliseconds 50 }
            Get-ActionCount 'CreateAccessKey' | Should -BeGreaterThan $before -Because 'the key was created'
            # The answer is read and Set-Secret called within milliseconds; it then sleeps 5 s.
            Start-Sleep -Milliseconds 1000
            $handle.IsCompleted | Should -BeFalse -Because 'the vault write is still under way'
            $watch.Restart()
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 4 -Because 'Ctrl+C ends the vault write'
        } finally {
            $ps.Dispose()
        }
    }
}

AfterAll {
    Disconnect-AliyunAccount
    Remove-Module AliyunAccessKey, Microsoft.PowerShell.SecretManagement -Force -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
}

Describe 'New-AliyunAccessKey -Vault' {
    BeforeEach {
        Reset-StandInVault
        Register-SecretVault -Name Store
    }

    It 'stores the key as a PSCredential with metadata, reads it back, and emits it without its secret' {
        $user = New-TestUser
        $name = $user.UserPrincipalName.Split('@')[0]
        $out = $user | New-AliyunAccessKey -Vault Store -Verbose 4>&1
        $key = $out | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $key.AccessKeySecret | Should -BeNullOrEmpty
        $key.Vault | Should -Be 'Store'
        $key.SecretName | Should -Be "aliyun-$name"
        $stored = Get-Secret -Name "aliyun-$name" -Vault Store
        $stored | Should -BeOfType [pscredential]
        $stored.UserName | Should -Be $key.AccessKeyId
        $info = Get-SecretInfo -Name "aliyun-$name"
        $info.Metadata.UserPrincipalName | Should -Be $user.UserPrincipalName
        $info.Metadata.AccessKeyId | Should -Be $key.AccessKeyId
        $info.Metadata.CreateDate | Should -BeOfType [datetime]
        (Test-AliyunAccessKey -Credential $stored).IdentityType | Should -Be 'RAMUser'
        ($out | Out-String) | Should -Not -Match ([regex]::Escape($stored.GetNetworkCredential().Password))
        ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String) | Should -Match 'read it back'
    }

    It 'fills in a -SecretName pattern and works in a bulk pipeline' {
        $prefix = New-TestName 'vb'
        $keys = 1..15 | ForEach-Object { [pscustomobject]@{ UserPrincipalName = "$prefix-$_@$Domain" } } |
            New-AliyunRamUser | New-AliyunAccessKey -Vault Store -SecretName '{UserPrincipalName}/{AccessKeyId}' -ThrottleLimit 8
        $keys.Count | Should -Be 15
        $names = (Get-SecretInfo -Vault Store).Name
        foreach ($k in $keys) { $names | Should -Contain "$($k.UserPrincipalName)/$($k.AccessKeyId)" }
    }

    It 'deletes the new key and says why when the vault refuses the write (non-terminating), and goes on' {
        $users = 1..3 | ForEach-Object { New-TestUser }
        Set-StandInVaultState -FailWrites
        $out = $users | New-AliyunAccessKey -Vault Store -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errs.Count | Should -Be 3
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'VaultStoreFailed,*'
        $errs[0].Exception.Message | Should -Match 'was deleted again'
        foreach ($u in $users) { Get-AliyunAccessKey $u.UserPrincipalName | Should -BeNullOrEmpty }
        (Get-EmulatorCounters $Emulator).orphanKeys | Should -Be 0
    }

    It 'deletes the new key when the store is locked (a terminating vault error)' {
        $user = New-TestUser
        Set-StandInVaultState -Locked
        $user | New-AliyunAccessKey -Vault Store -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].Exception.Message | Should -Match 'locked'
        Get-AliyunAccessKey $user.UserPrincipalName | Should -BeNullOrEmpty
    }

    It 'creates nothing when the vault is not registered' {
        $user = New-TestUser
        $before = Get-RequestCount $Emulator
        $err = { $user | New-AliyunAccessKey -Vault Nowhere } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'VaultNotAvailable*'
        Get-RequestCount $Emulator | Should -Be $before
    }

    It 'creates nothing and says what to install when SecretManagement is absent' {
        $user = New-TestUser
        Remove-Module Microsoft.PowerShell.SecretManagement -Force
        try {
            $before = Get-RequestCount $Emulator
            $err = { $user | New-AliyunAccessKey -Vault Store } | Should -Throw -PassThru
            $err.Exception.Message | Should -Match 'Install-Module Microsoft.PowerShell.SecretManagement'
            Get-RequestCount $Emulator | Should -Be $before
        } finally {
            Import-Module $StandIn -Force
        }
    }
}

Describe 'Ctrl+C during the vault hand-off' {
    It 'New-AliyunAccessKey -Vault: stopped while Set-Secret runs, it leaves no key' {
        $user = New-TestUser
        Stop-DuringSlowVaultWrite 'New' $user.UserPrincipalName
        Get-AliyunAccessKey $user.UserPrincipalName | Should -BeNullOrEmpty -Because 'no vault holds its secret'
        (Get-EmulatorCounters $Emulator).orphanKeys | Should -Be 0
    }

    It 'Invoke-AliyunAccessKeyRotation -Vault: stopped while Set-Secret runs, it leaves exactly the old key, active' {
        $old = New-TestUser | New-AliyunAccessKey
        Stop-DuringSlowVaultWrite 'Rotation' $old.UserPrincipalName
        $left = @(Get-AliyunAccessKey $old.UserPrincipalName)
        $left.AccessKeyId | Should -Be $old.AccessKeyId
        $left.Status | Should -Be 'Active'
        (Get-EmulatorCounters $Emulator).orphanKeys | Should -Be 0
    }
}
