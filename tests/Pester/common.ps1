# Shared by every Pester file: where the staged module is. build.ps1 Test sets the variable;
# run by hand, the newest staged version under out/ is used.
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:StagedModule = if ($env:ALIYUNACCESSKEY_STAGED) {
    $env:ALIYUNACCESSKEY_STAGED
} else {
    Get-ChildItem (Join-Path $RepoRoot 'out/AliyunAccessKey') -Directory | Sort-Object { [version]$_.Name } | Select-Object -Last 1 -ExpandProperty FullName
}
$script:StagedManifest = Join-Path $StagedModule 'AliyunAccessKey.psd1'
# A child pwsh like this one; under `dotnet pwsh` that is `dotnet <PSHOME>/pwsh.dll`.
function Invoke-Pwsh {
    $hostExe = [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($hostExe) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
    & $hostExe @prefix @args
}
