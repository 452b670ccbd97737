# The help that ships in the staged module: MAML compiled from docs/en-US by tools/Build-Help.ps1,
# checked against the cmdlets as they really are, so a new parameter without help (or help for a
# parameter that is gone) fails here rather than in front of a user.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $manifest = Import-PowerShellDataFile -Path $StagedManifest
    $CmdletCases = @($manifest.CmdletsToExport | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Module = Import-Module $StagedManifest -PassThru -Force
    $script:Exported = @($Module.ExportedCmdlets.Keys)
    $script:HelpDir = Join-Path $StagedModule 'en-US'
    $script:MamlPath = Join-Path $HelpDir 'AliyunAccessKey.dll-Help.xml'
    $script:AboutPath = Join-Path $HelpDir 'about_AliyunAccessKey.help.txt'
    $script:DocsDir = Join-Path $RepoRoot 'docs/en-US'
    # -WhatIf and -Confirm are documented like any other parameter; only these are left to PowerShell.
    $script:Common = [System.Management.Automation.Cmdlet]::CommonParameters

    function script:Get-Text($Node) {
        # The text of a MAML description (an array of paragraphs) as one trimmed string.
        (@($Node | ForEach-Object { $_.Text }) -join "`n").Trim()
    }
}

AfterAll {
    Remove-Module AliyunAccessKey -Force -ErrorAction SilentlyContinue
}

Describe 'The staged help files' {
    It 'holds the MAML and the about topic in en-US' {
        $MamlPath | Should -Exist
        $AboutPath | Should -Exist
    }

    It 'holds MAML that is well-formed, with one command per exported cmdlet and no other' {
        $xml = [xml](Get-Content -LiteralPath $MamlPath -Raw)
        $xml.helpItems.schema | Should -Be 'maml'
        $names = @($xml.helpItems.command | ForEach-Object { $_.details.name })
        ($names | Sort-Object) -join ',' | Should -BeExactly (($Exported | Sort-Object) -join ',')
    }

    It 'has a markdown source page for every exported cmdlet and none for a cmdlet that does not exist' {
        $pages = @(Get-ChildItem -LiteralPath $DocsDir -Filter *.md | Where-Object BaseName -NotLike 'about_*' | ForEach-Object BaseName)
        ($pages | Sort-Object) -join ',' | Should -BeExactly (($Exported | Sort-Object) -join ',')
    }

    # The staged MAML is compiled by the same build from the same pages, so comparing it with a
    # fresh compile proves nothing. What can go wrong is the compile dropping what a page says:
    # check each page's synopsis and example titles against what Get-Help shows.
    It 'carries every page''s synopsis and examples into Get-Help' {
        foreach ($page in Get-ChildItem -LiteralPath $DocsDir -Filter *.md | Where-Object BaseName -NotLike 'about_*') {
            $text = Get-Content -LiteralPath $page.FullName -Raw
            $synopsis = [regex]::Match($text, '(?ms)^## SYNOPSIS\s*(.+?)\s*^## ').Groups[1].Value -replace '\s+', ' '
            $titles = @([regex]::Matches($text, '(?m)^### (Example \d+[^\r\n]*)') | ForEach-Object { $_.Groups[1].Value.Trim() })
            $help = Get-Help -Name $page.BaseName -Full
            ($help.Synopsis -replace '\s+', ' ').Trim() | Should -BeExactly $synopsis.Trim() -Because "the synopsis of $($page.Name)"
            $examples = @($help.examples.example)
            $examples.Count | Should -Be $titles.Count -Because "$($page.Name) has $($titles.Count) examples"
            for ($i = 0; $i -lt $titles.Count; $i++) {
                $examples[$i].title | Should -Match ([regex]::Escape(($titles[$i] -split ':', 2)[-1].Trim())) -Because "example $($i + 1) of $($page.Name)"
            }
        }
    }
}

