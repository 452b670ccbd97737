# Hardening: no secret anywhere a person or a log can see it. Every exported cmdlet runs with
# -Verbose -Debug -InformationAction Continue -WarningAction Continue under Start-Transcript, on
# success and failure paths; everything it writes is captured (*>&1), rendered the ways PowerShell
# shows it (Out-String, Format-Table, Format-List, Format-Custom, Format-Wide, after objects of other
# types), and every error record is taken apart (exception chain, Format-List * -Force, Get-Error,
# ErrorDetails, TargetObject, InvocationInfo). No AccessKey secret or STS token may appear: not of the
# keys made here, not the caller's, not the root's. A secret may be seen only where it is asked for:
# the .AccessKeySecret / .NewAccessKeySecret property, Export-Csv, a PSCredential's password.
#
# At the end, every secret and token the emulator ever issued (read from its state file) is looked
# for in everything captured, so a secret the tests never held is covered too.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $StagedManifest -Force
    $script:StandIn = Join-Path $PSScriptRoot 'StandIns/Microsoft.PowerShell.SecretManagement/Microsoft.PowerShell.SecretManagement.psd1'
    Import-Module $StandIn -Force

    # Nothing here may reach the ECS metadata address or read the real user's profiles.
    $script:SavedEnv = Get-ChildItem env: | Where-Object Name -like 'ALIBABA_CLOUD_*'
    $script:SavedHome = $env:HOME
    Get-ChildItem env: | Where-Object Name -like 'ALIBABA_CLOUD_*' | ForEach-Object { Remove-Item "env:$($_.Name)" }
    $env:ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true'
    $env:HOME = Join-Path $TestDrive 'home'
    New-Item -ItemType Directory -Path (Join-Path $env:HOME '.aliyun') -Force | Out-Null

    # "testsecret" is an ordinary word; a distinctive root secret cannot be found by accident.
    $script:RootSecret = 'RootSecret-Kq7Zx2Wm9Vb4Pn8T'
    $script:StateFile = Join-Path $TestDrive 'emulator-state.json'
    $script:Emulator = Start-TestEmulator -Arguments '--access-key-secret', $RootSecret, '--state-file', $StateFile
    $script:Domain = $Emulator.Domain
    $script:Role = "acs:ram::$($Emulator.Account):role/test-role"
    $script:Root = [pscredential]::new('testid', (ConvertTo-SecureString $RootSecret -AsPlainText -Force))
    # Kept in variables: a literal on a command line would be echoed by PowerShell's own error view.
    $script:WrongSecret = 'WrongSecret-Hv3Lq8Ns1Dz6Ry0C'

    # Every secret the tests hold, by a label that says whose it is; every text captured.
    $script:Known = [ordered]@{ 'the root secret' = $RootSecret }
    $script:Corpus = [System.Collections.Generic.List[object]]::new()
    $script:Covered = @{}
    $script:GetErrorSeen = [System.Collections.Generic.HashSet[string]]::new()

    function script:Add-Secret([string] $Label, [string] $Value) {
        if ($Value -and -not $Known.Contains($Label)) { $Known[$Label] = $Value }
    }

    function script:New-RamKey([string] $Upn = "$(New-TestName 'ram')@$Domain") {
        $k = Invoke-RestMethod -Method Post -Uri ([uri]::new($Emulator.Control, 'credentials')) -ContentType 'application/json' -Body (@{ userPrincipalName = $Upn } | ConvertTo-Json)
        Add-Secret "the secret of $($k.accessKeyId)" $k.accessKeySecret
        [pscustomobject]@{
            Upn        = $Upn
            Id         = $k.accessKeyId
            Credential = [pscredential]::new($k.accessKeyId, (ConvertTo-SecureString $k.accessKeySecret -AsPlainText -Force))
        }
    }

    function script:Get-ImdsCredential {
        $sts = Invoke-RestMethod ([uri]::new($Emulator.Address, 'latest/meta-data/ram/security-credentials/test-role'))
        Add-Secret "the STS secret of $($sts.AccessKeyId)" $sts.AccessKeySecret
        Add-Secret "the STS token of $($sts.AccessKeyId)" $sts.SecurityToken
        $sts
    }

    # The caller for most scans: a RAM user whose secret this file holds.
    $script:Caller = New-RamKey "caller$(New-TestName)@$Domain"

    function script:Connect-As([pscredential] $Credential, [hashtable] $More = @{}) {
        Connect-AliyunAccount -Credential $Credential -Endpoint $Emulator.Address -MetadataEndpoint $Emulator.Address -WarningAction SilentlyContinue @More
    }

    # Parts of a secret that would show if it were cut short or wrapped: the whole, its first and
    # last 12 characters, and the start of each long alphanumeric run (a token's base64 has '+' and
    # '/', which a URL would encode).
    function script:Get-Needles([string] $Secret) {
        if ($Secret.Length -lt 8) { throw "'$Secret' is too short to look for" }
        $needles = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::Ordinal)
        [void]$needles.Add($Secret)
        if ($Secret.Length -ge 16) {
            [void]$needles.Add($Secret.Substring(0, 12))
            [void]$needles.Add($Secret.Substring($Secret.Length - 12))
            foreach ($m in [regex]::Matches($Secret, '[A-Za-z0-9]{16,}')) { [void]$needles.Add($m.Value.Substring(0, 16)) }
        }
        $needles
    }

    function script:Find-Secrets($Texts, $Secrets) {
        $found = [System.Collections.Generic.List[string]]::new()
        foreach ($label in @($Secrets.Keys)) {
            $needles = Get-Needles $Secrets[$label]
            foreach ($t in $Texts) {
                foreach ($n in $needles) {
                    if ($t.Text.IndexOf($n, [StringComparison]::Ordinal) -ge 0) {
                        $found.Add("$label appears in $($t.Where)")
                        break
                    }
                }
            }
        }
        $found
    }

    # Every way an error record can be looked at, down the exception chain (and into the error
    # records that exceptions carry). Rendered in batches: formatting costs per call, not per item.
    function script:Get-ErrorViews([object[]] $Errors) {
        $w = 500
        $records = [System.Collections.Generic.List[object]]::new()
        $exceptions = [System.Collections.Generic.List[Exception]]::new()
        $pending = [System.Collections.Generic.Queue[object]]::new()
        foreach ($e in $Errors) { $pending.Enqueue($e) }
        while ($pending.Count -and $records.Count -lt 50) {
            $record = $pending.Dequeue()
            if ($records | Where-Object { [object]::ReferenceEquals($_, $record) }) { continue }
            $records.Add($record)
            $chain = [System.Collections.Generic.Queue[Exception]]::new()
            if ($record.Exception) { $chain.Enqueue($record.Exception) }
            while ($chain.Count -and $exceptions.Count -lt 200) {
                $x = $chain.Dequeue()
                $exceptions.Add($x)
                if ($x.InnerException) { $chain.Enqueue($x.InnerException) }
                if ($x -is [AggregateException]) { foreach ($inner in $x.InnerExceptions) { $chain.Enqueue($inner) } }
                if ($x -is [System.Management.Automation.IContainsErrorRecord] -and $x.ErrorRecord) { $pending.Enqueue($x.ErrorRecord) }
            }
        }
        [pscustomobject]@{ Where = 'errors: ToString'; Text = ($records | ForEach-Object { "$_" }) -join "`n" }
        [pscustomobject]@{ Where = 'errors | Format-List * -Force'; Text = $records | Format-List * -Force | Out-String -Width $w }
        # Get-Error walks everything, but costs ~150 ms a call: once for each kind of error.
        foreach ($e in $Errors) {
            $kind = ($e.FullyQualifiedErrorId -split ',')[0]
            if ($script:GetErrorSeen.Add($kind)) { [pscustomobject]@{ Where = "error $kind | Get-Error"; Text = Get-Error -InputObject $e | Out-String -Width $w } }
        }
        $targets = @($records | ForEach-Object TargetObject | Where-Object { $null -ne $_ })
        $details = @($records | ForEach-Object ErrorDetails | Where-Object { $_ }) + @($targets) + @($records | ForEach-Object InvocationInfo | Where-Object { $_ })
        [pscustomobject]@{ Where = 'errors .ErrorDetails, .TargetObject, .InvocationInfo | Format-List * -Force'; Text = ($targets | Out-String -Width $w) + ($details | Format-List * -Force | Out-String -Width $w) }
        [pscustomobject]@{ Where = 'errors .CategoryInfo, .FullyQualifiedErrorId, .ScriptStackTrace'; Text = ($records | ForEach-Object { "$($_.CategoryInfo) $($_.FullyQualifiedErrorId) $($_.ScriptStackTrace)" }) -join "`n" }
        [pscustomobject]@{ Where = 'exception chains: Message and ToString'; Text = ($exceptions | ForEach-Object { $_.Message + "`n" + $_.ToString() }) -join "`n" }
        [pscustomobject]@{ Where = 'exception chains | Format-List * -Force'; Text = $exceptions | Format-List * -Force | Out-String -Width $w }
    }

    # Default views of the output objects: alone and together, and after objects of other types
    # in one stream (where PowerShell drops a type's own view).
    function script:Get-ObjectViews([object[]] $Objects) {
        $w = 500
        [pscustomobject]@{ Where = 'outputs: ToString'; Text = ($Objects | ForEach-Object { "$_" }) -join "`n" }
        [pscustomobject]@{ Where = 'outputs | Out-String'; Text = $Objects | Out-String -Width $w }
        [pscustomobject]@{ Where = 'each output | Out-String'; Text = ($Objects | ForEach-Object { $_ | Out-String -Width $w }) -join "`n" }
        [pscustomobject]@{ Where = 'outputs | Format-Table'; Text = $Objects | Format-Table | Out-String -Width $w }
        [pscustomobject]@{ Where = 'outputs | Format-List'; Text = $Objects | Format-List | Out-String -Width $w }
        [pscustomobject]@{ Where = 'outputs | Format-Custom'; Text = $Objects | Format-Custom -Depth 1 | Out-String -Width $w }
        [pscustomobject]@{ Where = 'outputs | Format-Wide'; Text = $Objects | Format-Wide | Out-String -Width $w }
        [pscustomobject]@{ Where = 'outputs after a table of another type'; Text = & { [pscustomobject]@{ Other = 1 }; $Objects } | Out-String -Width $w }
        [pscustomobject]@{ Where = 'outputs after a list of another type'; Text = & { [pscustomobject]@{ A = 1; B = 2; C = 3; D = 4; E = 5 }; $Objects } | Out-String -Width $w }
        if (@(Get-AliyunContext).Count) {
            [pscustomobject]@{ Where = 'outputs after Get-AliyunContext'; Text = & { Get-AliyunContext; $Objects } | Out-String -Width $w }
        }
    }

    # One transcript for the whole file (starting one costs ~130 ms). The scans capture every
    # stream, so the transcript records what bypasses them and reaches the host directly (prompts,
    # What if:, Write-Host); one test below lets a run write to the console as a person sees it.
    # It is checked at the end against every secret known and issued.
    $script:Transcript = Join-Path $TestDrive 'transcript.txt'
    Start-Transcript -Path $Transcript | Out-Null

    # Offsets in bytes, not characters: a read that lands inside a multi-byte character (an
    # ellipsis in a message) decodes to more characters than the same bytes do later.
    function script:Get-TranscriptOffset { (Get-Item -LiteralPath $Transcript).Length }
    function script:Get-TranscriptSince([long] $Offset) {
        $stream = [IO.File]::Open($Transcript, 'Open', 'Read', 'ReadWrite')
        try {
            $null = $stream.Seek($Offset, 'Begin')
            [IO.StreamReader]::new($stream, [Text.UTF8Encoding]::new($false)).ReadToEnd()
        } finally { $stream.Dispose() }
    }

    # Runs $Script with every stream on and everything captured; renders what came out; checks
    # that no known secret shows. Returns the output objects and the errors.
    function script:Invoke-LeakScan {
        param([string[]] $Cmdlet, [ValidateSet('Success', 'Failure')] [string[]] $Path, [scriptblock] $Script, [switch] $ExpectError)
        foreach ($c in $Cmdlet) { foreach ($p in $Path) { $script:Covered["$c|$p"] = $true } }
        $ErrorActionPreference = 'Continue'
        $VerbosePreference = 'Continue'
        $DebugPreference = 'Continue'
        $InformationPreference = 'Continue'
        $WarningPreference = 'Continue'
        $items = [System.Collections.Generic.List[object]]::new()
        try {
            & $Script *>&1 | ForEach-Object { $items.Add($_) }
        } catch {
            $items.Add($_)
        }
        $isRecord = { $_ -is [System.Management.Automation.ErrorRecord] -or $_ -is [System.Management.Automation.InformationalRecord] -or $_ -is [System.Management.Automation.InformationRecord] }
        $objects = @($items | Where-Object { $null -ne $_ -and -not (& $isRecord) })
        $errors = @($items | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $records = @($items | Where-Object { $_ -is [System.Management.Automation.InformationalRecord] -or $_ -is [System.Management.Automation.InformationRecord] })

        # The secrets these outputs carry where they may: collect them before looking for them.
        foreach ($o in $objects) {
            if ($o -is [pscredential]) { Add-Secret "the secret of new key $($o.UserName)" $o.GetNetworkCredential().Password; continue }
            if ($o.PSObject.Properties['AccessKeySecret'] -and $o.AccessKeySecret) { Add-Secret "the secret of new key $($o.AccessKeyId)" $o.AccessKeySecret }
            if ($o.PSObject.Properties['NewAccessKeySecret'] -and $o.NewAccessKeySecret) { Add-Secret "the secret of rotated-in key $($o.NewAccessKeyId)" $o.NewAccessKeySecret }
        }

        $texts = [System.Collections.Generic.List[object]]::new()
        $texts.Add([pscustomobject]@{ Where = 'the whole stream | Out-String'; Text = $items | Out-String -Width 500 })
        if ($records) { $texts.Add([pscustomobject]@{ Where = 'verbose, debug, warning and information records'; Text = (($records | ForEach-Object { "$($_.Message) $($_.MessageData)" }) -join "`n") + ($records | Out-String -Width 500) }) }
        if ($errors) { foreach ($v in Get-ErrorViews $errors) { $texts.Add($v) } }
        if ($objects) { foreach ($v in Get-ObjectViews $objects) { $texts.Add($v) } }
        foreach ($t in $texts) { $script:Corpus.Add($t) }

        $leaks = Find-Secrets $texts $Known
        $leaks | Should -BeNullOrEmpty -Because 'no secret may appear in any stream, view or error'
        if ($ExpectError) { $errors | Should -Not -BeNullOrEmpty -Because 'this path fails' }
        [pscustomobject]@{ Objects = $objects; Errors = $errors; Items = $items }
    }

    # The common parameters every scanned command gets.
    $script:Loud = @{ Verbose = $true; Debug = $true; InformationAction = 'Continue'; WarningAction = 'Continue'; ErrorAction = 'Continue' }

    Reset-StandInVault
    Register-SecretVault -Name Store
}

