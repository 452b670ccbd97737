# Hardening: malformed input for the AccessKey cmdlets and the rotation (how each case is checked: BadInput/Cases.ps1).
BeforeDiscovery { . (Join-Path $PSScriptRoot 'BadInput/Cases.ps1') Keys }
BeforeAll { . (Join-Path $PSScriptRoot 'BadInput/Run.ps1') }
AfterAll { Stop-BadInputFile }

Add-BadInputTests
