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
        $context.RamEndpoint | Should -Be $Emulator.Address -Because 'a loopback endpoint serves RAM too'
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

# What Connect-AliyunAccount -RoleArn asks STS for, seen by a local fake that answers as STS does.
# A role's MaxSessionDuration is 3600 s unless raised: the module asks for more only when told to.
Describe 'Connect-AliyunAccount -RoleArn: what AssumeRole asks for' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'FakeAliyun.ps1')
        $script:Fake = New-FakeAliyun
        $script:RoleArn = 'acs:ram::1234567890123456:role/adminrole'
        $expiration = [datetime]::UtcNow.AddHours(1).ToString('yyyy-MM-ddTHH:mm:ssZ')
        $script:AssumeRoleAnswer = '{"RequestId":"6894B13B-6D71-4EF5-88FA-F32781734A7F","AssumedRoleUser":{"Arn":"acs:ram::1234567890123456:assumed-role/adminrole/alice","AssumedRoleId":"34458433936495****:alice"},"Credentials":{"SecurityToken":"fake-token","AccessKeyId":"STS.NUgYrLnoC37mZZCNnAbez","AccessKeySecret":"fake-temp-secret","Expiration":"' + $expiration + '"}}'
        $script:Policy = '{"Version":"1","Statement":[{"Effect":"Allow","Action":["ram:Get*","ram:List*"],"Resource":["*"]}]}'
        function script:AssumeRoleRequests { @($Fake.Requests | Where-Object Action -eq 'AssumeRole') }
    }

    AfterAll {
        Disconnect-AliyunAccount
        $Fake.Dispose()
    }

    BeforeEach {
        Disconnect-AliyunAccount
        $Fake.Clear()
        $Fake.Answer('AssumeRole', $AssumeRoleAnswer)
    }

    It 'asks for no DurationSeconds unless -DurationSeconds is given (the service then grants 3600 s)' {
        Connect-FakeAliyun $Fake @{ RoleArn = $RoleArn; RoleSessionName = 'alice' } | Out-Null
        $sent = AssumeRoleRequests
        $sent.Count | Should -Be 1
        $sent[0].Query['DurationSeconds'] | Should -BeNullOrEmpty
        $sent[0].Query['Policy'] | Should -BeNullOrEmpty
        $sent[0].Query['ExternalId'] | Should -BeNullOrEmpty
    }

    It 'sends -DurationSeconds, -ExternalId and -Policy as given' {
        $context = Connect-FakeAliyun $Fake @{ RoleArn = $RoleArn; RoleSessionName = 'alice'; DurationSeconds = 7200; ExternalId = 'abcd1234'; Policy = $Policy }
        $context.IdentityType | Should -Be 'RAMUser' -Because 'the fake answers GetCallerIdentity as a RAM user'
        $sent = (AssumeRoleRequests)[0].Query
        $sent['DurationSeconds'] | Should -Be '7200'
        $sent['ExternalId'] | Should -BeExactly 'abcd1234'
        $sent['Policy'] | Should -BeExactly $Policy
    }

    It 'refuses -<Name> <Label> before anything is sent' -ForEach @(
        @{ Name = 'Policy'; Label = 'that is not JSON'; Value = '{"Version":"1","Statement":[' }
        @{ Name = 'Policy'; Label = 'that is a JSON array'; Value = '[{"Effect":"Allow"}]' }
        @{ Name = 'Policy'; Label = 'of 2049 bytes'; Value = '{"x":"' + ('a' * 2041) + '"}' }
        @{ Name = 'Policy'; Label = 'of 2048 characters but more bytes'; Value = '{"x":"' + ('é' * 2040) + '"}' }
        @{ Name = 'ExternalId'; Label = 'of 1 character'; Value = 'a' }
        @{ Name = 'ExternalId'; Label = 'with a space'; Value = 'abc def' }
        @{ Name = 'ExternalId'; Label = 'of 1225 characters'; Value = 'e' * 1225 }
    ) {
        $parameters = @{ RoleArn = $RoleArn; $Name = $Value }
        $err = { Connect-FakeAliyun $Fake $parameters } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError,*'
        $err.Exception.ParameterName | Should -Be $Name
        $err.Exception.Message | Should -Match $Name
        $err.Exception.Message.Length | Should -BeLessThan 500 -Because 'a long value is not quoted'
        $Fake.Requests.Count | Should -Be 0
    }

    It 'takes a -Policy of exactly 2048 bytes and an -ExternalId of 1224 characters' {
        $policy = '{"x":"' + ('a' * 2040) + '"}'
        [Text.Encoding]::UTF8.GetByteCount($policy) | Should -Be 2048
        Connect-FakeAliyun $Fake @{ RoleArn = $RoleArn; Policy = $policy; ExternalId = 'e' * 1224 } | Out-Null
        (AssumeRoleRequests)[0].Query['Policy'] | Should -BeExactly $policy
    }

    It 'refuses -<_> without -RoleArn instead of ignoring it' -ForEach @('Policy', 'ExternalId', 'DurationSeconds', 'RoleSessionName') {
        $value = @{ Policy = $Policy; ExternalId = 'abcd1234'; DurationSeconds = 3600; RoleSessionName = 'alice' }[$_]
        $err = { Connect-FakeAliyun $Fake @{ $_ = $value } } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidConnectionParameter,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match '-RoleArn'
        $Fake.Requests.Count | Should -Be 0
    }

    It 'says what to do when the role does not allow the duration asked for' {
        $Fake.Answer('AssumeRole', 400, '{"RequestId":"7E0B2A3D-0D3A-4B0B-9E54-2F8A3A7B1C11","HostId":"sts.aliyuncs.com","Code":"InvalidParameter.DurationSeconds","Message":"The Min/Max value of DurationSeconds is 15min/1hr."}')
        $err = { Connect-FakeAliyun $Fake @{ RoleArn = $RoleArn; DurationSeconds = 7200 } } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ConnectFailed.InvalidParameter.DurationSeconds,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.ToString() | Should -Match 'smaller -DurationSeconds'
        $err.ToString() | Should -Match 'MaxSessionDuration'
        $err.ErrorDetails.RecommendedAction | Should -Match 'MaxSessionDuration'
        Get-AliyunContext | Should -BeNullOrEmpty
    }
}
