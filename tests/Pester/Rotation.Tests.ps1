BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1') -Connected
    Import-Module (Join-Path $PSScriptRoot 'StandIns/Microsoft.PowerShell.SecretManagement/Microsoft.PowerShell.SecretManagement.psd1') -Force
    function script:New-UserWithKey {
        $upn = "$(New-TestName 'rot')@$Domain"
        New-AliyunRamUser -UserPrincipalName $upn | New-AliyunAccessKey
    }
    function script:Get-ActionCount([string] $Action) { [int](Get-EmulatorCounters $Emulator).actions.$Action }

    # A host that answers ShouldProcess prompts from a script ("Yes", "No", ...) and records them,
    # so a test can say "No" at one particular prompt of a rotation.
    if (-not ('RotationTests.ScriptedHost' -as [type])) {
        Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace RotationTests
{
    public sealed class ScriptedHost : PSHost
    {
        private readonly ScriptedUI _ui;
        private readonly Guid _id = Guid.NewGuid();
        public ScriptedHost(string[] answers) { _ui = new ScriptedUI(answers); }
        public List<string> Prompts { get { return _ui.Prompts; } }
        public override string Name { get { return "ScriptedHost"; } }
        public override Version Version { get { return new Version(1, 0); } }
        public override Guid InstanceId { get { return _id; } }
        public override PSHostUserInterface UI { get { return _ui; } }
        public override CultureInfo CurrentCulture { get { return CultureInfo.InvariantCulture; } }
        public override CultureInfo CurrentUICulture { get { return CultureInfo.InvariantCulture; } }
        public override void SetShouldExit(int exitCode) { }
        public override void EnterNestedPrompt() { throw new NotSupportedException(); }
        public override void ExitNestedPrompt() { throw new NotSupportedException(); }
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
    }

    public sealed class ScriptedUI : PSHostUserInterface
    {
        private readonly Queue<string> _answers;
        public ScriptedUI(string[] answers) { _answers = new Queue<string>(answers); Prompts = new List<string>(); }
        public List<string> Prompts { get; private set; }
        public override PSHostRawUserInterface RawUI { get { return null; } }
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            Prompts.Add(message);
            if (_answers.Count == 0) { throw new InvalidOperationException("Unexpected prompt: " + message); }
            var answer = _answers.Dequeue();
            for (var i = 0; i < choices.Count; i++) { if (choices[i].Label.Replace("&", "") == answer) { return i; } }
            throw new InvalidOperationException("No choice '" + answer + "' at: " + message);
        }
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) { throw new NotSupportedException(); }
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) { throw new NotSupportedException(); }
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) { throw new NotSupportedException(); }
        public override string ReadLine() { throw new NotSupportedException(); }
        public override SecureString ReadLineAsSecureString() { throw new NotSupportedException(); }
        public override void Write(string value) { }
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) { }
        public override void WriteLine(string value) { }
        public override void WriteErrorLine(string value) { }
        public override void WriteDebugLine(string message) { }
        public override void WriteProgress(long sourceId, ProgressRecord record) { }
        public override void WriteVerboseLine(string message) { }
        public override void WriteWarningLine(string message) { }
    }
}
'@
    }

    # Runs a rotation in a runspace of its own whose host answers its prompts with $Answers.
    function script:Invoke-AnsweredRotation([string] $Upn, [string[]] $Answers) {
        $scripted = [RotationTests.ScriptedHost]::new($Answers)
        $runspace = [runspacefactory]::CreateRunspace($scripted)
        $runspace.Open()
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        try {
            $null = $ps.AddScript({
                param($Manifest, $Endpoint, $Upn)
                Import-Module $Manifest
                Connect-AliyunAccount -Credential ([pscredential]::new('testid', (ConvertTo-SecureString testsecret -AsPlainText -Force))) -Endpoint $Endpoint -WarningAction SilentlyContinue
                Invoke-AliyunAccessKeyRotation $Upn -Stage All
            }).AddArgument($StagedManifest).AddArgument($Emulator.Address.ToString()).AddArgument($Upn)
            $out = $ps.Invoke()
            [pscustomobject]@{ Objects = @($out); Errors = @($ps.Streams.Error); Prompts = @($scripted.Prompts) }
        } finally {
            $ps.Dispose()
            $runspace.Dispose()
        }
    }

    # Starts a rotation in a runspace of its own, waits until the emulator has received
    # $WaitForAction (held there by a "slow" fault), stops it as Ctrl+C does, and returns once stopped.
    function script:Stop-RotationDuring([string] $Upn, [string] $WaitForAction, [hashtable] $Arguments = @{ Force = $true }) {
        $before = Get-ActionCount $WaitForAction
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($Manifest, $Endpoint, $Upn, $More)
                Import-Module $Manifest
                Connect-AliyunAccount -Credential ([pscredential]::new('testid', (ConvertTo-SecureString testsecret -AsPlainText -Force))) -Endpoint $Endpoint -WarningAction SilentlyContinue
                Invoke-AliyunAccessKeyRotation $Upn -Stage All @More
            }).AddArgument($StagedManifest).AddArgument($Emulator.Address.ToString()).AddArgument($Upn).AddArgument($Arguments)
            $handle = $ps.BeginInvoke()
            $watch = [Diagnostics.Stopwatch]::StartNew()
            while ((Get-ActionCount $WaitForAction) -le $before -and $watch.Elapsed.TotalSeconds -lt 30 -and -not $handle.IsCompleted) { Start-Sleep -Milliseconds 50 }
            (Get-ActionCount $WaitForAction) | Should -BeGreaterThan $before -Because "the rotation got as far as $WaitForAction"
            $handle.IsCompleted | Should -BeFalse -Because "the rotation is waiting for $WaitForAction"
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        } finally {
            $ps.Dispose()
        }
    }
}