Describe 'about_AliyunAccessKey' {
    BeforeAll {
        $script:About = Get-Help about_AliyunAccessKey -ErrorAction Stop | Out-String
    }

    It 'is found by Get-Help' {
        $About | Should -Match 'about_AliyunAccessKey'
    }

    It 'has the about_ layout: TOPIC, SHORT DESCRIPTION, LONG DESCRIPTION, SEE ALSO' {
        $About | Should -Match '(?m)^TOPIC\s*$'
        $About | Should -Match '(?m)^SHORT DESCRIPTION\s*$'
        $About | Should -Match '(?m)^LONG DESCRIPTION\s*$'
        $About | Should -Match '(?m)^SEE ALSO\s*$'
    }

    It 'covers <_>' -ForEach @('CONNECTING', 'WHERE CREDENTIALS COME FROM', 'HOW SECRETS ARE HANDLED', 'ROTATION', 'BULK WORK', 'THE EMULATOR', 'TROUBLESHOOTING') {
        $About | Should -Match "(?m)^\s*$([regex]::Escape($_))\s*$"
    }

    It 'names only cmdlets that exist' {
        $named = [regex]::Matches($About, '\b[A-Z][a-z]+-Aliyun\w+') | ForEach-Object Value | Sort-Object -Unique
        $named | Where-Object { $_ -notin $Exported } | Should -BeNullOrEmpty
    }
}