AfterAll {
    if (-not $TranscriptStopped) { Stop-Transcript -ErrorAction SilentlyContinue | Out-Null }
    Disconnect-AliyunAccount
    Remove-Module AliyunAccessKey, Microsoft.PowerShell.SecretManagement -Force -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
    $env:HOME = $SavedHome
    Get-ChildItem env: | Where-Object Name -like 'ALIBABA_CLOUD_*' | ForEach-Object { Remove-Item "env:$($_.Name)" }
    $SavedEnv | ForEach-Object { Set-Item "env:$($_.Name)" $_.Value }
}

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

Describe 'RAM users, connected as <As>' -ForEach @(@{ As = 'a RAM user' }, @{ As = 'root' }) {
    BeforeAll {
        if ($As -eq 'root') { Connect-As $Root } else { Connect-As $Caller.Credential }
    }

    It 'creates, reads, changes and removes users' {
        $name = New-TestName 'leak'
        $r = Invoke-LeakScan -Cmdlet New-AliyunRamUser, Get-AliyunRamUser, Set-AliyunRamUser, Remove-AliyunRamUser -Path Success {
            $user = New-AliyunRamUser -UserName $name -DisplayName 'Leak Scan' -Comments 'c' -Email 'a@b.example' -MobilePhone '86-18600008888' -Tag @{ team = 'ops' } @Loud
            $user
            1..3 | ForEach-Object { [pscustomobject]@{ UserPrincipalName = "$name-$_@$Domain" } } | New-AliyunRamUser @Loud
            Get-AliyunRamUser $user.UserPrincipalName @Loud
            Get-AliyunRamUser "$name*" @Loud
            Get-AliyunRamUser -UserId $user.UserId @Loud
            Set-AliyunRamUser $user.UserPrincipalName -DisplayName 'Changed' -PassThru @Loud
            $key = New-AliyunAccessKey $user.UserPrincipalName @Loud
            Get-AliyunRamUser -AccessKeyId $key.AccessKeyId @Loud
            Remove-AliyunRamUser $user.UserPrincipalName -Force @Loud
            1..3 | ForEach-Object { "$name-$_@$Domain" } | Remove-AliyunRamUser -Confirm:$false @Loud
        }
        $r.Errors | Should -BeNullOrEmpty
    }

}

