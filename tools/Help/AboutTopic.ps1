# Dot-sourced by tools/Build-Help.ps1 (shares its script scope): about topics to text.
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
