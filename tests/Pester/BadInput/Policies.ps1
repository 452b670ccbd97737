# Bad-input cases for the RAM policy cmdlets (dot-sourced by BadInput/Cases.ps1).
# A policy name is 1-128 letters, digits or hyphens; a type is System or Custom (InputRules).
$policyCorpus = [ordered]@{
    'space'                 = 'Read Only'
    'underscore'            = 'Read_Only'
    'dot'                   = 'ReadOnly.Access'
    '129 characters'        = 'P' * 129
    'accented letter'       = 'Accès'
    'tab'                   = "Read`tOnly"
    'NUL'                   = "Read`0Only"
    'RTL override'          = "ReadOnlyAccess`u{202E}"
    'CRLF header injection' = "ReadOnlyAccess`r`nX-Injected: 1"
    '10 KB'                 = $K10
}
$policySubset = 'space', '129 characters', 'RTL override', 'CRLF header injection', '10 KB'
$typeCorpus = [ordered]@{ 'Managed' = 'Managed'; 'Systems' = 'Systems'; 'both' = 'System,Custom'; 'accented' = 'Systém'; 'CRLF inside' = "System`r`nX: 1"; '10 KB' = $K10 }
$badPrincipal = 'InvalidPrincipal'
$GoodPolicyName = 'ReadOnlyAccess'   # the policy of the good inputs (BadInput/Run.ps1)

# ---------------------------------------------------------------- Get-AliyunRamPolicy
$c = 'Get-AliyunRamPolicy'
foreach ($label in 'no @', 'space in the name', 'name of 65', 'RTL override', 'CRLF header injection', '10 KB') {
    Add-Case $c "UPN: $label" InvalidUserPrincipalName $IA -Good UserPolicies -Bad $upnCorpus[$label] -Target ($upnCorpus[$label].Trim())
}
Add-Case $c 'UPN: whitespace only' InvalidUserPrincipalName $IA -Good UserPolicies -Bad '   ' -Target ''
Add-Case $c 'UPN: empty string' ParameterArgumentValidationErrorEmptyStringNotAllowed $ID -Good UserPolicies -Bad '' -Target '' -ParamName UserPrincipalName
Add-Case $c 'UPN: $null' ParameterArgumentValidationErrorNullNotAllowed $ID -Good UserPolicies -Bad $null -NoTarget -ParamName UserPrincipalName
foreach ($label in 'space', '65 characters', 'CRLF header injection', '10 KB') {
    Add-Case $c "GroupName in the row: $label" InvalidGroupName $IA -Good GroupPolicies -Bad ([ordered]@{ GroupName = $groupCorpus[$label] }) -Target ($groupCorpus[$label].Trim())
}
foreach ($label in $policySubset) {
    Add-Case $c "-PolicyName $label" InvalidPolicyName $IA -Mode Param -Params @{ PolicyName = $policyCorpus[$label] } -Target ($policyCorpus[$label].Trim())
}
Add-Case $c '-PolicyName invalid wildcard pattern Read[Only' InvalidPolicyName $IA -Mode Param -Params @{ PolicyName = 'Read[Only' } -Target 'Read[Only' -Bug 'an invalid wildcard pattern is sent (ListPolicies), then fails as UnexpectedError/NotSpecified'
Add-Case $c '-PolicyName an empty string among good ones' InvalidPolicyName $IA -Mode Param -Params @{ PolicyName = @('', '   ') } -NoTarget -ErrorCount 2
foreach ($label in $typeCorpus.Keys) {
    Add-Case $c "-PolicyType $label" InvalidPolicyType $IA -Mode Param -Params @{ PolicyType = $typeCorpus[$label] } -Target $typeCorpus[$label]
}
Add-Case $c '-PolicyType with a bad UPN piped' InvalidPolicyType $IA -Mode Param -Params @{ PolicyType = 'Managed'; UserPrincipalName = 'no-at-sign' } -Target 'Managed'
Add-Case $c '-UserPrincipalName with -GroupName' AmbiguousParameterSet $IA -Mode Param -Params @{ UserPrincipalName = '{USER}'; GroupName = '{GROUP}' } -NoTarget
Add-Case $c '-Context a string' CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ Context = 'abc' } -NoTarget -ParamName Context

