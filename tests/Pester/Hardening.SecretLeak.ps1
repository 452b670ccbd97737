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
#
# This file is the scanner the Hardening.SecretLeak.*.Tests.ps1 files share: each dot-sources it in its
# BeforeAll (so what it defines lands in that file's script scope) and calls Stop-LeakScanFile in its
# AfterAll. Each file runs its own emulator and transcript and ends with Assert-NoIssuedSecret.

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

function script:Stop-LeakScanFile {
    if (-not $TranscriptStopped) { Stop-Transcript -ErrorAction SilentlyContinue | Out-Null }
    Disconnect-AliyunAccount
    Remove-Module AliyunAccessKey, Microsoft.PowerShell.SecretManagement -Force -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
    $env:HOME = $SavedHome
    Get-ChildItem env: | Where-Object Name -like 'ALIBABA_CLOUD_*' | ForEach-Object { Remove-Item "env:$($_.Name)" }
    $SavedEnv | ForEach-Object { Set-Item "env:$($_.Name)" $_.Value }
}

# What each Invoke-LeakScan call in these files says it scans ("cmdlet|path"), read from the source:
# a file checks that its scans all ran, and the files together that they cover every cmdlet. A
# -Cmdlet given as a variable declares nothing.
function script:Get-DeclaredLeakScans([string[]] $Path) {
    $isCall = { param($a) $a -is [System.Management.Automation.Language.CommandAst] -and $a.GetCommandName() -eq 'Invoke-LeakScan' }
    $isText = { param($a) $a -is [System.Management.Automation.Language.StringConstantExpressionAst] }
    foreach ($file in $Path) {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($file, [ref]$null, [ref]$null)
        foreach ($call in $ast.FindAll($isCall, $true)) {
            $bound = @{ Cmdlet = @(); Path = @() }
            $elements = $call.CommandElements
            for ($i = 1; $i -lt $elements.Count - 1; $i++) {
                if ($elements[$i] -is [System.Management.Automation.Language.CommandParameterAst] -and $bound.ContainsKey($elements[$i].ParameterName)) {
                    $bound[$elements[$i].ParameterName] = @($elements[$i + 1].FindAll($isText, $true) | ForEach-Object Value)
                }
            }
            foreach ($c in $bound.Cmdlet) { foreach ($p in $bound.Path) { "$c|$p" } }
        }
    }
}

# The end of every file: every secret and token the emulator ever issued (read from its state
# file) is looked for in everything captured, the transcript included. The minimums say the file
# really issued and rendered that much, so a clean result means something.
function script:Assert-NoIssuedSecret([int] $MinSessions, [int] $MinKeys, [int] $MinCorpus, [int] $MinTranscript) {
    Invoke-RestMethod -Method Post -Uri ([uri]::new($Emulator.Control, 'save')) | Out-Null
    $state = Get-Content -Raw $StateFile | ConvertFrom-Json
    $issued = [ordered]@{}
    foreach ($k in $state.accessKeys) { if ($k.secret) { $issued["the emulator's secret of $($k.id)"] = $k.secret } }
    foreach ($s in $state.sessions) {
        $issued["the emulator's STS secret of $($s.accessKeyId)"] = $s.secret
        $issued["the emulator's STS token of $($s.accessKeyId)"] = $s.securityToken
    }
    $issued.Values | ForEach-Object { $_.Length | Should -BeGreaterThan 15 -Because 'every issued secret is long enough to be found' }
    @($state.sessions).Count | Should -BeGreaterOrEqual $MinSessions -Because 'STS sessions were issued'
    @($state.accessKeys).Count | Should -BeGreaterThan $MinKeys
    $Corpus.Count | Should -BeGreaterThan $MinCorpus
    Stop-Transcript | Out-Null
    $script:TranscriptStopped = $true
    $all = @($Corpus) + [pscustomobject]@{ Where = 'the transcript'; Text = Get-Content -Raw $Transcript }
    (Get-Content -Raw $Transcript).Length | Should -BeGreaterThan $MinTranscript -Because 'the scans were rendered into the transcript'
    $everything = [ordered]@{}
    foreach ($k in $Known.Keys) { $everything[$k] = $Known[$k] }
    foreach ($k in $issued.Keys) { $everything[$k] = $issued[$k] }
    Find-Secrets $all $everything | Should -BeNullOrEmpty
}
