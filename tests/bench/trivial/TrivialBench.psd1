# B2's baseline module: the manifest has the same shape as AliyunAccessKey.psd1 (binary root
# module, one format file, explicit export lists), so the two imports differ only in the module.
@{
    RootModule             = 'TrivialBench.dll'
    ModuleVersion          = '1.0.0'
    CompatiblePSEditions   = @('Desktop', 'Core')
    GUID                   = '0c1f8a52-7d0e-4a55-9f1e-3b2d6c0a9e11'
    Author                 = 'AliyunAccessKey contributors'
    Description            = 'Import-time baseline for the AliyunAccessKey benchmarks.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('TrivialBench.format.ps1xml')
    TypesToProcess         = @()
    CmdletsToExport        = @('Get-TrivialBench')
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
}