AfterAll {
    Set-EmulatorKnobs $Emulator @{ clockOffsetSeconds = 0 }
    Stop-TestSession
}

Describe 'Invoke-AliyunAccessKeyRotation, stage by stage' {
    It 'creates, refuses to disable a key still in use, disables, deletes — and every stage can run again' {
        $old = New-UserWithKey
        $upn = $old.UserPrincipalName

        $r = Invoke-AliyunAccessKeyRotation $upn -Stage Create -Confirm:$false
        $r.Result | Should -Be 'Created'
        $r.OldAccessKeyId | Should -Be $old.AccessKeyId
        $r.NewAccessKeySecret.Length | Should -BeGreaterThan 20
        foreach ($view in @(($r | Format-List | Out-String -Width 250), ($r | Out-String -Width 250), (& { Get-AliyunContext; $r } | Out-String -Width 250))) {
            $view | Should -Match $r.NewAccessKeyId
            $view | Should -Not -Match ([regex]::Escape($r.NewAccessKeySecret))
        }
        (Invoke-AliyunAccessKeyRotation $upn -Stage Create -Confirm:$false).Result | Should -Be 'AlreadyCreated'
        @(Get-AliyunAccessKey $upn).Count | Should -Be 2

        # An application still signs with the old key after the new one exists.
        $old | Test-AliyunAccessKey | Out-Null
        Invoke-AliyunAccessKeyRotation $upn -Stage Disable -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'OldKeyStillInUse,*'
        (Get-AliyunAccessKey $upn | Where-Object AccessKeyId -eq $old.AccessKeyId).Status | Should -Be 'Active'

        $d = Invoke-AliyunAccessKeyRotation $upn -Stage Disable -Force
        $d.Result | Should -Be 'Disabled'
        $d.OldKeyLastUsedDate | Should -BeOfType [datetime]
        (Invoke-AliyunAccessKeyRotation $upn -Stage Disable -Force).Result | Should -Be 'AlreadyDisabled'
        { $old | Test-AliyunAccessKey -ErrorAction Stop } | Should -Throw

        (Invoke-AliyunAccessKeyRotation $upn -Stage Delete -Confirm:$false).Result | Should -Be 'Deleted'
        (Invoke-AliyunAccessKeyRotation $upn -Stage Delete -Confirm:$false).Result | Should -Be 'NothingToDelete'
        $left = @(Get-AliyunAccessKey $upn)
        $left.Count | Should -Be 1
        $left[0].AccessKeyId | Should -Be $r.NewAccessKeyId
        $left[0].Status | Should -Be 'Active'
    }

    It 'refuses to leave a user without an active key, and to delete a key that is not disabled' {
        $one = New-UserWithKey
        Invoke-AliyunAccessKeyRotation $one.UserPrincipalName -Stage Disable -Force -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -BeLike 'RotationWouldLeaveNoActiveKey,*'
        (Get-AliyunAccessKey $one.UserPrincipalName).Status | Should -Be 'Active'

        Invoke-AliyunAccessKeyRotation $one.UserPrincipalName -Stage Create -Force | Out-Null
        Invoke-AliyunAccessKeyRotation $one.UserPrincipalName -Stage Delete -Force -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'OldKeyNotDisabled,*'
        @(Get-AliyunAccessKey $one.UserPrincipalName).Count | Should -Be 2
    }

    It 'never goes past the 2-key limit' {
        $upn = (New-UserWithKey).UserPrincipalName
        New-AliyunAccessKey $upn | Out-Null
        $before = Get-ActionCount 'CreateAccessKey'
        (Invoke-AliyunAccessKeyRotation $upn -Stage Create -Force).Result | Should -Be 'AlreadyCreated'
        Get-ActionCount 'CreateAccessKey' | Should -Be $before
    }

    It 'changes nothing with -WhatIf' {
        $upn = (New-UserWithKey).UserPrincipalName
        $before = (Get-EmulatorCounters $Emulator).actions
        Invoke-AliyunAccessKeyRotation $upn -Stage All -WhatIf | Out-Null
        $after = (Get-EmulatorCounters $Emulator).actions
        foreach ($a in 'CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey') { [int]$after.$a | Should -Be ([int]$before.$a) }
    }

    It 'runs all stages in one go into a vault' {
        Reset-StandInVault
        Register-SecretVault -Name Store
        $old = New-UserWithKey
        $r = Invoke-AliyunAccessKeyRotation $old.UserPrincipalName -Stage All -Vault Store -Confirm:$false
        $r.Result | Should -Be 'Created, Disabled, Deleted'
        $r.NewAccessKeySecret | Should -BeNullOrEmpty
        $stored = Get-Secret -Name $r.SecretName -Vault Store
        $stored.UserName | Should -Be $r.NewAccessKeyId
        (Test-AliyunAccessKey -Credential $stored).IdentityType | Should -Be 'RAMUser'
        (Get-AliyunAccessKey $old.UserPrincipalName).AccessKeyId | Should -Be $r.NewAccessKeyId
    }
}

