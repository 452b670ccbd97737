# Tab completion as a person gets it: through TabExpansion2.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1') -Connected
    $script:Prefix = New-TestName 'tab'
    $script:Users = 1..3 | ForEach-Object { New-AliyunRamUser -UserPrincipalName "$Prefix$_@$Domain" }
    $script:Key = $Users[0] | New-AliyunAccessKey

    function script:Complete([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }
}

AfterAll { Stop-TestSession }

Describe 'Argument completion' {
    It 'completes -UserPrincipalName of <command> from the account' -ForEach @(
        @{ command = 'Get-AliyunRamUser' }, @{ command = 'Set-AliyunRamUser' }, @{ command = 'Remove-AliyunRamUser' },
        @{ command = 'New-AliyunAccessKey' }, @{ command = 'Get-AliyunAccessKey' }, @{ command = 'Disable-AliyunAccessKey' },
        @{ command = 'Invoke-AliyunAccessKeyRotation' }
    ) {
        $found = Complete "$command -UserPrincipalName $Prefix"
        ($found.CompletionText | Sort-Object) | Should -Be ($Users.UserPrincipalName | Sort-Object)
        $found[0].ToolTip | Should -Match 'onaliyun'
    }

    It 'completes -AccessKeyId for the user given on the line' {
        $upn = $Users[0].UserPrincipalName
        (Complete "Disable-AliyunAccessKey -UserPrincipalName $upn -AccessKeyId ").CompletionText | Should -Be $Key.AccessKeyId
        (Complete "Remove-AliyunAccessKey -UserPrincipalName $upn -AccessKeyId LTAI").CompletionText | Should -Be $Key.AccessKeyId
    }

    It 'lists users once, then answers from its cache' {
        Complete "Get-AliyunRamUser -UserPrincipalName $Prefix" | Out-Null
        $before = Get-RequestCount $Emulator
        1..3 | ForEach-Object { Complete "Get-AliyunRamUser -UserPrincipalName $Prefix" | Out-Null }
        Get-RequestCount $Emulator | Should -Be $before
    }

    It 'completes -PolicyName from the account, of the -PolicyType on the line' {
        (Complete 'Grant-AliyunRamPolicy -PolicyName AliyunOSSRead').CompletionText | Should -Be 'AliyunOSSReadOnlyAccess'
        (Complete 'Get-AliyunRamPolicy -PolicyType Custom -PolicyName Admin').CompletionText | Should -BeNullOrEmpty
        (Complete 'Revoke-AliyunRamPolicy -PolicyType System -PolicyName Administrator').CompletionText | Should -Be 'AdministratorAccess'
        (Complete 'Grant-AliyunRamPolicy -PolicyType Cu').CompletionText | Should -Be 'Custom'
    }

    It 'completes -ProfileName from the CLI config and the credentials file' {
        $savedHome = $env:HOME
        try {
            $env:HOME = Join-Path $TestDrive 'home'
            New-Item -ItemType Directory (Join-Path $env:HOME '.aliyun'), (Join-Path $env:HOME '.alibabacloud') -Force | Out-Null
            '{"current":"prod","profiles":[{"name":"prod","mode":"AK"},{"name":"staging","mode":"RamRoleArn"}]}' | Set-Content (Join-Path $env:HOME '.aliyun/config.json')
            "[default]`ntype = access_key`n[project-x]`ntype = ecs_ram_role" | Set-Content (Join-Path $env:HOME '.alibabacloud/credentials')
            (Complete 'Connect-AliyunAccount -ProfileName ').CompletionText | Sort-Object | Should -Be @('default', 'prod', 'project-x', 'staging')
            (Complete 'Connect-AliyunAccount -ProfileName pr').CompletionText | Sort-Object | Should -Be @('prod', 'project-x')
        } finally {
            $env:HOME = $savedHome
        }
    }

    It 'completes -Vault from Get-SecretVault when SecretManagement is present, and nothing when not' {
        (Complete 'New-AliyunAccessKey -Vault ').CompletionText | Where-Object { $_ -in 'CorpStore', 'Other' } | Should -BeNullOrEmpty
        Import-Module (Join-Path $PSScriptRoot 'StandIns/Microsoft.PowerShell.SecretManagement/Microsoft.PowerShell.SecretManagement.psd1') -Force
        Reset-StandInVault
        Register-SecretVault -Name CorpStore
        Register-SecretVault -Name Other
        (Complete 'New-AliyunAccessKey -Vault C').CompletionText | Should -Be 'CorpStore'
        (Complete 'Connect-AliyunAccount -SecretName x -Vault ').CompletionText | Sort-Object | Should -Be @('CorpStore', 'Other')
    }

    It 'offers nothing, quickly, when not connected' {
        Disconnect-AliyunAccount
        try {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            (Complete 'Get-AliyunRamUser -UserPrincipalName a').CompletionText | Where-Object { $_ -like '*@*' } | Should -BeNullOrEmpty
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 3
        } finally {
            Connect-TestEmulator $Emulator
        }
    }
}
