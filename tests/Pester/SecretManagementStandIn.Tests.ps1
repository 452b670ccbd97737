# The stand-in proves something only if it binds and fails as SecretManagement 1.1.2 does
# (shared/reference/secretmanagement.md). These are those facts.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module (Join-Path $PSScriptRoot 'StandIns/Microsoft.PowerShell.SecretManagement/Microsoft.PowerShell.SecretManagement.psd1') -Force
}

AfterAll {
    Remove-Module Microsoft.PowerShell.SecretManagement -Force -ErrorAction SilentlyContinue
}

Describe 'SecretManagement stand-in' {
    BeforeEach {
        Reset-StandInVault
        Register-SecretVault -Name Store
    }

    It 'takes a PSCredential, a hashtable, a string and a SecureString from the pipeline' {
        [pscredential]::new('id', (ConvertTo-SecureString 's' -AsPlainText -Force)) | Set-Secret -Name cred
        @{ a = 'b' } | Set-Secret -Name table
        'text' | Set-Secret -Name text
        (ConvertTo-SecureString 's' -AsPlainText -Force) | Set-Secret -Name secure
        (Get-SecretInfo).Name | Sort-Object | Should -Be @('cred', 'secure', 'table', 'text')
        (Get-Secret cred) | Should -BeOfType [pscredential]
        (Get-Secret text) | Should -BeOfType [securestring]
        Get-Secret text -AsPlainText | Should -Be 'text'
    }

    It 'binds nothing by property name: a {Name, Secret} object fails' {
        { [pscustomobject]@{ Name = 'x'; Secret = 'y' } | Set-Secret -ErrorAction Stop } | Should -Throw
        [pscustomobject]@{ Name = 'x'; Secret = 'y' } | Set-Secret -Name x -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'SetSecretInvalidType*'
        Get-SecretInfo x | Should -BeNullOrEmpty
    }

    It 'refuses ordered dictionaries and hashtables with unsupported values, non-terminating' {
        [ordered]@{ a = 'b' } | Set-Secret -Name o -ErrorVariable e1 -ErrorAction SilentlyContinue
        @{ a = 1 } | Set-Secret -Name h -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e1.Count | Should -Be 1
        $e2.Count | Should -Be 1
        Get-SecretInfo | Should -BeNullOrEmpty
    }

    It 'accepts string, int and DateTime metadata and refuses long or bool, writing nothing then' {
        'v' | Set-Secret -Name ok -Metadata @{ s = 'x'; i = 1; d = [datetime]::UtcNow }
        'v' | Set-Secret -Name long -Metadata @{ n = [long]1 } -ErrorVariable e1 -ErrorAction SilentlyContinue
        'v' | Set-Secret -Name bool -Metadata @{ b = $true } -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -BeLike 'SetSecretInvalidMetadata*'
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'SetSecretInvalidMetadata*'
        (Get-SecretInfo).Name | Should -Be 'ok'
    }

    It 'is terminating for an unknown vault, a NoClobber collision and a locked store' {
        { 'v' | Set-Secret -Name a -Vault Nope } | Should -Throw '*Nope*'
        'v' | Set-Secret -Name a
        { 'v' | Set-Secret -Name a -NoClobber } | Should -Throw '*already exists*'
        Set-StandInVaultState -Locked
        { 'v' | Set-Secret -Name b } | Should -Throw '*locked*'
    }

    It 'reports a missing secret as a non-terminating not-found error' {
        Get-Secret nothing -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        { Get-Secret nothing -ErrorAction Stop } | Should -Throw
    }

    It 'writes no output and needs -Vault to remove' {
        'v' | Set-Secret -Name a | Should -BeNullOrEmpty
        (Get-Command Remove-Secret).Parameters['Vault'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).Mandatory | Should -Contain $true
        Remove-Secret -Name a -Vault Store
        Get-SecretInfo a | Should -BeNullOrEmpty
    }
}