# ---------------------------------------------------------------- Grant-AliyunRamPolicy and Revoke-AliyunRamPolicy
foreach ($pair in @(@{ Cmdlet = 'Grant-AliyunRamPolicy'; Good = 'GrantRow' }, @{ Cmdlet = 'Revoke-AliyunRamPolicy'; Good = 'RevokeRow' })) {
    $c = $pair.Cmdlet
    $kind = $pair.Good
    $cp = @{ Confirm = $false; PassThru = $true }
    foreach ($label in $policyCorpus.Keys) {
        Add-Case $c "PolicyName: $label" InvalidPolicyName $IA -Good $kind -Params $cp -Bad ([ordered]@{ PolicyName = $policyCorpus[$label]; PolicyType = 'System'; UserPrincipalName = '{USER}' }) -Target ($policyCorpus[$label].Trim())
    }
    Add-Case $c 'PolicyName: whitespace only' InvalidPolicyName $IA -Good $kind -Params $cp -Bad ([ordered]@{ PolicyName = '   '; PolicyType = 'System'; UserPrincipalName = '{USER}' }) -Target ''
    Add-Case $c 'PolicyName: empty cell' ParameterArgumentValidationErrorEmptyStringNotAllowed $ID -Good $kind -Params $cp -Bad ([ordered]@{ PolicyName = ''; PolicyType = 'System'; UserPrincipalName = '{USER}' }) -Target '<row>' -ParamName PolicyName
    Add-Case $c 'PolicyName: $null cell' ParameterArgumentValidationErrorNullNotAllowed $ID -Good $kind -Params $cp -Bad ([ordered]@{ PolicyName = $null; PolicyType = 'System'; UserPrincipalName = '{USER}' }) -Target '<row>' -ParamName PolicyName
    foreach ($label in $typeCorpus.Keys) {
        Add-Case $c "PolicyType: $label" InvalidPolicyType $IA -Good $kind -Params $cp -Bad ([ordered]@{ PolicyName = $GoodPolicyName; PolicyType = $typeCorpus[$label]; UserPrincipalName = '{USER}' }) -Target $typeCorpus[$label]
    }
    Add-Case $c 'PolicyType: empty cell' ParameterArgumentValidationErrorEmptyStringNotAllowed $ID -Good $kind -Params $cp -Bad ([ordered]@{ PolicyName = $GoodPolicyName; PolicyType = ''; UserPrincipalName = '{USER}' }) -Target '<row>' -ParamName PolicyType
    Add-Case $c 'a row without PolicyType' InputObjectMissingMandatory $IA -Good $kind -Params $cp -Bad ([ordered]@{ PolicyName = $GoodPolicyName; UserPrincipalName = '{USER}' }) -Target '<row>'
    Add-Case $c 'a row without PolicyName' InputObjectMissingMandatory $IA -Good $kind -Params $cp -Bad ([ordered]@{ PolicyType = 'System'; UserPrincipalName = '{USER}' }) -Target '<row>'
    Add-Case $c 'a row with neither UserPrincipalName nor GroupName' $badPrincipal $IA -Good $kind -Params $cp -Bad ([ordered]@{ PolicyName = $GoodPolicyName; PolicyType = 'System' }) -Target $GoodPolicyName
    Add-Case $c 'a row whose UserPrincipalName is empty' $badPrincipal $IA -Good $kind -Params $cp -Bad ([ordered]@{ PolicyName = $GoodPolicyName; PolicyType = 'System'; UserPrincipalName = '' }) -Target $GoodPolicyName
    Add-Case $c 'a row whose UserPrincipalName is $null' $badPrincipal $IA -Good $kind -Params $cp -Bad ([ordered]@{ PolicyName = $GoodPolicyName; PolicyType = 'System'; UserPrincipalName = $null }) -Target $GoodPolicyName
    Add-Case $c 'a row with both UserPrincipalName and GroupName' $badPrincipal $IA -Good $kind -Params $cp -Bad ([ordered]@{ PolicyName = $GoodPolicyName; PolicyType = 'System'; UserPrincipalName = '{USER}'; GroupName = '{GROUP}' }) -Target '{USER}'
    foreach ($label in 'no @', 'space in the name', 'name of 65', 'RTL override', 'CRLF header injection', '10 KB') {
        Add-Case $c "UPN: $label" InvalidUserPrincipalName $IA -Good $kind -Params $cp -Bad ([ordered]@{ PolicyName = $GoodPolicyName; PolicyType = 'System'; UserPrincipalName = $upnCorpus[$label] }) -Target ($upnCorpus[$label].Trim())
    }
    foreach ($label in 'space', '65 characters', 'CRLF header injection', '10 KB') {
        Add-Case $c "GroupName: $label" InvalidGroupName $IA -Good $kind -Params $cp -Bad ([ordered]@{ PolicyName = $GoodPolicyName; PolicyType = 'System'; GroupName = $groupCorpus[$label] }) -Target ($groupCorpus[$label].Trim())
    }
    Add-Case $c 'a row with an AccessKeySecret and no principal' $badPrincipal $IA -Good $kind -Params $cp -Bad ([ordered]@{ PolicyName = $GoodPolicyName; PolicyType = 'System'; AccessKeySecret = 'NotShownSecret0123456789' }) -Target $GoodPolicyName
    Add-Case $c 'neither -UserPrincipalName nor -GroupName' $badPrincipal $IA -Mode Param -Params @{ PolicyName = $GoodPolicyName; PolicyType = 'System'; Confirm = $false } -Target $GoodPolicyName
    Add-Case $c 'both -UserPrincipalName and -GroupName' $badPrincipal $IA -Mode Param -Params @{ PolicyName = $GoodPolicyName; PolicyType = 'System'; UserPrincipalName = '{USER}'; GroupName = '{GROUP}'; Confirm = $false } -Target '{USER}'
    Add-Case $c '-PolicyType Managed' InvalidPolicyType $IA -Mode Param -Params @{ PolicyName = $GoodPolicyName; PolicyType = 'Managed'; UserPrincipalName = '{USER}'; Confirm = $false } -Target 'Managed'
}
