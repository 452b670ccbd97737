# Bad-input cases for the RAM group cmdlets (dot-sourced by BadInput/Cases.ps1).
$groupSubset = 'space', '65 characters', 'RTL override', 'CRLF header injection', '10 KB'
$noGroup = '\b(no|missing|empty|without)\b.{0,60}\bGroupName\b|\bGroupName\b.{0,60}\b(missing|empty|no value)\b'

# ---------------------------------------------------------------- Get-AliyunRamGroup
$c = 'Get-AliyunRamGroup'
foreach ($label in $groupCorpus.Keys) {
    Add-Case $c "GroupName: $label" InvalidGroupName $IA -Good GroupRow -Bad ([ordered]@{ GroupName = $groupCorpus[$label] }) -Target $groupCorpus[$label]
}
Add-Case $c 'GroupName: empty cell' InvalidGroupName $IA -Good GroupRow -Bad ([ordered]@{ GroupName = '' }) -Target '' -Message $noGroup
Add-Case $c 'GroupName: whitespace only' InvalidGroupName $IA -Good GroupRow -Bad ([ordered]@{ GroupName = '   ' }) -Target '   ' -Message $noGroup
Add-Case $c 'GroupName: $null cell' InvalidGroupName $IA -Good GroupRow -Bad ([ordered]@{ GroupName = $null }) -NoTarget -Message $noGroup -Bug 'a row whose GroupName is $null lists every group of the account'
Add-Case $c 'GroupName: invalid wildcard pattern ab[c' InvalidGroupName $IA -Good GroupRow -Bad ([ordered]@{ GroupName = 'ab[c' }) -Target 'ab[c'
foreach ($label in 'no @', 'space in the name', 'CRLF header injection', '10 KB') {
    Add-Case $c "UserPrincipalName: $label" InvalidUserPrincipalName $IA -Good GroupRow -Bad ([ordered]@{ UserPrincipalName = $upnCorpus[$label] }) -Target $upnCorpus[$label]
}
Add-Case $c 'UserPrincipalName: whitespace only' InvalidUserPrincipalName $IA -Good GroupRow -Bad ([ordered]@{ UserPrincipalName = '   ' }) -Target '   '
Add-Case $c '-GroupName bad name' InvalidGroupName $IA -Mode Param -Params @{ GroupName = 'bad name' } -Target 'bad name'
Add-Case $c '-GroupName ab[c' InvalidGroupName $IA -Mode Param -Params @{ GroupName = 'ab[c' } -Target 'ab[c'
Add-Case $c '-UserPrincipalName no-at-sign' InvalidUserPrincipalName $IA -Mode Param -Params @{ UserPrincipalName = 'no-at-sign' } -Target 'no-at-sign'
Add-Case $c '-Context a string' CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ Context = 'abc' } -NoTarget -ParamName Context

# ---------------------------------------------------------------- New-AliyunRamGroup
$c = 'New-AliyunRamGroup'
foreach ($label in $groupCorpus.Keys) {
    Add-Case $c "GroupName: $label" InvalidGroupName $IA -Good NewGroupRow -Bad ([ordered]@{ GroupName = $groupCorpus[$label] }) -Target ($groupCorpus[$label].Trim())
}
Add-Case $c 'GroupName: whitespace only' InvalidGroupName $IA -Good NewGroupRow -Bad ([ordered]@{ GroupName = '   ' }) -Target ''
Add-Case $c 'GroupName: empty cell' ParameterArgumentValidationErrorEmptyStringNotAllowed $ID -Good NewGroupRow -Bad ([ordered]@{ GroupName = '' }) -Target '<row>' -ParamName GroupName
Add-Case $c 'GroupName: $null cell' ParameterArgumentValidationErrorNullNotAllowed $ID -Good NewGroupRow -Bad ([ordered]@{ GroupName = $null }) -Target '<row>' -ParamName GroupName
Add-Case $c 'CSV row: no GroupName column' InputObjectMissingMandatory $IA -Good NewGroupRow -Bad (@("DisplayName,Comments`nOps,x" | ConvertFrom-Csv)[0]) -Target '<row>'
Add-Case $c 'CSV row: misspelt column Group_Name' InputObjectMissingMandatory $IA -Good NewGroupRow -Bad (@("Group_Name,DisplayName`nops,Ops" | ConvertFrom-Csv)[0]) -Target '<row>'
$groupDisplayNames = [ordered]@{ '25 characters' = 'd' * 25; 'tab' = "a`tb"; 'ANSI escape' = "`e[31mred"; '10 KB' = $K10 }
foreach ($label in $groupDisplayNames.Keys) {
    Add-Case $c "DisplayName: $label" InvalidDisplayName $IA -Good NewGroupRow -Bad ([ordered]@{ GroupName = '{FRESHNAME}'; DisplayName = $groupDisplayNames[$label] }) -Target '{FRESHNAME}'
}
$groupComments = [ordered]@{ '129 characters' = 'c' * 129; 'newline' = "line1`nline2"; '10 KB' = $K10 }
foreach ($label in $groupComments.Keys) {
    Add-Case $c "Comments: $label" InvalidComments $IA -Good NewGroupRow -Bad ([ordered]@{ GroupName = '{FRESHNAME}'; Comments = $groupComments[$label] }) -Target '{FRESHNAME}'
}
Add-Case $c '-GroupName an array' CannotConvertArgument $IA -Mode Param -Params @{ GroupName = @('a', 'b') } -NoTarget -ParamName GroupName

