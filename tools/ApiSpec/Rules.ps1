# Dot-sourced by tools/Update-ApiSpec.ps1 (shares its script scope): the rules that read limits from descriptions.
$Ignore = [Text.RegularExpressions.RegexOptions]::IgnoreCase
$Numeric = @('integer', 'number')
$Num = '`?(-?\d[\d,]*)`?'
# One or more code spans joined by commas/"or": `acs:` or `aliyun`.
$Spans = '(`[^`]+`(?:\s*(?:,\s*or|,|or)\s*`[^`]+`)*)'

# The order limits are written in, so a refresh diffs line by line.
$LimitOrder = @('minLength', 'maxLength', 'minBytes', 'maxBytes', 'minimum', 'maximum', 'unit', 'default', 'enum',
    'allowedCharacters', 'pattern', 'forbiddenPrefixes', 'forbiddenSubstrings', 'format', 'maxItems')

function ConvertTo-Number([string] $Text) { [long]($Text -replace ',', '') }

function Get-CodeSpans([string] $Text) { @([regex]::Matches($Text, '`([^`]+)`') | ForEach-Object { $_.Groups[1].Value }) }

# "letters, digits, periods (.), and the following special characters: `= , .`" -> ^[A-Za-z0-9=,.]*$.
# Returns $null for anything it does not know ("special characters" without a list), so the sentence is reported.
function ConvertTo-CharacterClass([string] $List) {
    $special = ''
    # The backticked set goes first: its commas are characters, not separators.
    if ($List -match '^(.*?)(?:,?\s*(?:and\s+)?the following special characters:?\s*`([^`]+)`)$') {
        $List = $Matches[1]; $special = $Matches[2] -replace '\s', ''
    }
    $class = ''
    foreach ($item in ($List -split ',\s*(?:and\s+)?|\s+and\s+' | Where-Object { $_.Trim() })) {
        switch -regex ($item.Trim()) {
            '^letters$' { $class += 'A-Za-z'; break }
            '^lowercase letters$' { $class += 'a-z'; break }
            '^uppercase letters$' { $class += 'A-Z'; break }
            '^digits$' { $class += '0-9'; break }
            '^[a-z ]+\((.)\)$' { $special += $Matches[1]; break }
            default { return $null }
        }
    }
    # A hyphen is only literal at the end of a class.
    $dash = if ($special.Contains('-')) { '-' } else { '' }
    $special = ($special.Replace('-', '').ToCharArray() | Select-Object -Unique | ForEach-Object { if ('\]^['.Contains($_)) { "\$_" } else { $_ } }) -join ''
    "^[$class$special$dash]*`$"
}

function Convert-Value([string] $Text, [string] $Type) {
    switch ($Type) {
        { $_ -in $Numeric } { if ($Text -match '^-?\d[\d,]*$') { return ConvertTo-Number $Text } }
        'boolean' { if ($Text -in 'true', 'false') { return $Text -eq 'true' } }
    }
    $Text
}

