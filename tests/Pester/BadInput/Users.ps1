# Bad-input cases for the RAM user cmdlets (dot-sourced by BadInput/Cases.ps1).
# ---------------------------------------------------------------- Get-AliyunRamUser
$c = 'Get-AliyunRamUser'
# The whole corpus goes through New-AliyunRamUser below; reading takes a wide sample of it.
$readSample = 'no @', 'empty domain part', 'space in the name', 'name of 65', 'UPN of 129', 'CJK name', 'NUL', 'CRLF header injection', 'unicode domain', '10 KB'
foreach ($label in $readSample) {
    Add-Case $c "UPN: $label" InvalidUserPrincipalName $IA -Good UpnRead -Bad $upnCorpus[$label] -Target $upnCorpus[$label]
}
Add-Case $c 'UPN: empty string' InvalidUserPrincipalName $IA -Good UpnRead -Bad '' -Target ''
Add-Case $c 'UPN: whitespace only' InvalidUserPrincipalName $IA -Good UpnRead -Bad '   ' -Target '   '
Add-Case $c 'UPN: newline before @' InvalidUserPrincipalName $IA -Good UpnRead -Bad "bob`n@$D" -Target "bob`n@$D" -Bug $anchorBug
Add-Case $c 'UPN: an array of two bad names in one item' InvalidUserPrincipalName $IA -Good UpnRead -Bad @('a', 'b') -NoTarget -ErrorCount 2
Add-Case $c 'UPN: $null piped' InvalidUserPrincipalName $IA -Good UpnRead -Bad $null -NoTarget -Bug 'a $null UPN in the pipeline lists every user of the account'
Add-Case $c 'UPN: row whose UserPrincipalName is $null' InvalidUserPrincipalName $IA -Good UpnRead -Bad ([ordered]@{ UserPrincipalName = $null }) -NoTarget -Bug 'a row with a $null UPN lists every user of the account'
Add-Case $c 'UPN: invalid wildcard pattern ab[c' InvalidUserPrincipalName $IA -Good UpnRead -Bad 'ab[c' -Target 'ab[c' -Bug 'an invalid wildcard pattern is sent (ListUsers), then fails as RuntimeException/NotSpecified and stops the pipeline'
Add-Case $c 'UPN: invalid wildcard pattern bob[@domain' InvalidUserPrincipalName $IA -Good UpnRead -Bad "bob[@$D" -Target "bob[@$D" -Bug 'an invalid wildcard pattern is sent (ListUsers), then fails as RuntimeException/NotSpecified and stops the pipeline'
$userIds = [ordered]@{ 'letters' = 'abc'; 'negative' = '-1'; 'fullwidth digits' = '１２３'; '65 digits' = '1' * 65; 'leading space' = ' 12'; '10 KB of digits' = '1' * 10240 }
foreach ($label in $userIds.Keys) {
    Add-Case $c "UserId: $label" InvalidUserId $IA -Good UserIdRow -Bad ([ordered]@{ UserId = $userIds[$label] }) -Target $userIds[$label]
}
Add-Case $c 'UserId: trailing newline' InvalidUserId $IA -Good UserIdRow -Bad ([ordered]@{ UserId = "12`n" }) -Target "12`n" -Bug $anchorBug
# PowerShell cannot bind the hashtable to -UserId, so it binds the whole row to -UserPrincipalName as text.
Add-Case $c 'UserId: a hashtable' InvalidUserPrincipalName $IA -Good UserIdRow -Bad ([ordered]@{ UserId = @{ a = 1 } }) -Target $upnRow
Add-Case $c 'UserId: empty cell' ParameterArgumentValidationErrorEmptyStringNotAllowed $ID -Good UserIdRow -Bad ([ordered]@{ UserId = '' }) -Target '<row>' -ParamName UserId
Add-Case $c 'UserId: $null cell' ParameterArgumentValidationErrorNullNotAllowed $ID -Good UserIdRow -Bad ([ordered]@{ UserId = $null }) -Target '<row>' -ParamName UserId
Add-Case $c 'UserId: empty array' ParameterArgumentValidationErrorEmptyArrayNotAllowed $ID -Good UserIdRow -Bad ([ordered]@{ UserId = @() }) -Target '<row>' -ParamName UserId
foreach ($label in 'punctuation', 'leading dot', '129 characters', 'newline inside', 'dotted capital I', '10 KB') {
    Add-Case $c "AccessKeyId: $label" InvalidAccessKeyId $IA -Good KeyIdLookupRow -Bad ([ordered]@{ AccessKeyId = $keyIdCorpus[$label] }) -Target $keyIdCorpus[$label]
}
Add-Case $c 'AccessKeyId: whitespace only' InvalidAccessKeyId $IA -Good KeyIdLookupRow -Bad ([ordered]@{ AccessKeyId = '   ' }) -Target '   '
Add-Case $c 'AccessKeyId: trailing newline' InvalidAccessKeyId $IA -Good KeyIdLookupRow -Bad ([ordered]@{ AccessKeyId = "LTAI5tValidShape000001`n" }) -Target "LTAI5tValidShape000001`n" -Bug $anchorBug
Add-Case $c 'AccessKeyId: empty cell' ParameterArgumentValidationErrorEmptyStringNotAllowed $ID -Good KeyIdLookupRow -Bad ([ordered]@{ AccessKeyId = '' }) -Target '<row>' -ParamName AccessKeyId
Add-Case $c '-PageSize ten' CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ PageSize = 'ten' } -NoTarget -ParamName PageSize
Add-Case $c '-PageSize 9999999999' CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ PageSize = 9999999999 } -NoTarget -ParamName PageSize
Add-Case $c '-Context a string' CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ Context = 'abc' } -NoTarget -ParamName Context
Add-Case $c '-UserId and -AccessKeyId together' AmbiguousParameterSet $IA -Mode Param -Params @{ UserId = '1'; AccessKeyId = 'LTAI1' } -NoTarget
Add-Case $c '-PageSize with -UserId' AmbiguousParameterSet $IA -Mode Param -Params @{ UserId = '1'; PageSize = 5 } -NoTarget
foreach ($v in 'Suspended', 'freeze', 2) { Add-Case $c "-Status $v" CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ Status = $v } -NoTarget -ParamName Status }
Add-Case $c '-Status with -UserId' AmbiguousParameterSet $IA -Mode Param -Params @{ UserId = '1'; Status = 'Frozen' } -NoTarget
Add-Case $c 'UPN with -Status: space in the name' InvalidUserPrincipalName $IA -Mode Param -Params @{ UserPrincipalName = "bad name@$D"; Status = 'Active' } -Target "bad name@$D"

