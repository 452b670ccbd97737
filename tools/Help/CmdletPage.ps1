# Dot-sourced by tools/Build-Help.ps1 (shares its script scope): cmdlet pages to MAML.
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