Describe 'AccessKeys, connected as <As>' -ForEach @(@{ As = 'a RAM user' }, @{ As = 'root' }) {
    BeforeAll {
        if ($As -eq 'root') { Connect-As $Root } else { Connect-As $Caller.Credential }
        function script:New-LeakUser { New-AliyunRamUser -UserPrincipalName "$(New-TestName 'key')@$Domain" }
    }

    It 'creates keys: as objects, as credentials, in bulk, for the caller' {
        $users = 1..4 | ForEach-Object { New-LeakUser }
        $r = Invoke-LeakScan -Cmdlet New-AliyunAccessKey -Path Success {
            New-AliyunAccessKey $users[0].UserPrincipalName @Loud
            New-AliyunAccessKey $users[0].UserPrincipalName -AsCredential @Loud
            $users[1..3] | New-AliyunAccessKey -ThrottleLimit 4 @Loud
            if ($As -eq 'root') { New-AliyunAccessKey -Force @Loud }
        }
        @($r.Objects).Count | Should -Be $(if ($As -eq 'root') { 6 } else { 5 })
        if ($As -eq 'root') {
            # The root key made above: take it away again.
            $rootKey = $r.Objects | Where-Object { $_ -isnot [pscredential] -and -not $_.UserPrincipalName }
            Remove-AliyunAccessKey $rootKey.AccessKeyId -Force
        }
    }

    It 'lists, disables, enables, tests and removes keys piped as objects that hold their secrets' {
        $user = New-LeakUser
        $key = New-AliyunAccessKey $user.UserPrincipalName
        $credential = New-AliyunAccessKey $user.UserPrincipalName -AsCredential
        Add-Secret "the secret of new key $($key.AccessKeyId)" $key.AccessKeySecret
        Add-Secret "the secret of new key $($credential.UserName)" $credential.GetNetworkCredential().Password
        $r = Invoke-LeakScan -Cmdlet Get-AliyunAccessKey, Disable-AliyunAccessKey, Enable-AliyunAccessKey, Test-AliyunAccessKey, Remove-AliyunAccessKey -Path Success {
            $key | Test-AliyunAccessKey @Loud
            $credential | Test-AliyunAccessKey @Loud
            Get-AliyunAccessKey $user.UserPrincipalName -IncludeLastUsed @Loud
            Get-AliyunAccessKey $user.UserPrincipalName -StaleDays 0 @Loud
            Get-AliyunAccessKey @Loud
            $key | Disable-AliyunAccessKey @Loud
            $key | Enable-AliyunAccessKey @Loud
            $key | Remove-AliyunAccessKey -Force @Loud
            $credential.UserName | Remove-AliyunAccessKey -UserPrincipalName $user.UserPrincipalName -Force @Loud
        }
        $r.Errors | Should -BeNullOrEmpty
        Get-AliyunAccessKey $user.UserPrincipalName | Should -BeNullOrEmpty
    }
}