Describe 'Help for <Name>' -ForEach $CmdletCases {
    BeforeAll {
        $script:Command = Get-Command -Name $Name -Module AliyunAccessKey
        $script:Help = Get-Help -Name $Name -Full
        $script:RealParameters = @($Command.Parameters.Values | Where-Object Name -NotIn $Common)
        $script:HelpParameters = @($Help.parameters.parameter | Where-Object { $_ })
        $script:Examples = @($Help.examples.example | Where-Object { $_ })
        # Names and aliases a command line may use with each of this module's cmdlets.
        $script:Usable = @{}
        foreach ($c in Get-Command -Module AliyunAccessKey -CommandType Cmdlet) {
            $Usable[$c.Name] = @($c.Parameters.Values | ForEach-Object { $_.Name; $_.Aliases })
        }
    }

    It 'comes from the MAML, not generated from the syntax' {
        $Help.ModuleName | Should -Be 'AliyunAccessKey'
        $Help.Synopsis | Should -Not -BeNullOrEmpty
        # Without a help file PowerShell puts the syntax where the synopsis goes.
        $Help.Synopsis.Trim() | Should -Not -Match "^$([regex]::Escape($Name))(\s|$)"
    }

    It 'has a description' {
        Get-Text $Help.description | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples, each with code and an explanation' {
        $Examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $Examples) {
            $example.code | Should -Not -BeNullOrEmpty -Because "$($example.title) needs code"
            Get-Text $example.remarks | Should -Not -BeNullOrEmpty -Because "$($example.title) needs an explanation"
        }
    }

    It 'has an example that uses the pipeline' {
        @($Examples | Where-Object { $_.code -match '\|' }).Count | Should -BeGreaterOrEqual 1
    }

    It 'has examples that parse, and use only parameters this module''s cmdlets have' {
        foreach ($example in $Examples) {
            $tokens = $errors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($example.code, [ref]$tokens, [ref]$errors)
            $errors | Should -BeNullOrEmpty -Because "$($example.title) must be valid PowerShell"
            $calls = $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true)
            foreach ($call in $calls) {
                $cmdlet = $call.GetCommandName()
                if (-not $cmdlet -or -not $Usable.ContainsKey($cmdlet)) { continue }
                foreach ($p in $call.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                    $Usable[$cmdlet] | Should -Contain $p.ParameterName -Because "$($example.title) passes -$($p.ParameterName) to $cmdlet"
                }
            }
        }
    }

    It 'works with Get-Help -Examples' {
        @((Get-Help -Name $Name -Examples).examples.example).Count | Should -Be $Examples.Count
    }

    It 'documents every parameter, with a description' {
        foreach ($p in $RealParameters) {
            $doc = $HelpParameters | Where-Object name -EQ $p.Name
            $doc | Should -Not -BeNullOrEmpty -Because "-$($p.Name) must be documented"
            Get-Text $doc.description | Should -Not -BeNullOrEmpty -Because "-$($p.Name) needs a description"
        }
    }

    It 'names no parameter that does not exist' {
        $real = @($RealParameters.Name)
        foreach ($doc in $HelpParameters) {
            $real | Should -Contain $doc.name -Because "the help documents -$($doc.name)"
        }
        foreach ($item in @($Help.syntax.syntaxItem)) {
            foreach ($doc in @($item.parameter | Where-Object { $_ })) {
                $real | Should -Contain $doc.name -Because "the syntax names -$($doc.name)"
            }
        }
    }

    It 'has one syntax block per parameter set, listing exactly that set''s parameters' {
        $sets = @($Command.ParameterSets)
        $items = @($Help.syntax.syntaxItem)
        $items.Count | Should -Be $sets.Count
        $documented = @($items | ForEach-Object { (@($_.parameter | Where-Object { $_ } | ForEach-Object name) | Sort-Object) -join ',' })
        foreach ($set in $sets) {
            $names = (@($set.Parameters.Name | Where-Object { $_ -notin $Common }) | Sort-Object) -join ','
            $documented | Should -Contain $names -Because "parameter set '$($set.Name)' takes exactly these parameters"
        }
    }

    It 'states required, position, pipeline input and aliases as the cmdlet has them' {
        foreach ($p in $RealParameters) {
            $doc = $HelpParameters | Where-Object name -EQ $p.Name | Select-Object -First 1
            if (-not $doc) { continue }
            $attributes = @($p.ParameterSets.Values)
            $doc.required | Should -Be ([string]($attributes.IsMandatory -contains $true)).ToLowerInvariant() -Because "-$($p.Name) Required"
            $position = @($attributes.Position | Where-Object { $_ -ge 0 } | Select-Object -First 1)
            $doc.position | Should -Be $(if ($position.Count) { [string]$position[0] } else { 'named' }) -Because "-$($p.Name) Position"
            $byValue = $attributes.ValueFromPipeline -contains $true
            $byName = $attributes.ValueFromPipelineByPropertyName -contains $true
            $doc.pipelineInput -match 'ByValue' | Should -Be $byValue -Because "-$($p.Name) accepts pipeline input by value: $byValue"
            $doc.pipelineInput -match 'ByPropertyName' | Should -Be $byName -Because "-$($p.Name) accepts pipeline input by property name: $byName"
            $aliases = if ($p.Aliases.Count) { ($p.Aliases | Sort-Object) -join ', ' } else { 'none' }
            (($doc.aliases -split ',\s*' | Sort-Object) -join ', ') | Should -Be $aliases -Because "-$($p.Name) aliases"
        }
    }

    It 'works with Get-Help -Parameter for every parameter' {
        foreach ($p in $RealParameters) {
            (Get-Help -Name $Name -Parameter $p.Name).name | Should -Be $p.Name
        }
    }

    It 'describes its inputs and outputs' {
        $inputs = @($Help.inputTypes.inputType | ForEach-Object { $_.type.name } | Where-Object { $_ })
        $outputs = @($Help.returnValues.returnValue | ForEach-Object { $_.type.name } | Where-Object { $_ })
        $inputs | Should -Not -BeNullOrEmpty
        $outputs | Should -Not -BeNullOrEmpty
        foreach ($type in $Command.OutputType.Name | Where-Object { $_ -ne 'System.Void' }) {
            $outputs | Should -Contain $type -Because "the cmdlet declares [OutputType($type)]"
        }
    }

    It 'links only to cmdlets and topics that exist' {
        $links = @($Help.relatedLinks.navigationLink | ForEach-Object { $_.linkText } | Where-Object { $_ })
        $links | Should -Not -BeNullOrEmpty
        foreach ($link in $links | Where-Object { $_ -like '*-*' -and $_ -notlike 'about_*' }) {
            $Exported | Should -Contain $link
        }
        $links | Should -Contain 'about_AliyunAccessKey'
    }
}
