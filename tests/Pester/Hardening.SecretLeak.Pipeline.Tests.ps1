# Hardening: no secret anywhere a person or a log can see it (the scanner and its rules are in
# Hardening.SecretLeak.ps1). Here: secrets in piped rows, a run on the console, and the rotation.
BeforeAll { . (Join-Path $PSScriptRoot 'Hardening.SecretLeak.ps1') }
AfterAll { Stop-LeakScanFile }

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
            'Restore-AliyunAccessKey'        = @{ Confirm = $false }
            'Restore-AliyunRamUser'          = @{ Confirm = $false }
            'Remove-AliyunRamGroup'          = @{ Confirm = $false }
            'Get-AliyunRamGroupMember'       = @{}
            'Add-AliyunRamGroupMember'       = @{ GroupName = 'leak-no-such-group'; PassThru = $true; Confirm = $false }
            'Remove-AliyunRamGroupMember'    = @{ GroupName = 'leak-no-such-group'; Confirm = $false }
            'Get-AliyunRamPolicy'            = @{}
            # These bind by property name only: a row without their columns is PowerShell's own binding
            # error, made before the cmdlet runs. Their rows are below ('A CSV row with an AccessKeySecret column').
            'New-AliyunRamGroup'             = $null
            'Get-AliyunRamGroup'             = $null
            'Grant-AliyunRamPolicy'          = $null
            'Revoke-AliyunRamPolicy'         = $null
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
        'Invoke-AliyunAccessKeyRotation', 'Get-AliyunRamUser', 'New-AliyunRamUser', 'Set-AliyunRamUser', 'Remove-AliyunRamUser',
        'Remove-AliyunRamGroup', 'Get-AliyunRamGroupMember', 'Add-AliyunRamGroupMember', 'Remove-AliyunRamGroupMember', 'Get-AliyunRamPolicy',
        'Restore-AliyunAccessKey', 'Restore-AliyunRamUser') {
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

Describe 'A CSV row with an AccessKeySecret column, piped into the group and policy cmdlets' {
    BeforeAll {
        Connect-As $Caller.Credential
        # An onboarding sheet that kept the key columns: each row has what the cmdlet binds, and a secret beside it.
        $script:SheetSecret = 'SheetSecret-Yt5Rc9Hk3Ma7Wd1Q'
        Add-Secret 'a secret in a column of an onboarding sheet' $SheetSecret
        $script:Group = (New-AliyunRamGroup -GroupName (New-TestName 'sheet') -Confirm:$false).GroupName
        $script:Users = @(1..2 | ForEach-Object { New-AliyunRamUser -UserPrincipalName "$(New-TestName 'sheet')@$Domain" })
        $csv = Join-Path $TestDrive 'sheet.csv'
        $Users | ForEach-Object {
            [pscustomobject]@{ UserPrincipalName = $_.UserPrincipalName; GroupName = $Group; PolicyName = 'ReadOnlyAccess'; PolicyType = 'System'; AccessKeyId = 'LTAI5tSheetShape000001'; AccessKeySecret = $SheetSecret }
        } | Export-Csv $csv
        $script:Sheet = $csv
        # The same row made bad: a UPN, a group name, a policy type, no principal (the secret stays).
        $script:BadRows = {
            $row = @(Import-Csv $Sheet)[0]
            $row | Select-Object @{ n = 'UserPrincipalName'; e = { 'not a upn' } }, GroupName, PolicyName, PolicyType, AccessKeySecret
            $row | Select-Object UserPrincipalName, @{ n = 'GroupName'; e = { 'bad group' } }, PolicyName, PolicyType, AccessKeySecret
            $row | Select-Object UserPrincipalName, PolicyName, @{ n = 'PolicyType'; e = { 'Managed' } }, AccessKeySecret
            $row | Select-Object PolicyName, PolicyType, AccessKeySecret
        }
    }

    It 'adds the rows'' users to the group, grants and revokes their policy, and shows the secret nowhere' {
        $r = Invoke-LeakScan -Cmdlet Add-AliyunRamGroupMember, Get-AliyunRamGroup, Grant-AliyunRamPolicy, Revoke-AliyunRamPolicy, Remove-AliyunRamGroupMember -Path Success {
            Import-Csv $Sheet | Add-AliyunRamGroupMember -Confirm:$false @Loud
            Import-Csv $Sheet | Select-Object UserPrincipalName, AccessKeySecret | Get-AliyunRamGroup @Loud
            Import-Csv $Sheet | Select-Object PolicyName, PolicyType, UserPrincipalName, AccessKeySecret | Grant-AliyunRamPolicy -PassThru -Confirm:$false @Loud
            Import-Csv $Sheet | Select-Object PolicyName, PolicyType, UserPrincipalName, AccessKeySecret | Revoke-AliyunRamPolicy -PassThru -Confirm:$false @Loud
            Import-Csv $Sheet | Remove-AliyunRamGroupMember -Confirm:$false @Loud
        }
        $r.Errors | Should -BeNullOrEmpty
        @($r.Objects | Where-Object { $_ -is [AliyunAccessKey.Model.AliyunRamGroup] }).Count | Should -Be 2 -Because "each row's user is in $Group"
        @($r.Objects | Where-Object { $_ -is [AliyunAccessKey.Model.AliyunRamPolicy] }).Count | Should -Be 4 -Because 'each row was granted, then revoked'
        Get-AliyunRamGroupMember $Group | Should -BeNullOrEmpty
    }

    It 'refuses the bad rows, naming no secret in the message, the target, $Error or the transcript' {
        $before = Get-RequestCount $Emulator
        $transcriptBefore = Get-TranscriptOffset
        $global:Error.Clear()
        $r = Invoke-LeakScan -Cmdlet Add-AliyunRamGroupMember, Remove-AliyunRamGroupMember, Get-AliyunRamGroup, New-AliyunRamGroup, Grant-AliyunRamPolicy, Revoke-AliyunRamPolicy -Path Failure -ExpectError {
            & $BadRows | Select-Object -First 2 | Add-AliyunRamGroupMember -PassThru -Confirm:$false @Loud
            & $BadRows | Select-Object -First 2 | Remove-AliyunRamGroupMember -Confirm:$false @Loud
            & $BadRows | Select-Object -Index 1 | Get-AliyunRamGroup @Loud
            & $BadRows | Select-Object -Index 1 | New-AliyunRamGroup -Confirm:$false @Loud
            & $BadRows | Grant-AliyunRamPolicy -PassThru -Confirm:$false @Loud
            & $BadRows | Revoke-AliyunRamPolicy -PassThru -Confirm:$false @Loud
        }
        $r.Errors | Out-Host
        $r.Errors.Count | Should -Be 14 -Because "2 + 2 + 1 + 1 + 4 + 4 refused rows"
        $r.Objects | Should -BeNullOrEmpty
        $r.Errors.FullyQualifiedErrorId -replace ',.*' | Sort-Object -Unique | Should -Be @('InvalidGroupName', 'InvalidPolicyType', 'InvalidPrincipal', 'InvalidUserPrincipalName')
        $r.Errors.TargetObject | ForEach-Object { $_ | Should -BeOfType [string] -Because 'the target is the refused value, never the row that holds the secret' }
        Get-RequestCount $Emulator | Should -Be $before -Because 'nothing about a refused row reaches the service'
        $texts = @(
            [pscustomobject]@{ Where = '$Error'; Text = (@($global:Error) | ForEach-Object { "$_"; $_ | Format-List * -Force | Out-String -Width 500; $_.TargetObject | Format-List * -Force | Out-String -Width 500 }) -join "`n" }
            [pscustomobject]@{ Where = 'the transcript of the refused rows'; Text = Get-TranscriptSince $transcriptBefore }
        )
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
    It 'ran every scan this file declares' {
        Get-DeclaredLeakScans $PSCommandPath | Where-Object { -not $Covered[$_] } | Should -BeNullOrEmpty -Because 'a scan that never ran checks nothing'
    }

    It 'shows, anywhere it was captured, no secret or STS token the emulator ever issued' {
        Assert-NoIssuedSecret -MinSessions 0 -MinKeys 5 -MinCorpus 50 -MinTranscript 5000
    }
}