Describe 'Failures, connected as a RAM user' {
    BeforeAll {
        Connect-As $Caller.Credential
        function script:New-LeakUser { New-AliyunRamUser -UserPrincipalName "$(New-TestName 'key')@$Domain" }
    }

    It 'fails: exists, not found, nothing to change, keys left, invalid input; and is throttled' {
        $upn = "$(New-TestName 'leak')@$Domain"
        New-AliyunRamUser -UserPrincipalName $upn | New-AliyunAccessKey | Out-Null
        $r = Invoke-LeakScan -Cmdlet New-AliyunRamUser, Get-AliyunRamUser, Set-AliyunRamUser, Remove-AliyunRamUser -Path Failure -ExpectError {
            New-AliyunRamUser -UserPrincipalName $upn @Loud
            [pscustomobject]@{ UserPrincipalName = 'broken row'; DisplayName = 'x' * 30 } | New-AliyunRamUser @Loud
            Get-AliyunRamUser "nobody$upn" @Loud
            Get-AliyunRamUser -UserId 'abc' @Loud
            Set-AliyunRamUser $upn @Loud
            Set-AliyunRamUser "nobody$upn" -DisplayName 'x' @Loud
            Remove-AliyunRamUser $upn -Confirm:$false @Loud
        }
        $r.Errors.Count | Should -BeGreaterOrEqual 6
        # Throttled: retried after the service's hint, and Verbose says so.
        Set-EmulatorKnobs $Emulator @{ rateLimit = 20; rateLimitBurst = 1 }
        try {
            $t = Invoke-LeakScan -Cmdlet Get-AliyunRamUser -Path Success {
                1..4 | ForEach-Object { Get-AliyunRamUser $upn @Loud }
            }
            ($t.Items | Out-String) | Should -Match 'Throttling.User' -Because 'the calls were throttled and retried'
        } finally {
            Set-EmulatorKnobs $Emulator @{ rateLimit = 0 }
        }
    }

    It 'fails to create: the 2-key limit, no such user, an invalid name' {
        $user = New-LeakUser
        1..2 | ForEach-Object { New-AliyunAccessKey $user.UserPrincipalName } | Out-Null
        $r = Invoke-LeakScan -Cmdlet New-AliyunAccessKey -Path Failure -ExpectError {
            New-AliyunAccessKey $user.UserPrincipalName @Loud
            New-AliyunAccessKey "nobody$($user.UserPrincipalName)" @Loud
            New-AliyunAccessKey 'not a upn' @Loud
        }
        $r.Errors[0].FullyQualifiedErrorId | Should -BeLike 'LimitExceeded.User.AccessKey,*'
    }

    It 'hands keys to a vault, and takes them back when the vault fails' {
        $users = 1..3 | ForEach-Object { New-LeakUser }
        Reset-StandInVault
        Register-SecretVault -Name Store
        Invoke-LeakScan -Cmdlet New-AliyunAccessKey -Path Success {
            New-AliyunAccessKey $users[0].UserPrincipalName -Vault Store @Loud
        } | Out-Null
        $stored = Get-Secret -Name "aliyun-$($users[0].UserPrincipalName.Split('@')[0])" -Vault Store
        Add-Secret "the vaulted secret of $($stored.UserName)" $stored.GetNetworkCredential().Password
        Set-StandInVaultState -FailWrites
        Invoke-LeakScan -Cmdlet New-AliyunAccessKey -Path Failure -ExpectError {
            New-AliyunAccessKey $users[1].UserPrincipalName -Vault Store @Loud
        } | Out-Null
        Set-StandInVaultState -Locked
        Invoke-LeakScan -Cmdlet New-AliyunAccessKey -Path Failure -ExpectError {
            New-AliyunAccessKey $users[2].UserPrincipalName -Vault Store @Loud
        } | Out-Null
        Set-StandInVaultState
        Invoke-LeakScan -Cmdlet New-AliyunAccessKey -Path Failure -ExpectError {
            New-AliyunAccessKey $users[2].UserPrincipalName -Vault Nowhere @Loud
        } | Out-Null
    }

    It 'recovers from lost CreateAccessKey answers without showing the lost keys'' secrets' {
        $users = 1..6 | ForEach-Object { New-LeakUser }
        Set-EmulatorKnobs $Emulator @{ faultRate = 0.5; faultSeed = 11; faultKinds = @('drop-after-act', '500'); faultActions = @('CreateAccessKey') }
        try {
            $r = Invoke-LeakScan -Cmdlet New-AliyunAccessKey -Path Success, Failure {
                $users | New-AliyunAccessKey -ThrottleLimit 1 @Loud
            }
        } finally {
            $faults = (Get-EmulatorCounters $Emulator).faults
            Set-EmulatorKnobs $Emulator @{ faultRate = 0 }
        }
        ($faults.PSObject.Properties.Value | Measure-Object -Sum).Sum | Should -BeGreaterThan 0 -Because 'answers were lost'
        @($r.Objects).Count | Should -BeGreaterThan 0
    }

    It 'fails on keys piped as objects that hold their secrets: disabled, wrong secret, no secret, gone' {
        $user = New-LeakUser
        $key = New-AliyunAccessKey $user.UserPrincipalName
        $credential = New-AliyunAccessKey $user.UserPrincipalName -AsCredential
        Add-Secret "the secret of new key $($key.AccessKeyId)" $key.AccessKeySecret
        Add-Secret "the secret of new key $($credential.UserName)" $credential.GetNetworkCredential().Password
        $f = Invoke-LeakScan -Cmdlet Get-AliyunAccessKey, Disable-AliyunAccessKey, Enable-AliyunAccessKey, Test-AliyunAccessKey, Remove-AliyunAccessKey -Path Failure -ExpectError {
            $key | Disable-AliyunAccessKey @Loud
            $key | Test-AliyunAccessKey @Loud                       # disabled
            [pscredential]::new($key.AccessKeyId, (ConvertTo-SecureString $WrongSecret -AsPlainText -Force)) | Test-AliyunAccessKey @Loud
            Get-AliyunAccessKey $user.UserPrincipalName | Test-AliyunAccessKey @Loud   # listed: no secret
            Get-AliyunAccessKey "nobody$($user.UserPrincipalName)" @Loud
            Enable-AliyunAccessKey -AccessKeyId 'LTAI5tNoSuchKey000000000' -UserPrincipalName $user.UserPrincipalName @Loud
            Disable-AliyunAccessKey -AccessKeyId 'LTAI5tNoSuchKey000000000' -UserPrincipalName $user.UserPrincipalName @Loud
            $key | Remove-AliyunAccessKey -Force @Loud
            $key | Remove-AliyunAccessKey -Force @Loud                # gone already
            $credential | Test-AliyunAccessKey -StsEndpoint 'http://192.0.2.1/' @Loud
        }
        $f.Errors.Count | Should -BeGreaterOrEqual 6
        ($f.Errors | Where-Object { $_.FullyQualifiedErrorId -like 'InvalidAccessKeyId.Inactive*' }).TargetObject | Sort-Object -Unique | Should -Be $key.AccessKeyId -Because 'the target is the ID, never the object that holds the secret'
        Invoke-LeakScan -Cmdlet Remove-AliyunAccessKey -Path Success { $credential.UserName | Remove-AliyunAccessKey -UserPrincipalName $user.UserPrincipalName -Force @Loud } | Out-Null
    }

    It 'tests an STS key with its token, and with a wrong token' {
        $sts = Get-ImdsCredential
        $credential = [pscredential]::new($sts.AccessKeyId, (ConvertTo-SecureString $sts.AccessKeySecret -AsPlainText -Force))
        $r = Invoke-LeakScan -Cmdlet Test-AliyunAccessKey -Path Success, Failure -ExpectError {
            Test-AliyunAccessKey -Credential $credential -SecurityToken (ConvertTo-SecureString $sts.SecurityToken -AsPlainText -Force) @Loud
            Test-AliyunAccessKey -Credential $credential @Loud
        }
        $r.Objects[0].IdentityType | Should -Be 'AssumedRoleUser'
    }
}

