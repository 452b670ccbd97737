# Hardening: malformed input for the recycle-bin cmdlets (how each case is checked: BadInput/Cases.ps1).
BeforeDiscovery { . (Join-Path $PSScriptRoot 'BadInput/Cases.ps1') RecycleBin }
BeforeAll { . (Join-Path $PSScriptRoot 'BadInput/Run.ps1') }
AfterAll { Stop-BadInputFile }

Add-BadInputTests
