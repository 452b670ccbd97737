# The nested module of AliyunAccessKey.psd1, so it runs before PowerShell reads the cmdlets of the
# root module (the DLL): Windows PowerShell 5.1 does not enforce DotNetFrameworkVersion above 4.5,
# and on .NET Framework 4.6.x reading them fails with "Could not load file or assembly 'netstandard,
# Version=2.0.0.0'", which says nothing about what to install. (The manifest reader has already
# mapped the DLL file by then; .NET Framework resolves its 'netstandard' reference only when a type
# is read.)
# Written for import time on PowerShell 7, where this line is all that runs: $IsCoreCLR is $true
# there and does not exist on 5.1 (strict mode never reaches a module's scope). PowerShell compiles
# the whole line in a fresh session, the branch it skips too, but not the inside of a script block
# until it runs: the call to the check inside `& { }` saves about 5 ms there, and an -eq or an
# expandable string would cost several. The script block's scope also keeps the check's functions
# out of the module. tests/Pester/Framework.Tests.ps1 checks the shape of this line.
if ($IsCoreCLR) { } else { & { . (Join-Path $PSScriptRoot 'AliyunAccessKey.FrameworkCheck.ps1') -Assert } }