Describe 'Selecting old keys in bulk' {
    It 'rotates only users whose key is older than -OlderThanDays, and lists stale keys' {
        $prefix = New-TestName 'age'
        $aged = 1..2 | ForEach-Object { New-AliyunRamUser -UserPrincipalName "$prefix-old$_@$Domain" | New-AliyunAccessKey }
        $disabled = New-AliyunRamUser -UserPrincipalName "$prefix-off@$Domain" | New-AliyunAccessKey
        $disabled | Disable-AliyunAccessKey
        $used = New-AliyunRamUser -UserPrincipalName "$prefix-used@$Domain" | New-AliyunAccessKey
        # 100 days pass on the service's clock; the client adopts it from the first refused timestamp.
        Set-EmulatorKnobs $Emulator @{ clockOffsetSeconds = 100 * 86400 }
        try {
            $used | Test-AliyunAccessKey | Out-Null
            $fresh = New-AliyunRamUser -UserPrincipalName "$prefix-new@$Domain" | New-AliyunAccessKey

            $stale = Get-AliyunRamUser "$prefix-*" | Get-AliyunAccessKey -StaleDays 90
            ($stale | Where-Object StaleReason -eq 'NeverUsed').AccessKeyId | Sort-Object | Should -Be ($aged.AccessKeyId | Sort-Object)
            ($stale | Where-Object StaleReason -eq 'Inactive').AccessKeyId | Should -Be $disabled.AccessKeyId
            $stale.AccessKeyId | Should -Not -Contain $used.AccessKeyId
            $stale.AccessKeyId | Should -Not -Contain $fresh.AccessKeyId

            $results = @($aged + $fresh) | Invoke-AliyunAccessKeyRotation -Stage Create -OlderThanDays 90 -Force
            ($results | Where-Object Result -eq 'Created').UserPrincipalName | Sort-Object | Should -Be ($aged.UserPrincipalName | Sort-Object)
            ($results | Where-Object Result -eq 'NotDue').UserPrincipalName | Should -Be $fresh.UserPrincipalName
        } finally {
            Set-EmulatorKnobs $Emulator @{ clockOffsetSeconds = 0 }
        }
    }
}

