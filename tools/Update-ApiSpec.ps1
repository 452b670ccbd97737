#Requires -Version 7.5
<#
.SYNOPSIS
    Extracts spec/alibaba-openapi.json, the test oracle for IMS, STS and RAM, from Alibaba's OpenAPI metadata.

.DESCRIPTION
    The emulator and the client were written side by side, so they agree with each other rather than
    with the real service. Alibaba's own API metadata (mirrored in dew-serverless/acs-metadata) is the
    independent oracle. This script reads it for the actions listed in -Actions and writes a compact,
    stably ordered JSON file that is committed; tests read that file, CI never runs this script.

    Most limits exist only as prose ("must be 1 to 128 characters in length"), so narrow regexes read
    them, and every limit keeps the exact sentence it came from ("from") for a reviewer to check. A
    sentence that looks like a limit but that no rule reads in full is listed under "unparsed" with a
    reason, rather than guessed at. So is a limit that contradicts the parameter's own documented
    example, and a limit stated twice with different values.

    Parameters whose en_us description is empty fall back to the zh_cn text, read with a smaller
    rule set (length, range, default and regex).

.PARAMETER MetadataRepo
    A clone of https://github.com/dew-serverless/acs-metadata, or a bare mirror of it. The committed
    HEAD is read (git show), never the work tree, so the recorded commit is what was read.

.PARAMETER Actions
    Which actions to extract: product/version => action names. Later issues add theirs here.

.PARAMETER OutFile
    Where to write the spec; spec/alibaba-openapi.json by default.

.PARAMETER RepositoryUrl
    The repository URL recorded in the spec's source.

.EXAMPLE
    git clone https://github.com/dew-serverless/acs-metadata ../acs-metadata
    dotnet pwsh tools/Update-ApiSpec.ps1 -MetadataRepo ../acs-metadata

.EXAMPLE
    dotnet pwsh tools/Update-ApiSpec.ps1 -MetadataRepo ../acs-metadata -OutFile /tmp/try.json -Actions @{ 'ims/2019-08-15' = 'CreateGroup'; 'ram/2015-05-01' = 'AttachPolicyToUser' }
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $MetadataRepo,

    [System.Collections.IDictionary] $Actions = [ordered]@{
        'ims/2019-08-15' = @(
            'CreateAccessKey', 'ListAccessKeys', 'UpdateAccessKey', 'DeleteAccessKey', 'GetAccessKeyLastUsed',
            'CreateUser', 'GetUser', 'ListUsers', 'ListUserBasicInfos', 'UpdateUser', 'DeleteUser', 'GetDefaultDomain'
        )
        'sts/2015-04-01' = @('GetCallerIdentity', 'AssumeRole')
        'ram/2015-05-01' = @(
            'ListPolicies', 'GetPolicy', 'CreatePolicy',
            'ListPoliciesForUser', 'AttachPolicyToUser', 'DetachPolicyFromUser',
            'ListPoliciesForGroup', 'AttachPolicyToGroup', 'DetachPolicyFromGroup'
        )
    },

    [string] $OutFile = (Join-Path $PSScriptRoot '../spec/alibaba-openapi.json'),

    [string] $RepositoryUrl = 'https://github.com/dew-serverless/acs-metadata'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

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

# The parse state of one parameter or field; Limits hold @{ value; from } per kind.
function New-Node([string] $Path, [string] $Name, $Schema) {
    @{ Path = $Path; Name = $Name; Schema = $Schema; Type = [string]$Schema['type']; Limits = [ordered]@{}; Blocked = @{} }
}

function Add-Limit($Node, [string] $Kind, $Value, [string] $From, $Unparsed) {
    if ($Node.Blocked.ContainsKey($Kind)) {
        $Unparsed.Add([ordered]@{ parameter = $Node.Path; sentence = $From; reason = "$Kind stated more than once with different values" })
        return
    }
    if ($Node.Limits.Contains($Kind)) {
        $old = $Node.Limits[$Kind]
        if ((ConvertTo-Json -InputObject $old.value -Compress) -eq (ConvertTo-Json -InputObject $Value -Compress)) { return }
        # Two sentences disagree: keep neither, show both.
        $Node.Limits.Remove($Kind); $Node.Blocked[$Kind] = $true
        foreach ($f in $old.from, $From) {
            $Unparsed.Add([ordered]@{ parameter = $Node.Path; sentence = $f; reason = "$Kind stated more than once with different values" })
        }
        return
    }
    $Node.Limits[$Kind] = [ordered]@{ value = $Value; from = $From }
}

