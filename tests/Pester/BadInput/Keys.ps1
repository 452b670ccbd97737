# Bad-input cases for the AccessKey cmdlets and the rotation (dot-sourced by BadInput/Cases.ps1).
# ---------------------------------------------------------------- New-AliyunAccessKey
$c = 'New-AliyunAccessKey'
foreach ($label in $upnSubset) {
    Add-Case $c "UPN: $label" InvalidUserPrincipalName $IA -Good NewKey -Bad $upnCorpus[$label] -Target $upnCorpus[$label]
}
$callerBug = 'a blank or $null UserPrincipalName in the pipeline creates an AccessKey for the caller itself (without any prompt for a RAM user)'
Add-Case $c 'UPN: empty string' InvalidUserPrincipalName $IA -Good NewKey -Bad '' -NoTarget -Bug $callerBug
Add-Case $c 'UPN: whitespace only' InvalidUserPrincipalName $IA -Good NewKey -Bad '   ' -NoTarget -Bug $callerBug
Add-Case $c 'UPN: $null' InvalidUserPrincipalName $IA -Good NewKey -Bad $null -NoTarget -Bug $callerBug
Add-Case $c 'UPN: empty CSV cell' InvalidUserPrincipalName $IA -Good NewKey -Bad (@("UserPrincipalName,Note`n,x" | ConvertFrom-Csv)[0]) -NoTarget -Bug $callerBug
Add-Case $c 'UPN: a hashtable' InvalidUserPrincipalName $IA -Good NewKey -Bad ([ordered]@{ UserPrincipalName = @{ a = 1 } }) -Target $upnRow
Add-Case $c '-Vault with -AsCredential' AmbiguousParameterSet $IA -Mode Param -Params @{ UserPrincipalName = '{USER}'; Vault = 'V'; AsCredential = $true } -NoTarget
Add-Case $c '-Vault without SecretManagement' VaultNotAvailable ResourceUnavailable -Mode Param -Params @{ UserPrincipalName = '{USER}'; Vault = 'NoSuchVault' } -Target 'NoSuchVault'
Add-Case $c '-UserPrincipalName an array' CannotConvertArgument $IA -Mode Param -Params @{ UserPrincipalName = @('a', 'b') } -NoTarget -ParamName UserPrincipalName
Add-Case $c '-Context a string' CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ UserPrincipalName = '{USER}'; Context = 'abc' } -NoTarget -ParamName Context

# ---------------------------------------------------------------- Get-AliyunAccessKey
$c = 'Get-AliyunAccessKey'
foreach ($label in $upnSubset) {
    Add-Case $c "UPN: $label" InvalidUserPrincipalName $IA -Good ListKeys -Bad $upnCorpus[$label] -Target $upnCorpus[$label]
}
$listBug = 'a blank or $null UserPrincipalName in the pipeline lists the caller''s own keys in the middle of the users'' keys'
Add-Case $c 'UPN: empty string' InvalidUserPrincipalName $IA -Good ListKeys -Bad '' -NoTarget -Bug $listBug
Add-Case $c 'UPN: whitespace only' InvalidUserPrincipalName $IA -Good ListKeys -Bad '   ' -NoTarget -Bug $listBug
Add-Case $c 'UPN: $null' InvalidUserPrincipalName $IA -Good ListKeys -Bad $null -NoTarget -Bug $listBug
Add-Case $c '-StaleDays abc' CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ UserPrincipalName = '{USER}'; StaleDays = 'abc' } -NoTarget -ParamName StaleDays
Add-Case $c '-Context a string' CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ Context = 'abc' } -NoTarget -ParamName Context

