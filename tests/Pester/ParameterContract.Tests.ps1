# The parameter contract of every exported cmdlet: names, types, parameter sets, mandatory,
# position, pipeline binding, aliases and validation attributes, compared with the committed
# ParameterContract.txt. PowerShell's binder enforces these attributes itself, so one reviewed
# table replaces a test per attribute that would only re-test the binder; a change here is a
# change users see and shows up as a diff. To accept a deliberate change:
#   $env:ALIYUNACCESSKEY_UPDATE_CONTRACT = 1; Invoke-Pester tests/Pester/ParameterContract.Tests.ps1
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $StagedManifest -Force
    $script:ContractPath = Join-Path $PSScriptRoot 'ParameterContract.txt'

    function script:Format-Attribute($a) {
        switch ($a) {
            { $_ -is [System.Management.Automation.ValidateRangeAttribute] } { "ValidateRange($($_.MinRange),$($_.MaxRange))"; break }
            { $_ -is [System.Management.Automation.ValidateLengthAttribute] } { "ValidateLength($($_.MinLength),$($_.MaxLength))"; break }
            { $_ -is [System.Management.Automation.ValidateSetAttribute] } { "ValidateSet($($_.ValidValues -join '|'))"; break }
            { $_ -is [System.Management.Automation.ValidatePatternAttribute] } { "ValidatePattern($($_.RegexPattern))"; break }
            { $_ -is [System.Management.Automation.ValidateCountAttribute] } { "ValidateCount($($_.MinLength),$($_.MaxLength))"; break }
            { $_ -is [System.Management.Automation.ValidateArgumentsAttribute] -or $_ -is [System.Management.Automation.ArgumentTransformationAttribute] -or
              $_ -is [System.Management.Automation.AllowNullAttribute] -or $_ -is [System.Management.Automation.AllowEmptyStringAttribute] -or $_ -is [System.Management.Automation.AllowEmptyCollectionAttribute] -or
              $_ -is [System.Management.Automation.SupportsWildcardsAttribute] -or $_ -is [System.Management.Automation.ArgumentCompleterAttribute] } {
                $name = $_.GetType().Name -replace 'Attribute$', ''
                # The module's own rule attribute keeps which rule it applies in an internal property.
                $rule = $_.GetType().GetProperty('Rule', [Reflection.BindingFlags]'NonPublic,Public,Instance')
                if ($_ -is [System.Management.Automation.ArgumentCompleterAttribute] -and $_.Type) { "$name($($_.Type.Name))" }
                elseif ($rule) { "$name($($rule.GetValue($_)))" }
                else { $name }
                break
            }
        }
    }

    function script:Get-ParameterContract {
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        foreach ($command in Get-Command -Module AliyunAccessKey -CommandType Cmdlet | Sort-Object Name) {
            foreach ($p in $command.Parameters.Values | Where-Object { $_.Name -notin $common } | Sort-Object Name) {
                $sets = foreach ($set in $p.ParameterSets.GetEnumerator() | Sort-Object Key) {
                    $s = $set.Value
                    $flags = @(
                        if ($s.IsMandatory) { 'Mandatory' }
                        if ($s.Position -ge 0) { "Position=$($s.Position)" }
                        if ($s.ValueFromPipeline) { 'ByValue' }
                        if ($s.ValueFromPipelineByPropertyName) { 'ByPropertyName' }
                    ) -join ','
                    "$($set.Key)[$flags]"
                }
                $attributes = @($p.Attributes | ForEach-Object { Format-Attribute $_ } | Where-Object { $_ } | Sort-Object -Unique)
                $aliases = @($p.Aliases | Sort-Object)
                $type = $p.ParameterType
                $typeName = if ($type.IsGenericType) { '{0}[{1}]' -f ($type.Name -replace '`.*$', ''), (($type.GenericTypeArguments | ForEach-Object Name) -join ',') } else { $type.Name }
                '{0} -{1} <{2}> {3}{4}{5}' -f $command.Name, $p.Name, $typeName, ($sets -join ' '),
                    $(if ($aliases) { " Alias($($aliases -join ','))" }),
                    $(if ($attributes) { ' ' + ($attributes -join ' ') })
            }
        }
    }
}

AfterAll {
    Remove-Module AliyunAccessKey -Force -ErrorAction SilentlyContinue
}

Describe 'The parameter contract' {
    It 'matches ParameterContract.txt, line for line' {
        $actual = @(Get-ParameterContract)
        if ($env:ALIYUNACCESSKEY_UPDATE_CONTRACT) { Set-Content -LiteralPath $ContractPath -Value $actual -Encoding utf8NoBOM }
        $expected = @(Get-Content -LiteralPath $ContractPath)
        $diff = Compare-Object $expected $actual | ForEach-Object { '{0} {1}' -f $(if ($_.SideIndicator -eq '=>') { 'now:' } else { 'was:' }), $_.InputObject }
        $diff | Should -BeNullOrEmpty -Because 'a parameter attribute changed: review it, then update the contract (see the top of this file)'
        $actual.Count | Should -BeGreaterThan 50
    }

    It 'bounds -ThrottleLimit the same way on every bulk cmdlet' {
        $limits = Get-ParameterContract | Where-Object { $_ -match ' -ThrottleLimit ' } | ForEach-Object { [regex]::Match($_, 'ValidateRange\([^)]*\)').Value }
        @($limits).Count | Should -BeGreaterThan 3
        $limits | Sort-Object -Unique | Should -Be 'ValidateRange(1,64)'
    }
}
