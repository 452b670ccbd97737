BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $StagedManifest -Force
    $script:Emulator = Start-TestEmulator
}

AfterAll {
    Disconnect-AliyunAccount
    Remove-Module AliyunAccessKey -Force -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
}

Describe 'Connect-AliyunAccount' {
    BeforeEach { Disconnect-AliyunAccount }

    It 'connects with a PSCredential and returns a context that names the caller' {
        $credential = [pscredential]::new('testid', (ConvertTo-SecureString 'testsecret' -AsPlainText -Force))
        $context = Connect-AliyunAccount -Credential $credential -Endpoint $Emulator.Address -PassThru -WarningAction SilentlyContinue
        $context.AccountId | Should -Be '1234567890123456'
        $context.IdentityType | Should -Be 'Account'
        $context.Arn | Should -Be 'acs:ram::1234567890123456:root'
        $context.AccessKeyId | Should -Be 'testid'
        $context.Endpoint | Should -Be $Emulator.Address
        $context.StsEndpoint | Should -Be $Emulator.Address -Because 'a loopback endpoint serves STS too'
        (Get-AliyunContext).Arn | Should -Be $context.Arn
    }

    It 'warns when the key is the account''s own (root)' {
        $credential = [pscredential]::new('testid', (ConvertTo-SecureString 'testsecret' -AsPlainText -Force))
        Connect-AliyunAccount -Credential $credential -Endpoint $Emulator.Address -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings | Should -Match 'RAM user'
    }

    It 'fails clearly with a wrong secret and stays disconnected' {
        $credential = [pscredential]::new('testid', (ConvertTo-SecureString 'wrong-secret' -AsPlainText -Force))
        $err = { Connect-AliyunAccount -Credential $credential -Endpoint $Emulator.Address } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ConnectFailed.SignatureDoesNotMatch*'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.ToString() | Should -Not -Match 'wrong-secret'
        Get-AliyunContext | Should -BeNullOrEmpty
    }

    It 'refuses plain http to a non-loopback address before sending anything' {
        $before = Get-RequestCount $Emulator
        $credential = [pscredential]::new('testid', (ConvertTo-SecureString 'testsecret' -AsPlainText -Force))
        $err = { Connect-AliyunAccount -Credential $credential -Endpoint 'http://ims.aliyuncs.com/' } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidConnectionParameter*'
        $err.Exception.Message | Should -Match 'https'
        Get-RequestCount $Emulator | Should -Be $before
    }

    It 'shows no secret in the context, its views or Verbose output' {
        $credential = [pscredential]::new('testid', (ConvertTo-SecureString 'testsecret' -AsPlainText -Force))
        $verbose = Connect-AliyunAccount -Credential $credential -Endpoint $Emulator.Address -PassThru -Verbose -WarningAction SilentlyContinue 4>&1
        $text = ($verbose | Out-String) + (Get-AliyunContext | Format-List * | Out-String) + (Get-AliyunContext | ConvertTo-Json -Depth 2 -WarningAction SilentlyContinue)
        $text | Should -Match 'GetCallerIdentity'
        $text | Should -Not -Match 'testsecret'
    }
}

Describe 'Without a connection' {
    It 'cmdlets say to run Connect-AliyunAccount' {
        Disconnect-AliyunAccount
        $err = { Get-AliyunRamUser } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'NotConnected*'
        $err.Exception.Message | Should -Match 'Connect-AliyunAccount'
    }

    It 'a connection belongs to its runspace' {
        Connect-TestEmulator $Emulator
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($StagedManifest).AddStatement().AddCommand('Get-AliyunContext')
            $result = $ps.Invoke()
            $result | Should -BeNullOrEmpty -Because 'another runspace was never connected'
        } finally {
            $ps.Dispose()
        }
        Get-AliyunContext | Should -Not -BeNullOrEmpty
    }

    It '-Context uses a kept connection after this one is gone' {
        Connect-TestEmulator $Emulator
        $context = Get-AliyunContext
        Disconnect-AliyunAccount
        $name = New-TestName
        $user = New-AliyunRamUser -UserPrincipalName "$name@$($Emulator.Domain)" -Context $context
        $user.UserPrincipalName | Should -Be "$name@$($Emulator.Domain)"
    }
}