Describe 'A secret in a piped row, in a column the cmdlet does not bind' {
    BeforeAll {
        Connect-As $Caller.Credential
        # A CSV of keys piped into the wrong cmdlet, or with the ID column dropped: PowerShell
        # cannot bind the row by property name and passes its text, "@{AccessKeySecret=…; …}".
        $script:RowSecret = 'RowSecret-Gm4Tq8Lw2Xe6Jb0N'
        Add-Secret 'a secret in a column of a piped row' $RowSecret
        $csv = Join-Path $TestDrive 'keys.csv'
        [pscustomobject]@{ AccessKeyId = 'LTAI5tRowShape0000001'; AccessKeySecret = $RowSecret; Status = 'Active' } | Export-Csv $csv
        $script:SecretRows = @(
            @{ Kind = 'Import-Csv | Select-Object AccessKeySecret,Status'; Row = { Import-Csv $csv | Select-Object AccessKeySecret, Status } }
            # Characters a pattern or a name parser could trip on: '*' and '[' (a wildcard), "; x=" (a boundary).
            @{ Kind = 'a row whose secret has wildcard and boundary characters'; Row = { [pscustomobject]@{ Note = "a*b[c; Secret=$RowSecret"; Other = $RowSecret } } }
            # Not for Test-AliyunAccessKey: a hashtable binds none of its parameters, and PowerShell's
            # own InputObjectNotBound error (made before the cmdlet runs) holds the hashtable itself.
            @{ Kind = 'a hashtable'; Row = { @{ AccessKeySecret = $RowSecret } }; Skip = 'Test-AliyunAccessKey' }
        )
        # Every cmdlet that takes pipeline input, with what it needs to run unattended.
        $script:PipeCmdlets = [ordered]@{
            'New-AliyunAccessKey'            = @{}
            'Get-AliyunAccessKey'            = @{}
            'Disable-AliyunAccessKey'        = @{}
            'Enable-AliyunAccessKey'         = @{}
            'Remove-AliyunAccessKey'         = @{ Force = $true }
            'Test-AliyunAccessKey'           = @{}
            'Invoke-AliyunAccessKeyRotation' = @{ Stage = 'Create'; Force = $true }
            'Get-AliyunRamUser'              = @{}
            'New-AliyunRamUser'              = @{}
            'Set-AliyunRamUser'              = @{ DisplayName = 'x' }
            'Remove-AliyunRamUser'           = @{ Confirm = $false }
        }
    }

    It 'covers every cmdlet that takes pipeline input' {
        $taking = (Get-Command -Module AliyunAccessKey -CommandType Cmdlet | Where-Object {
                $_.Parameters.Values.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and ($_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName) }
            }).Name
        $taking.Count | Should -BeGreaterThan 5
        $taking | Where-Object { -not $PipeCmdlets.Contains($_) } | Should -BeNullOrEmpty
    }

    It 'describes, never quotes, an object with a secret in a column the cmdlet binds by name' {
        $nested = [pscustomobject]@{ AccessKeySecret = $RowSecret }
        $r = Invoke-LeakScan -Cmdlet New-AliyunRamUser, Get-AliyunRamUser, Set-AliyunRamUser -Path Failure -ExpectError {
            [pscustomobject]@{ UserName = $nested } | New-AliyunRamUser @Loud
            [pscustomobject]@{ UserId = $nested } | Get-AliyunRamUser @Loud
            [pscustomobject]@{ UserPrincipalName = "nobody@$Domain"; DisplayName = $nested } | Set-AliyunRamUser @Loud
        }
        $r.Errors.Count | Should -Be 3
        # PowerShell binds the whole row by value before it turns the object into text by name.
        $r.Errors[0].TargetObject | Should -Be '(piped row without UserPrincipalName)'
        $r.Errors[2].Exception.Message | Should -Match 'properties AccessKeySecret\b'
    }

    It '<_> refuses the row and shows the secret nowhere: not in the message, the target, $Error or the transcript' -ForEach @(
        'New-AliyunAccessKey', 'Get-AliyunAccessKey', 'Disable-AliyunAccessKey', 'Enable-AliyunAccessKey', 'Remove-AliyunAccessKey', 'Test-AliyunAccessKey',
        'Invoke-AliyunAccessKeyRotation', 'Get-AliyunRamUser', 'New-AliyunRamUser', 'Set-AliyunRamUser', 'Remove-AliyunRamUser') {
        $name = $_
        $params = $PipeCmdlets[$name]
        $before = Get-RequestCount $Emulator
        $transcriptBefore = Get-TranscriptOffset
        $global:Error.Clear()
        foreach ($case in $SecretRows | Where-Object { $_.Skip -ne $name }) {
            $row = & $case.Row
            $r = Invoke-LeakScan -Cmdlet $name -Path Failure -ExpectError { $row | & $name @params @Loud }
            $r.Errors.Count | Should -Be 1 -Because "$($case.Kind) is one refused input"
            $e = $r.Errors[0]
            if ($name -ne 'Test-AliyunAccessKey') {
                # The row's text is no value: a fixed target, and a message that names columns only.
                [string]$e.TargetObject | Should -BeLike '(piped row without *)'
                if ($case.Kind -like 'Import-Csv*') { $e.Exception.Message | Should -Match 'properties AccessKeySecret, Status\b' }
            }
            # As the console shows them: into the transcript.
            $r.Errors | Out-Host
        }
        Get-RequestCount $Emulator | Should -Be $before -Because 'nothing about a refused row reaches the service'
        $kept = @($global:Error)
        $kept.Count | Should -BeGreaterThan 0
        $texts = @(
            [pscustomobject]@{ Where = '$Error'; Text = ($kept | ForEach-Object { "$_"; $_ | Format-List * -Force | Out-String -Width 500; $_.TargetObject | Format-List * -Force | Out-String -Width 500 }) -join "`n" }
            [pscustomobject]@{ Where = 'the transcript of the refused rows'; Text = Get-TranscriptSince $transcriptBefore }
        )
        $texts[1].Text | Should -Match 'passed the whole row|not a credential' -Because 'the errors were shown on the console'
        Find-Secrets $texts $Known | Should -BeNullOrEmpty
    }
}

