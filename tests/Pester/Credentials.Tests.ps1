# Each credential source against the emulator, with HOME and every ALIBABA_CLOUD_* variable
# isolated per test. The ECS metadata step is disabled unless a test points it at the emulator:
# nothing here may reach the real metadata address.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $StagedManifest -Force
    $script:Emulator = Start-TestEmulator
    Set-EmulatorKnobs $Emulator @{ minAssumeRoleDurationSeconds = 1 }
    $script:Role = "acs:ram::$($Emulator.Account):role/test-role"
    $script:SavedHome = $env:HOME
    $script:SavedEnv = Get-ChildItem env: | Where-Object Name -like 'ALIBABA_CLOUD_*'

    function script:New-RamKey {
        # A RAM user's key with its secret, straight from the emulator's control endpoint.
        Invoke-RestMethod -Method Post -Uri ([uri]::new($Emulator.Control, 'credentials')) -ContentType 'application/json' -Body (@{ userPrincipalName = "$(New-TestName 'cred')@$($Emulator.Domain)" } | ConvertTo-Json)
    }

    function script:Write-CliConfig([string] $Current, [object[]] $Profiles) {
        New-Item -ItemType Directory -Path (Join-Path $env:HOME '.aliyun') -Force | Out-Null
        @{ current = $Current; profiles = $Profiles } | ConvertTo-Json -Depth 4 | Set-Content (Join-Path $env:HOME '.aliyun/config.json')
    }

    function script:Write-CredentialsFile([string] $Text) {
        New-Item -ItemType Directory -Path (Join-Path $env:HOME '.alibabacloud') -Force | Out-Null
        Set-Content -Path (Join-Path $env:HOME '.alibabacloud/credentials') -Value $Text
    }

    function script:Reset-Isolation {
        Disconnect-AliyunAccount
        Get-ChildItem env: | Where-Object Name -like 'ALIBABA_CLOUD_*' | ForEach-Object { Remove-Item "env:$($_.Name)" }
        $env:ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true'
        $env:HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $env:HOME | Out-Null
    }

    function script:Connect-Here {
        param([hashtable] $Parameters = @{})
        Connect-AliyunAccount -Endpoint $Emulator.Address -MetadataEndpoint $Emulator.Address -PassThru -WarningAction SilentlyContinue @Parameters
    }
}

AfterAll {
    Disconnect-AliyunAccount
    $env:HOME = $SavedHome
    Get-ChildItem env: | Where-Object Name -like 'ALIBABA_CLOUD_*' | ForEach-Object { Remove-Item "env:$($_.Name)" }
    $SavedEnv | ForEach-Object { Set-Item "env:$($_.Name)" $_.Value }
    Remove-Module AliyunAccessKey -Force -ErrorAction SilentlyContinue
    Remove-Module Microsoft.PowerShell.SecretManagement -Force -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
}


