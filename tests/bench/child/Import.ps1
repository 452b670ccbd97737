<#
.SYNOPSIS
    Benchmark child (B2): in a fresh pwsh that has already run one cmdlet, the in-process time of
    Import-Module of one module (Measure-Command). Prints the milliseconds on the last line.
#>
param([Parameter(Mandatory)] [string] $Module)
$ErrorActionPreference = 'Stop'
# The one cmdlet run first: the engine and the default runspace are up, as in a user's session.
$null = Get-Date
$elapsed = Measure-Command { Import-Module $Module }
if (-not (Get-Module ([IO.Path]::GetFileNameWithoutExtension($Module)))) { throw "$Module did not import" }
$elapsed.TotalMilliseconds.ToString('0.###', [cultureinfo]::InvariantCulture)
