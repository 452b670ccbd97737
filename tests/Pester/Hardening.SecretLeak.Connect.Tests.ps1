# Hardening: no secret anywhere a person or a log can see it (the scanner and its rules are in
# Hardening.SecretLeak.ps1). Here: the scanner itself, and connecting from every credential source.
BeforeAll { . (Join-Path $PSScriptRoot 'Hardening.SecretLeak.ps1') }
AfterAll { Stop-LeakScanFile }

Describe 'The scanner' {
    It 'finds a secret that is shown, so a clean scan means something' {
        Connect-As $Root
        $key = New-AliyunRamUser -UserName (New-TestName 'probe') | New-AliyunAccessKey
        $probe = @{ 'probe' = $key.AccessKeySecret }
        $shown = @(
            [pscustomobject]@{ Where = 'the property'; Text = $key.AccessKeySecret }
            [pscustomobject]@{ Where = 'Format-List *'; Text = $key | Format-List * | Out-String -Width 500 }
            [pscustomobject]@{ Where = 'cut short'; Text = 'prefix ' + $key.AccessKeySecret.Substring(0, 14) + '…' }
        )
        @(Find-Secrets $shown $probe).Count | Should -Be 3
        # The allowed places hold it: Export-Csv and the property.
        $csv = Join-Path $TestDrive 'probe.csv'
        $key | Export-Csv $csv
        (Import-Csv $csv).AccessKeySecret | Should -BeExactly $key.AccessKeySecret
    }
}

