# A test stand-in for Microsoft.PowerShell.SecretManagement 1.1.2 (not served here). It reproduces the
# parameter binding and error behaviour described in shared/reference/secretmanagement.md, over an
# in-memory store. Test hooks: Reset-StandInVault, Set-StandInVaultState.
@{
    RootModule        = 'Microsoft.PowerShell.SecretManagement.psm1'
    ModuleVersion     = '1.1.2'
    GUID              = 'a5c858f6-4a8e-41f1-b1ee-0e4c1b6b8f11'
    Description       = 'Test stand-in for SecretManagement'
    FunctionsToExport = @('Set-Secret', 'Get-Secret', 'Get-SecretInfo', 'Remove-Secret', 'Get-SecretVault', 'Register-SecretVault', 'Reset-StandInVault', 'Set-StandInVaultState')
    CmdletsToExport   = @()
    AliasesToExport   = @()
    VariablesToExport = @()
}