# ---------------------------------------------------------------- New-AliyunRamUser
$c = 'New-AliyunRamUser'
foreach ($label in $upnCorpus.Keys) {
    Add-Case $c "UPN: $label" InvalidUserPrincipalName $IA -Good NewUserRow -Bad ([ordered]@{ UserPrincipalName = $upnCorpus[$label] }) -Target $upnCorpus[$label]
}
Add-Case $c 'UPN: whitespace only' InvalidUserPrincipalName $IA -Good NewUserRow -Bad ([ordered]@{ UserPrincipalName = '   ' }) -Target ''
Add-Case $c 'UPN: newline before @, with a DisplayName' InvalidUserPrincipalName $IA -Good NewUserRow -Bad ([ordered]@{ UserPrincipalName = "bob`n@$D"; DisplayName = 'Bob' }) -Target "bob`n@$D" -Bug $anchorBug
Add-Case $c 'UPN: newline before @, no DisplayName' InvalidUserPrincipalName $IA -Good NewUserRow -Bad ([ordered]@{ UserPrincipalName = "bob`n@$D" }) -Target "bob`n@$D" -Bug "$anchorBug; the error blames the DisplayName nobody gave"
Add-Case $c 'UPN: empty cell' ParameterArgumentValidationErrorEmptyStringNotAllowed $ID -Good NewUserRow -Bad ([ordered]@{ UserPrincipalName = '' }) -Target '<row>' -ParamName UserPrincipalName
Add-Case $c 'UPN: $null cell' InvalidUserPrincipalName $IA -Good NewUserRow -Bad ([ordered]@{ UserPrincipalName = $null }) -Target $upnRow -Message $noUpn -Bug $rowTextBug
# A value PowerShell would have to convert loses to the row's own text (binding by value with conversion comes first).
Add-Case $c 'UPN: a hashtable' InvalidUserPrincipalName $IA -Good NewUserRow -Bad ([ordered]@{ UserPrincipalName = @{ a = 1 } }) -Target $upnRow
Add-Case $c 'UPN: a number' InvalidUserPrincipalName $IA -Good NewUserRow -Bad ([ordered]@{ UserPrincipalName = 42 }) -Target $upnRow
Add-Case $c 'UPN: an array' InvalidUserPrincipalName $IA -Good NewUserRow -Bad ([ordered]@{ UserPrincipalName = @('a', 'b') }) -Target $upnRow
foreach ($label in 'no @', 'space in the name', 'CRLF header injection', '10 KB') {
    Add-Case $c "UPN piped as text: $label" InvalidUserPrincipalName $IA -Good NewUserValue -Bad $upnCorpus[$label] -Target $upnCorpus[$label]
}
Add-Case $c 'UPN piped as text: $null' ParameterArgumentValidationErrorNullNotAllowed $ID -Good NewUserValue -Bad $null -NoTarget -ParamName UserPrincipalName
Add-Case $c 'UPN piped as text: empty' ParameterArgumentValidationErrorEmptyStringNotAllowed $ID -Good NewUserValue -Bad '' -Target '' -ParamName UserPrincipalName
$displayNames = [ordered]@{ '25 characters' = 'd' * 25; '10 KB' = $K10; 'tab' = "a`tb"; 'NUL' = "a`0b"; 'ANSI escape' = "`e[31mred"; 'a hashtable (28 characters as text)' = @{ a = 1 } }
foreach ($label in $displayNames.Keys) {
    Add-Case $c "DisplayName: $label" InvalidDisplayName $IA -Good NewUserRow -Bad ([ordered]@{ UserPrincipalName = '{FRESH}'; DisplayName = $displayNames[$label] }) -Target '{FRESH}'
}
$comments = [ordered]@{ '129 characters' = 'c' * 129; '10 KB' = $K10; 'newline' = "line1`nline2"; 'ANSI clear screen' = "`e[2J" }
foreach ($label in $comments.Keys) {
    Add-Case $c "Comments: $label" InvalidComments $IA -Good NewUserRow -Bad ([ordered]@{ UserPrincipalName = '{FRESH}'; Comments = $comments[$label] }) -Target '{FRESH}'
}
$emails = [ordered]@{ 'no @' = 'not-an-email'; 'no dot in the domain' = 'a@b'; 'space' = 'a b@c.com'; 'two @' = 'a@@b.com'
    'local part of 65' = ('a' * 65) + '@b.com'; '129 characters' = ('a' * 60) + '@' + ('b' * 64) + '.com'; '10 KB' = $K10; 'a hashtable' = @{ a = 1 } }