# Reads one description into $Node's limits (or $Owner's, for item counts); the rest goes to $Unparsed.
function Read-Description($Node, $Owner, [string] $Text, [bool] $Chinese, $Unparsed) {
    $rules = if ($Chinese) { $ChineseRules } else { $EnglishRules }
    $trigger = if ($Chinese) { $ChineseTrigger } else { $EnglishTrigger }
    foreach ($unit in Split-Description $Text $Chinese) {
        $plain = Get-Plain $unit.Raw
        # Pointers to other pages hold no limit, only words like "default domain name".
        if ($plain -match '^For more information\b') { continue }
        if ($unit.Bullets) {
            # "Valid values:" then "*   Active: ..." / "*   false (default)"; every bullet must name one token.
            $from = (@($unit.Raw) + $unit.Bullets) -join "`n"
            $values = @(); $default = $null
            foreach ($b in $unit.Bullets) {
                if ((Get-Plain $b) -notmatch '^`?([\w.:-]+)`?(\s*\(default\))?(?:\s*:\s*(.*))?$') { $values = $null; break }
                $token = $Matches[1]; $marked = $Matches[2]; $rest = [string]$Matches[3]
                $values += $token
                if ($marked -or $rest -match 'This is the default value') { $default = $token }
            }
            if ($null -eq $values) {
                $Unparsed.Add([ordered]@{ parameter = $Node.Path; sentence = $from; reason = 'a list item is not a single value' })
                continue
            }
            Add-Limit $Node 'enum' @($values | ForEach-Object { Convert-Value $_ $Node.Type }) $from $Unparsed
            if ($null -ne $default) { Add-Limit $Node 'default' (Convert-Value $default $Node.Type) $from $Unparsed }
            continue
        }
        # "The value of `<username>` must be 1 to 64 ..." limits a part of the value, not the parameter.
        $subject = if ($plain -match '^(?:The value of\s+)?`([^`]+)`') { $Matches[1] }
        if ($subject -and $subject -ne $Node.Name) {
            if ($plain -match $trigger) {
                $Unparsed.Add([ordered]@{ parameter = $Node.Path; sentence = $unit.Raw; reason = "about ``$subject``, not the whole parameter" })
            }
            continue
        }
        $residue = $plain; $took = @(); $problems = @()
        foreach ($rule in $rules) {
            foreach ($m in [regex]::Matches($plain, $rule.Re, $Ignore)) {
                $residue = $residue.Replace($m.Value, ' ')
                $limits = & $rule.Make $m
                $target = if ($rule['Owner'] -and $Node.Type -ne 'array') { $Owner } else { $Node }
                if (-not $limits) { $problems += 'a rule matched but could not read the value'; continue }
                if ($rule['Types'] -and ($null -eq $target -or $target.Type -notin $rule.Types)) {
                    $problems += "reads as $(@($limits.Keys) -join '/') but the field is $($Node.Type)"; continue
                }
                foreach ($k in @($limits.Keys)) {
                    $value = switch ($k) {
                        'default' { Convert-Value $limits[$k] $target.Type }
                        'enum' { , @($limits[$k] | ForEach-Object { Convert-Value $_ $target.Type }) }
                        default { , $limits[$k] }
                    }
                    Add-Limit $target $k $value $unit.Raw $Unparsed
                    $took += $k
                }
            }
        }
        $residue = $residue -replace '\(~~\d+~~\)', ''
        if ($problems) {
            $Unparsed.Add([ordered]@{ parameter = $Node.Path; sentence = $unit.Raw; reason = ($problems | Select-Object -Unique) -join '; ' })
        } elseif ($residue -match $trigger) {
            $reason = if ($took) { "only partly read (took $(($took | Select-Object -Unique) -join ', '))" } else { 'no rule reads it' }
            $Unparsed.Add([ordered]@{ parameter = $Node.Path; sentence = $unit.Raw; reason = $reason })
        }
    }
}

