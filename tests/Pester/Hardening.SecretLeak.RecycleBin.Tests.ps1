# Hardening: no secret anywhere a person or a log can see it (the scanner and its rules are in
# Hardening.SecretLeak.ps1). Here: the recycle-bin cmdlets, whose keys come back with their old
# secrets, on success and failure.
BeforeAll { . (Join-Path $PSScriptRoot 'Hardening.SecretLeak.ps1') }
AfterAll { Stop-LeakScanFile }

Describe 'Recycle bins, connected as <As>' -ForEach @(@{ As = 'a RAM user' }, @{ As = 'root' }) {
    BeforeAll {
        if ($As -eq 'root') { Connect-As $Root } else { Connect-As $Caller.Credential }
    }

    It 'deletes, lists, restores and purges keys and users' {
        $user = New-AliyunRamUser -UserPrincipalName "$(New-TestName 'leakbin')@$Domain"
        $key = New-AliyunAccessKey $user.UserPrincipalName
        $other = New-AliyunAccessKey $user.UserPrincipalName
        Add-Secret "the secret of new key $($key.AccessKeyId)" $key.AccessKeySecret
        Add-Secret "the secret of new key $($other.AccessKeyId)" $other.AccessKeySecret
        $r = Invoke-LeakScan -Cmdlet Remove-AliyunAccessKey, Get-AliyunAccessKey, Restore-AliyunAccessKey, Remove-AliyunRamUser, Get-AliyunRamUser, Restore-AliyunRamUser -Path Success {
            $key, $other | Remove-AliyunAccessKey -Force @Loud
            Get-AliyunAccessKey $user.UserPrincipalName -InRecycleBin @Loud
            $key | Restore-AliyunAccessKey -Confirm:$false @Loud       # the object that holds the secret, piped
            $key | Test-AliyunAccessKey @Loud                           # the restored key signs again
            $key | Remove-AliyunAccessKey -Force @Loud
            Get-AliyunAccessKey $user.UserPrincipalName -InRecycleBin @Loud | Where-Object AccessKeyId -eq $other.AccessKeyId | Remove-AliyunAccessKey -InRecycleBin -Force @Loud
            Remove-AliyunRamUser $user.UserPrincipalName -Force @Loud
            Get-AliyunRamUser $user.UserPrincipalName -InRecycleBin @Loud
            Get-AliyunRamUser $user.UserPrincipalName -InRecycleBin | Restore-AliyunRamUser -Confirm:$false @Loud
            Remove-AliyunRamUser $user.UserPrincipalName -Force @Loud
            Get-AliyunRamUser $user.UserPrincipalName -InRecycleBin | Remove-AliyunRamUser -InRecycleBin -Force @Loud
        }
        $r.Errors | Should -BeNullOrEmpty
        @(Get-AliyunRamUser $user.UserPrincipalName -InRecycleBin) | Should -HaveCount 0
    }

    It 'fails: not in the bin, another user''s key, unknown users, invalid input' {
        $user = New-AliyunRamUser -UserPrincipalName "$(New-TestName 'leakbin')@$Domain"
        $key = New-AliyunAccessKey $user.UserPrincipalName
        Add-Secret "the secret of new key $($key.AccessKeyId)" $key.AccessKeySecret
        $f = Invoke-LeakScan -Cmdlet Remove-AliyunAccessKey, Get-AliyunAccessKey, Restore-AliyunAccessKey, Remove-AliyunRamUser, Get-AliyunRamUser, Restore-AliyunRamUser -Path Failure -ExpectError {
            $key | Restore-AliyunAccessKey -Confirm:$false @Loud                                   # live, not in the bin
            $key | Remove-AliyunAccessKey -InRecycleBin -Force @Loud                               # live, not in the bin
            $key | Remove-AliyunAccessKey -Force @Loud
            $key | Restore-AliyunAccessKey -UserPrincipalName $Caller.Upn -Confirm:$false @Loud   # another user's key
            Get-AliyunAccessKey "nobody$($user.UserPrincipalName)" -InRecycleBin @Loud
            Get-AliyunAccessKey -InRecycleBin @Loud
            Restore-AliyunRamUser "nobody$($user.UserPrincipalName)" -Confirm:$false @Loud
            Remove-AliyunRamUser "nobody$($user.UserPrincipalName)" -InRecycleBin -Force @Loud
            Get-AliyunRamUser -UserId '99999999999999999' -InRecycleBin @Loud
            $key | Restore-AliyunRamUser -Confirm:$false @Loud                                     # a key object is no user
        }
        $f.Errors.Count | Should -BeGreaterOrEqual 8
        $f.Errors.TargetObject | Where-Object { $_ -isnot [string] -and $null -ne $_ } | Should -BeNullOrEmpty -Because 'the target is an ID or a name, never the object that holds the secret'
    }
}