Describe 'On the console, as a person sees it' {
    It 'a bulk run with every stream shown on the host leaves no secret in the transcript' {
        Connect-As $Caller.Credential
        $prefix = New-TestName 'console'
        $before = Get-TranscriptOffset
        # Not captured: Verbose, Debug, warnings and errors go to the host, and so to the transcript.
        $rows = @(1..3 | ForEach-Object { [pscustomobject]@{ UserPrincipalName = "$prefix-$_@$Domain" } }) + [pscustomobject]@{ UserPrincipalName = 'broken row' }
        $keys = $rows | New-AliyunRamUser @Loud -ErrorAction SilentlyContinue -ErrorVariable errs | New-AliyunAccessKey @Loud
        $keys | Out-Host
        $errs | Out-Host
        $keys | ForEach-Object { Add-Secret "the secret of new key $($_.AccessKeyId)" $_.AccessKeySecret }
        @($keys).Count | Should -Be 3
        $shown = Get-TranscriptSince $before
        $shown | Should -Match 'CreateAccessKey attempt 1: HTTP 200' -Because 'the host showed the Verbose stream'
        Find-Secrets @([pscustomobject]@{ Where = 'the transcript of a console run'; Text = $shown }) $Known | Should -BeNullOrEmpty
    }
}

Describe 'Invoke-AliyunAccessKeyRotation' {
    BeforeAll { Connect-As $Caller.Credential }

    It 'runs every stage, emitting the new secret once, and refuses out of order' {
        $users = 1..4 | ForEach-Object { New-AliyunRamUser -UserPrincipalName "$(New-TestName 'rot')@$Domain" }
        $keys = $users | New-AliyunAccessKey -ThrottleLimit 1
        # The fourth user's key is used "10 minutes from now", so its Disable stage refuses after Create.
        Set-EmulatorKnobs $Emulator @{ clockOffsetSeconds = 600 }
        try { $keys[3] | Test-AliyunAccessKey | Out-Null } finally { Set-EmulatorKnobs $Emulator @{ clockOffsetSeconds = 0 } }
        $r = Invoke-LeakScan -Cmdlet Invoke-AliyunAccessKeyRotation -Path Success {
            $users[0] | Invoke-AliyunAccessKeyRotation -Stage Create -Force @Loud
            $users[0] | Invoke-AliyunAccessKeyRotation -Stage Disable -Force @Loud
            $users[0] | Invoke-AliyunAccessKeyRotation -Stage Delete -Force @Loud
            $users[1] | Invoke-AliyunAccessKeyRotation -Stage All -Force @Loud
        }
        @($r.Objects | Where-Object NewAccessKeySecret).Count | Should -Be 2
        $f = Invoke-LeakScan -Cmdlet Invoke-AliyunAccessKeyRotation -Path Failure -ExpectError {
            $users[2] | Invoke-AliyunAccessKeyRotation -Stage Disable -Force @Loud
            $users[2] | Invoke-AliyunAccessKeyRotation -Stage Create -Force @Loud
            $users[2] | Invoke-AliyunAccessKeyRotation -Stage Delete -Force @Loud
            Invoke-AliyunAccessKeyRotation "nobody$($users[2].UserPrincipalName)" -Stage Create -Force @Loud
            $users[3] | Invoke-AliyunAccessKeyRotation -Stage All -Confirm:$false @Loud
        }
        $f.Errors.FullyQualifiedErrorId | Should -Contain 'OldKeyNotDisabled,AliyunAccessKey.Commands.InvokeAliyunAccessKeyRotationCommand'
        $f.Errors.FullyQualifiedErrorId | Should -Contain 'OldKeyStillInUse,AliyunAccessKey.Commands.InvokeAliyunAccessKeyRotationCommand'
        # The refused rotation still hands over the key it created, secret included (and scanned).
        ($f.Objects | Where-Object UserPrincipalName -eq $users[3].UserPrincipalName).Result | Should -Be 'Created'
        ($f.Objects | Where-Object UserPrincipalName -eq $users[3].UserPrincipalName).NewAccessKeySecret | Should -Not -BeNullOrEmpty
    }

    It 'hands the new key to a vault, and takes it back when the vault fails' {
        $users = 1..2 | ForEach-Object { New-AliyunRamUser -UserPrincipalName "$(New-TestName 'rotv')@$Domain" }
        $users | New-AliyunAccessKey | Out-Null
        Reset-StandInVault
        Register-SecretVault -Name Store
        Invoke-LeakScan -Cmdlet Invoke-AliyunAccessKeyRotation -Path Success {
            $users[0] | Invoke-AliyunAccessKeyRotation -Stage All -Vault Store -Force @Loud
        } | Out-Null
        Set-StandInVaultState -FailWrites
        try {
            Invoke-LeakScan -Cmdlet Invoke-AliyunAccessKeyRotation -Path Failure -ExpectError {
                $users[1] | Invoke-AliyunAccessKeyRotation -Stage Create -Vault Store -Force @Loud
            } | Out-Null
        } finally {
            Set-StandInVaultState
        }
    }
}