# A limit that rejects the parameter's own documented example is a misreading or a doc slip: drop it.
function Test-AgainstExample($Node, $Unparsed) {
    $example = $Node.Schema['example']
    if ($null -eq $example -or "$example" -eq '') { return }
    $example = "$example"
    $masked = $example.Contains('*')
    foreach ($kind in @($Node.Limits.Keys)) {
        $v = $Node.Limits[$kind].value
        $ok = switch ($kind) {
            'minLength' { $example.Length -ge $v }
            'maxLength' { $example.Length -le $v }
            'minimum' { $example -notmatch '^-?\d+$' -or [long]$example -ge $v }
            'maximum' { $example -notmatch '^-?\d+$' -or [long]$example -le $v }
            'enum' { $Node.Type -ne 'string' -or $example -cin $v }
            'allowedCharacters' { $masked -or $example -cmatch $v }
            'pattern' { $masked -or $example -cmatch "^(?:$v)`$" }
            'forbiddenPrefixes' { -not ($v | Where-Object { $example.StartsWith($_) }) }
            'forbiddenSubstrings' { -not ($v | Where-Object { $example.Contains($_) }) }
            default { $true }
        }
        if (-not $ok) {
            $Unparsed.Add([ordered]@{ parameter = $Node.Path; sentence = $Node.Limits[$kind].from; reason = "read as $kind $(ConvertTo-Json -InputObject $v -Compress), but the documented example `"$example`" breaks it" })
            $Node.Limits.Remove($kind)
        }
    }
}

# Ordinal order: the same on every machine and culture, so a refresh diffs only what changed.
function Get-Sorted([string[]] $Names) {
    $sorted = [Collections.Generic.SortedSet[string]]::new($Names, [StringComparer]::Ordinal)
    [string[]]@($sorted)
}

function Get-SortedKeys($Dictionary) { Get-Sorted @($Dictionary.Keys) }

# Builds the written form of a parameter (or a field of an array's items), parsing its descriptions.
function ConvertTo-Parameter([string] $Path, [string] $Name, $Schema, $ZhSchema, [string] $Location, $Owner, $Unparsed, $State) {
    $node = New-Node $Path $Name $Schema
    $text = [string]$Schema['description']
    $chinese = $false
    if (-not $text.Trim() -and $ZhSchema -and ([string]$ZhSchema['description']).Trim()) {
        $text = [string]$ZhSchema['description']; $chinese = $true; $State.UsedZh = $true
    }
    Read-Description $node $Owner $text $chinese $Unparsed
    $items = $Schema['items']
    $fields = $null
    if ($items) {
        # Item descriptions (Tag.N) and item fields may state the array's item count, so they go first.
        Read-Description (New-Node "$Path[]" '' $items) $node ([string]$items['description']) $false $Unparsed
        $props = $items['properties']
        if ($props) {
            $zhProps = if ($ZhSchema -and $ZhSchema['items']) { $ZhSchema['items']['properties'] }
            $fields = @(foreach ($k in Get-SortedKeys $props) {
                    ConvertTo-Parameter "$Path.$k" $k $props[$k] ($zhProps ? $zhProps[$k] : $null) $null $node $Unparsed $State
                })
        }
    }
    if ($null -ne $Schema['maxItems']) {
        if (-not $node.Limits.Contains('maxItems')) {
            $node.Limits['maxItems'] = [ordered]@{ value = $Schema['maxItems']; from = 'schema.maxItems' }
        } elseif ($node.Limits['maxItems'].value -ne $Schema['maxItems']) {
            # The generated schema says 21 where every sentence says 20: keep the words, show the number.
            $node.Limits['maxItems'].schemaValue = $Schema['maxItems']
        }
    }
    Test-AgainstExample $node $Unparsed

    $out = [ordered]@{ name = $Name }
    if ($Location) { $out.location = $Location }
    $out.type = $node.Type
    if ($Schema['format']) { $out.format = $Schema['format'] }
    $out.required = [bool]$Schema['required']
    # docRequired marks parameters the docs call mandatory although the schema does not.
    if ($Schema['docRequired'] -and -not $Schema['required']) { $out.docRequired = $true }
    if ($null -ne $Schema['example'] -and "$($Schema['example'])" -ne '') { $out.example = "$($Schema['example'])" }
    if ($chinese) { $out.descriptionLanguage = 'zh_cn' }
    if ($node.Limits.Count) {
        $out.limits = [ordered]@{}
        foreach ($k in $LimitOrder) { if ($node.Limits.Contains($k)) { $out.limits[$k] = $node.Limits[$k] } }
    }
    if ($items) {
        $out.items = [ordered]@{ type = [string]$items['type'] }
        if ($fields) { $out.items.fields = $fields }
    }
    $out
}

# The response schema as a tree of names and types; descriptions and examples stay in the metadata.
function ConvertTo-FieldTree($Schema) {
    $props = $Schema['properties']
    if (-not $props) { return , @() }
    , @(foreach ($name in Get-SortedKeys $props) {
            $p = $props[$name]
            $f = [ordered]@{ name = $name; type = [string]$p['type'] }
            if ($p['format']) { $f.format = $p['format'] }
            # itemNode: an object that only wraps a list, as {"Users":{"User":[...]}}.
            if ($p['itemNode']) { $f.itemNode = $true }
            if ($p['properties']) { $f.fields = ConvertTo-FieldTree $p }
            if ($p['items']) {
                $f.items = [ordered]@{ type = [string]$p['items']['type'] }
                if ($p['items']['properties']) { $f.items.fields = ConvertTo-FieldTree $p['items'] }
            }
            $f
        })
}

function Read-GitJson([string] $Path) {
    # git show reads the committed file the same way from a bare mirror and from a clone.
    $text = & git -C $MetadataRepo show "HEAD:$Path" 2>$null
    if ($LASTEXITCODE -ne 0) { return $null }
    ($text -join "`n") | ConvertFrom-Json -AsHashtable -DateKind String -Depth 200
}

function ConvertTo-Action($Api, $ZhApi) {
    $unparsed = [Collections.Generic.List[object]]::new()
    $state = @{ UsedZh = $false }
    $zhParams = @{}
    if ($ZhApi) { foreach ($p in $ZhApi['parameters']) { $zhParams[$p['name']] = $p['schema'] } }
    $byName = @{}
    foreach ($p in $Api['parameters']) { $byName[$p['name']] = $p }
    $parameters = @(foreach ($n in Get-SortedKeys $byName) {
            ConvertTo-Parameter $n $n $byName[$n]['schema'] $zhParams[$n] $byName[$n]['in'] $null $unparsed $state
        })
    $action = [ordered]@{ summary = [string]$Api['summary']; parameters = $parameters }
    if ($unparsed.Count) { $action.unparsed = $unparsed.ToArray() }
    $ok = if ($Api['responses']) { $Api['responses']['200'] }
    $action.response = $ok ? (ConvertTo-FieldTree $ok['schema']) : @()
    if ($Api['errorCodes']) {
        $action.errors = @(foreach ($status in Get-SortedKeys $Api['errorCodes']) {
                foreach ($e in $Api['errorCodes'][$status]) {
                    [ordered]@{ httpStatus = [int]$status; code = $e['errorCode']; message = $e['errorMessage'] }
                }
            })
    }
    $demos = @()
    if ($Api['responseDemo']) { $demos = @($Api['responseDemo'] | ConvertFrom-Json -AsHashtable -DateKind String | Where-Object { $_['type'] -eq 'json' }) }
    $action.responseExamples = @($demos | Where-Object { $_['example'] } | ForEach-Object { $_['example'] })
    $errorExamples = @($demos | Where-Object { $_['errorExample'] } | ForEach-Object { $_['errorExample'] })
    if ($errorExamples) { $action.errorExamples = $errorExamples }
    @{ Action = $action; UsedZh = $state.UsedZh }
}

[Console]::OutputEncoding = [Text.UTF8Encoding]::new($false)
$commit = & git -C $MetadataRepo rev-parse HEAD
if ($LASTEXITCODE -ne 0) { throw "Not a git repository: $MetadataRepo" }
$commit = $commit.Trim()
$commitDate = (& git -C $MetadataRepo log -1 --format=%cI HEAD).Trim()

$paths = [Collections.Generic.List[string]]::new()
$services = [ordered]@{}
foreach ($productVersion in Get-SortedKeys $Actions) {
    $product, $version = $productVersion -split '/'
    if ($services.Contains($product)) { throw "Two versions of $product asked for; the spec holds one per product." }
    $enPath = "en_us/$productVersion/api-docs.json"
    $zhPath = "zh_cn/$productVersion/api-docs.json"
    $en = Read-GitJson $enPath
    if (-not $en) { throw "No $enPath at $commit in $MetadataRepo." }
    $zh = Read-GitJson $zhPath
    $paths.Add($enPath)
    $usedZh = $false
    $actionsOut = [ordered]@{}
    foreach ($name in Get-Sorted @($Actions[$productVersion])) {
        $api = $en['apis'][$name]
        if (-not $api) { throw "$productVersion has no action $name." }
        $result = ConvertTo-Action $api ($zh ? $zh['apis'][$name] : $null)
        $actionsOut[$name] = $result.Action
        $usedZh = $usedZh -or $result.UsedZh
    }
    if ($usedZh) { $paths.Add($zhPath) }
    $services[$product] = [ordered]@{ version = $version; actions = $actionsOut }
}

$spec = [ordered]@{
    source   = [ordered]@{ repository = $RepositoryUrl; commit = $commit; commitDate = $commitDate; paths = $paths.ToArray() }
    tool     = 'tools/Update-ApiSpec.ps1'
    services = $services
}
$json = ($spec | ConvertTo-Json -Depth 64) -replace "`r`n", "`n"
New-Item -ItemType Directory -Force -Path (Split-Path $OutFile) | Out-Null
[IO.File]::WriteAllText([IO.Path]::GetFullPath($OutFile), "$json`n", [Text.UTF8Encoding]::new($false))
Write-Host "Wrote $([IO.Path]::GetFullPath($OutFile)) from $RepositoryUrl@$commit."