# Each rule reads one kind of sentence. Make returns limit kind => value, or $null when the match
# cannot be read (the sentence is then reported). Types limits it to fields of those schema types;
# Owner sends the limit to the enclosing array ("Valid values of N" is written on Tag.N.Key).
$EnglishRules = @(
    @{ Re = "(?:must be|is|be)\s+$Num\s+to\s+$Num\s+(characters|bytes)(?:\s+in\s+length)?"; Types = @('string')
        Make = { param($m) $u = if ($m.Groups[3].Value -eq 'bytes') { 'Bytes' } else { 'Length' }
            [ordered]@{ "min$u" = ConvertTo-Number $m.Groups[1].Value; "max$u" = ConvertTo-Number $m.Groups[2].Value } } }
    @{ Re = '(?:can\s+contain\s+)?up\s+to\s*(\d[\d,]*)\s+(characters|bytes)(?:\s+in\s+length)?'; Types = @('string')
        Make = { param($m) $u = if ($m.Groups[2].Value -eq 'bytes') { 'Bytes' } else { 'Length' }
            @{ "max$u" = ConvertTo-Number $m.Groups[1].Value } } }
    @{ Re = 'cannot be an empty string'; Types = @('string'); Make = { @{ minLength = 1 } } }
    @{ Re = '(?<!cannot )be an empty string'; Types = @('string'); Make = { @{ minLength = 0 } } }
    @{ Re = "^Valid values:\s*$Num\s+to\s+$Num\.?$"; Types = $Numeric
        Make = { param($m) [ordered]@{ minimum = ConvertTo-Number $m.Groups[1].Value; maximum = ConvertTo-Number $m.Groups[2].Value } } }
    # N is the index in Tag.N.Key; only a range that starts at 1 is a plain item count.
    @{ Re = '^Valid values of N:\s*(\d+)\s+to\s+(\d+)\.?$'; Types = @('array'); Owner = $true
        Make = { param($m) if ($m.Groups[1].Value -eq '1') { @{ maxItems = ConvertTo-Number $m.Groups[2].Value } } } }
    @{ Re = "^Minimum value:\s*$Num\.?$"; Types = $Numeric; Make = { param($m) @{ minimum = ConvertTo-Number $m.Groups[1].Value } } }
    @{ Re = "^Maximum value:\s*$Num\.?$"; Types = $Numeric; Make = { param($m) @{ maximum = ConvertTo-Number $m.Groups[1].Value } } }
    @{ Re = '^Unit:\s*(\w+)\.?$'; Types = $Numeric; Make = { param($m) @{ unit = $m.Groups[1].Value } } }
    @{ Re = '^Default value:\s*`?([^`\s]+?)`?\.?$'; Make = { param($m) @{ default = $m.Groups[1].Value } } }
    @{ Re = '\bthe value `?([\w.,-]+?)`? is used by default'; Make = { param($m) @{ default = $m.Groups[1].Value } } }
    @{ Re = '\bthe default value `?([\w.-]+?)`? is used\b'; Make = { param($m) @{ default = $m.Groups[1].Value } } }
    @{ Re = '\bto the default `([^`]+)`'; Make = { param($m) @{ default = $m.Groups[1].Value } } }
    @{ Re = '\bdefault value is `?(?!used\b)([\w.-]+?)`?(?=[,.]|$)'; Make = { param($m) @{ default = $m.Groups[1].Value } } }
    # "Valid values: active, freeze, and active,freeze." A comma without a space belongs to a value.
    @{ Re = '^Valid values?:(?>\s*)(?!`?-?\d[\d,]*`?\s+to\s)(.+?)\.?$'
        Make = { param($m)
            $values = @($m.Groups[1].Value -split ',\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+' | ForEach-Object { $_.Trim() })
            if (-not ($values | Where-Object { $_ -notmatch '^`?[\w.:,-]+`?$' })) { @{ enum = @($values | ForEach-Object { $_.Trim('`') }) } }
        } }
    @{ Re = 'can contain\s+(?!up\s+to)(.+?)(?=\s*(?:,?\s+and\s+(?:cannot|must)\b|\.?$))'; Types = @('string')
        Make = { param($m) $class = ConvertTo-CharacterClass $m.Groups[1].Value; if ($class) { @{ allowedCharacters = $class } } } }
    @{ Re = 'regular expression (?:for this parameter )?is:?\s*`([^`]+)`'; Types = @('string'); Make = { param($m) @{ pattern = $m.Groups[1].Value } } }
    @{ Re = "cannot start with\s+$Spans"; Types = @('string'); Make = { param($m) @{ forbiddenPrefixes = @(Get-CodeSpans $m.Groups[1].Value) } } }
    @{ Re = "(?:cannot|or)\s+contain\s+$Spans"; Types = @('string'); Make = { param($m) @{ forbiddenSubstrings = @(Get-CodeSpans $m.Groups[1].Value) } } }
    @{ Re = '(?:specify|supports?)\s+up\s+to\s+(\d+)\s+(?!characters|bytes)[a-z]'; Types = @('array'); Make = { param($m) @{ maxItems = ConvertTo-Number $m.Groups[1].Value } } }
    @{ Re = 'maximum (?:number )?of\s+(\d+)\s+(?!characters|bytes)[a-z][\w ]*?\s+(?:are|is)\s+supported'; Types = @('array')
        Make = { param($m) @{ maxItems = ConvertTo-Number $m.Groups[1].Value } } }
    @{ Re = '^Format:\s*`([^`]+)`\.?$'; Types = @('string'); Make = { param($m) @{ format = $m.Groups[1].Value } } }
)
# What a sentence left over must not contain to be considered fully read.
$EnglishTrigger = '\d|\b(?:cannot|must|up to|maximum|minimum|at most|at least|default value|by default|valid values?|enumerated values|can contain|format|regular expression|in length|consecutive|characters)\b'