Describe 'Coverage and the emulator''s own record' {
    It 'scanned every exported cmdlet on a success and a failure path' {
        $exported = (Get-Command -Module AliyunAccessKey).Name
        $exported.Count | Should -BeGreaterThan 10
        $missing = foreach ($name in $exported) {
            foreach ($p in 'Success', 'Failure') { if (-not $Covered["$name|$p"]) { "$name ($p)" } }
        }
        $missing | Should -BeNullOrEmpty -Because 'a cmdlet the scan does not run could leak unnoticed'
    }

    It 'shows, anywhere it was captured, no secret or STS token the emulator ever issued' {
        Invoke-RestMethod -Method Post -Uri ([uri]::new($Emulator.Control, 'save')) | Out-Null
        $state = Get-Content -Raw $StateFile | ConvertFrom-Json
        $issued = [ordered]@{}
        foreach ($k in $state.accessKeys) { if ($k.secret) { $issued["the emulator's secret of $($k.id)"] = $k.secret } }
        foreach ($s in $state.sessions) {
            $issued["the emulator's STS secret of $($s.accessKeyId)"] = $s.secret
            $issued["the emulator's STS token of $($s.accessKeyId)"] = $s.securityToken
        }
        $issued.Values | ForEach-Object { $_.Length | Should -BeGreaterThan 15 -Because 'every issued secret is long enough to be found' }
        @($state.sessions).Count | Should -BeGreaterOrEqual 2 -Because 'STS sessions were issued (AssumeRole and the metadata service)'
        @($state.accessKeys).Count | Should -BeGreaterThan 20
        $Corpus.Count | Should -BeGreaterThan 300
        Stop-Transcript | Out-Null
        $script:TranscriptStopped = $true
        $all = @($Corpus) + [pscustomobject]@{ Where = 'the transcript'; Text = Get-Content -Raw $Transcript }
        (Get-Content -Raw $Transcript).Length | Should -BeGreaterThan 10000 -Because 'the scans were rendered into the transcript'
        $everything = [ordered]@{}
        foreach ($k in $Known.Keys) { $everything[$k] = $Known[$k] }
        foreach ($k in $issued.Keys) { $everything[$k] = $issued[$k] }
        Find-Secrets $all $everything | Should -BeNullOrEmpty
    }
}
