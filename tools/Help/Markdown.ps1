# Dot-sourced by tools/Build-Help.ps1 (shares its script scope): reading platyPS-style markdown.
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