# ---------------------------------------------------------------- Remove-AliyunRamGroup
$c = 'Remove-AliyunRamGroup'
foreach ($label in $groupSubset) {
    Add-Case $c "GroupName: $label" InvalidGroupName $IA -Good RemoveGroup -Params @{ Confirm = $false } -Bad $groupCorpus[$label] -Target $groupCorpus[$label]
}
Add-Case $c 'GroupName: whitespace only' InvalidGroupName $IA -Good RemoveGroup -Params @{ Confirm = $false } -Bad '   ' -Target '   '
Add-Case $c 'GroupName: empty string' ParameterArgumentValidationErrorEmptyStringNotAllowed $ID -Good RemoveGroup -Params @{ Confirm = $false } -Bad '' -Target '' -ParamName GroupName
Add-Case $c 'GroupName: $null' ParameterArgumentValidationErrorNullNotAllowed $ID -Good RemoveGroup -Params @{ Confirm = $false } -Bad $null -NoTarget -ParamName GroupName
Add-Case $c 'a row without GroupName' InvalidGroupName $IA -Good RemoveGroup -Params @{ Confirm = $false } -Bad ([ordered]@{ Name = 'ops' }) -Target '(piped row without GroupName)' -Message $noGroup

# ---------------------------------------------------------------- Get-AliyunRamGroupMember
$c = 'Get-AliyunRamGroupMember'
foreach ($label in $groupSubset) {
    Add-Case $c "GroupName: $label" InvalidGroupName $IA -Good GroupMembers -Bad $groupCorpus[$label] -Target ($groupCorpus[$label].Trim())
}
Add-Case $c 'GroupName: empty string' ParameterArgumentValidationErrorEmptyStringNotAllowed $ID -Good GroupMembers -Bad '' -Target '' -ParamName GroupName
Add-Case $c 'GroupName: $null' ParameterArgumentValidationErrorNullNotAllowed $ID -Good GroupMembers -Bad $null -NoTarget -ParamName GroupName
Add-Case $c 'a row without GroupName' InvalidGroupName $IA -Good GroupMembers -Bad ([ordered]@{ Name = 'ops' }) -Target '(piped row without GroupName)' -Message $noGroup

