# Dot-sourced by tools/Update-ApiSpec.ps1 (shares its script scope): metadata to spec nodes.
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
