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

#region Markdown

# One match per block: a fenced code block, an ATX heading, or a paragraph (consecutive lines that
# are neither blank nor the start of a heading or a fence).
$BlockPattern = [regex]::new(@'
  ^[ ]{0,3}(?<fence>`{3,}|~{3,})[ \t]*(?<lang>[^\s`]*)[^\n]*\n(?<code>[\s\S]*?)^[ ]{0,3}\k<fence>[ \t]*$
| ^(?<hashes>\#{1,6})[ \t]+(?<heading>[^\n]*?)[ \t]*\#*[ \t]*$
| ^(?<para>(?:(?![ \t]*$)(?!\#{1,6}[ \t])(?![ ]{0,3}(?:`{3,}|~{3,}))[^\n]*(?:\n|\z))+)
'@, 'Multiline, IgnorePatternWhitespace')
$FenceLine = [regex]::new('^[ ]{0,3}(`{3,}|~{3,})', 'Multiline')
$FrontMatter = [regex]::new('\A---[ \t]*\n(?<body>[\s\S]*?)^---[ \t]*(\n|\z)', 'Multiline')
$FrontLine = [regex]::new('^[ \t]*(?<key>[^:#\s][^:\n]*?)[ \t]*:[ \t]*(?<value>[^\n]*?)[ \t]*$', 'Multiline')
$ListItem = [regex]::new('^\s*(?<marker>[-*+]|\d+[.)])\s+')
$SyntaxParameter = [regex]::new('(?<=[\s\[])-(\w+)')
$LinkLine = [regex]::new('\[([^\]]+)\]\(([^)\s]*)\)')

# Inline markdown, compiled once (see ConvertTo-Paragraphs).
$InlineCode = [regex]'(`[^`]+`)'
$SelfLink = [regex]'\[(https?://[^\]\s]+)\]\(\1\)'
$WebLink = [regex]'\[([^\]]+)\]\((https?://[^)\s]+)\)'
$PageLink = [regex]'\[([^\]]+)\]\([^)\s]*\)'
$AngleLink = [regex]'<(https?://[^>\s]+)>'
$Strong = [regex]'(\*\*|__)(?=\S)(.+?)(?<=\S)\1'
$Emphasis = [regex]'(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])'
$Escape = [regex]'\\([\\`*_{}\[\]()#+\-.!<>|])'
$InlineChars = [char[]]'[<*_\'

# Word wrapping for about topics: one regex per available width, longest words kept whole.
$Wrap = @{}
foreach ($width in 60..80) { $Wrap[$width] = [regex]::new("(\S.{0,$($width - 1)})(?:\s+|$)|(\S{$($width + 1),})(?:\s+|$)") }

function Get-LineNumber {
    # The 1-based line of a character index, for messages only.
    param($Doc, [int] $Index)
    $Doc.Text.Substring(0, [Math]::Min($Index, $Doc.Text.Length)).Split("`n").Count + $Doc.LineOffset
}

function Read-MarkdownFile {
    # A file as its front matter (an ordered dictionary) and its blocks: Heading (Level, Text),
    # Code (Lang, Text) and Para (Lines).
    param([string] $Path)

    $text = [IO.File]::ReadAllText($Path).Replace("`r`n", "`n").Replace("`r", "`n")
    $front = [ordered]@{}
    $offset = 0
    if ($text.StartsWith('---')) {
        $m = $FrontMatter.Match($text)
        if (-not $m.Success) { throw "${Path}: the front matter is not closed by '---'." }
        foreach ($line in $FrontLine.Matches($m.Groups['body'].Value)) {
            $front[$line.Groups['key'].Value] = $line.Groups['value'].Value.Trim("'`"")
        }
        $offset = $m.Value.Split("`n").Count - 1
        $text = $text.Substring($m.Length)
    }
    if ($FenceLine.Matches($text).Count % 2) { throw "${Path}: a code block is not closed (its closing fence is missing)." }

    $blocks = [Collections.Generic.List[object]]::new()
    foreach ($m in $BlockPattern.Matches($text)) {
        $g = $m.Groups
        if ($g['fence'].Success) {
            $blocks.Add([pscustomobject]@{ Kind = 'Code'; Lang = $g['lang'].Value.ToLowerInvariant(); Text = $g['code'].Value.TrimEnd(); Index = $m.Index })
        } elseif ($g['hashes'].Success) {
            $blocks.Add([pscustomobject]@{ Kind = 'Heading'; Level = $g['hashes'].Length; Text = $g['heading'].Value; Index = $m.Index })
        } else {
            $para = $g['para'].Value.TrimEnd()
            # A paragraph that is only an HTML comment (<!-- ... -->) is not content.
            if ($para.StartsWith('<!--') -and $para.EndsWith('-->') -and $para.IndexOf('-->') -eq $para.Length - 3) { continue }
            $blocks.Add([pscustomobject]@{ Kind = 'Para'; Lines = $para.Split("`n"); Index = $m.Index })
        }
    }
    [pscustomobject]@{ Path = $Path; Front = $front; Blocks = $blocks; Text = $text; LineOffset = $offset }
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
            if ($null -ne $title) { throw "$($Doc.Path):$(Get-LineNumber $Doc $block.Index): a second '# ' title." }
            $title = $block.Text
        } elseif ($block.Kind -eq 'Heading' -and $block.Level -eq 2) {
            $section = [pscustomobject]@{ Title = $block.Text; Body = [Collections.Generic.List[object]]::new(); Subs = [Collections.Generic.List[object]]::new() }
            $sections.Add($section)
            $sub = $null
        } elseif ($null -eq $section) {
            if ($block.Kind -ne 'Heading') { throw "$($Doc.Path):$(Get-LineNumber $Doc $block.Index): text before the first '## ' section." }
        } elseif ($block.Kind -eq 'Heading' -and $block.Level -eq 3) {
            $sub = [pscustomobject]@{ Title = $block.Text; Body = [Collections.Generic.List[object]]::new(); Index = $block.Index }
            $section.Subs.Add($sub)
        } elseif ($null -ne $sub) {
            $sub.Body.Add($block)
        } else {
            $section.Body.Add($block)
        }
    }
    [pscustomobject]@{ Title = $title; Sections = $sections; Path = $Doc.Path; Doc = $Doc }
}

function Get-Section {
    param($Page, [string] $Name, [switch] $Optional)
    $found = $null
    foreach ($section in $Page.Sections) {
        if ($section.Title -ne $Name) { continue }
        if ($null -ne $found) { throw "$($Page.Path): '## $Name' appears twice." }
        $found = $section
    }
    if ($null -eq $found -and -not $Optional) { throw "$($Page.Path): '## $Name' is missing." }
    $found
}

function ConvertTo-Paragraphs {
    # Blocks as plain-text paragraphs: code verbatim; a paragraph's lines joined by spaces; a list
    # as one line per item ("- text" or "1. text"), continuation lines folded into their item.
    # Inline markdown becomes plain text: links keep their text (and an external address),
    # emphasis marks go, backslash escapes are undone; `code` is left exactly as written, backticks
    # included, as PowerShell's own help shows it. -Texts converts single lines (titles) the same way.
    param($Blocks, [string[]] $Texts)

    $pieces = [Collections.Generic.List[string]]::new()
    $shape = [Collections.Generic.List[object]]::new()
    foreach ($text in $Texts) {
        $shape.Add([int[]]@($pieces.Count, 1))
        $pieces.Add($text)
    }
    foreach ($block in $Blocks) {
        if ($block.Kind -eq 'Code') {
            $shape.Add($block.Text)
        } elseif ($block.Kind -eq 'Para') {
            $start = $pieces.Count
            $isList = $false
            foreach ($line in $block.Lines) {
                if ($ListItem.IsMatch($line)) { $isList = $true; break }
            }
            if (-not $isList) {
                $pieces.Add($block.Lines.ForEach('Trim') -join ' ')
            } else {
                foreach ($line in $block.Lines) {
                    $m = $ListItem.Match($line)
                    if ($m.Success) {
                        $marker = $m.Groups['marker'].Value
                        if (-not [char]::IsDigit($marker[0])) { $marker = '-' }
                        $pieces.Add($marker + ' ' + $line.Substring($m.Length).Trim())
                    } elseif ($pieces.Count -gt $start) {
                        $pieces[$pieces.Count - 1] += ' ' + $line.Trim()
                    } else {
                        $pieces.Add($line.Trim())
                    }
                }
            }
            $shape.Add([int[]]@($start, ($pieces.Count - $start)))
        }
    }
    $converted = $pieces.ToArray()
    for ($t = 0; $t -lt $converted.Count; $t++) {
        if ($converted[$t].IndexOfAny($InlineChars) -lt 0) { continue }
        $parts = $InlineCode.Split($converted[$t])
        for ($n = 0; $n -lt $parts.Count; $n += 2) {
            $s = $SelfLink.Replace($parts[$n], '$1')
            $s = $WebLink.Replace($s, '$1 ($2)')
            $s = $PageLink.Replace($s, '$1')
            $s = $AngleLink.Replace($s, '$1')
            $s = $Strong.Replace($s, '$2')
            $s = $Emphasis.Replace($s, '$1')
            $parts[$n] = $Escape.Replace($s, '$1')
        }
        $converted[$t] = [string]::Concat($parts)
    }
    foreach ($item in $shape) {
        if ($item -is [string]) { $item } else { [string]::Join("`n", $converted, $item[0], $item[1]) }
    }
}

function ConvertFrom-Yaml {
    # The flat "Key: value" yaml of a parameter block, as one variant of the parameter.
    param([string] $Text, $Doc, [int] $Index)
    $where = { "$($Doc.Path):$(Get-LineNumber $Doc $Index)" }
    $map = [Collections.Generic.Dictionary[string, string]]::new([StringComparer]::OrdinalIgnoreCase)
    foreach ($line in $Text.Split("`n")) {
        if ($line.Trim() -eq '') { continue }
        $colon = $line.IndexOf(':')
        if ($colon -lt 1) { throw "$(& $where): '$line' is not 'Key: value'." }
        $map[$line.Substring(0, $colon).Trim()] = $line.Substring($colon + 1).Trim()
    }
    foreach ($key in 'Type', 'Parameter Sets', 'Required', 'Position', 'Accept pipeline input', 'Accept wildcard characters') {
        if (-not $map.ContainsKey($key) -or $map[$key] -eq '') { throw "$(& $where): the yaml block has no '$key'." }
    }
    [pscustomobject]@{
        Type           = $map['Type']
        Sets           = @($map['Parameter Sets'] -split '\s*,\s*' -ne '')
        Aliases        = @(if ($map.ContainsKey('Aliases')) { $map['Aliases'] -split '\s*,\s*' -ne '' })
        AcceptedValues = @(if ($map.ContainsKey('Accepted values')) { $map['Accepted values'] -split '\s*,\s*' -ne '' })
        Required       = $map['Required'] -eq 'True'
        Position       = if ($map['Position'] -match '^\d+$') { $map['Position'] } else { 'named' }
        Default        = if ($map.ContainsKey('Default value') -and $map['Default value']) { $map['Default value'] } else { 'None' }
        Pipeline       = $map['Accept pipeline input']
        Globbing       = $map['Accept wildcard characters'] -eq 'True'
    }
}

#endregion

#region Cmdlet pages

function Read-CmdletPage {
    param($Doc)

    $page = Split-Sections $Doc
    $name = $page.Title
    $where = $Doc.Path
    if ($name -notmatch '^(\w+)-(\w+)$') { throw "${where}: the title '# $name' is not a Verb-Noun cmdlet name." }
    $verb, $noun = $Matches[1], $Matches[2]
    $at = { param($index) "${where}:$(Get-LineNumber $Doc $index)" }

    $synopsis = @(ConvertTo-Paragraphs (Get-Section $page 'SYNOPSIS').Body)
    if (-not ($synopsis -join '').Trim()) { throw "${where}: SYNOPSIS is empty." }
    $description = @(ConvertTo-Paragraphs (Get-Section $page 'DESCRIPTION').Body)
    if (-not ($description -join '').Trim()) { throw "${where}: DESCRIPTION is empty." }

    # PARAMETERS: one entry per "### -Name", with one yaml block per parameter-set shape.
    $parameters = [ordered]@{}
    foreach ($sub in (Get-Section $page 'PARAMETERS').Subs) {
        if ($sub.Title -eq 'CommonParameters') { continue }
        if ($sub.Title -notmatch '^-(\w+)$') { throw "$(& $at $sub.Index): '### $($sub.Title)' is not '### -ParameterName'." }
        $pname = $Matches[1]
        if ($parameters.Contains($pname)) { throw "$(& $at $sub.Index): -$pname is documented twice." }
        $yaml = [Collections.Generic.List[object]]::new()
        $rest = [Collections.Generic.List[object]]::new()
        foreach ($block in $sub.Body) {
            if ($block.Kind -eq 'Code' -and $block.Lang -eq 'yaml') { $yaml.Add($block) } else { $rest.Add($block) }
        }
        if ($yaml.Count -eq 0) { throw "$(& $at $sub.Index): -$pname has no yaml block." }
        $text = @(ConvertTo-Paragraphs $rest)
        if (-not ($text -join '').Trim()) { throw "$(& $at $sub.Index): -$pname has no description." }
        $variants = foreach ($y in $yaml) { ConvertFrom-Yaml $y.Text $Doc $y.Index }
        $parameters[$pname] = [pscustomobject]@{ Name = $pname; Description = $text; Variants = @($variants) }
    }

    # SYNTAX: one code block per parameter set, under "### SetName" (or "### SetName (Default)").
    $syntaxSection = Get-Section $page 'SYNTAX'
    $syntaxBlocks = [Collections.Generic.List[object]]::new()
    foreach ($sub in $syntaxSection.Subs) {
        $code = @(foreach ($block in $sub.Body) { if ($block.Kind -eq 'Code') { $block } })
        if ($code.Count -ne 1) { throw "$(& $at $sub.Index): the syntax of '$($sub.Title)' needs exactly one code block." }
        $syntaxBlocks.Add([pscustomobject]@{ Set = ($sub.Title -replace '\s*\(Default\)\s*$', ''); Code = $code[0] })
    }
    foreach ($block in $syntaxSection.Body) {
        if ($block.Kind -eq 'Code') { $syntaxBlocks.Add([pscustomobject]@{ Set = '__AllParameterSets'; Code = $block }) }
    }
    if ($syntaxBlocks.Count -eq 0) { throw "${where}: SYNTAX has no code block." }
    $syntax = foreach ($block in $syntaxBlocks) {
        $text = $block.Code.Text
        if (-not $text.TrimStart().StartsWith($name)) { throw "$(& $at $block.Code.Index): the syntax does not start with $name." }
        $items = foreach ($m in $SyntaxParameter.Matches($text)) {
            $n = $m.Groups[1].Value
            if (-not $parameters.Contains($n)) { throw "$(& $at $block.Code.Index): the syntax names -$n, which PARAMETERS does not document." }
            $p = $parameters[$n]
            $variant = $p.Variants[0]
            foreach ($v in $p.Variants) {
                if ($v.Sets -contains $block.Set -or $v.Sets -contains '(All)') { $variant = $v; break }
            }
            [pscustomobject]@{ Parameter = $p; Variant = $variant }
        }
        [pscustomobject]@{ Set = $block.Set; Items = @($items) }
    }

    # EXAMPLES: "### Example N: title", PowerShell code, then remarks (text, and output blocks).
    $examples = foreach ($sub in (Get-Section $page 'EXAMPLES').Subs) {
        $code = [Collections.Generic.List[string]]::new()
        $remarks = [Collections.Generic.List[object]]::new()
        foreach ($block in $sub.Body) {
            if ($block.Kind -eq 'Code' -and $CodeLanguages -contains $block.Lang) { $code.Add($block.Text) } else { $remarks.Add($block) }
        }
        if ($code.Count -eq 0) { throw "$(& $at $sub.Index): '$($sub.Title)' has no powershell code block." }
        [pscustomobject]@{ Title = $sub.Title; Code = [string]::Join("`n`n", $code); Remarks = @(ConvertTo-Paragraphs $remarks) }
    }
    if (@($examples).Count -eq 0) { throw "${where}: EXAMPLES has no '### Example' entries." }

    # INPUTS and OUTPUTS: "### TypeName" and what it is.
    $types = @{}
    foreach ($kind in 'INPUTS', 'OUTPUTS') {
        $section = Get-Section $page $kind
        $list = [Collections.Generic.List[object]]::new()
        if ($section.Subs.Count -gt 0) {
            $titles = @(ConvertTo-Paragraphs -Texts @(foreach ($sub in $section.Subs) { $sub.Title }))
            for ($i = 0; $i -lt $titles.Count; $i++) {
                $list.Add([pscustomobject]@{ Name = $titles[$i]; Description = @(ConvertTo-Paragraphs $section.Subs[$i].Body) })
            }
        } else {
            $text = @(ConvertTo-Paragraphs $section.Body)
            if ($text.Count -gt 0) { $list.Add([pscustomobject]@{ Name = $text[0]; Description = @($text | Select-Object -Skip 1) }) }
        }
        if ($list.Count -eq 0) { throw "${where}: $kind is empty (write '### None' when there is nothing)." }
        $types[$kind] = $list
    }

    $notesSection = Get-Section $page 'NOTES' -Optional
    $notes = @(if ($notesSection) { ConvertTo-Paragraphs (@($notesSection.Body) + @(foreach ($sub in $notesSection.Subs) { $sub.Body })) })

    $links = [Collections.Generic.List[object]]::new()
    if ($Doc.Front.Contains('online version') -and $Doc.Front['online version']) {
        $links.Add([pscustomobject]@{ Text = 'Online Version:'; Uri = $Doc.Front['online version'] })
    }
    $linkSection = Get-Section $page 'RELATED LINKS' -Optional
    if ($linkSection) {
        foreach ($block in $linkSection.Body) {
            if ($block.Kind -ne 'Para') { continue }
            foreach ($m in $LinkLine.Matches([string]::Join("`n", $block.Lines))) {
                $uri = if ($m.Groups[2].Value -match '^https?://') { $m.Groups[2].Value } else { '' }
                $links.Add([pscustomobject]@{ Text = $m.Groups[1].Value; Uri = $uri })
            }
        }
    }

    [pscustomobject]@{
        Path        = $where
        HelpFile    = $Doc.Front['external help file']
        Name        = $name
        Verb        = $verb
        Noun        = $noun
        Synopsis    = $synopsis
        Description = $description
        Syntax      = @($syntax)
        Parameters  = $parameters
        Examples    = @($examples)
        Inputs      = $types['INPUTS']
        Outputs     = $types['OUTPUTS']
        Notes       = $notes
        Links       = $links
    }
}

function Write-Parameter {
    # One command:parameter, in a syntax item or in command:parameters (the attributes and
    # elements platyPS writes). Direct XmlWriter calls: this runs a few hundred times.
    param($W, $Parameter, $Variant, [bool] $InSyntax)
    $isSwitch = $Variant.Type -eq 'SwitchParameter' -or $Variant.Type -eq 'System.Management.Automation.SwitchParameter'
    $W.WriteStartElement('command', 'parameter', $NsCommand)
    $W.WriteAttributeString('required', $(if ($Variant.Required) { 'true' } else { 'false' }))
    $W.WriteAttributeString('variableLength', 'true')
    $W.WriteAttributeString('globbing', $(if ($Variant.Globbing) { 'true' } else { 'false' }))
    $W.WriteAttributeString('pipelineInput', $Variant.Pipeline)
    $W.WriteAttributeString('position', $Variant.Position)
    $W.WriteAttributeString('aliases', $(if ($Variant.Aliases.Count) { $Variant.Aliases -join ', ' } else { 'none' }))
    $W.WriteElementString('maml', 'name', $NsMaml, $Parameter.Name)
    $W.WriteStartElement('maml', 'description', $NsMaml)
    foreach ($p in $Parameter.Description) { $W.WriteElementString('maml', 'para', $NsMaml, $p) }
    $W.WriteEndElement()
    if ($InSyntax -and $Variant.AcceptedValues.Count -gt 0) {
        $W.WriteStartElement('command', 'parameterValueGroup', $NsCommand)
        foreach ($value in $Variant.AcceptedValues) {
            $W.WriteStartElement('command', 'parameterValue', $NsCommand)
            $W.WriteAttributeString('required', 'false')
            $W.WriteAttributeString('variableLength', 'false')
            $W.WriteString($value)
            $W.WriteEndElement()
        }
        $W.WriteEndElement()
    } elseif (-not ($InSyntax -and $isSwitch)) {
        $W.WriteStartElement('command', 'parameterValue', $NsCommand)
        $W.WriteAttributeString('required', $(if ($isSwitch) { 'false' } else { 'true' }))
        $W.WriteAttributeString('variableLength', 'false')
        $W.WriteString($Variant.Type)
        $W.WriteEndElement()
    }
    $W.WriteStartElement('dev', 'type', $NsDev)
    $W.WriteElementString('maml', 'name', $NsMaml, $Variant.Type)
    $W.WriteElementString('maml', 'uri', $NsMaml, '')
    $W.WriteEndElement()
    $W.WriteElementString('dev', 'defaultValue', $NsDev, $Variant.Default)
    $W.WriteEndElement()
}

function Write-Maml {
    param([string] $Path, $Pages)
    $settings = [Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.IndentChars = '  '
    $settings.Encoding = [Text.UTF8Encoding]::new($false)
    $settings.NewLineChars = "`n"
    $w = [Xml.XmlWriter]::Create($Path, $settings)
    try {
        $w.WriteStartDocument()
        $w.WriteStartElement('helpItems', 'http://msh')
        $w.WriteAttributeString('schema', 'maml')
        foreach ($page in $Pages) {
            $w.WriteStartElement('command', 'command', $NsCommand)
            $w.WriteAttributeString('xmlns', 'maml', $null, $NsMaml)
            $w.WriteAttributeString('xmlns', 'command', $null, $NsCommand)
            $w.WriteAttributeString('xmlns', 'dev', $null, $NsDev)
            $w.WriteAttributeString('xmlns', 'MSHelp', $null, $NsMSHelp)

            $w.WriteStartElement('command', 'details', $NsCommand)
            $w.WriteElementString('command', 'name', $NsCommand, $page.Name)
            $w.WriteElementString('command', 'verb', $NsCommand, $page.Verb)
            $w.WriteElementString('command', 'noun', $NsCommand, $page.Noun)
            $w.WriteStartElement('maml', 'description', $NsMaml)
            foreach ($p in $page.Synopsis) { $w.WriteElementString('maml', 'para', $NsMaml, $p) }
            $w.WriteEndElement()
            $w.WriteEndElement()

            $w.WriteStartElement('maml', 'description', $NsMaml)
            foreach ($p in $page.Description) { $w.WriteElementString('maml', 'para', $NsMaml, $p) }
            $w.WriteEndElement()

            $w.WriteStartElement('command', 'syntax', $NsCommand)
            foreach ($item in $page.Syntax) {
                $w.WriteStartElement('command', 'syntaxItem', $NsCommand)
                $w.WriteElementString('maml', 'name', $NsMaml, $page.Name)
                foreach ($entry in $item.Items) { Write-Parameter $w $entry.Parameter $entry.Variant $true }
                $w.WriteEndElement()
            }
            $w.WriteEndElement()

            $w.WriteStartElement('command', 'parameters', $NsCommand)
            foreach ($p in $page.Parameters.Values) { Write-Parameter $w $p $p.Variants[0] $false }
            $w.WriteEndElement()

            foreach ($kind in @(@('inputTypes', 'inputType', $page.Inputs), @('returnValues', 'returnValue', $page.Outputs))) {
                $w.WriteStartElement('command', $kind[0], $NsCommand)
                foreach ($type in $kind[2]) {
                    $w.WriteStartElement('command', $kind[1], $NsCommand)
                    $w.WriteStartElement('dev', 'type', $NsDev)
                    $w.WriteElementString('maml', 'name', $NsMaml, $type.Name)
                    $w.WriteEndElement()
                    $w.WriteStartElement('maml', 'description', $NsMaml)
                    foreach ($p in $type.Description) { $w.WriteElementString('maml', 'para', $NsMaml, $p) }
                    if ($type.Description.Count -eq 0) { $w.WriteElementString('maml', 'para', $NsMaml, '') }
                    $w.WriteEndElement()
                    $w.WriteEndElement()
                }
                $w.WriteEndElement()
            }

            if ($page.Notes.Count -gt 0) {
                $w.WriteStartElement('maml', 'alertSet', $NsMaml)
                $w.WriteStartElement('maml', 'alert', $NsMaml)
                foreach ($p in $page.Notes) { $w.WriteElementString('maml', 'para', $NsMaml, $p) }
                $w.WriteEndElement()
                $w.WriteEndElement()
            }

            $w.WriteStartElement('command', 'examples', $NsCommand)
            foreach ($example in $page.Examples) {
                $w.WriteStartElement('command', 'example', $NsCommand)
                # PowerShell prints MAML example titles as they are; platyPS pads them with dashes.
                $pad = '-' * [Math]::Max(2, [int][Math]::Floor((62 - $example.Title.Length) / 2))
                $w.WriteElementString('maml', 'title', $NsMaml, "$pad $($example.Title) $pad")
                $w.WriteElementString('dev', 'code', $NsDev, $example.Code)
                $w.WriteStartElement('dev', 'remarks', $NsDev)
                foreach ($p in $example.Remarks) { $w.WriteElementString('maml', 'para', $NsMaml, $p) }
                # An empty last paragraph puts a blank line before the next example's title.
                $w.WriteElementString('maml', 'para', $NsMaml, '')
                $w.WriteEndElement()
                $w.WriteEndElement()
            }
            $w.WriteEndElement()

            $w.WriteStartElement('command', 'relatedLinks', $NsCommand)
            foreach ($link in $page.Links) {
                $w.WriteStartElement('maml', 'navigationLink', $NsMaml)
                $w.WriteElementString('maml', 'linkText', $NsMaml, $link.Text)
                $w.WriteElementString('maml', 'uri', $NsMaml, $link.Uri)
                $w.WriteEndElement()
            }
            $w.WriteEndElement()

            $w.WriteEndElement()
        }
        $w.WriteEndElement()
        $w.WriteEndDocument()
    } finally {
        $w.Dispose()
    }
}

#endregion

#region About topics

function Convert-AboutTopic {
    # The about_ layout PowerShell's own topics use: TOPIC, SHORT DESCRIPTION, LONG DESCRIPTION and
    # further sections in capitals at the margin, sub-sections in capitals indented by two, text by
    # four (wrapped at $TextWidth, list items hanging), code by eight.
    param($Doc)

    $titles = @(foreach ($block in $Doc.Blocks) { if ($block.Kind -eq 'Heading' -and $block.Level -eq 1) { $block.Text } })
    if ($titles.Count -ne 1 -or $titles[0] -notmatch '^about_\w+$') { throw "$($Doc.Path): an about topic needs one '# about_Name' title." }
    $name = $titles[0]
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
            $text = (ConvertTo-Paragraphs -Texts $block.Text).ToUpperInvariant()
            if ($text -eq 'SHORT DESCRIPTION') { $seenShort = $true }
            $out.Add('')
            $out.Add($(if ($block.Level -le 2) { $text } else { "  $text" }))
        } elseif ($block.Kind -eq 'Para') {
            if ($gap) { $out.Add('') }
            foreach ($line in (ConvertTo-Paragraphs @($block)).Split("`n")) {
                # Greedy wrap by one regex: a list item's continuation lines hang under its text.
                $m = $ListItem.Match($line)
                $hang = if ($m.Success) { $m.Length } else { 0 }
                $body = $Wrap[$TextWidth - 4 - $hang].Replace($line.Substring($hang).Trim(), "`$1`$2`n").TrimEnd("`n").Split("`n")
                $out.Add('    ' + $line.Substring(0, $hang) + $body[0])
                for ($k = 1; $k -lt $body.Count; $k++) { $out.Add((' ' * (4 + $hang)) + $body[$k]) }
            }
        } elseif ($block.Kind -eq 'Code') {
            if ($gap) { $out.Add('') }
            foreach ($line in $block.Text.Split("`n")) { $out.Add(('        ' + $line).TrimEnd()) }
        }
        $previous = $block
    }
    if (-not $seenShort) { throw "$($Doc.Path): an about topic needs a '## Short description' section." }
    [pscustomobject]@{ Name = $name; Text = [string]::Join([Environment]::NewLine, $out) + [Environment]::NewLine }
}

#endregion

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
