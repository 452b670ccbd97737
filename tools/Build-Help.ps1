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
    a message naming the file, so a broken page fails the build instead of shipping half a help.

    No external module is needed; it runs in well under a second.

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
$NsByPrefix = @{ maml = $NsMaml; command = $NsCommand; dev = $NsDev }

# About topics are wrapped to this width, as the ones PowerShell ships are.
$TextWidth = 80

#region Markdown

function Read-MarkdownFile {
    # Splits a file into its front matter (a hashtable) and blocks: headings, fenced code and
    # paragraphs (lists stay one paragraph, one line per item).
    param([string] $Path)

    $lines = [IO.File]::ReadAllText($Path) -replace "`r`n?", "`n" -split "`n"
    $front = [ordered]@{}
    $i = 0
    if ($lines.Count -gt 0 -and $lines[0].Trim() -eq '---') {
        $i = 1
        while ($i -lt $lines.Count -and $lines[$i].Trim() -ne '---') {
            if ($lines[$i] -match '^\s*([^:#][^:]*):\s*(.*?)\s*$') { $front[$Matches[1].Trim()] = $Matches[2].Trim("'`"") }
            $i++
        }
        if ($i -ge $lines.Count) { throw "${Path}: the front matter is not closed by '---'." }
        $i++
    }

    $blocks = [Collections.Generic.List[object]]::new()
    $para = [Collections.Generic.List[string]]::new()
    $flush = {
        if ($para.Count -gt 0) {
            $blocks.Add([pscustomobject]@{ Kind = 'Para'; Lines = $para.ToArray(); Line = $i })
            $para.Clear()
        }
    }
    while ($i -lt $lines.Count) {
        $line = $lines[$i]
        if ($line -match '^\s{0,3}(`{3,}|~{3,})\s*([^\s`]*)') {
            . $flush
            $fence = $Matches[1]
            $lang = $Matches[2].ToLowerInvariant()
            $start = $i + 1
            $code = [Collections.Generic.List[string]]::new()
            $i++
            while ($i -lt $lines.Count -and -not $lines[$i].TrimStart().StartsWith($fence)) {
                $code.Add($lines[$i])
                $i++
            }
            if ($i -ge $lines.Count) { throw "${Path}:${start}: a code block is not closed." }
            $blocks.Add([pscustomobject]@{ Kind = 'Code'; Lang = $lang; Text = ($code -join "`n").TrimEnd(); Line = $start })
            $i++
            continue
        }
        if ($line -match '^(#{1,6})\s+(.*?)\s*#*\s*$') {
            . $flush
            $blocks.Add([pscustomobject]@{ Kind = 'Heading'; Level = $Matches[1].Length; Text = $Matches[2]; Line = $i + 1 })
        } elseif ($line.Trim() -eq '' -or $line.Trim() -match '^<!--.*-->$') {
            . $flush
        } else {
            $para.Add($line)
        }
        $i++
    }
    . $flush
    [pscustomobject]@{ Path = $Path; Front = $front; Blocks = $blocks }
}

function Split-Sections {
    # Groups blocks under their level-2 headings, and those under their level-3 headings.
    param($Doc)

    $title = $null
    $sections = [Collections.Generic.List[object]]::new()
    $section = $null
    $sub = $null
    foreach ($block in $Doc.Blocks) {
        if ($block.Kind -eq 'Heading' -and $block.Level -eq 1) {
            if ($null -ne $title) { throw "$($Doc.Path):$($block.Line): a second '# ' title." }
            $title = $block.Text
            continue
        }
        if ($block.Kind -eq 'Heading' -and $block.Level -eq 2) {
            $section = [pscustomobject]@{ Title = $block.Text; Body = [Collections.Generic.List[object]]::new(); Subs = [Collections.Generic.List[object]]::new() }
            $sections.Add($section)
            $sub = $null
            continue
        }
        if ($null -eq $section) {
            if ($block.Kind -eq 'Para' -or $block.Kind -eq 'Code') { throw "$($Doc.Path):$($block.Line): text before the first '## ' section." }
            continue
        }
        if ($block.Kind -eq 'Heading' -and $block.Level -eq 3) {
            $sub = [pscustomobject]@{ Title = $block.Text; Body = [Collections.Generic.List[object]]::new(); Line = $block.Line }
            $section.Subs.Add($sub)
            continue
        }
        if ($null -ne $sub) { $sub.Body.Add($block) } else { $section.Body.Add($block) }
    }
    [pscustomobject]@{ Title = $title; Sections = $sections }
}

function Get-Section {
    param($Page, [string] $Name, [switch] $Optional)
    $found = @($Page.Sections.Where({ $_.Title -eq $Name }))
    if ($found.Count -gt 1) { throw "$($Page.Path): '## $Name' appears $($found.Count) times." }
    if ($found.Count -eq 0) {
        if ($Optional) { return $null }
        throw "$($Page.Path): '## $Name' is missing."
    }
    $found[0]
}

# Inline markdown, compiled once: the conversion runs for every paragraph.
$InlineCode = [regex]'(`[^`]+`)'
$SelfLink = [regex]'\[(https?://[^\]\s]+)\]\(\1\)'
$WebLink = [regex]'\[([^\]]+)\]\((https?://[^)\s]+)\)'
$PageLink = [regex]'\[([^\]]+)\]\([^)\s]*\)'
$AngleLink = [regex]'<(https?://[^>\s]+)>'
$Strong = [regex]'(\*\*|__)(?=\S)(.+?)(?<=\S)\1'
$Emphasis = [regex]'(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])'
$Escape = [regex]'\\([\\`*_{}\[\]()#+\-.!<>|])'

function ConvertFrom-Inline {
    # Markdown inline syntax to plain text: links keep their text (and an external address),
    # emphasis marks go, backslash escapes are undone. `code` is left exactly as written, backticks
    # included, as PowerShell's own help shows it.
    param([string] $Text)
    if ($Text.IndexOfAny([char[]]'[<*_\') -lt 0) { return $Text }
    $parts = $InlineCode.Split($Text)
    for ($n = 0; $n -lt $parts.Count; $n += 2) {
        $t = $SelfLink.Replace($parts[$n], '$1')
        $t = $WebLink.Replace($t, '$1 ($2)')
        $t = $PageLink.Replace($t, '$1')
        $t = $AngleLink.Replace($t, '$1')
        $t = $Strong.Replace($t, '$2')
        $t = $Emphasis.Replace($t, '$1')
        $parts[$n] = $Escape.Replace($t, '$1')
    }
    $parts -join ''
}

$ListItem = '^\s*([-*+]|\d+[.)])\s+'

function ConvertTo-Paragraph {
    # One paragraph block as plain text: ordinary lines joined by spaces; a list as one line per
    # item ("- text" or "1. text"), continuation lines folded into their item.
    param([string[]] $Lines)
    if (-not $Lines.Where({ $_ -match $ListItem }, 'First')) {
        return ConvertFrom-Inline (($Lines.ForEach('Trim')) -join ' ')
    }
    $items = [Collections.Generic.List[string]]::new()
    foreach ($line in $Lines) {
        if ($line -match $ListItem) {
            $prefixLength = $Matches[0].Length
            $marker = if ($Matches[1] -like '[0-9]*') { $Matches[1] } else { '-' }
            $items.Add("$marker " + $line.Substring($prefixLength).Trim())
        } elseif ($items.Count -gt 0) {
            $items[$items.Count - 1] += ' ' + $line.Trim()
        } else {
            $items.Add($line.Trim())
        }
    }
    @(foreach ($item in $items) { ConvertFrom-Inline $item }) -join "`n"
}

function ConvertTo-Paragraphs {
    # Blocks as a list of paragraphs for MAML: text paragraphs converted, code kept verbatim.
    param($Blocks)
    foreach ($block in $Blocks) {
        switch ($block.Kind) {
            'Para' { ConvertTo-Paragraph $block.Lines }
            'Code' { $block.Text }
        }
    }
}

function Split-List {
    # "a, b, c" (a yaml value) as an array; empty or missing as an empty one.
    param([string] $Value)
    if (-not $Value) { return , @() }
    , @($Value.Split([char[]]',', [StringSplitOptions]::RemoveEmptyEntries).ForEach('Trim').Where({ $_ }))
}

function ConvertFrom-Yaml {
    # The flat "Key: value" yaml of a parameter block.
    param([string] $Text, [string] $Where)
    $map = [Collections.Generic.Dictionary[string, string]]::new([StringComparer]::OrdinalIgnoreCase)
    foreach ($line in $Text -split "`n") {
        if ($line.Trim() -eq '') { continue }
        if ($line -notmatch '^\s*([^:]+):\s*(.*?)\s*$') { throw "${Where}: '$line' is not 'Key: value'." }
        $map[$Matches[1].Trim()] = $Matches[2]
    }
    foreach ($key in 'Type', 'Parameter Sets', 'Required', 'Position', 'Accept pipeline input', 'Accept wildcard characters') {
        if (-not $map.ContainsKey($key) -or $map[$key] -eq '') { throw "${Where}: the yaml block has no '$key'." }
    }
    $map
}

#endregion

#region Cmdlet pages

function Read-CmdletPage {
    param($Doc)

    $page = Split-Sections $Doc
    $page | Add-Member Path $Doc.Path
    $name = $page.Title
    if ($name -notmatch '^(\w+)-(\w+)$') { throw "$($Doc.Path): the title '# $name' is not a Verb-Noun cmdlet name." }
    $verb, $noun = $Matches[1], $Matches[2]
    $where = $Doc.Path

    $synopsis = @(ConvertTo-Paragraphs (Get-Section $page 'SYNOPSIS').Body)
    if (-not ($synopsis -join '').Trim()) { throw "${where}: SYNOPSIS is empty." }
    $description = @(ConvertTo-Paragraphs (Get-Section $page 'DESCRIPTION').Body)
    if (-not ($description -join '').Trim()) { throw "${where}: DESCRIPTION is empty." }

    # PARAMETERS: one entry per "### -Name", each with one yaml block per distinct parameter-set shape.
    $parameters = [ordered]@{}
    foreach ($sub in (Get-Section $page 'PARAMETERS').Subs) {
        if ($sub.Title -eq 'CommonParameters') { continue }
        if ($sub.Title -notmatch '^-(\w+)$') { throw "${where}:$($sub.Line): '### $($sub.Title)' is not '### -ParameterName'." }
        $pname = $Matches[1]
        if ($parameters.Contains($pname)) { throw "${where}:$($sub.Line): -$pname is documented twice." }
        $yaml = @($sub.Body.Where({ $_.Kind -eq 'Code' -and $_.Lang -eq 'yaml' }))
        if ($yaml.Count -eq 0) { throw "${where}:$($sub.Line): -$pname has no yaml block." }
        $text = @(ConvertTo-Paragraphs $sub.Body.Where({ -not ($_.Kind -eq 'Code' -and $_.Lang -eq 'yaml') }))
        if (-not ($text -join '').Trim()) { throw "${where}:$($sub.Line): -$pname has no description." }
        $variants = foreach ($y in $yaml) {
            $map = ConvertFrom-Yaml $y.Text "${where}:$($y.Line)"
            [pscustomobject]@{
                Type           = $map['Type']
                Sets           = Split-List $map['Parameter Sets']
                Aliases        = Split-List $map['Aliases']
                AcceptedValues = Split-List $map['Accepted values']
                Required       = $map['Required'] -eq 'True'
                Position       = if ($map['Position'] -match '^\d+$') { $map['Position'] } else { 'named' }
                Default        = if ($map.ContainsKey('Default value') -and $map['Default value']) { $map['Default value'] } else { 'None' }
                Pipeline       = $map['Accept pipeline input']
                Globbing       = $map['Accept wildcard characters'] -eq 'True'
            }
        }
        $parameters[$pname] = [pscustomobject]@{ Name = $pname; Description = $text; Variants = @($variants) }
    }

    # SYNTAX: one code block per parameter set, under "### SetName" (or "### SetName (Default)").
    $syntax = [Collections.Generic.List[object]]::new()
    $syntaxSection = Get-Section $page 'SYNTAX'
    $syntaxBlocks = if ($syntaxSection.Subs.Count -gt 0) {
        foreach ($sub in $syntaxSection.Subs) {
            $code = @($sub.Body.Where({ $_.Kind -eq 'Code' }))
            if ($code.Count -ne 1) { throw "${where}:$($sub.Line): the syntax of '$($sub.Title)' needs exactly one code block." }
            [pscustomobject]@{ Set = ($sub.Title -replace '\s*\(Default\)\s*$', ''); Code = $code[0] }
        }
    } else {
        foreach ($code in $syntaxSection.Body.Where({ $_.Kind -eq 'Code' })) { [pscustomobject]@{ Set = '__AllParameterSets'; Code = $code } }
    }
    foreach ($block in @($syntaxBlocks)) {
        $text = $block.Code.Text
        if ($text -notmatch "^\s*$([regex]::Escape($name))(\s|$)") { throw "${where}:$($block.Code.Line): the syntax does not start with $name." }
        $names = foreach ($m in [regex]::Matches($text, '(?<=[\s\[])-(\w+)')) { $m.Groups[1].Value }
        $items = foreach ($n in $names) {
            if (-not $parameters.Contains($n)) { throw "${where}:$($block.Code.Line): the syntax names -$n, which PARAMETERS does not document." }
            $p = $parameters[$n]
            $variant = @($p.Variants.Where({ $_.Sets -contains $block.Set -or $_.Sets -contains '(All)' }))
            if ($variant.Count -eq 0) { $variant = @($p.Variants) }
            [pscustomobject]@{ Parameter = $p; Variant = $variant[0] }
        }
        $syntax.Add([pscustomobject]@{ Set = $block.Set; Items = @($items) })
    }
    if ($syntax.Count -eq 0) { throw "${where}: SYNTAX has no code block." }

    # EXAMPLES: "### Example N: title", PowerShell code, then remarks.
    $examples = foreach ($sub in (Get-Section $page 'EXAMPLES').Subs) {
        $isCode = { $_.Kind -eq 'Code' -and $_.Lang -in '', 'powershell', 'pwsh', 'ps', 'ps1' }
        $code = @($sub.Body.Where($isCode).ForEach('Text'))
        if ($code.Count -eq 0) { throw "${where}:$($sub.Line): '$($sub.Title)' has no powershell code block." }
        $remarks = @(ConvertTo-Paragraphs $sub.Body.Where({ -not ($_.Kind -eq 'Code' -and $_.Lang -in '', 'powershell', 'pwsh', 'ps', 'ps1') }))
        [pscustomobject]@{ Title = $sub.Title; Code = $code -join "`n`n"; Remarks = $remarks }
    }
    if (@($examples).Count -eq 0) { throw "${where}: EXAMPLES has no '### Example' entries." }

    $readTypes = {
        param($Section)
        foreach ($sub in $Section.Subs) {
            [pscustomobject]@{ Name = (ConvertFrom-Inline $sub.Title); Description = @(ConvertTo-Paragraphs $sub.Body) }
        }
        if ($Section.Subs.Count -eq 0) {
            $text = @(ConvertTo-Paragraphs $Section.Body)
            if ($text.Count -gt 0) { [pscustomobject]@{ Name = $text[0]; Description = @($text[1..($text.Count)]) } }
        }
    }
    $inputs = @(& $readTypes (Get-Section $page 'INPUTS'))
    $outputs = @(& $readTypes (Get-Section $page 'OUTPUTS'))
    if ($inputs.Count -eq 0) { throw "${where}: INPUTS is empty (write '### None' when nothing binds from the pipeline)." }
    if ($outputs.Count -eq 0) { throw "${where}: OUTPUTS is empty (write '### None' when nothing is written)." }

    $notesSection = Get-Section $page 'NOTES' -Optional
    $notes = @(if ($notesSection) { ConvertTo-Paragraphs (@($notesSection.Body) + @(foreach ($sub in $notesSection.Subs) { $sub.Body })) })

    $links = [Collections.Generic.List[object]]::new()
    if ($Doc.Front.Contains('online version') -and $Doc.Front['online version']) {
        $links.Add([pscustomobject]@{ Text = 'Online Version:'; Uri = $Doc.Front['online version'] })
    }
    $linkSection = Get-Section $page 'RELATED LINKS' -Optional
    if ($linkSection) {
        foreach ($block in $linkSection.Body.Where({ $_.Kind -eq 'Para' })) {
            foreach ($line in $block.Lines) {
                foreach ($m in [regex]::Matches($line, '\[([^\]]+)\]\(([^)\s]*)\)')) {
                    $uri = if ($m.Groups[2].Value -match '^https?://') { $m.Groups[2].Value } else { '' }
                    $links.Add([pscustomobject]@{ Text = $m.Groups[1].Value; Uri = $uri })
                }
            }
        }
    }

    [pscustomobject]@{
        Path        = $Doc.Path
        HelpFile    = $Doc.Front['external help file']
        Name        = $name
        Verb        = $verb
        Noun        = $noun
        Synopsis    = $synopsis
        Description = $description
        Syntax      = $syntax
        Parameters  = $parameters
        Examples    = @($examples)
        Inputs      = $inputs
        Outputs     = $outputs
        Notes       = $notes
        Links       = $links
    }
}

function Write-Element {
    param($Writer, [string] $QName, [string] $Text)
    $prefix, $local = $QName -split ':', 2
    $Writer.WriteElementString($prefix, $local, $NsByPrefix[$prefix], $Text)
}

function Start-Element {
    param($Writer, [string] $QName, [Collections.IDictionary] $Attributes)
    $prefix, $local = $QName -split ':', 2
    $Writer.WriteStartElement($prefix, $local, $NsByPrefix[$prefix])
    if ($Attributes) {
        foreach ($key in $Attributes.Keys) {
            $Writer.WriteAttributeString($key, [string]$Attributes[$key])
        }
    }
}

function Write-Paras {
    param($Writer, [string] $QName, [string[]] $Paragraphs)
    Start-Element $Writer $QName
    $any = $false
    foreach ($p in $Paragraphs) {
        if ($null -eq $p) { continue }
        Write-Element $Writer 'maml:para' $p
        $any = $true
    }
    if (-not $any) { Write-Element $Writer 'maml:para' '' }
    $Writer.WriteEndElement()
}

function Write-Parameter {
    param($Writer, $Parameter, $Variant, [switch] $InSyntax)
    $isSwitch = $Variant.Type -in 'SwitchParameter', 'System.Management.Automation.SwitchParameter'
    Start-Element $Writer 'command:parameter' ([ordered]@{
        required       = $Variant.Required.ToString().ToLowerInvariant()
        variableLength = 'true'
        globbing       = $Variant.Globbing.ToString().ToLowerInvariant()
        pipelineInput  = $Variant.Pipeline
        position       = $Variant.Position
        aliases        = if ($Variant.Aliases.Count) { $Variant.Aliases -join ', ' } else { 'none' }
    })
    Write-Element $Writer 'maml:name' $Parameter.Name
    Write-Paras $Writer 'maml:description' $Parameter.Description
    if ($InSyntax -and $Variant.AcceptedValues.Count -gt 0) {
        Start-Element $Writer 'command:parameterValueGroup'
        foreach ($value in $Variant.AcceptedValues) {
            Start-Element $Writer 'command:parameterValue' ([ordered]@{ required = 'false'; variableLength = 'false' })
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    } elseif (-not ($InSyntax -and $isSwitch)) {
        Start-Element $Writer 'command:parameterValue' ([ordered]@{ required = (-not $isSwitch).ToString().ToLowerInvariant(); variableLength = 'false' })
        $Writer.WriteString($Variant.Type)
        $Writer.WriteEndElement()
    }
    Start-Element $Writer 'dev:type'
    Write-Element $Writer 'maml:name' $Variant.Type
    Write-Element $Writer 'maml:uri' ''
    $Writer.WriteEndElement()
    Write-Element $Writer 'dev:defaultValue' $Variant.Default
    $Writer.WriteEndElement()
}

function Format-ExampleTitle {
    # PowerShell prints MAML example titles as they are; platyPS pads them with dashes.
    param([string] $Title)
    $pad = [Math]::Max(2, [int][Math]::Floor((64 - $Title.Length - 2) / 2))
    ('-' * $pad) + " $Title " + ('-' * $pad)
}

function Write-Command {
    param($Writer, $Page)

    Start-Element $Writer 'command:command'
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $NsMaml)
    $Writer.WriteAttributeString('xmlns', 'command', $null, $NsCommand)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $NsDev)
    $Writer.WriteAttributeString('xmlns', 'MSHelp', $null, $NsMSHelp)

    Start-Element $Writer 'command:details'
    Write-Element $Writer 'command:name' $Page.Name
    Write-Element $Writer 'command:verb' $Page.Verb
    Write-Element $Writer 'command:noun' $Page.Noun
    Write-Paras $Writer 'maml:description' $Page.Synopsis
    $Writer.WriteEndElement()

    Write-Paras $Writer 'maml:description' $Page.Description

    Start-Element $Writer 'command:syntax'
    foreach ($item in $Page.Syntax) {
        Start-Element $Writer 'command:syntaxItem'
        Write-Element $Writer 'maml:name' $Page.Name
        foreach ($entry in $item.Items) { Write-Parameter $Writer $entry.Parameter $entry.Variant -InSyntax }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    Start-Element $Writer 'command:parameters'
    foreach ($p in $Page.Parameters.Values) { Write-Parameter $Writer $p $p.Variants[0] }
    $Writer.WriteEndElement()

    foreach ($kind in @(@('command:inputTypes', 'command:inputType', $Page.Inputs), @('command:returnValues', 'command:returnValue', $Page.Outputs))) {
        Start-Element $Writer $kind[0]
        foreach ($type in $kind[2]) {
            Start-Element $Writer $kind[1]
            Start-Element $Writer 'dev:type'
            Write-Element $Writer 'maml:name' $type.Name
            $Writer.WriteEndElement()
            Write-Paras $Writer 'maml:description' $type.Description
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }

    if ($Page.Notes.Count -gt 0) {
        Start-Element $Writer 'maml:alertSet'
        Write-Paras $Writer 'maml:alert' $Page.Notes
        $Writer.WriteEndElement()
    }

    Start-Element $Writer 'command:examples'
    foreach ($example in $Page.Examples) {
        Start-Element $Writer 'command:example'
        Write-Element $Writer 'maml:title' (Format-ExampleTitle $example.Title)
        Write-Element $Writer 'dev:code' $example.Code
        # The trailing empty paragraph puts a blank line between one example and the next title.
        Write-Paras $Writer 'dev:remarks' (@($example.Remarks) + '')
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    Start-Element $Writer 'command:relatedLinks'
    foreach ($link in $Page.Links) {
        Start-Element $Writer 'maml:navigationLink'
        Write-Element $Writer 'maml:linkText' $link.Text
        Write-Element $Writer 'maml:uri' $link.Uri
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

function Write-Maml {
    param([string] $Path, $Pages)
    $settings = [Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.IndentChars = '  '
    $settings.Encoding = [Text.UTF8Encoding]::new($false)
    $settings.NewLineChars = "`n"
    $writer = [Xml.XmlWriter]::Create($Path, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($page in $Pages) { Write-Command $writer $page }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    } finally {
        $writer.Dispose()
    }
}

#endregion

#region About topics

function Format-Wrapped {
    # Wraps text at $TextWidth with the given indent; a list item's continuation lines hang under its text.
    param([string] $Text, [int] $Indent)
    $out = [Collections.Generic.List[string]]::new()
    foreach ($line in $Text -split "`n") {
        $hang = if ($line -match '^([-*]|\d+[.)])\s+') { $Matches[0].Length } else { 0 }
        $prefix = ' ' * $Indent
        $current = $prefix
        foreach ($word in $line.Split([char[]]' ', [StringSplitOptions]::RemoveEmptyEntries)) {
            if ($current.Trim() -and ($current.Length + 1 + $word.Length) -gt $TextWidth) {
                $out.Add($current.TrimEnd())
                $current = (' ' * ($Indent + $hang)) + $word
            } elseif ($current.Trim()) {
                $current += " $word"
            } else {
                $current += $word
            }
        }
        $out.Add($current.TrimEnd())
    }
    $out
}

function Convert-AboutTopic {
    # The about_ layout PowerShell's own topics use: TOPIC, SHORT DESCRIPTION, LONG DESCRIPTION and
    # further sections in capitals at the margin, sub-sections in capitals indented by two, text by
    # four, code by eight.
    param($Doc)

    $title = @($Doc.Blocks.Where({ $_.Kind -eq 'Heading' -and $_.Level -eq 1 }))
    if ($title.Count -ne 1 -or $title[0].Text -notmatch '^about_\w+$') { throw "$($Doc.Path): an about topic needs one '# about_Name' title." }
    $name = $title[0].Text
    $out = [Collections.Generic.List[string]]::new()
    $out.Add('TOPIC')
    $out.Add("    $name")
    $seenShort = $false
    $previous = $null
    foreach ($block in $Doc.Blocks) {
        # Text follows its heading directly; paragraphs and code are separated by a blank line.
        $gap = $null -eq $previous -or $previous.Kind -ne 'Heading'
        if ($block.Kind -eq 'Heading') {
            if ($block.Level -eq 1) { continue }
            $text = (ConvertFrom-Inline $block.Text).ToUpperInvariant()
            if ($text -eq 'SHORT DESCRIPTION') { $seenShort = $true }
            $out.Add('')
            $out.Add($(if ($block.Level -le 2) { $text } else { "  $text" }))
        } elseif ($block.Kind -eq 'Para') {
            if ($gap) { $out.Add('') }
            $out.AddRange([string[]](Format-Wrapped (ConvertTo-Paragraph $block.Lines) 4))
        } elseif ($block.Kind -eq 'Code') {
            if ($gap) { $out.Add('') }
            foreach ($line in $block.Text -split "`n") { $out.Add(("        $line").TrimEnd()) }
        }
        $previous = $block
    }
    if (-not $seenShort) { throw "$($Doc.Path): an about topic needs a '## Short description' section." }
    [pscustomobject]@{ Name = $name; Text = ($out -join [Environment]::NewLine) + [Environment]::NewLine }
}

#endregion

if (-not (Test-Path -LiteralPath $DocsPath -PathType Container)) { throw "No help sources at '$DocsPath'." }
if (-not (Test-Path -LiteralPath $OutDir -PathType Container)) { throw "No staged module at '$OutDir'." }
$target = Join-Path $OutDir $Culture
New-Item -ItemType Directory -Path $target -Force | Out-Null

$pages = [Collections.Generic.List[object]]::new()
$written = [Collections.Generic.List[string]]::new()
foreach ($file in Get-ChildItem -LiteralPath $DocsPath -Filter *.md -File | Sort-Object Name) {
    $doc = Read-MarkdownFile $file.FullName
    if ($file.BaseName -like 'about_*') {
        $about = Convert-AboutTopic $doc
        if ($about.Name -ne $file.BaseName) { throw "$($file.FullName): the title '# $($about.Name)' does not match the file name." }
        $path = Join-Path $target "$($about.Name).help.txt"
        [IO.File]::WriteAllText($path, $about.Text, [Text.UTF8Encoding]::new($false))
        $written.Add($path)
    } elseif ($doc.Front.Contains('external help file')) {
        $page = Read-CmdletPage $doc
        if ($page.Name -ne $file.BaseName) { throw "$($file.FullName): the title '# $($page.Name)' does not match the file name." }
        $pages.Add($page)
    } else {
        Write-Verbose "Skipped $($file.Name): neither an about topic nor a cmdlet page (no 'external help file')."
    }
}

foreach ($group in $pages | Group-Object HelpFile) {
    if ($group.Name -notmatch '-Help\.xml$') { throw "'$($group.Name)' (external help file of $($group.Group.Name -join ', ')) does not end in -Help.xml." }
    $path = Join-Path $target $group.Name
    Write-Maml $path $group.Group
    $written.Add($path)
}

foreach ($path in $written) { Write-Verbose "Wrote $path" }
Write-Host "Help: $($pages.Count) cmdlet pages and $($written.Count - @($pages | Group-Object HelpFile).Count) about topics -> $target"