foreach ($label in $emails.Keys) {
    Add-Case $c "Email: $label" InvalidEmail $IA -Good NewUserRow -Bad ([ordered]@{ UserPrincipalName = '{FRESH}'; Email = $emails[$label] }) -Target '{FRESH}'
}
$phones = [ordered]@{ 'no country code' = '12345'; 'number too short' = '86-123'; 'plus sign' = '+86-18600008888'; 'letter' = '86-1860000888a'
    'country code of 5' = '12345-12345678'; 'fullwidth digits' = '８６-18600008888'; '10 KB' = $K10; 'a number' = 86 }
foreach ($label in $phones.Keys) {
    Add-Case $c "MobilePhone: $label" InvalidMobilePhone $IA -Good NewUserRow -Bad ([ordered]@{ UserPrincipalName = '{FRESH}'; MobilePhone = $phones[$label] }) -Target '{FRESH}'
}
$tags21 = @{}; 1..21 | ForEach-Object { $tags21["k$_"] = 'v' }
$tagTables = [ordered]@{
    '21 tags'                   = $tags21
    'blank key'                 = @{ ' ' = 'v' }
    'key aliyun-x'              = @{ 'aliyun-x' = 'v' }
    'key Aliyun (any case)'     = @{ 'Aliyun' = 'v' }
    'key ACS:X (upper case)'    = @{ 'ACS:X' = 'v' }
    'key of 129'                = @{ ('k' * 129) = 'v' }
    'value of 129'              = @{ k = 'v' * 129 }
    'tab in the value'          = @{ k = "v`t" }
    'value of 10 KB'            = @{ k = $K10 }
    'key with http://'          = @{ 'see http://x' = 'v' }
    'key with HTTPS://'         = @{ 'HTTPS://x' = 'v' }
    'value starting acs:'       = @{ k = 'acs:x' }
    'value with https://'       = @{ k = 'at https://example.com' }
}
foreach ($label in $tagTables.Keys) {
    Add-Case $c "Tag hashtable: $label" InvalidTag $IA -Good NewUserRow -Bad ([ordered]@{ UserPrincipalName = '{FRESH}'; Tag = $tagTables[$label] }) -Target '{FRESH}'
}
Add-Case $c 'Tag hashtable: a value that is an array' InvalidTag $IA -Good NewUserRow -Bad ([ordered]@{ UserPrincipalName = '{FRESH}'; Tag = @{ team = @('a', 'b') } }) -Target '{FRESH}' -Bug 'a collection as a tag value is sent as the text System.Object[]'
foreach ($text in 'novalue', '=v', 'k=v;bad') {
    Add-Case $c "Tag text: '$text'" ParameterArgumentTransformationError $ID -Good NewUserRow -Bad ([ordered]@{ UserPrincipalName = '{FRESH}'; Tag = $text }) -Target '<row>' -ParamName Tag
}
$tagTexts = [ordered]@{ '21 pairs' = ((1..21 | ForEach-Object { "k$_=v" }) -join ';'); 'control character' = "k=v`u{0001}"; 'reserved aliyun:' = 'aliyun:x=1'
    'reserved acs:' = 'acs:x=1'; 'value of 10 KB' = 'k=' + $K10 }
