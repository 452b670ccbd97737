# Bad-input cases for the recycle-bin cmdlets and switches (dot-sourced by BadInput/Cases.ps1).
# ---------------------------------------------------------------- Restore-AliyunAccessKey
$c = 'Restore-AliyunAccessKey'
foreach ($label in 'punctuation', 'newline inside', '10 KB') {
    Add-Case $c "AccessKeyId: $label" InvalidAccessKeyId $IA -Good RestoreKeyRow -Params @{ Confirm = $false } -Bad ([ordered]@{ AccessKeyId = $keyIdCorpus[$label]; UserPrincipalName = '{USER}' }) -Target $keyIdCorpus[$label].Trim()
}
Add-Case $c 'AccessKeyId: whitespace only' InvalidAccessKeyId $IA -Good RestoreKeyRow -Params @{ Confirm = $false } -Bad ([ordered]@{ AccessKeyId = '   ' }) -Target ''
Add-Case $c 'UserPrincipalName: no @' InvalidUserPrincipalName $IA -Good RestoreKeyRow -Params @{ Confirm = $false } -Bad ([ordered]@{ AccessKeyId = 'LTAI5tValidShape000001'; UserPrincipalName = $upnCorpus['no @'] }) -Target 'LTAI5tValidShape000001'
Add-Case $c 'UserId: letters' InvalidUserId $IA -Good RestoreKeyRow -Params @{ Confirm = $false } -Bad ([ordered]@{ AccessKeyId = 'LTAI5tValidShape000001'; UserId = 'abc' }) -TargetLike '*'
Add-Case $c '-Context a string' CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ AccessKeyId = 'LTAI5tValidShape000001'; Context = 'abc' } -NoTarget -ParamName Context

# ---------------------------------------------------------------- Restore-AliyunRamUser
$c = 'Restore-AliyunRamUser'
foreach ($label in 'no @', 'CRLF header injection', '10 KB') {
    Add-Case $c "UPN: $label" InvalidUserPrincipalName $IA -Good BinUserRow -Params @{ Confirm = $false } -Bad ([ordered]@{ UserPrincipalName = $upnCorpus[$label] }) -Target $upnCorpus[$label]
}
Add-Case $c 'UserId: letters' InvalidUserId $IA -Good BinUserRow -Params @{ Confirm = $false } -Bad ([ordered]@{ UserId = 'abc' }) -TargetLike '*'
Add-Case $c 'neither UPN nor UserId' InvalidUserPrincipalName $IA -Good BinUserRow -Params @{ Confirm = $false } -Bad ([ordered]@{ DisplayName = 'x' }) -NoTarget

# ---------------------------------------------------------------- the -InRecycleBin switches
Add-Case 'Get-AliyunAccessKey' '-InRecycleBin without a user' InRecycleBinNeedsUser $IA -Mode Param -Params @{ InRecycleBin = $true } -NoTarget
Add-Case 'Get-AliyunAccessKey' '-InRecycleBin with -IncludeLastUsed' InRecycleBinConflict $IA -Mode Param -Params @{ UserPrincipalName = '{USER}'; InRecycleBin = $true; IncludeLastUsed = $true } -TargetLike '*'
Add-Case 'Get-AliyunRamUser' '-InRecycleBin with -AccessKeyId' InRecycleBinConflict $IA -Mode Param -Params @{ AccessKeyId = 'LTAI5tValidShape000001'; InRecycleBin = $true } -NoTarget
Add-Case 'Get-AliyunRamUser' '-InRecycleBin -UserId letters' InvalidUserId $IA -Mode Param -Params @{ UserId = 'abc'; InRecycleBin = $true } -TargetLike '*'
Add-Case 'Remove-AliyunRamUser' '-InRecycleBin: UserId letters' InvalidUserId $IA -Good PurgeUserRow -Params @{ InRecycleBin = $true; Force = $true } -Bad ([ordered]@{ UserPrincipalName = '{USER}'; UserId = 'abc' }) -TargetLike '*'