$ChineseRules = @(
    @{ Re = '长度为\s*`?(\d+)\s*[~～]\s*(\d+)`?\s*个字符'; Types = @('string')
        Make = { param($m) [ordered]@{ minLength = ConvertTo-Number $m.Groups[1].Value; maxLength = ConvertTo-Number $m.Groups[2].Value } } }
    @{ Re = '正则为：\s*`([^`]+)`'; Types = @('string'); Make = { param($m) @{ pattern = $m.Groups[1].Value } } }
    @{ Re = '^取值范围：\s*(-?\d+)\s*[~～]\s*(-?\d+)。?$'; Types = $Numeric
        Make = { param($m) [ordered]@{ minimum = ConvertTo-Number $m.Groups[1].Value; maximum = ConvertTo-Number $m.Groups[2].Value } } }
    @{ Re = '^默认值：\s*`?([^`。\s]+)`?。?$'; Make = { param($m) @{ default = $m.Groups[1].Value } } }
)
$ChineseTrigger = '\d|不能|必须|最多|最少|默认|取值|长度|正则|格式|可包含|开头'

# Splits a description into units: sentences, plus an enum intro ("Valid values:") with its bullets.
function Split-Description([string] $Text, [bool] $Chinese) {
    $units = [Collections.Generic.List[object]]::new()
    $lines = @($Text -split '\r?\n')
    for ($i = 0; $i -lt $lines.Count; $i++) {
        $line = $lines[$i].Trim()
        if (-not $line) { continue }
        $splitAt = if ($Chinese) { '(?<=[。；])(\s*)' } else { '(?<=[.?!])(\s+)(?=\S)' }
        $parts = [regex]::Split($line, $splitAt)
        $sentence = ''
        # Split keeps the separators at odd indexes; re-join while a code span is still open.
        for ($p = 0; $p -lt $parts.Count; $p++) {
            $sentence += $parts[$p]
            if ($p % 2 -eq 1 -or ([regex]::Matches($sentence, '`').Count % 2) -eq 1) { continue }
            if ($sentence.Trim()) { $units.Add(@{ Raw = $sentence.Trim(); Bullets = $null }) }
            $sentence = ''
        }
        if ($sentence.Trim()) { $units.Add(@{ Raw = $sentence.Trim(); Bullets = $null }) }
        if (-not $Chinese -and $units.Count -and $units[-1].Raw -match '^(?:Valid values?|Enumerated values?):$') {
            $bullets = [Collections.Generic.List[string]]::new()
            for ($j = $i + 1; $j -lt $lines.Count; $j++) {
                $next = $lines[$j].Trim()
                if ($next -match '^[*-]\s') { $bullets.Add($next) } elseif ($next) { break }
            }
            if ($bullets.Count) { $units[-1].Bullets = $bullets; $i = $j - 1 }
        }
    }
    $units
}

# Strips markdown that hides the words: note and bullet markers, escapes, doc links, bold.
function Get-Plain([string] $Raw) {
    $s = $Raw -replace '^\s*(?:>\s*|[*-]\s+)+', ''
    $s = $s -replace '\\([_<>*\\])', '$1'
    $s = $s -replace '\[([^\]]*)\]\(~~\d+~~\)', '$1'
    $s -replace '\*\*', ''
}