# ---------------------------------------------------------------- Disable-, Enable-, Remove-AliyunAccessKey
foreach ($c in 'Disable-AliyunAccessKey', 'Enable-AliyunAccessKey', 'Remove-AliyunAccessKey') {
    $good = if ($c -eq 'Remove-AliyunAccessKey') { 'RemoveKeyRow' } else { 'ChangeKeyRow' }
    $params = if ($c -eq 'Remove-AliyunAccessKey') { @{ Force = $true } } else { @{} }
    $ids = if ($c -eq 'Disable-AliyunAccessKey') { @($keyIdCorpus.Keys) } else { 'punctuation', '10 KB' }
    foreach ($label in $ids) {
        Add-Case $c "AccessKeyId: $label" InvalidAccessKeyId $IA -Good $good -Params $params -Bad ([ordered]@{ AccessKeyId = $keyIdCorpus[$label]; UserPrincipalName = '{USER}' }) -Target $keyIdCorpus[$label].Trim()
    }
    Add-Case $c 'AccessKeyId: whitespace only' InvalidAccessKeyId $IA -Good $good -Params $params -Bad ([ordered]@{ AccessKeyId = '   ' }) -Target ''
    Add-Case $c 'AccessKeyId: empty cell' ParameterArgumentValidationErrorEmptyStringNotAllowed $ID -Good $good -Params $params -Bad ([ordered]@{ AccessKeyId = '' }) -Target '<row>' -ParamName AccessKeyId
    Add-Case $c 'AccessKeyId: $null cell' InvalidAccessKeyId $IA -Good $good -Params $params -Bad ([ordered]@{ AccessKeyId = $null }) -Target $keyIdRow -Message $noKeyId -Bug $rowTextBug
    Add-Case $c 'AccessKeyId: an array' InvalidAccessKeyId $IA -Good $good -Params $params -Bad ([ordered]@{ AccessKeyId = @('a', 'b') }) -Target $keyIdRow
    Add-Case $c 'no AccessKeyId column' InvalidAccessKeyId $IA -Good $good -Params $params -Bad ([ordered]@{ UserPrincipalName = '{USER}' }) -Target $keyIdRow -Message $noKeyId -Bug $rowTextBug
    $upns = if ($c -eq 'Disable-AliyunAccessKey') { 'no @', 'name of 65', 'CRLF header injection', '10 KB' } else { @('no @') }
    foreach ($label in $upns) {
        Add-Case $c "UserPrincipalName: $label" InvalidUserPrincipalName $IA -Good $good -Params $params -Bad ([ordered]@{ AccessKeyId = 'LTAI5tValidShape000001'; UserPrincipalName = $upnCorpus[$label] }) -Target 'LTAI5tValidShape000001'
    }
    Add-Case $c 'UserPrincipalName: a hashtable' InvalidUserPrincipalName $IA -Good $good -Params $params -Bad ([ordered]@{ AccessKeyId = 'LTAI5tValidShape000001'; UserPrincipalName = @{ a = 1 } }) -Target 'LTAI5tValidShape000001'
    if ($c -eq 'Enable-AliyunAccessKey') {
        foreach ($label in 'punctuation', 'newline inside', '10 KB') {
            Add-Case $c "AccessKeyId piped as text: $label" InvalidAccessKeyId $IA -Good EnableValue -Bad $keyIdCorpus[$label] -Target $keyIdCorpus[$label].Trim()
        }
        Add-Case $c 'AccessKeyId piped as text: $null' ParameterArgumentValidationErrorNullNotAllowed $ID -Good EnableValue -Bad $null -NoTarget -ParamName AccessKeyId
        Add-Case $c 'AccessKeyId piped as text: empty' ParameterArgumentValidationErrorEmptyStringNotAllowed $ID -Good EnableValue -Bad '' -Target '' -ParamName AccessKeyId
        Add-Case $c 'a hashtable piped' InvalidAccessKeyId $IA -Good EnableValue -Bad @{ AccessKeyId = 'LTAI5tValidShape000001' } -NoTarget -Bug 'a hashtable piped in is sent as the AccessKey ID System.Collections.Hashtable'
    }
}

# ---------------------------------------------------------------- Test-AliyunAccessKey
$c = 'Test-AliyunAccessKey'
Add-Case $c 'a string' InputObjectNotBound $IA -Good TestCred -Bad 'abc' -Target 'abc'
Add-Case $c 'a number' InputObjectNotBound $IA -Good TestCred -Bad 42 -Target 42
Add-Case $c 'a hashtable' InputObjectNotBound $IA -Good TestCred -Bad @{ AccessKeyId = 'a'; AccessKeySecret = 'b' } -Target '<row>'
Add-Case $c '$null' ParameterArgumentValidationErrorNullNotAllowed $ID -Good TestCred -Bad $null -NoTarget -ParamName Credential
Add-Case $c 'a listed key (it has no secret)' NoSecret $IA -Good TestCred -Bad @{ __listedkey = 1 } -Target '{KEYID}'
# PowerShell turns the row into a PSCredential (its PSObject constructor) with no user name.
Add-Case $c 'a CSV row of the module''s own Export-Csv' InvalidCredential $IA -Good TestCred -Bad ([ordered]@{ UserPrincipalName = '{USER}'; AccessKeyId = '{KEYID}'; AccessKeySecret = 'not-a-real-secret'; Status = 'Active' }) -TargetLike '?*' -Message '(?i)user ?name|PSCredential|credential' -Bug 'a CSV row becomes an empty PSCredential: the error says "The AccessKey ID is empty." about a row that has one, and carries no target'
Add-Case $c 'a credential with a blank AccessKey ID' InvalidCredential $IA -Good TestCred -Bad @{ __cred = ' ', 'secret' } -Target ' ' -Bug 'the InvalidCredential error has no TargetObject'
Add-Case $c 'a credential with an empty secret' InvalidCredential $IA -Good TestCred -Bad @{ __cred = 'LTAI5tValidShape000001', '' } -Target 'LTAI5tValidShape000001' -Bug 'the InvalidCredential error has no TargetObject'
$sentBug = 'an AccessKey ID that cannot be one is sent to STS (GetCallerIdentity)'
Add-Case $c 'a credential whose ID has punctuation' InvalidCredential $IA -Good TestCred -Bad @{ __cred = 'bad id!', 'secret' } -Target 'bad id!' -Bug $sentBug
Add-Case $c 'a credential whose ID has CR LF (header injection)' InvalidCredential $IA -Good TestCred -Bad @{ __cred = "LTAI`r`nX-Injected: 1", 'secret' } -Target "LTAI`r`nX-Injected: 1" -Bug 'an AccessKey ID with CR/LF goes into the Authorization header as is; the server answers 400 and the error is a vague UnreadableResponse'
Add-Case $c 'a credential whose ID is 10 KB' InvalidCredential $IA -Good TestCred -Bad @{ __cred = $K10, 'secret' } -Target $K10 -Bug $sentBug
Add-Case $c '-SecurityToken as plain text' CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ Credential = '{CALLER}'; SecurityToken = 'token' } -NoTarget -ParamName SecurityToken
Add-Case $c '-Credential as plain text' CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ Credential = 'abc' } -NoTarget -ParamName Credential
Add-Case $c '-InputObject as plain text' CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ InputObject = 'abc' } -NoTarget -ParamName InputObject
Add-Case $c '-Context a string' CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ Credential = '{CALLER}'; Context = 'abc' } -NoTarget -ParamName Context
Add-Case $c '-StsEndpoint plain http, not loopback' InvalidConnectionParameter $IA -Mode Param -Params @{ Credential = '{CALLER}'; StsEndpoint = 'http://192.0.2.1/' } -TargetLike '*192.0.2.1*'
Add-Case $c '-StsEndpoint ftp on loopback' InvalidConnectionParameter $IA -Mode Param -Params @{ Credential = '{CALLER}'; StsEndpoint = 'ftp://127.0.0.1/' } -TargetLike 'ftp://127.0.0.1*'