Describe 'The default chain' {
    BeforeEach { Reset-Isolation }
    It 'uses ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET and says so in Verbose' {
        $env:ALIBABA_CLOUD_ACCESS_KEY_ID = 'testid'
        $env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = 'testsecret'
        $verbose = Connect-AliyunAccount -Endpoint $Emulator.Address -Verbose -WarningAction SilentlyContinue 4>&1 | Out-String
        (Get-AliyunContext).CredentialSource | Should -Be 'Environment'
        (Get-AliyunContext).IdentityType | Should -Be 'Account'
        $verbose | Should -Match 'using environment variables'
    }

    It 'refuses half-set environment variables clearly' {
        $env:ALIBABA_CLOUD_ACCESS_KEY_ID = 'testid'
        $err = { Connect-Here } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'IncompleteEnvironmentCredentials*'
    }

    It 'takes the environment over the CLI profile, the CLI profile over the credentials file' {
        $ram = New-RamKey
        Write-CliConfig 'default' @(@{ name = 'default'; mode = 'AK'; access_key_id = $ram.accessKeyId; access_key_secret = $ram.accessKeySecret })
        Write-CredentialsFile "[default]`ntype = access_key`naccess_key_id = testid`naccess_key_secret = testsecret"
        $env:ALIBABA_CLOUD_ACCESS_KEY_ID = 'testid'
        $env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = 'testsecret'
        (Connect-Here).CredentialSource | Should -Be 'Environment'

        Remove-Item env:ALIBABA_CLOUD_ACCESS_KEY_ID, env:ALIBABA_CLOUD_ACCESS_KEY_SECRET
        $context = Connect-Here
        $context.CredentialSource | Should -Be 'Profile:default'
        $context.IdentityType | Should -Be 'RAMUser'

        $env:ALIBABA_CLOUD_CLI_PROFILE_DISABLED = 'true'
        $context = Connect-Here
        $context.CredentialSource | Should -Be 'CredentialsFile:default'
        $context.IdentityType | Should -Be 'Account'
    }

    It 'picks the profile named by ALIBABA_CLOUD_PROFILE, else the file''s current one' {
        $ram = New-RamKey
        Write-CliConfig 'root' @(
            @{ name = 'root'; mode = 'AK'; access_key_id = 'testid'; access_key_secret = 'testsecret' }
            @{ name = 'ram'; mode = 'AK'; access_key_id = $ram.accessKeyId; access_key_secret = $ram.accessKeySecret })
        (Connect-Here).CredentialSource | Should -Be 'Profile:root'
        $env:ALIBABA_CLOUD_PROFILE = 'ram'
        (Connect-Here).CredentialSource | Should -Be 'Profile:ram'
    }

    It 'falls through to the ECS RAM role, then says clearly when nothing is configured' {
        Remove-Item env:ALIBABA_CLOUD_ECS_METADATA_DISABLED
        $context = Connect-Here
        $context.CredentialSource | Should -Be 'EcsRamRole:test-role'
        $context.IdentityType | Should -Be 'AssumedRoleUser'

        $env:ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true'
        $err = { Connect-Here } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'NoCredentials*'
        $err.Exception.Message | Should -Match 'ALIBABA_CLOUD_ACCESS_KEY_ID'
    }

    It 'uses ALIBABA_CLOUD_CREDENTIALS_URI last' {
        $env:ALIBABA_CLOUD_CREDENTIALS_URI = [uri]::new($Emulator.Address, 'latest/meta-data/ram/security-credentials/test-role').ToString()
        $context = Connect-Here
        $context.CredentialSource | Should -Be 'CredentialsUri'
        $context.AccessKeyId | Should -BeLike 'STS.*'
        $context.Expiration | Should -BeOfType [datetime]
    }
}

