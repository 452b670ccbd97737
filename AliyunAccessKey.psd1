# The manifest source: build.ps1 stages it beside AliyunAccessKey.dll in out/AliyunAccessKey/<version>/.
# ModuleVersion here is the one place the version is set; the build passes it to the assembly.
@{
    RootModule           = 'AliyunAccessKey.dll'
    # Nested modules run before the root module's cmdlets are read: on Windows PowerShell 5.1 with
    # .NET Framework older than 4.7.2 (5.1 does not enforce DotNetFrameworkVersion) this stops the
    # import with a clear message before anything in the DLL needs 'netstandard'. (The DLL as a
    # nested module instead would break importing a second copy of the module on PowerShell 7.)
    NestedModules        = @('AliyunAccessKey.FrameworkCheck.psm1')
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '6f0e7d4c-1b7a-4c1e-9a53-2a8b3c5d9e71'
    Author               = 'AliyunAccessKey contributors'
    CompanyName          = 'AliyunAccessKey contributors'
    Copyright            = '(c) AliyunAccessKey contributors. MIT License.'
    Description          = 'Create, list, rotate and retire Alibaba Cloud RAM users and AccessKey pairs from PowerShell: signed IMS/STS calls with no third-party assemblies, secrets that never reach logs, and a local emulator for offline runs.'
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('AliyunAccessKey.format.ps1xml')
    TypesToProcess       = @()
    CmdletsToExport      = @(
        'Connect-AliyunAccount'
        'Disconnect-AliyunAccount'
        'Get-AliyunContext'
        'Get-AliyunRamUser'
        'New-AliyunRamUser'
        'Set-AliyunRamUser'
        'Remove-AliyunRamUser'
        'Restore-AliyunRamUser'
        'Get-AliyunRamGroup'
        'New-AliyunRamGroup'
        'Remove-AliyunRamGroup'
        'Get-AliyunRamGroupMember'
        'Add-AliyunRamGroupMember'
        'Remove-AliyunRamGroupMember'
        'Get-AliyunRamPolicy'
        'Grant-AliyunRamPolicy'
        'Revoke-AliyunRamPolicy'
        'New-AliyunAccessKey'
        'Get-AliyunAccessKey'
        'Disable-AliyunAccessKey'
        'Enable-AliyunAccessKey'
        'Remove-AliyunAccessKey'
        'Restore-AliyunAccessKey'
        'Test-AliyunAccessKey'
        'Invoke-AliyunAccessKeyRotation'
        'Get-AliyunCredentialReport'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Alibaba', 'AlibabaCloud', 'Aliyun', 'RAM', 'AccessKey', 'IMS', 'STS', 'Security', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            # No public repository exists yet; ProjectUri is left out rather than pointing nowhere.
            ReleaseNotes = 'See CHANGELOG.md in the package.'
        }
    }
}