Describe 'Connect-AliyunAccount, Get-AliyunContext, Disconnect-AliyunAccount' {
    It 'as the root account with -Credential' {
        $r = Invoke-LeakScan -Cmdlet Connect-AliyunAccount, Get-AliyunContext -Path Success {
            Connect-AliyunAccount -Credential $Root -Endpoint $Emulator.Address -PassThru @Loud
            Get-AliyunContext @Loud
        }
        $r.Objects[0].IdentityType | Should -Be 'Account'
    }

    It 'as a RAM user with -Credential' {
        $r = Invoke-LeakScan -Cmdlet Connect-AliyunAccount, Get-AliyunContext -Path Success {
            Connect-AliyunAccount -Credential $Caller.Credential -Endpoint $Emulator.Address -PassThru @Loud
            Get-AliyunContext @Loud
        }
        $r.Objects[0].IdentityType | Should -Be 'RAMUser'
    }

    It 'assuming a role with -RoleArn (an STS token the module holds)' {
        $r = Invoke-LeakScan -Cmdlet Connect-AliyunAccount, Get-AliyunContext -Path Success {
            Connect-AliyunAccount -Credential $Caller.Credential -RoleArn $Role -RoleSessionName leak-scan -Endpoint $Emulator.Address -PassThru @Loud
            Get-AliyunContext @Loud
        }
        $r.Objects[0].IdentityType | Should -Be 'AssumedRoleUser'
    }

    It 'with an STS key and -SecurityToken' {
        $sts = Get-ImdsCredential
        $token = ConvertTo-SecureString $sts.SecurityToken -AsPlainText -Force
        $credential = [pscredential]::new($sts.AccessKeyId, (ConvertTo-SecureString $sts.AccessKeySecret -AsPlainText -Force))
        $r = Invoke-LeakScan -Cmdlet Connect-AliyunAccount -Path Success {
            Connect-AliyunAccount -Credential $credential -SecurityToken $token -Endpoint $Emulator.Address -PassThru @Loud
        }
        $r.Objects[0].AccessKeyId | Should -BeLike 'STS.*'
    }

    It 'with the ECS RAM role (-EcsRamRole against the emulator''s metadata service)' {
        $r = Invoke-LeakScan -Cmdlet Connect-AliyunAccount -Path Success {
            Connect-AliyunAccount -EcsRamRole -Endpoint $Emulator.Address -MetadataEndpoint $Emulator.Address -PassThru @Loud
        }
        $r.Objects[0].CredentialSource | Should -BeLike 'EcsRamRole:*'
    }

    It 'from the environment (the default chain, metadata disabled), with and without a token' {
        $sts = Get-ImdsCredential
        try {
            $r = Invoke-LeakScan -Cmdlet Connect-AliyunAccount -Path Success {
                $env:ALIBABA_CLOUD_ACCESS_KEY_ID = $Caller.Id
                $env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = $Caller.Credential.GetNetworkCredential().Password
                Connect-AliyunAccount -Endpoint $Emulator.Address -MetadataEndpoint $Emulator.Address -PassThru @Loud
                $env:ALIBABA_CLOUD_ACCESS_KEY_ID = $sts.AccessKeyId
                $env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = $sts.AccessKeySecret
                $env:ALIBABA_CLOUD_SECURITY_TOKEN = $sts.SecurityToken
                Connect-AliyunAccount -Endpoint $Emulator.Address -MetadataEndpoint $Emulator.Address -PassThru @Loud
            }
            $r.Objects.CredentialSource | Should -Be @('Environment', 'Environment')
        } finally {
            Remove-Item env:ALIBABA_CLOUD_ACCESS_KEY_ID, env:ALIBABA_CLOUD_ACCESS_KEY_SECRET, env:ALIBABA_CLOUD_SECURITY_TOKEN -ErrorAction SilentlyContinue
        }
    }

    It 'from an aliyun CLI profile (RamRoleArn) and a vault secret' {
        @{ current = 'p'; profiles = @(@{ name = 'p'; mode = 'RamRoleArn'; access_key_id = $Caller.Id; access_key_secret = $Caller.Credential.GetNetworkCredential().Password; ram_role_arn = $Role }) } |
            ConvertTo-Json -Depth 4 | Set-Content (Join-Path $env:HOME '.aliyun/config.json')
        $Caller.Credential | Set-Secret -Name aliyun-caller -Vault Store
        $r = Invoke-LeakScan -Cmdlet Connect-AliyunAccount -Path Success {
            Connect-AliyunAccount -ProfileName p -Endpoint $Emulator.Address -MetadataEndpoint $Emulator.Address -PassThru @Loud
            Connect-AliyunAccount -SecretName aliyun-caller -Vault Store -Endpoint $Emulator.Address -PassThru @Loud
        }
        $r.Objects[0].CredentialSource | Should -BeLike 'Profile:p*'
        $r.Objects[1].CredentialSource | Should -Be 'SecretManagement:aliyun-caller'
    }

    It 'refused: a wrong secret, a disabled key, a wrong STS token' {
        Connect-As $Root
        $disabled = New-RamKey
        Disable-AliyunAccessKey -AccessKeyId $disabled.Id -UserPrincipalName $disabled.Upn
        Add-Secret 'a wrong secret tried' $WrongSecret
        $wrong = [pscredential]::new($Caller.Id, (ConvertTo-SecureString $WrongSecret -AsPlainText -Force))
        $sts = Get-ImdsCredential
        $wrongToken = 'CAISWrongToken' + [Convert]::ToBase64String([byte[]](1..60))
        Add-Secret 'a wrong STS token tried' $wrongToken
        $stsCredential = [pscredential]::new($sts.AccessKeyId, (ConvertTo-SecureString $sts.AccessKeySecret -AsPlainText -Force))
        # Each is a terminating error, which ends its script block: one scan each.
        $r = Invoke-LeakScan -Cmdlet Connect-AliyunAccount -Path Failure -ExpectError { Connect-AliyunAccount -Credential $wrong -Endpoint $Emulator.Address @Loud }
        Invoke-LeakScan -Cmdlet Connect-AliyunAccount -Path Failure -ExpectError { Connect-AliyunAccount -Credential $disabled.Credential -Endpoint $Emulator.Address @Loud } | Out-Null
        Invoke-LeakScan -Cmdlet Connect-AliyunAccount -Path Failure -ExpectError {
            Connect-AliyunAccount -Credential $stsCredential -SecurityToken (ConvertTo-SecureString $wrongToken -AsPlainText -Force) -Endpoint $Emulator.Address @Loud
        } | Out-Null
        $r.Errors[0].FullyQualifiedErrorId | Should -BeLike 'ConnectFailed.SignatureDoesNotMatch*'
    }

    It 'refused: a locked vault, a vault secret that is not a credential, a malformed credentials file' {
        Add-Secret 'a plain-text secret stored in the vault' 'PlainVaultSecret-Tm5Yc2Gx7Jw4'
        'PlainVaultSecret-Tm5Yc2Gx7Jw4' | Set-Secret -Name plain -Vault Store
        New-Item -ItemType Directory -Path (Join-Path $env:HOME '.alibabacloud') -Force | Out-Null
        Add-Secret 'a secret on a malformed line of the credentials file' 'FileSecret-Bq6Wn1Kd8Zs3Lp'
        Set-Content (Join-Path $env:HOME '.alibabacloud/credentials') "[bad]`naccess_key_secret: FileSecret-Bq6Wn1Kd8Zs3Lp"
        $cases = @(
            { Connect-AliyunAccount -SecretName plain -Vault Store -Endpoint $Emulator.Address @Loud }
            { Connect-AliyunAccount -ProfileName bad -Endpoint $Emulator.Address -MetadataEndpoint $Emulator.Address @Loud }
            { Set-StandInVaultState -Locked; try { Connect-AliyunAccount -SecretName aliyun-caller -Endpoint $Emulator.Address @Loud } finally { Set-StandInVaultState } }
        )
        foreach ($case in $cases) { Invoke-LeakScan -Cmdlet Connect-AliyunAccount -Path Failure -ExpectError $case | Out-Null }
    }

    It 'refused: an aliyun CLI config.json broken inside a secret says where, not what' {
        # The JSON reader's own message quotes a few bytes where it stopped ('tCfg', '9Kv3'),
        # too few for the needles above: the message is checked for quotes and a position too.
        $config = Join-Path $env:HOME '.aliyun/config.json'
        $saved = Get-Content -Raw $config -ErrorAction SilentlyContinue
        Add-Secret 'a secret in a broken config.json' 'CfgSecret-Zq7Wx9Kv3Tr8Ym2'
        try {
            foreach ($value in '"CfgSecret-Zq7Wx\u9Kv3Tr8Ym2"', 'tCfgSecret-Zq7Wx9Kv3Tr8Ym2') {
                Set-Content $config "{`n  `"profiles`": [ { `"name`": `"bad`", `"mode`": `"AK`", `"access_key_id`": `"LTAI5tExample00000001`",`n    `"access_key_secret`": $value } ]`n}"
                $r = Invoke-LeakScan -Cmdlet Connect-AliyunAccount -Path Failure -ExpectError { Connect-AliyunAccount -ProfileName bad -Endpoint $Emulator.Address @Loud }
                $r.Errors[0].FullyQualifiedErrorId | Should -BeLike 'MalformedCliConfig*'
                $r.Errors[0].Exception.Message | Should -Match 'config\.json is not valid JSON: .* at line 3, column \d+\.$'
                for ($e = $r.Errors[0].Exception; $e; $e = $e.InnerException) {
                    $e.Message | Should -Not -Match "'|Cfg|9Kv3" -Because 'the message says where the file is broken, never what it holds'
                }
            }
        } finally {
            if ($null -ne $saved) { Set-Content $config $saved -NoNewline } else { Remove-Item $config -ErrorAction SilentlyContinue }
        }
    }

    It 'refused before sending: a plain-http endpoint that is not loopback' {
        $before = Get-RequestCount $Emulator
        $r = Invoke-LeakScan -Cmdlet Connect-AliyunAccount -Path Failure -ExpectError {
            Connect-AliyunAccount -Credential $Root -Endpoint 'http://192.0.2.1/' @Loud
        }
        $r.Errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidConnectionParameter*'
        Get-RequestCount $Emulator | Should -Be $before
    }

    It 'refuses an endpoint URL with a user name and password in it, and never echoes the password' {
        # The module never uses user info in a URL: it is refused before anything is sent, and the
        # refusal shows the endpoint with *** in its place. Loopback http (the emulator) included,
        # which would otherwise connect and print the URL in Verbose output and the context.
        Add-Secret 'a password in an endpoint URL' 'UrlPassw0rd-Fe4Kj9Xs'
        $port = ([uri]$Emulator.Address).Port
        $loopback = "http://admin:UrlPassw0rd-Fe4Kj9Xs@127.0.0.1:$port/"
        $cases = @(
            @{ Credential = $Root; Endpoint = 'http://admin:UrlPassw0rd-Fe4Kj9Xs@192.0.2.1/' }
            @{ Credential = $Root; Endpoint = 'https://admin:UrlPassw0rd-Fe4Kj9Xs@ims.aliyuncs.com/' }
            @{ Credential = $Root; Endpoint = $loopback }
            @{ Credential = $Root; Endpoint = $Emulator.Address; StsEndpoint = $loopback }
            @{ EcsRamRole = $true; Endpoint = $Emulator.Address; MetadataEndpoint = $loopback }
        )
        $before = Get-EmulatorCounters $Emulator
        foreach ($case in $cases) {
            $r = Invoke-LeakScan -Cmdlet Connect-AliyunAccount -Path Failure -ExpectError { Connect-AliyunAccount @case @Loud }
            $r.Errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidConnectionParameter*'
            $r.Errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $r.Errors[0].Exception.Message | Should -Match 'user name or password'
            $r.Errors[0].TargetObject | Should -BeOfType [string]
            $r.Errors[0].TargetObject | Should -BeLike '*://`*`*`*@*'
        }
        $r = Invoke-LeakScan -Cmdlet Test-AliyunAccessKey -Path Failure -ExpectError { Test-AliyunAccessKey -Credential $Root -StsEndpoint $loopback @Loud }
        $r.Errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidConnectionParameter*'
        $r.Errors[0].TargetObject | Should -BeExactly "http://***@127.0.0.1:$port"
        $after = Get-EmulatorCounters $Emulator
        $after.requests | Should -Be $before.requests -Because 'a refused endpoint is refused before anything is sent'
        $after.metadataRequests | Should -Be $before.metadataRequests
        Get-AliyunContext | Where-Object { "$($_.Endpoint)$($_.StsEndpoint)" -like '*@*' } | Should -BeNullOrEmpty
    }

    It 'refuses ALIBABA_CLOUD_CREDENTIALS_URI with a user name and password in it, and never echoes the password' {
        Add-Secret 'a password in the credentials URI' 'UriPassw0rd-Gm2Td7Rc'
        $port = ([uri]$Emulator.Address).Port
        $names = 'ALIBABA_CLOUD_CREDENTIALS_URI', 'ALIBABA_CLOUD_CLI_PROFILE_DISABLED', 'ALIBABA_CLOUD_CREDENTIALS_FILE'
        $before = Get-EmulatorCounters $Emulator
        try {
            # Only the credentials URI is configured: no CLI profile, no credentials file, no ECS (disabled above).
            $env:ALIBABA_CLOUD_CLI_PROFILE_DISABLED = 'true'
            $env:ALIBABA_CLOUD_CREDENTIALS_FILE = Join-Path $TestDrive 'no-such-credentials'
            foreach ($uri in "http://admin:UriPassw0rd-Gm2Td7Rc@127.0.0.1:$port/latest/meta-data/ram/security-credentials/test-role",
                'https://admin:UriPassw0rd-Gm2Td7Rc@credentials.example.com/creds') {
                $env:ALIBABA_CLOUD_CREDENTIALS_URI = $uri
                $r = Invoke-LeakScan -Cmdlet Connect-AliyunAccount -Path Failure -ExpectError { Connect-AliyunAccount -Endpoint $Emulator.Address @Loud }
                $r.Errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidCredentialsUri*'
                $r.Errors[0].Exception.Message | Should -Match 'user name or password'
            }
        } finally {
            $names | ForEach-Object { Remove-Item "env:$_" -ErrorAction SilentlyContinue }
        }
        $after = Get-EmulatorCounters $Emulator
        $after.metadataRequests | Should -Be $before.metadataRequests -Because 'nothing is asked of a refused credentials URI'
        $after.requests | Should -Be $before.requests
    }

    It 'disconnects, and then has no context to show' {
        Connect-As $Caller.Credential
        $r = Invoke-LeakScan -Cmdlet Disconnect-AliyunAccount, Get-AliyunContext, Test-AliyunAccessKey -Path Success {
            Disconnect-AliyunAccount @Loud
            Get-AliyunContext @Loud
            Disconnect-AliyunAccount @Loud
            # Testing a key needs no connection (its own client; the emulator's STS, never the public one).
            Test-AliyunAccessKey -Credential $Caller.Credential -StsEndpoint $Emulator.Address @Loud
        }
        $r.Objects.IdentityType | Should -Be 'RAMUser'
        Invoke-LeakScan -Cmdlet Disconnect-AliyunAccount, Get-AliyunContext -Path Failure -ExpectError {
            Disconnect-AliyunAccount -NoSuchParameter @Loud
        } | Out-Null
        Invoke-LeakScan -Cmdlet Get-AliyunContext -Path Failure -ExpectError { Get-AliyunContext 'extra' @Loud } | Out-Null
        Invoke-LeakScan -Cmdlet Get-AliyunRamUser -Path Failure -ExpectError { Get-AliyunRamUser @Loud } | Out-Null
    }
}

Describe 'Coverage and the emulator''s own record' {
    It 'ran every scan this file declares' {
        Get-DeclaredLeakScans $PSCommandPath | Where-Object { -not $Covered[$_] } | Should -BeNullOrEmpty -Because 'a scan that never ran checks nothing'
    }

    It 'scanned, in all the Hardening.SecretLeak files together, every exported cmdlet on a success and a failure path' {
        $exported = (Get-Command -Module AliyunAccessKey).Name
        $exported.Count | Should -BeGreaterThan 10
        $declared = @(Get-DeclaredLeakScans (Get-ChildItem $PSScriptRoot -Filter 'Hardening.SecretLeak.*.Tests.ps1').FullName)
        $missing = foreach ($name in $exported) {
            foreach ($p in 'Success', 'Failure') { if ("$name|$p" -notin $declared) { "$name ($p)" } }
        }
        $missing | Should -BeNullOrEmpty -Because 'a cmdlet the scan does not run could leak unnoticed'
    }

    It 'shows, anywhere it was captured, no secret or STS token the emulator ever issued' {
        Assert-NoIssuedSecret -MinSessions 2 -MinKeys 3 -MinCorpus 100 -MinTranscript 5000
    }
}