# ---------------------------------------------------------------- Add-AliyunRamGroupMember
$c = 'Add-AliyunRamGroupMember'
foreach ($label in $upnSubset) {
    Add-Case $c "UPN: $label" InvalidUserPrincipalName $IA -Good AddMember -Params @{ GroupName = '{GROUP}' } -Bad $upnCorpus[$label] -Target ($upnCorpus[$label].Trim())
}
Add-Case $c 'UPN: whitespace only' InvalidUserPrincipalName $IA -Good AddMember -Params @{ GroupName = '{GROUP}' } -Bad '   ' -Target ''
Add-Case $c 'UPN: empty string' ParameterArgumentValidationErrorEmptyStringNotAllowed $ID -Good AddMember -Params @{ GroupName = '{GROUP}' } -Bad '' -Target '' -ParamName UserPrincipalName
Add-Case $c 'UPN: $null' ParameterArgumentValidationErrorNullNotAllowed $ID -Good AddMember -Params @{ GroupName = '{GROUP}' } -Bad $null -NoTarget -ParamName UserPrincipalName
foreach ($label in $groupSubset) {
    Add-Case $c "GroupName in the row: $label" InvalidGroupName $IA -Good AddMemberRow -Params @{ PassThru = $true } -Bad ([ordered]@{ GroupName = $groupCorpus[$label]; UserPrincipalName = '{USER}' }) -Target ($groupCorpus[$label].Trim())
}
Add-Case $c 'a row without UserPrincipalName' InvalidUserPrincipalName $IA -Good AddMemberRow -Params @{ PassThru = $true } -Bad ([ordered]@{ GroupName = '{GROUP}'; Name = 'bob' }) -Target $upnRow -Message $noUpn
Add-Case $c 'a row without GroupName' InputObjectMissingMandatory $IA -Good AddMemberRow -Params @{ PassThru = $true } -Bad ([ordered]@{ UserPrincipalName = '{USER}' }) -Target '<row>'
Add-Case $c 'a row whose GroupName is empty' ParameterArgumentValidationErrorEmptyStringNotAllowed $ID -Good AddMemberRow -Params @{ PassThru = $true } -Bad ([ordered]@{ GroupName = ''; UserPrincipalName = '{USER}' }) -Target '<row>' -ParamName GroupName
Add-Case $c 'a row with an AccessKeySecret and a bad UPN' InvalidUserPrincipalName $IA -Good AddMemberRow -Params @{ PassThru = $true } -Bad ([ordered]@{ GroupName = '{GROUP}'; UserPrincipalName = 'no-at-sign'; AccessKeySecret = 'NotShownSecret0123456789' }) -Target 'no-at-sign'

# ---------------------------------------------------------------- Remove-AliyunRamGroupMember
$c = 'Remove-AliyunRamGroupMember'
foreach ($label in $upnSubset) {
    Add-Case $c "UPN: $label" InvalidUserPrincipalName $IA -Good RemoveMember -Params @{ GroupName = '{GROUP}'; Confirm = $false } -Bad $upnCorpus[$label] -Target ($upnCorpus[$label].Trim())
}
Add-Case $c 'UPN: whitespace only' InvalidUserPrincipalName $IA -Good RemoveMember -Params @{ GroupName = '{GROUP}'; Confirm = $false } -Bad '   ' -Target ''
Add-Case $c 'UPN: empty string' ParameterArgumentValidationErrorEmptyStringNotAllowed $ID -Good RemoveMember -Params @{ GroupName = '{GROUP}'; Confirm = $false } -Bad '' -Target '' -ParamName UserPrincipalName
Add-Case $c 'UPN: $null' ParameterArgumentValidationErrorNullNotAllowed $ID -Good RemoveMember -Params @{ GroupName = '{GROUP}'; Confirm = $false } -Bad $null -NoTarget -ParamName UserPrincipalName
foreach ($label in 'space', '65 characters', 'CRLF header injection', '10 KB') {
    Add-Case $c "GroupName in the row: $label" InvalidGroupName $IA -Good RemoveMemberRow -Params @{ Confirm = $false } -Bad ([ordered]@{ GroupName = $groupCorpus[$label]; UserPrincipalName = '{USER}' }) -Target ($groupCorpus[$label].Trim())
}
Add-Case $c 'a row without UserPrincipalName' InvalidUserPrincipalName $IA -Good RemoveMemberRow -Params @{ Confirm = $false } -Bad ([ordered]@{ GroupName = '{GROUP}'; Name = 'bob' }) -Target $upnRow -Message $noUpn
Add-Case $c 'a row without GroupName' InputObjectMissingMandatory $IA -Good RemoveMemberRow -Params @{ Confirm = $false } -Bad ([ordered]@{ UserPrincipalName = '{USER}' }) -Target '<row>'