Describe 'aliyun CLI profiles (-ProfileName)' {
    BeforeEach { Reset-Isolation }
    It 'mode <mode>' -ForEach @(
        @{ mode = 'AK'; identity = 'RAMUser' }
        @{ mode = 'StsToken'; identity = 'AssumedRoleUser' }
        @{ mode = 'RamRoleArn'; identity = 'AssumedRoleUser' }
        @{ mode = 'ChainableRamRoleArn'; identity = 'AssumedRoleUser' }
        @{ mode = 'EcsRamRole'; identity = 'AssumedRoleUser' }
    ) {
        $ram = New-RamKey
        $sts = Invoke-RestMethod ([uri]::new($Emulator.Address, 'latest/meta-data/ram/security-credentials/test-role'))
        $profiles = @(
            @{ name = 'base'; mode = 'AK'; access_key_id = $ram.accessKeyId; access_key_secret = $ram.accessKeySecret }
            switch ($mode) {
                'AK' { @{ name = 'p'; mode = 'AK'; access_key_id = $ram.accessKeyId; access_key_secret = $ram.accessKeySecret } }
                'StsToken' { @{ name = 'p'; mode = 'StsToken'; access_key_id = $sts.AccessKeyId; access_key_secret = $sts.AccessKeySecret; sts_token = $sts.SecurityToken } }
                'RamRoleArn' { @{ name = 'p'; mode = 'RamRoleArn'; access_key_id = $ram.accessKeyId; access_key_secret = $ram.accessKeySecret; ram_role_arn = $Role; ram_session_name = 'cli' } }
                'ChainableRamRoleArn' { @{ name = 'p'; mode = 'ChainableRamRoleArn'; source_profile = 'base'; ram_role_arn = $Role } }
                'EcsRamRole' { @{ name = 'p'; mode = 'EcsRamRole'; ram_role_name = 'test-role' } }
            }
        )
        Write-CliConfig 'base' $profiles
        $context = Connect-Here @{ ProfileName = 'p' }
        $context.IdentityType | Should -Be $identity
        $context.CredentialSource | Should -BeLike $(if ($mode -eq 'EcsRamRole') { 'EcsRamRole:*' } else { 'Profile:p*' })
        Get-AliyunRamUser -PageSize 1 | Select-Object -First 1 | Out-Null
    }

    It 'says a mode is not supported' {
        Write-CliConfig 'p' @(@{ name = 'p'; mode = 'CloudSSO' })
        $err = { Connect-Here @{ ProfileName = 'p' } } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ProfileModeNotSupported*'
        $err.Exception.Message | Should -Match 'CloudSSO'
    }

    It 'says a profile is missing, incomplete, or the file malformed' {
        Write-CliConfig 'p' @(@{ name = 'p'; mode = 'AK'; access_key_id = 'x' })
        ({ Connect-Here @{ ProfileName = 'nope' } } | Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeLike 'ProfileNotFound*'
        $err = { Connect-Here @{ ProfileName = 'p' } } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ProfileIncomplete*'
        $err.Exception.Message | Should -Match 'access_key_secret'
        Set-Content (Join-Path $env:HOME '.aliyun/config.json') '{ "profiles": [ { "name": "p", '
        ({ Connect-Here @{ ProfileName = 'p' } } | Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeLike 'MalformedCliConfig*'
    }
}

Describe 'The credentials file (-ProfileName)' {
    BeforeEach { Reset-Isolation }
    It 'type <type>' -ForEach @(
        @{ type = 'access_key'; identity = 'RAMUser' }
        @{ type = 'ram_role_arn'; identity = 'AssumedRoleUser' }
        @{ type = 'ecs_ram_role'; identity = 'AssumedRoleUser' }
    ) {
        $ram = New-RamKey
        $body = switch ($type) {
            'access_key' { "type = access_key`naccess_key_id = $($ram.accessKeyId)`naccess_key_secret = $($ram.accessKeySecret)" }
            'ram_role_arn' { "type = ram_role_arn`naccess_key_id = $($ram.accessKeyId)`naccess_key_secret = $($ram.accessKeySecret)`nrole_arn = $Role`nrole_session_name = ini" }
            'ecs_ram_role' { "type = ecs_ram_role`nrole_name = test-role" }
        }
        Write-CredentialsFile "# comment`n[other]`ntype = access_key`naccess_key_id = a`naccess_key_secret = b`n`n[p]`n$body"
        (Connect-Here @{ ProfileName = 'p' }).IdentityType | Should -Be $identity
    }

    It 'honours ALIBABA_CLOUD_CREDENTIALS_FILE' {
        $path = Join-Path $TestDrive 'elsewhere.ini'
        Set-Content $path "[default]`ntype = access_key`naccess_key_id = testid`naccess_key_secret = testsecret"
        $env:ALIBABA_CLOUD_CREDENTIALS_FILE = $path
        (Connect-Here).CredentialSource | Should -Be 'CredentialsFile:default'
    }

    It 'says a type is not supported and a malformed line is malformed, without quoting it' {
        Write-CredentialsFile "[p]`ntype = rsa_key_pair"
        ({ Connect-Here @{ ProfileName = 'p' } } | Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeLike 'ProfileModeNotSupported*'
        Write-CredentialsFile "[p]`naccess_key_secret: hunter2-secret"
        $err = { Connect-Here @{ ProfileName = 'p' } } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'MalformedCredentialsFile*'
        $err.Exception.Message | Should -Match 'line 2'
        $err.Exception.Message | Should -Not -Match 'hunter2'
    }
}

Describe 'SecretManagement (-SecretName)' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'StandIns/Microsoft.PowerShell.SecretManagement/Microsoft.PowerShell.SecretManagement.psd1') -Force
    }
    BeforeEach {
        Reset-Isolation
        Reset-StandInVault
        Register-SecretVault -Name Store
        Register-SecretVault -Name Other
    }

    It 'reads a PSCredential stored with Set-Secret, from a named vault or any' {
        [pscredential]::new('testid', (ConvertTo-SecureString 'testsecret' -AsPlainText -Force)) | Set-Secret -Name aliyun-admin -Vault Other
        (Connect-Here @{ SecretName = 'aliyun-admin'; Vault = 'Other' }).CredentialSource | Should -Be 'SecretManagement:aliyun-admin'
        (Connect-Here @{ SecretName = 'aliyun-admin' }).IdentityType | Should -Be 'Account'
    }

    It 'says when the secret is missing, in another vault, or not a credential' {
        ({ Connect-Here @{ SecretName = 'absent' } } | Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeLike 'SecretNotRead*'
        ({ Connect-Here @{ SecretName = 'absent'; Vault = 'NoSuchVault' } } | Should -Throw -PassThru).Exception.Message | Should -Match 'NoSuchVault'
        'just text' | Set-Secret -Name text
        $err = { Connect-Here @{ SecretName = 'text' } } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'SecretNotACredential*'
        $err.Exception.Message | Should -Match 'AsCredential \| Set-Secret'
    }

    It 'says SecretManagement is needed when it is not installed' {
        Remove-Module Microsoft.PowerShell.SecretManagement -Force
        try {
            $err = { Connect-Here @{ SecretName = 'x' } } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike 'SecretManagementNotFound*'
            $err.Exception.Message | Should -Match 'Install-Module Microsoft.PowerShell.SecretManagement'
        } finally {
            Import-Module (Join-Path $PSScriptRoot 'StandIns/Microsoft.PowerShell.SecretManagement/Microsoft.PowerShell.SecretManagement.psd1') -Force
        }
    }
}

Describe 'ECS RAM role (-EcsRamRole)' {
    BeforeEach { Reset-Isolation }
    AfterEach { Set-EmulatorKnobs $Emulator @{ imdsRequireToken = $false; imdsTokenUnavailable = $false } }

    It 'uses IMDSv2 when the metadata service requires a token' {
        Set-EmulatorKnobs $Emulator @{ imdsRequireToken = $true }
        $context = Connect-Here @{ EcsRamRole = $true }
        $context.CredentialSource | Should -Be 'EcsRamRole:test-role'
        $context.IdentityType | Should -Be 'AssumedRoleUser'
        $context.Expiration | Should -BeOfType [datetime]
    }

    It 'falls back to IMDSv1 when no token is offered, unless v1 is disabled' {
        Set-EmulatorKnobs $Emulator @{ imdsTokenUnavailable = $true }
        $verbose = Connect-Here @{ EcsRamRole = $true; RoleName = 'test-role'; Verbose = $true } 4>&1 | Out-String
        $verbose | Should -Match 'IMDSv1'
        (Get-AliyunContext).IdentityType | Should -Be 'AssumedRoleUser'
        $env:ALIBABA_CLOUD_IMDSV1_DISABLED = 'true'
        ({ Connect-Here @{ EcsRamRole = $true } } | Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeLike 'EcsMetadataTokenRefused*'
    }
}

Describe '-RoleArn on top of any source, refreshed before expiry' {
    BeforeEach { Reset-Isolation }
    It 'assumes the role with a RAM user''s PSCredential' {
        $ram = New-RamKey
        $credential = [pscredential]::new($ram.accessKeyId, (ConvertTo-SecureString $ram.accessKeySecret -AsPlainText -Force))
        $context = Connect-Here @{ Credential = $credential; RoleArn = $Role; RoleSessionName = 'runbook' }
        $context.IdentityType | Should -Be 'AssumedRoleUser'
        $context.Arn | Should -Be "acs:ram::$($Emulator.Account):assumed-role/test-role/runbook"
        $context.CredentialSource | Should -Be "Credential+AssumeRole:$Role"
        $context.AccessKeyId | Should -BeLike 'STS.*'
    }

    It 'refreshes short-lived credentials in the middle of a long pipeline without a failure' {
        $ram = New-RamKey
        Write-CliConfig 'short' @(@{ name = 'short'; mode = 'RamRoleArn'; access_key_id = $ram.accessKeyId; access_key_secret = $ram.accessKeySecret; ram_role_arn = $Role; expired_seconds = 2 })
        $context = Connect-Here @{ ProfileName = 'short' }
        $first = $context.AccessKeyId
        $before = (Get-EmulatorCounters $Emulator).actions.AssumeRole
        $prefix = New-TestName 'refresh'
        # ~4.5 s of work across two expiries of 2-second credentials.
        $users = 1..30 | ForEach-Object { Start-Sleep -Milliseconds 150; [pscustomobject]@{ UserPrincipalName = "$prefix-$_@$($Emulator.Domain)" } } | New-AliyunRamUser -ThrottleLimit 1 -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        @($users).Count | Should -Be 30
        ((Get-EmulatorCounters $Emulator).actions.AssumeRole - $before) | Should -BeGreaterOrEqual 2
        $context.AccessKeyId | Should -Not -Be $first
    }
}

Describe 'Role session length' {
    BeforeEach { Reset-Isolation }

    It 'says what to do when the service refuses a CLI profile''s expired_seconds' {
        # Above every role's MaxSessionDuration (43200 at most), in today's emulator and the real service alike.
        $ram = New-RamKey
        Write-CliConfig 'long' @(@{ name = 'long'; mode = 'RamRoleArn'; access_key_id = $ram.accessKeyId; access_key_secret = $ram.accessKeySecret; ram_role_arn = $Role; expired_seconds = 50000 })
        $err = { Connect-Here @{ ProfileName = 'long' } } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ConnectFailed.InvalidParameter.DurationSeconds,*'
        $err.ToString() | Should -Match 'expired_seconds'
        $err.ToString() | Should -Match 'MaxSessionDuration'
    }

    It 'refuses a CLI profile''s malformed external_id before anything is sent' {
        $ram = New-RamKey
        Write-CliConfig 'ext' @(@{ name = 'ext'; mode = 'RamRoleArn'; access_key_id = $ram.accessKeyId; access_key_secret = $ram.accessKeySecret; ram_role_arn = $Role; external_id = 'has spaces' })
        $before = Get-RequestCount $Emulator
        $err = { Connect-Here @{ ProfileName = 'ext' } } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidProfileSetting,*'
        $err.Exception.Message | Should -Match 'config\.json'
        $err.Exception.Message | Should -Match 'ExternalId'
        Get-RequestCount $Emulator | Should -Be $before
    }

    # Needs the emulator of issue 12 (roles with a MaxSessionDuration, default 3600).
    It 'with a role''s default MaxSessionDuration, -RoleArn works without -DurationSeconds and -DurationSeconds 7200 is refused with advice' {
        $ram = New-RamKey
        $credential = [pscredential]::new($ram.accessKeyId, (ConvertTo-SecureString $ram.accessKeySecret -AsPlainText -Force))
        $context = Connect-Here @{ Credential = $credential; RoleArn = $Role }
        $context.IdentityType | Should -Be 'AssumedRoleUser'
        $context.Expiration | Should -BeLessOrEqual ([datetime]::UtcNow.AddSeconds(3600 + 60))
        $err = { Connect-Here @{ Credential = $credential; RoleArn = $Role; DurationSeconds = 7200 } } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ConnectFailed.InvalidParameter.DurationSeconds,*'
        $err.ToString() | Should -Match 'smaller -DurationSeconds'
    }
}

Describe 'No secret in any stream' {
    BeforeEach { Reset-Isolation }
    It 'connecting from <source> shows no secret anywhere' -ForEach @(
        @{ source = 'the environment' }
        @{ source = 'a CLI profile' }
        @{ source = 'a PSCredential with -RoleArn' }
    ) {
        $ram = New-RamKey
        $secrets = @($ram.accessKeySecret, 'testsecret')
        $parameters = @{ Verbose = $true; Debug = $true; InformationAction = 'Continue' }
        switch ($source) {
            'the environment' { $env:ALIBABA_CLOUD_ACCESS_KEY_ID = $ram.accessKeyId; $env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = $ram.accessKeySecret }
            'a CLI profile' { Write-CliConfig 'p' @(@{ name = 'p'; mode = 'RamRoleArn'; access_key_id = $ram.accessKeyId; access_key_secret = $ram.accessKeySecret; ram_role_arn = $Role }); $parameters.ProfileName = 'p' }
            'a PSCredential with -RoleArn' { $parameters.Credential = [pscredential]::new($ram.accessKeyId, (ConvertTo-SecureString $ram.accessKeySecret -AsPlainText -Force)); $parameters.RoleArn = $Role }
        }
        $transcript = Join-Path $TestDrive "transcript-$([guid]::NewGuid().ToString('N')).txt"
        Start-Transcript -Path $transcript | Out-Null
        try {
            $all = Connect-Here $parameters *>&1
            $all += Get-AliyunContext | Format-List * | Out-String
            $all += Get-AliyunContext | Out-String
        } finally {
            Stop-Transcript | Out-Null
        }
        $text = ($all | Out-String) + (Get-Content -Raw $transcript)
        $text | Should -Match 'Credential chain|GetCallerIdentity'
        foreach ($s in $secrets) { $text | Should -Not -Match ([regex]::Escape($s)) }
    }
}