Describe 'A new secret reaches the pipeline whatever happens after Create' {
    # -Stage All without -Vault: the result object holds the only copy of the new secret.
    It 'emits the new key before the refusal of a later stage' {
        $old = New-UserWithKey
        $upn = $old.UserPrincipalName
        # The old key is used "10 minutes from now" (within the service's clock tolerance), so it was
        # used after the new key is created: the Disable stage refuses.
        Set-EmulatorKnobs $Emulator @{ clockOffsetSeconds = 600 }
        try { $old | Test-AliyunAccessKey | Out-Null } finally { Set-EmulatorKnobs $Emulator @{ clockOffsetSeconds = 0 } }

        $r = Invoke-AliyunAccessKeyRotation $upn -Stage All -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'OldKeyStillInUse,*'
        $r.Result | Should -Be 'Created'
        $r.OldKeyStatus | Should -Be 'Active'
        $credential = [pscredential]::new($r.NewAccessKeyId, (ConvertTo-SecureString $r.NewAccessKeySecret -AsPlainText -Force))
        (Test-AliyunAccessKey -Credential $credential).IdentityType | Should -Be 'RAMUser'
        (Get-AliyunAccessKey $upn | Sort-Object AccessKeyId).Status | Should -Be @('Active', 'Active')
    }

    It 'creates nothing and emits nothing after "No" at the Create prompt' {
        $old = New-UserWithKey
        $before = Get-ActionCount 'CreateAccessKey'
        $run = Invoke-AnsweredRotation $old.UserPrincipalName 'No'
        $run.Prompts.Count | Should -Be 1
        $run.Prompts[0] | Should -Match 'Create a new AccessKey'
        $run.Objects | Should -BeNullOrEmpty
        $run.Errors | Should -BeNullOrEmpty
        Get-ActionCount 'CreateAccessKey' | Should -Be $before
        (Get-AliyunAccessKey $old.UserPrincipalName).AccessKeyId | Should -Be $old.AccessKeyId
    }

    It 'emits the new key after "No" at the Disable prompt' {
        $old = New-UserWithKey
        $run = Invoke-AnsweredRotation $old.UserPrincipalName 'Yes', 'No'
        $run.Prompts.Count | Should -Be 2
        $run.Prompts[1] | Should -Match 'Disable the old AccessKey'
        $run.Errors | Should -BeNullOrEmpty
        $run.Objects.Count | Should -Be 1
        $r = $run.Objects[0]
        $r.Result | Should -Be 'Created'
        $r.OldKeyStatus | Should -Be 'Active'
        $credential = [pscredential]::new($r.NewAccessKeyId, (ConvertTo-SecureString $r.NewAccessKeySecret -AsPlainText -Force))
        (Test-AliyunAccessKey -Credential $credential).IdentityType | Should -Be 'RAMUser'
        (Get-AliyunAccessKey $old.UserPrincipalName | Sort-Object AccessKeyId).Status | Should -Be @('Active', 'Active')
    }

    It 'emits the new key after "No" at the Delete prompt' {
        $old = New-UserWithKey
        $run = Invoke-AnsweredRotation $old.UserPrincipalName 'Yes', 'Yes', 'No'
        $run.Prompts.Count | Should -Be 3
        $run.Prompts[2] | Should -Match 'Delete the old AccessKey'
        $run.Errors | Should -BeNullOrEmpty
        $run.Objects.Count | Should -Be 1
        $r = $run.Objects[0]
        $r.Result | Should -Be 'Created, Disabled'
        $r.OldKeyStatus | Should -Be 'Inactive'
        $credential = [pscredential]::new($r.NewAccessKeyId, (ConvertTo-SecureString $r.NewAccessKeySecret -AsPlainText -Force))
        (Test-AliyunAccessKey -Credential $credential).IdentityType | Should -Be 'RAMUser'
        $keys = @(Get-AliyunAccessKey $old.UserPrincipalName)
        ($keys | Where-Object AccessKeyId -eq $old.AccessKeyId).Status | Should -Be 'Inactive'
        ($keys | Where-Object AccessKeyId -eq $r.NewAccessKeyId).Status | Should -Be 'Active'
    }

    It 'emits the new key, then the error, when the Disable request fails (even with -ErrorAction Stop)' {
        $old = New-UserWithKey
        $got = [System.Collections.Generic.List[object]]::new()
        Set-EmulatorKnobs $Emulator @{ faultRate = 1; faultKinds = @('500'); faultActions = @('UpdateAccessKey') }
        try {
            $thrown = $null
            try {
                Invoke-AliyunAccessKeyRotation $old.UserPrincipalName -Stage All -Force -ErrorAction Stop | ForEach-Object { $got.Add($_) }
            } catch {
                $thrown = $_
            }
        } finally {
            Set-EmulatorKnobs $Emulator @{ faultRate = 0 }
        }
        $thrown | Should -Not -BeNullOrEmpty -Because 'the Disable stage failed'
        $thrown.Exception.Message | Should -Match 'UpdateAccessKey'
        $got.Count | Should -Be 1 -Because 'the result went out before the error that -ErrorAction Stop turns into a throw'
        $got[0].Result | Should -Be 'Created'
        $credential = [pscredential]::new($got[0].NewAccessKeyId, (ConvertTo-SecureString $got[0].NewAccessKeySecret -AsPlainText -Force))
        (Test-AliyunAccessKey -Credential $credential).IdentityType | Should -Be 'RAMUser'
        (Get-AliyunAccessKey $old.UserPrincipalName | Where-Object AccessKeyId -eq $old.AccessKeyId).Status | Should -Be 'Active'
    }

    It 'emits the new key, then the error, when the Delete request fails after the old key was disabled' {
        $old = New-UserWithKey
        Set-EmulatorKnobs $Emulator @{ faultRate = 1; faultKinds = @('500'); faultActions = @('DeleteAccessKey') }
        try {
            $r = Invoke-AliyunAccessKeyRotation $old.UserPrincipalName -Stage All -Force -ErrorVariable errs -ErrorAction SilentlyContinue
        } finally {
            Set-EmulatorKnobs $Emulator @{ faultRate = 0 }
        }
        $errs.Count | Should -Be 1
        $errs[0].Exception.Message | Should -Match 'DeleteAccessKey'
        $r.Result | Should -Be 'Created, Disabled'
        $r.OldKeyStatus | Should -Be 'Inactive'
        # The only active key is the new one: its secret must be in hand.
        $credential = [pscredential]::new($r.NewAccessKeyId, (ConvertTo-SecureString $r.NewAccessKeySecret -AsPlainText -Force))
        (Test-AliyunAccessKey -Credential $credential).IdentityType | Should -Be 'RAMUser'
        (Get-AliyunAccessKey $old.UserPrincipalName | Where-Object Status -eq 'Active').AccessKeyId | Should -Be $r.NewAccessKeyId
    }
}