foreach ($label in $tagTexts.Keys) {
    Add-Case $c "Tag text: $label" InvalidTag $IA -Good NewUserRow -Bad ([ordered]@{ UserPrincipalName = '{FRESH}'; Tag = $tagTexts[$label] }) -Target '{FRESH}'
}
$tagTypes = [ordered]@{ 'a number' = 42; 'an array of text' = @('a=b'); 'a boolean' = $true }
foreach ($label in $tagTypes.Keys) {
    Add-Case $c "Tag: $label" ParameterArgumentTransformationError $ID -Good NewUserRow -Bad ([ordered]@{ UserPrincipalName = '{FRESH}'; Tag = $tagTypes[$label] }) -Target '<row>' -ParamName Tag
}
# CSV rows as Import-Csv makes them: missing, misspelt, short and extra columns.
$csv = [ordered]@{
    'no UserPrincipalName column'             = @{ Text = "DisplayName,Comments`nBob,x"; Id = 'InvalidUserPrincipalName'; Cat = $IA; Target = $upnRow; Bug = $rowTextBug; Message = $noUpn }
    'misspelt column UserPrincipleName'       = @{ Text = "UserPrincipleName,DisplayName`n{FRESH},Bob"; Id = 'InvalidUserPrincipalName'; Cat = $IA; Target = $upnRow; Bug = $rowTextBug; Message = $noUpn }
    'row shorter than the header'             = @{ Text = "DisplayName,UserPrincipalName`nBob"; Id = 'InvalidUserPrincipalName'; Cat = $IA; Target = $upnRow; Bug = $rowTextBug; Message = $noUpn }
    'empty UserPrincipalName cell'            = @{ Text = "UserPrincipalName,DisplayName`n,Bob"; Id = 'ParameterArgumentValidationErrorEmptyStringNotAllowed'; Cat = $ID; Target = '<row>' }
    'extra Tags column with bad text'         = @{ Text = "UserPrincipalName,Tags`n{FRESH},novalue"; Id = 'ParameterArgumentTransformationError'; Cat = $ID; Target = '<row>' }
    'more cells than headers, bad Email'      = @{ Text = "UserPrincipalName,Email`n{FRESH},bad,extra1,extra2"; Id = 'InvalidEmail'; Cat = $IA; Target = '{FRESH}' }
    'quoted DisplayName with a line break'    = @{ Text = "UserPrincipalName,DisplayName`n{FRESH},`"Line1`nLine2`""; Id = 'InvalidDisplayName'; Cat = $IA; Target = '{FRESH}' }
    'extra unknown columns, bad MobilePhone'  = @{ Text = "UserPrincipalName,Department,MobilePhone,Manager`n{FRESH},Ops,12345,alice"; Id = 'InvalidMobilePhone'; Cat = $IA; Target = '{FRESH}' }
}
foreach ($label in $csv.Keys) {
    $row = @($csv[$label].Text | ConvertFrom-Csv)[0]
    Add-Case $c "CSV row: $label" $csv[$label].Id $csv[$label].Cat -Good NewUserRow -Bad $row -Target $csv[$label].Target -Bug $csv[$label].Bug -Message $csv[$label].Message
}
Add-Case $c 'CSV row: an empty object' ParameterArgumentValidationErrorEmptyStringNotAllowed $ID -Good NewUserRow -Bad ([ordered]@{}) -Target '<rowtext>' -ParamName UserPrincipalName
$userNames = [ordered]@{ 'space' = 'a b'; 'a whole UPN' = "a@$D"; '65 characters' = 'n' * 65; 'accented' = 'josé'; 'whitespace only' = '   ' }
foreach ($label in $userNames.Keys) {
    Add-Case $c "UserName: $label" InvalidUserName $IA -Good NewUserNameRow -Bad ([ordered]@{ UserName = $userNames[$label] }) -Target $userNames[$label]
}
Add-Case $c 'UserName: trailing newline' InvalidUserName $IA -Good NewUserNameRow -Bad ([ordered]@{ UserName = "bob`n" }) -Target "bob`n" -Bug $anchorBug
Add-Case $c 'UserName: empty cell' ParameterArgumentValidationErrorEmptyStringNotAllowed $ID -Good NewUserNameRow -Bad ([ordered]@{ UserName = '' }) -Target '<row>' -ParamName UserName
Add-Case $c 'UserName: $null cell' InvalidUserPrincipalName $IA -Good NewUserNameRow -Bad ([ordered]@{ UserName = $null }) -Target $upnRow -Message '\b(no|missing|empty|without)\b.{0,60}\b(UserName|UserPrincipalName)\b' -Bug $rowTextBug
Add-Case $c '-ThrottleLimit abc' CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ UserPrincipalName = '{FRESH}'; ThrottleLimit = 'abc' } -NoTarget -ParamName ThrottleLimit
Add-Case $c '-ThrottleLimit 2147483648' CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ UserPrincipalName = '{FRESH}'; ThrottleLimit = 2147483648 } -NoTarget -ParamName ThrottleLimit
Add-Case $c '-UserPrincipalName an array' CannotConvertArgument $IA -Mode Param -Params @{ UserPrincipalName = @('a', 'b') } -NoTarget -ParamName UserPrincipalName
Add-Case $c '-UserPrincipalName with -UserName' AmbiguousParameterSet $IA -Mode Param -Params @{ UserPrincipalName = '{FRESH}'; UserName = 'x' } -NoTarget
Add-Case $c '-Tag 42' ParameterArgumentTransformationError $ID -Mode Param -Params @{ UserPrincipalName = '{FRESH}'; Tag = 42 } -NoTarget -ParamName Tag
Add-Case $c '-Context a string' CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ UserPrincipalName = '{FRESH}'; Context = 'abc' } -NoTarget -ParamName Context