# ---------------------------------------------------------------- Invoke-AliyunAccessKeyRotation
$c = 'Invoke-AliyunAccessKeyRotation'
foreach ($label in $upnSubset) {
    Add-Case $c "UPN: $label" InvalidUserPrincipalName $IA -Good Rotate -Params @{ Stage = 'Create' } -Bad $upnCorpus[$label] -Target $upnCorpus[$label]
}
Add-Case $c 'UPN: whitespace only' InvalidUserPrincipalName $IA -Good Rotate -Params @{ Stage = 'Create' } -Bad '   ' -Target ''
Add-Case $c 'UPN: empty string' ParameterArgumentValidationErrorEmptyStringNotAllowed $ID -Good Rotate -Params @{ Stage = 'Create' } -Bad '' -Target '' -ParamName UserPrincipalName
Add-Case $c 'UPN: $null' ParameterArgumentValidationErrorNullNotAllowed $ID -Good Rotate -Params @{ Stage = 'Create' } -Bad $null -NoTarget -ParamName UserPrincipalName
$rotIds = [ordered]@{ 'punctuation' = 'bad id!'; 'leading dot' = '.abc'; 'newline inside' = "LTAI`n1"; '10 KB' = $K10; 'empty cell' = ''; 'padded with spaces' = ' LTAI5tValidShape000001 ' }
foreach ($label in $rotIds.Keys) {
    Add-Case $c "AccessKeyId: $label" InvalidAccessKeyId $IA -Good Rotate -Params @{ Stage = 'Create' } -Bad ([ordered]@{ UserPrincipalName = '{USER}'; AccessKeyId = $rotIds[$label] }) -Target '{USER}'
}
Add-Case $c 'AccessKeyId: trailing newline' InvalidAccessKeyId $IA -Good Rotate -Params @{ Stage = 'Create' } -Bad ([ordered]@{ UserPrincipalName = '{USER}'; AccessKeyId = "LTAI5tValidShape000001`n" }) -Target '{USER}' -Bug $anchorBug
Add-Case $c '-Stage Rotate' CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ UserPrincipalName = '{USER}'; Stage = 'Rotate' } -NoTarget -ParamName Stage
Add-Case $c '-Stage 7' CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ UserPrincipalName = '{USER}'; Stage = 7 } -NoTarget -ParamName Stage
Add-Case $c '-Stage empty' CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ UserPrincipalName = '{USER}'; Stage = '' } -NoTarget -ParamName Stage
Add-Case $c '-Context a string' CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ UserPrincipalName = '{USER}'; Stage = 'Create'; Context = 'abc' } -NoTarget -ParamName Context

# ---------------------------------------------------------------- Get-AliyunCredentialReport
$c = 'Get-AliyunCredentialReport'
Add-Case $c '-PageSize abc' CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ PageSize = 'abc' } -NoTarget -ParamName PageSize
Add-Case $c '-TimeoutSec abc' CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ TimeoutSec = 'abc' } -NoTarget -ParamName TimeoutSec
Add-Case $c '-Context a string' CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ Context = 'abc' } -NoTarget -ParamName Context
