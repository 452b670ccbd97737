#Requires -Version 7.0
<#
.SYNOPSIS
    Compiles the platyPS-style markdown help in docs/en-US into the files Get-Help reads offline.

.DESCRIPTION
    platyPS is not available on the build machines, so this script does its job for the subset of
    its markdown schema (2.0.0) that the docs use:

      <Verb-Noun>.md            cmdlet pages   -> <OutDir>/<Culture>/<external help file> (MAML)
      about_<Topic>.md          about topics   -> <OutDir>/<Culture>/about_<Topic>.help.txt

    Every cmdlet page names its MAML file in the front matter ("external help file:"); pages that
    name the same file are written into it together. The script refuses malformed pages (a missing
    section, a parameter in SYNTAX without a PARAMETERS entry, a yaml block without its keys) with
    a message naming the file and line, so a broken page fails the build instead of shipping half
    a help.

    No external module is needed. PowerShell function calls are expensive, so the hot paths (block
    splitting, inline markdown, XML writing) are loops over .NET calls rather than small helpers.

.PARAMETER DocsPath
    The folder with the markdown pages (docs/en-US).

.PARAMETER OutDir
    The staged module folder (out/AliyunAccessKey/<version>); the help goes to its <Culture> subfolder.

.PARAMETER Culture
    The culture subfolder to write, en-US by default.

.EXAMPLE
    ./tools/Build-Help.ps1 -DocsPath ./docs/en-US -OutDir ./out/AliyunAccessKey/0.1.0
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $DocsPath,

    [Parameter(Mandatory)]
    [string] $OutDir,

    [ValidatePattern('^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$')]
    [string] $Culture = 'en-US'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$NsMaml = 'http://schemas.microsoft.com/maml/2004/10'
$NsCommand = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$NsDev = 'http://schemas.microsoft.com/maml/dev/2004/10'
$NsMSHelp = 'http://msdn.microsoft.com/mshelp'

# About topics are wrapped to this width, as the ones PowerShell ships are.
$TextWidth = 80

# Code blocks whose language marks them as the example's code (others, e.g. "output", are remarks).
$CodeLanguages = @('', 'powershell', 'pwsh', 'ps', 'ps1')

. (Join-Path $PSScriptRoot 'Help/Markdown.ps1')
. (Join-Path $PSScriptRoot 'Help/CmdletPage.ps1')
. (Join-Path $PSScriptRoot 'Help/AboutTopic.ps1')

if (-not (Test-Path -LiteralPath $DocsPath -PathType Container)) { throw "No help sources at '$DocsPath'." }
if (-not (Test-Path -LiteralPath $OutDir -PathType Container)) { throw "No staged module at '$OutDir'." }
$target = Join-Path $OutDir $Culture
$null = New-Item -ItemType Directory -Path $target -Force

$pages = [Collections.Generic.List[object]]::new()
$helpFiles = [ordered]@{}
$abouts = 0
foreach ($file in [IO.Directory]::GetFiles((Resolve-Path -LiteralPath $DocsPath).ProviderPath, '*.md') | Sort-Object) {
    $base = [IO.Path]::GetFileNameWithoutExtension($file)
    $doc = Read-MarkdownFile $file
    if ($base.StartsWith('about_')) {
        $about = Convert-AboutTopic $doc
        if ($about.Name -ne $base) { throw "${file}: the title '# $($about.Name)' does not match the file name." }
        [IO.File]::WriteAllText((Join-Path $target "$($about.Name).help.txt"), $about.Text, [Text.UTF8Encoding]::new($false))
        $abouts++
    } elseif ($doc.Front.Contains('external help file')) {
        $page = Read-CmdletPage $doc
        if ($page.Name -ne $base) { throw "${file}: the title '# $($page.Name)' does not match the file name." }
        if ($page.HelpFile -notmatch '-Help\.xml$') { throw "${file}: the external help file '$($page.HelpFile)' does not end in -Help.xml." }
        if (-not $helpFiles.Contains($page.HelpFile)) { $helpFiles[$page.HelpFile] = [Collections.Generic.List[object]]::new() }
        $helpFiles[$page.HelpFile].Add($page)
        $pages.Add($page)
    } else {
        Write-Verbose "Skipped ${file}: neither an about topic nor a cmdlet page (no 'external help file')."
    }
}

foreach ($helpFile in $helpFiles.Keys) {
    Write-Maml (Join-Path $target $helpFile) $helpFiles[$helpFile]
}

Write-Host "Help: $($pages.Count) cmdlet pages and $abouts about topics -> $target"