Describe 'Stopping a rotation after Create' {
    It 'Ctrl+C before the Disable was sent leaves exactly the old key, active' {
        $old = New-UserWithKey
        Set-EmulatorKnobs $Emulator @{ faultRate = 1; faultKinds = @('slow'); faultActions = @('GetAccessKeyLastUsed'); slowMs = 3000 }
        try {
            Stop-RotationDuring $old.UserPrincipalName 'GetAccessKeyLastUsed'
        } finally {
            Set-EmulatorKnobs $Emulator @{ faultRate = 0 }
        }
        $left = @(Get-AliyunAccessKey $old.UserPrincipalName)
        $left.AccessKeyId | Should -Be $old.AccessKeyId -Because 'the new key''s secret reached nobody, so it was deleted again'
        $left.Status | Should -Be 'Active'
    }

    It 'Ctrl+C after the Disable was sent re-enables the old key and leaves exactly it' {
        $old = New-UserWithKey
        # The Disable is held for 2 s and then done even though the client gave up on it.
        Set-EmulatorKnobs $Emulator @{ faultRate = 1; faultKinds = @('slow'); faultActions = @('UpdateAccessKey'); slowMs = 2000 }
        try {
            Stop-RotationDuring $old.UserPrincipalName 'UpdateAccessKey'
            # Whatever is still held at the emulator lands before the state is read.
            Start-Sleep -Milliseconds 2500
        } finally {
            Set-EmulatorKnobs $Emulator @{ faultRate = 0 }
        }
        $left = @(Get-AliyunAccessKey $old.UserPrincipalName)
        $left.AccessKeyId | Should -Be $old.AccessKeyId
        $left.Status | Should -Be 'Active' -Because 'the user keeps a working key whose secret they hold'
    }
}