# ---------------------------------------------------------------- Set-AliyunRamUser
$c = 'Set-AliyunRamUser'
foreach ($label in $upnSubset) {
    Add-Case $c "UPN: $label" InvalidUserPrincipalName $IA -Good SetUserValue -Params @{ DisplayName = 'Renamed'; PassThru = $true } -Bad $upnCorpus[$label] -Target $upnCorpus[$label]
}
Add-Case $c 'UPN: whitespace only' InvalidUserPrincipalName $IA -Good SetUserValue -Params @{ DisplayName = 'Renamed'; PassThru = $true } -Bad '   ' -Target ''
Add-Case $c 'UPN: empty string' ParameterArgumentValidationErrorEmptyStringNotAllowed $ID -Good SetUserValue -Params @{ DisplayName = 'Renamed'; PassThru = $true } -Bad '' -Target '' -ParamName UserPrincipalName
Add-Case $c 'UPN: $null' ParameterArgumentValidationErrorNullNotAllowed $ID -Good SetUserValue -Params @{ DisplayName = 'Renamed'; PassThru = $true } -Bad $null -NoTarget -ParamName UserPrincipalName
foreach ($label in 'no @', 'space in the name', 'name of 65', '10 KB', 'CRLF header injection') {
    Add-Case $c "NewUserPrincipalName: $label" InvalidUserPrincipalName $IA -Good SetUserRow -Params @{ PassThru = $true } -Bad ([ordered]@{ UserPrincipalName = '{USER}'; NewUserPrincipalName = $upnCorpus[$label] }) -Target '{USER}'
}
foreach ($label in '25 characters', 'tab', '10 KB', 'ANSI escape') {
    Add-Case $c "DisplayName: $label" InvalidDisplayName $IA -Good SetUserRow -Params @{ PassThru = $true } -Bad ([ordered]@{ UserPrincipalName = '{USER}'; DisplayName = $displayNames[$label] }) -Target '{USER}'
}
foreach ($label in '129 characters', 'newline', '10 KB') {
    Add-Case $c "Comments: $label" InvalidComments $IA -Good SetUserRow -Params @{ PassThru = $true } -Bad ([ordered]@{ UserPrincipalName = '{USER}'; Comments = $comments[$label] }) -Target '{USER}'
}
foreach ($label in 'no dot in the domain', '10 KB') {
    Add-Case $c "Email: $label" InvalidEmail $IA -Good SetUserRow -Params @{ PassThru = $true } -Bad ([ordered]@{ UserPrincipalName = '{USER}'; Email = $emails[$label] }) -Target '{USER}'
}
foreach ($label in 'no country code', 'plus sign') {
    Add-Case $c "MobilePhone: $label" InvalidMobilePhone $IA -Good SetUserRow -Params @{ PassThru = $true } -Bad ([ordered]@{ UserPrincipalName = '{USER}'; MobilePhone = $phones[$label] }) -Target '{USER}'
}
Add-Case $c 'a row with nothing to change' NothingToChange $IA -Good SetUserRow -Params @{ PassThru = $true } -Bad ([ordered]@{ UserPrincipalName = '{USER}' }) -Target '{USER}'
Add-Case $c '-Context a string' CannotConvertArgumentNoMessage $IA -Mode Param -Params @{ UserPrincipalName = '{USER}'; DisplayName = 'x'; Context = 'abc' } -NoTarget -ParamName Context

# ---------------------------------------------------------------- Remove-AliyunRamUser
$c = 'Remove-AliyunRamUser'
foreach ($label in $upnSubset) {
    Add-Case $c "UPN: $label" InvalidUserPrincipalName $IA -Good RemoveUser -Params @{ Confirm = $false } -Bad $upnCorpus[$label] -Target $upnCorpus[$label]
}
Add-Case $c 'UPN: whitespace only' InvalidUserPrincipalName $IA -Good RemoveUser -Params @{ Confirm = $false } -Bad '   ' -Target ''
Add-Case $c 'UPN: empty string' ParameterArgumentValidationErrorEmptyStringNotAllowed $ID -Good RemoveUser -Params @{ Confirm = $false } -Bad '' -Target '' -ParamName UserPrincipalName
Add-Case $c 'UPN: $null' ParameterArgumentValidationErrorNullNotAllowed $ID -Good RemoveUser -Params @{ Confirm = $false } -Bad $null -NoTarget -ParamName UserPrincipalName
