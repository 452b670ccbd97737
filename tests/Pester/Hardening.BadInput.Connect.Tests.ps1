# Hardening: malformed input for connecting and the context (how each case is checked: BadInput/Cases.ps1).
BeforeDiscovery { . (Join-Path $PSScriptRoot 'BadInput/Cases.ps1') Connect }
BeforeAll { . (Join-Path $PSScriptRoot 'BadInput/Run.ps1') }
AfterAll { Stop-BadInputFile }

Add-BadInputTests
