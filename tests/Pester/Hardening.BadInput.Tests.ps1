# Hardening: a corpus of malformed input for every cmdlet. Each case is its own test and checks
# that the input is refused with a clear ErrorRecord — the exact ErrorId, the category, the input
# as TargetObject where the module made the error — that nothing reaches the service, and that a
# pipeline carrying it between two good inputs goes on and processes both.
#
# Cases with a Bug note name a product bug this corpus found (since fixed): they guard against its return.
#
# A bad value for a parameter given by name that PowerShell's own attributes refuse (ValidateRange,
# ValidateNotNullOrEmpty, Mandatory) is not a case here: ParameterContract.Tests.ps1 pins every
# parameter's attributes, and the binder enforces them. Piped rows stay here: what they test is
# that the rest of the pipeline goes on and where the error points.
BeforeDiscovery {
    $D = 'example.onaliyun.com'   # the emulator's default domain (checked in BeforeAll)
    $K10 = 'x' * 10240
    $IA = 'InvalidArgument'
    $ID = 'InvalidData'
    $script:AllCases = [System.Collections.Generic.List[hashtable]]::new()

    # One case. Mode Pipe: $Bad is piped between two good inputs of kind $Good (with $Params on
    # the command line). Mode Param: the command runs once with $Params and must fail on its own.
    # Placeholders, filled in at run time: {FRESH} a new UPN, {FRESHNAME} its name part, {USER} an
    # existing user, {KEYID} one of its keys, {D} the domain, {ENDPOINT} the emulator, {CALLER} the
    # connected RAM user's PSCredential; @{ __cred = id, secret } a PSCredential; @{ __listedkey = 1 }
    # a key from Get-AliyunAccessKey; an [ordered] dictionary becomes a [pscustomobject] row.
    function Add-Case {
        param(
            [string] $Cmdlet, [string] $Name, [string] $Id, [string] $Category,
            [string] $Mode = 'Pipe', [string] $Good = $null, $Bad = $null, [hashtable] $Params = @{},
            $Target = $null, [switch] $NoTarget, [string] $TargetLike = $null, [string] $ParamName = $null,
            [int] $ErrorCount = 1, [string] $Bug = $null, [string] $Message = $null)
        $script:AllCases.Add(@{
                Cmdlet = $Cmdlet; Name = $Name; Id = $Id; Category = $Category; Mode = $Mode; Good = $Good
                Bad = $Bad; Params = $Params; Target = $Target; HasTarget = -not $NoTarget; TargetLike = $TargetLike
                ParamName = $ParamName; ErrorCount = $ErrorCount; Bug = $Bug; Message = $Message
            })
    }

    $upnCorpus = [ordered]@{
        'no @'                  = 'no-at-sign'
        'two @ in a row'        = "two@@$D"
        'two @ apart'           = "a@b@$D"
        'empty name part'       = "@$D"
        'empty domain part'     = 'bob@'
        'space in the name'     = "bad name@$D"
        'punctuation'           = "bob!@$D"
        'quotes'                = "`"bob`"@$D"
        'semicolon'             = "bob;x@$D"
        'percent escape'        = "bob%00@$D"
        'name of 65'            = ('x' * 65) + "@$D"
        'UPN of 129'            = ('x' * 64) + '@' + ('d' * 60) + '.com'
        'accented letter'       = "josé@$D"
        'CJK name'              = "用户@$D"
        'tab'                   = "bo`tb@$D"
        'NUL'                   = "bo`0b@$D"
        'zero-width space'      = "bob`u{200B}@$D"
        'RTL override'          = "bob`u{202E}@$D"
        'CRLF header injection' = "bob@$D`r`nX-Injected: 1"
        'unicode domain'        = 'bob@exämple.onaliyun.com'
        'domain starts with -'  = 'bob@-bad.onaliyun.com'
        'single-label domain'   = 'bob@localhost'
        'domain starts with .'  = 'bob@.onaliyun.com'
        'empty domain label'    = 'bob@example..com'
        'trailing dot'          = "bob@$D."
        'underscore in domain'  = 'bob@exam_ple.com'
        'space in the domain'   = 'bob@exa mple.com'
        '10 KB'                 = $K10
        '10 KB with @'          = ('x' * 5000) + '@' + ('d' * 5000) + '.com'
    }
    $upnSubset = 'no @', 'space in the name', 'name of 65', 'RTL override', 'CRLF header injection', '10 KB'
    # Regex '$' also matches before a final newline: each of these slips through a '...$' pattern.
    $anchorBug = 'the validation pattern ends in $, which also matches before a trailing newline (use \z)'
    # Since -UserPrincipalName / -AccessKeyId also bind ValueFromPipeline, PowerShell turns a row it
    # cannot bind by property into its text '@{...}' and binds that: a missing or empty column is then
    # reported as a malformed value quoting the row, not as the missing column it is.
    $rowTextBug = 'a row without a usable value is bound as its text @{...}: the error quotes the row as a malformed value instead of saying the column is missing or empty'
    $noUpn = '\b(no|missing|empty|without)\b.{0,60}\bUserPrincipalName\b|\bUserPrincipalName\b.{0,60}\b(missing|empty|no value)\b'
    $noKeyId = '\b(no|missing|empty|without)\b.{0,60}\bAccessKeyId\b|\bAccessKeyId\b.{0,60}\b(missing|empty|no value)\b'
    # Such a row's text holds its other columns (a secret, say): the target names the missing column instead.
    $upnRow = '(piped row without UserPrincipalName)'
    $keyIdRow = '(piped row without AccessKeyId)'

    $keyIdCorpus = [ordered]@{
        'punctuation'        = 'bad id!'
        'leading dot'        = '.abc'
        '129 characters'     = 'L' * 129
        'tab inside'         = "LTAI`t1"
        'newline inside'     = "LTAI`n1"
        'hyphen'             = 'LTAI-1'
        'underscore'         = 'LTAI_1'
        'dotted capital I'   = 'LTAİ1'
        'CJK'                = '用户'
        '10 KB'              = $K10
    }

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

    # ---------------------------------------------------------------- Connect-AliyunAccount
    # Every case carries a valid credential and the emulator's endpoints unless it is about them,
    # so nothing could fall through to the default chain or the real metadata address.
    $c = 'Connect-AliyunAccount'
    $base = @{ Credential = '{CALLER}'; Endpoint = '{ENDPOINT}'; MetadataEndpoint = '{ENDPOINT}' }
    $endpoints = [ordered]@{
        'relative'                 = @{ Value = 'ims'; Like = 'ims' }
        'empty'                    = @{ Value = ''; Like = '' }
        'plain http, not loopback' = @{ Value = 'http://192.0.2.1/'; Like = '*192.0.2.1*' }
        'ftp on loopback'          = @{ Value = 'ftp://127.0.0.1/'; Like = 'ftp://127.0.0.1*' }
        'file URI'                 = @{ Value = 'file:///etc/passwd'; Like = 'file:*' }
        '0.0.0.0'                  = @{ Value = 'http://0.0.0.0/'; Like = '*0.0.0.0*' }
        'name that starts 127.0.0.1' = @{ Value = 'http://127.0.0.1.nip.io/'; Like = '*nip.io*' }
        'user info in the URL'     = @{ Value = 'http://user:pw@192.0.2.1/'; Like = '*192.0.2.1*' }
    }
    foreach ($label in $endpoints.Keys) {
        $p = $base.Clone()
        $p.Endpoint = $endpoints[$label].Value
        if ($endpoints[$label].Like) {
            Add-Case $c "-Endpoint $label" InvalidConnectionParameter $IA -Mode Param -Params $p -TargetLike $endpoints[$label].Like
        } else {
            Add-Case $c "-Endpoint $label" InvalidConnectionParameter $IA -Mode Param -Params $p -NoTarget
        }
    }
    Add-Case $c '-StsEndpoint plain http, not loopback' InvalidConnectionParameter $IA -Mode Param -Params ($base + @{ StsEndpoint = 'http://192.0.2.1/' }) -TargetLike '*192.0.2.1*'
    Add-Case $c '-Credential with a blank AccessKey ID' InvalidCredential $IA -Mode Param -Params @{ Credential = @{ __cred = ' ', 'secret' }; Endpoint = '{ENDPOINT}'; MetadataEndpoint = '{ENDPOINT}' } -Target 'Credential'
    Add-Case $c '-Credential with an empty secret' InvalidCredential $IA -Mode Param -Params @{ Credential = @{ __cred = 'LTAI5tValidShape000001', '' }; Endpoint = '{ENDPOINT}'; MetadataEndpoint = '{ENDPOINT}' } -Target 'Credential'
    $connectSent = 'an AccessKey ID that cannot be one is sent to STS (GetCallerIdentity)'
    Add-Case $c '-Credential whose ID has punctuation' InvalidCredential $IA -Mode Param -Params @{ Credential = @{ __cred = 'bad id!', 'secret' }; Endpoint = '{ENDPOINT}'; MetadataEndpoint = '{ENDPOINT}' } -Target 'Credential' -Bug $connectSent
    Add-Case $c '-Credential whose ID has CR LF' InvalidCredential $IA -Mode Param -Params @{ Credential = @{ __cred = "LTAI`r`nX-Injected: 1", 'secret' }; Endpoint = '{ENDPOINT}'; MetadataEndpoint = '{ENDPOINT}' } -Target 'Credential' -Bug 'an AccessKey ID with CR/LF goes into the Authorization header; the error is a vague ConnectFailed.UnreadableResponse'
    Add-Case $c '-Credential whose ID is 10 KB' InvalidCredential $IA -Mode Param -Params @{ Credential = @{ __cred = $K10, 'secret' }; Endpoint = '{ENDPOINT}'; MetadataEndpoint = '{ENDPOINT}' } -Target 'Credential' -Bug $connectSent
    Add-Case $c '-SecurityToken as plain text' CannotConvertArgumentNoMessage $IA -Mode Param -Params ($base + @{ SecurityToken = 'token' }) -NoTarget -ParamName SecurityToken
    foreach ($arn in 'arn', 'acs:ram::123:user/x', '') {
        Add-Case $c "-RoleArn '$arn'" ParameterArgumentValidationError $ID -Mode Param -Params ($base + @{ RoleArn = $arn }) -NoTarget -ParamName RoleArn
    }
    Add-Case $c '-RoleArn with a 10 KB role name' ParameterArgumentValidationError $ID -Mode Param -Params ($base + @{ RoleArn = 'acs:ram::1234567890123456:role/' + $K10 }) -NoTarget -ParamName RoleArn -Bug 'a role name of 10 KB passes -RoleArn''s pattern and is sent; the answer is a vague ConnectFailed.UnreadableResponse'
    foreach ($name in 'a', 'a b', ('s' * 65)) {
        Add-Case $c "-RoleSessionName '$(if ($name.Length -gt 20) { 's' * 3 + '… (65)' } else { $name -replace "`n", '\n' })'" ParameterArgumentValidationError $ID -Mode Param -Params ($base + @{ RoleArn = 'acs:ram::1234567890123456:role/test-role'; RoleSessionName = $name }) -NoTarget -ParamName RoleSessionName
    }
    Add-Case $c "-RoleSessionName with a trailing newline" ParameterArgumentValidationError $ID -Mode Param -Params ($base + @{ RoleArn = 'acs:ram::1234567890123456:role/test-role'; RoleSessionName = "ab`n" }) -NoTarget -ParamName RoleSessionName -Bug $anchorBug
    Add-Case $c "-RoleArn with a trailing newline" ParameterArgumentValidationError $ID -Mode Param -Params ($base + @{ RoleArn = "acs:ram::1234567890123456:role/test-role`n" }) -NoTarget -ParamName RoleArn -Bug $anchorBug
    Add-Case $c '-DurationSeconds abc' CannotConvertArgumentNoMessage $IA -Mode Param -Params ($base + @{ DurationSeconds = 'abc' }) -NoTarget -ParamName DurationSeconds
    $roleBase = $base + @{ RoleArn = 'acs:ram::1234567890123456:role/test-role' }
    $externalIds = [ordered]@{ 'of 1 character' = 'a'; 'with a space' = 'ab cd'; 'of 1225 characters' = 'e' * 1225; 'with a newline' = "abcd`n"; 'of 10 KB' = $K10 }
    foreach ($label in $externalIds.Keys) {
        Add-Case $c "-ExternalId $label" ParameterArgumentValidationError $ID -Mode Param -Params ($roleBase + @{ ExternalId = $externalIds[$label] }) -NoTarget -ParamName ExternalId
    }
    $policies = [ordered]@{ 'not JSON' = '{"Version":"1",'; 'a JSON array' = '[]'; 'blank' = '   '; 'of 2049 bytes' = '{"x":"' + ('a' * 2041) + '"}'; 'of 10 KB' = '{"x":"' + $K10 + '"}' }
    foreach ($label in $policies.Keys) {
        Add-Case $c "-Policy $label" ParameterArgumentValidationError $ID -Mode Param -Params ($roleBase + @{ Policy = $policies[$label] }) -NoTarget -ParamName Policy
    }
    foreach ($name in 'Policy', 'ExternalId', 'RoleSessionName', 'DurationSeconds') {
        $value = @{ Policy = '{"Version":"1","Statement":[]}'; ExternalId = 'abcd'; RoleSessionName = 'alice'; DurationSeconds = 3600 }[$name]
        Add-Case $c "-$name without -RoleArn" InvalidConnectionParameter $IA -Mode Param -Params ($base + @{ $name = $value }) -Target $name
    }
    foreach ($v in 'Foo', 5) { Add-Case $c "-SignatureScheme $v" CannotConvertArgumentNoMessage $IA -Mode Param -Params ($base + @{ SignatureScheme = $v }) -NoTarget -ParamName SignatureScheme }
    Add-Case $c '-ProfileName with -SecretName' AmbiguousParameterSet $IA -Mode Param -Params @{ ProfileName = 'p'; SecretName = 's'; Endpoint = '{ENDPOINT}'; MetadataEndpoint = '{ENDPOINT}' } -NoTarget
    Add-Case $c '-Credential with -ProfileName' AmbiguousParameterSet $IA -Mode Param -Params ($base + @{ ProfileName = 'p' }) -NoTarget

    # ---------------------------------------------------------------- Disconnect-AliyunAccount, Get-AliyunContext
    foreach ($c in 'Disconnect-AliyunAccount', 'Get-AliyunContext') {
        Add-Case $c 'a positional argument' PositionalParameterNotFound $IA -Mode Param -Params @{ '__positional' = 'x' } -NoTarget
        Add-Case $c 'an unknown parameter' NamedParameterNotFound $IA -Mode Param -Params @{ Foo = 'x' } -NoTarget
        Add-Case $c '-Context (it takes none)' NamedParameterNotFound $IA -Mode Param -Params @{ Context = 'x' } -NoTarget
    }

    $script:Groups = $AllCases | Group-Object { $_.Cmdlet } | ForEach-Object { @{ Cmdlet = $_.Name; Cases = @($_.Group) } }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $StagedManifest -Force
    $script:SavedEnv = Get-ChildItem env: | Where-Object Name -like 'ALIBABA_CLOUD_*'
    $script:SavedHome = $env:HOME
    Get-ChildItem env: | Where-Object Name -like 'ALIBABA_CLOUD_*' | ForEach-Object { Remove-Item "env:$($_.Name)" }
    # Nothing here may reach the real ECS metadata address or a real profile.
    $env:ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true'
    $env:HOME = Join-Path $TestDrive 'home'
    New-Item -ItemType Directory -Path $env:HOME | Out-Null

    $script:Emulator = Start-TestEmulator
    $script:Domain = $Emulator.Domain
    $Domain | Should -Be 'example.onaliyun.com' -Because 'the cases are written for the emulator''s default domain'

    # The control endpoint through one HttpClient: Invoke-RestMethod costs ~5 ms a call, and
    # every case reads the counters twice.
    $script:Http = [System.Net.Http.HttpClient]::new()
    $script:CountersUri = [uri]::new($Emulator.Control, 'counters')
    $script:CredentialsUri = [uri]::new($Emulator.Control, 'credentials')
    function script:Get-Counters { $Http.GetStringAsync($CountersUri).GetAwaiter().GetResult() | ConvertFrom-Json }
    function script:New-EmulatorKey([string] $Upn) {
        $content = [System.Net.Http.StringContent]::new((@{ userPrincipalName = $Upn } | ConvertTo-Json -Compress), [Text.Encoding]::UTF8, 'application/json')
        $Http.PostAsync($CredentialsUri, $content).GetAwaiter().GetResult().EnsureSuccessStatusCode().Content.ReadAsStringAsync().GetAwaiter().GetResult() | ConvertFrom-Json
    }
    function script:ConvertTo-Credential([string] $Id, [string] $Secret) {
        $secure = [securestring]::new()
        foreach ($ch in $Secret.ToCharArray()) { $secure.AppendChar($ch) }
        [pscredential]::new($Id, $secure)
    }

    # Connected as a RAM user: every cmdlet works, and no root-key prompt can block a test.
    $callerKey = New-EmulatorKey "caller$(New-TestName)@$Domain"
    $script:CallerCredential = ConvertTo-Credential $callerKey.accessKeyId $callerKey.accessKeySecret
    Connect-AliyunAccount -Credential $CallerCredential -Endpoint $Emulator.Address -MetadataEndpoint $Emulator.Address
    $script:CallerArn = (Get-AliyunContext).Arn

    # Two users with two keys each: key 0 for Test-AliyunAccessKey, key 1 for Disable/Enable.
    $script:Fixture = foreach ($i in 1, 2) {
        $upn = "fix$i$(New-TestName)@$Domain"
        $k0 = New-EmulatorKey $upn
        $k1 = New-EmulatorKey $upn
        [pscustomobject]@{
            Upn        = $upn
            UserId     = (Get-AliyunRamUser $upn).UserId
            TestKey    = ConvertTo-Credential $k0.accessKeyId $k0.accessKeySecret
            ChangeKeyId = $k1.accessKeyId
        }
    }
    $script:ListedKey = @(Get-AliyunAccessKey $Fixture[0].Upn)[0]
    # Seeded users user000001… (no keys): fresh targets for New-AliyunAccessKey and Remove-AliyunRamUser.
    Add-EmulatorUsers $Emulator 400 | Out-Null
    $script:NextSeed = 0
    function script:Get-SeededUsers([int] $Count) { 1..$Count | ForEach-Object { $script:NextSeed++; 'user{0:D6}@{1}' -f $NextSeed, $Domain } }
    New-AliyunRamUser -UserName (New-TestName 'prime') | Out-Null   # caches the default domain

    function script:Expand($Value, [hashtable] $Ctx) {
        if ($null -eq $Value) { return , $null }
        if ($Value -is [string]) {
            switch ($Value) {
                '{ENDPOINT}' { return $Emulator.Address }
                '{CALLER}' { return $CallerCredential }
            }
            $s = $Value
            foreach ($k in $Ctx.Keys) { $s = $s.Replace("{$k}", [string]$Ctx[$k]) }
            return $s
        }
        if ($Value -is [System.Collections.Specialized.OrderedDictionary]) {
            $row = [ordered]@{}
            foreach ($k in $Value.Keys) { $row[$k] = Expand $Value[$k] $Ctx }
            return [pscustomobject]$row
        }
        if ($Value -is [hashtable] -and $Value.ContainsKey('__cred')) { return ConvertTo-Credential $Value.__cred[0] $Value.__cred[1] }
        if ($Value -is [hashtable] -and $Value.ContainsKey('__listedkey')) { return $ListedKey }
        if ($Value -is [System.Management.Automation.PSObject] -and $Value.PSObject.BaseObject -is [System.Management.Automation.PSCustomObject]) {
            $row = [ordered]@{}
            foreach ($p in $Value.PSObject.Properties) { $row[$p.Name] = Expand $p.Value $Ctx }
            return [pscustomobject]$row
        }
        , $Value
    }

    # Two good inputs of a kind, the action each sends once, and how to see they were processed.
    function script:New-GoodInputs([string] $Kind) {
        $fresh = { "good$(New-TestName)@$Domain" }
        switch ($Kind) {
            'UpnRead' {
                @{ Items = @($Fixture.Upn); Action = 'GetUser'; Expect = @($Fixture.Upn); Property = 'UserPrincipalName' }
            }
            'UserIdRow' {
                @{ Items = @($Fixture | ForEach-Object { [pscustomobject]@{ UserId = $_.UserId } }); Action = 'GetUser'; Expect = @($Fixture.Upn); Property = 'UserPrincipalName' }
            }
            'KeyIdLookupRow' {
                @{ Items = @($Fixture | ForEach-Object { [pscustomobject]@{ AccessKeyId = $_.ChangeKeyId } }); Action = 'GetUser'; Expect = @($Fixture.Upn); Property = 'UserPrincipalName' }
            }
            'NewUserRow' {
                $upns = @((& $fresh), (& $fresh))
                @{ Items = @($upns | ForEach-Object { [pscustomobject]@{ UserPrincipalName = $_ } }); Action = 'CreateUser'; Expect = $upns; Property = 'UserPrincipalName' }
            }
            'NewUserValue' {
                $upns = @((& $fresh), (& $fresh))
                @{ Items = $upns; Action = 'CreateUser'; Expect = $upns; Property = 'UserPrincipalName' }
            }
            'EnableValue' {
                # The caller's own key, enabled again: harmless, and an ID alone means the caller's key.
                @{ Items = @($CallerCredential.UserName, $CallerCredential.UserName); Action = 'UpdateAccessKey'; Expect = @() }
            }
            'NewUserNameRow' {
                $names = @((New-TestName 'good'), (New-TestName 'good'))
                @{ Items = @($names | ForEach-Object { [pscustomobject]@{ UserName = $_ } }); Action = 'CreateUser'; Expect = @($names | ForEach-Object { "$_@$Domain" }); Property = 'UserPrincipalName' }
            }
            'SetUserValue' {
                @{ Items = @($Fixture.Upn); Action = 'UpdateUser'; Expect = @($Fixture.Upn); Property = 'UserPrincipalName' }
            }
            'SetUserRow' {
                @{ Items = @($Fixture | ForEach-Object { [pscustomobject]@{ UserPrincipalName = $_.Upn; DisplayName = 'Good row' } }); Action = 'UpdateUser'; Expect = @($Fixture.Upn); Property = 'UserPrincipalName' }
            }
            'RemoveUser' {
                @{ Items = @(Get-SeededUsers 2); Action = 'DeleteUser'; Expect = @() }
            }
            'NewKey' {
                $upns = @(Get-SeededUsers 2)
                @{ Items = $upns; Action = 'CreateAccessKey'; Expect = $upns; Property = 'UserPrincipalName' }
            }
            'ListKeys' {
                @{ Items = @($Fixture.Upn); Action = 'ListAccessKeys'; Expect = @($Fixture.Upn); Property = 'UserPrincipalName' }
            }
            'ChangeKeyRow' {
                @{ Items = @($Fixture | ForEach-Object { [pscustomobject]@{ AccessKeyId = $_.ChangeKeyId; UserPrincipalName = $_.Upn } }); Action = 'UpdateAccessKey'; Expect = @() }
            }
            'RemoveKeyRow' {
                $keys = 1..2 | ForEach-Object { $u = & $fresh; $k = New-EmulatorKey $u; [pscustomobject]@{ AccessKeyId = $k.accessKeyId; UserPrincipalName = $u } }
                @{ Items = @($keys); Action = 'DeleteAccessKey'; Expect = @() }
            }
            'TestCred' {
                @{ Items = @($Fixture.TestKey); Action = 'GetCallerIdentity'; Expect = @($Fixture.TestKey.UserName); Property = 'AccessKeyId' }
            }
            'Rotate' {
                @{ Items = @($Fixture.Upn); Action = 'ListAccessKeys'; Expect = @($Fixture.Upn); Property = 'UserPrincipalName' }
            }
            default { throw "unknown good-input kind $Kind" }
        }
    }

    function script:Get-ActionCount($Counters, [string] $Action) {
        if (-not $Action) { return 0 }
        $p = $Counters.actions.PSObject.Properties[$Action]
        if ($p) { [long]$p.Value } else { 0 }
    }

    function script:Invoke-BadInputCase([hashtable] $Case) {
        $ErrorActionPreference = 'Continue'
        $name = New-TestName 'bad'
        $ctx = @{ FRESH = "$name@$Domain"; FRESHNAME = $name; USER = $Fixture[0].Upn; KEYID = $Fixture[0].ChangeKeyId; D = $Domain }
        if ($Case.Bad -is [hashtable] -and $Case.Bad.ContainsKey('__listedkey')) { $ctx.KEYID = $ListedKey.AccessKeyId }
        $bad = Expand $Case.Bad $ctx
        $params = @{}
        $positional = @()
        foreach ($k in $Case.Params.Keys) {
            if ($k -eq '__positional') { $positional += $Case.Params[$k] } else { $params[$k] = Expand $Case.Params[$k] $ctx }
        }
        $good = if ($Case.Mode -eq 'Pipe') { New-GoodInputs $Case.Good }

        $before = Get-Counters
        $errs = $null
        $thrown = $null
        $out = @()
        $watch = [Diagnostics.Stopwatch]::StartNew()
        try {
            if ($Case.Mode -eq 'Pipe') {
                $out = @(@($good.Items[0], $bad, $good.Items[1]) | & $Case.Cmdlet @params -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            } else {
                $out = @(& $Case.Cmdlet @positional @params -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            }
        } catch {
            $thrown = $_
        }
        $watch.Stop()
        $after = Get-Counters

        # -ErrorVariable also holds a terminating error that the catch block saw: count each once.
        $all = [System.Collections.Generic.List[System.Management.Automation.ErrorRecord]]::new()
        foreach ($e in @(@($errs) + @($thrown))) {
            if ($e -is [System.Management.Automation.ErrorRecord] -and -not ($all | Where-Object { [object]::ReferenceEquals($_.Exception, $e.Exception) })) { $all.Add($e) }
        }
        $sent = $after.requests - $before.requests
        $goodSent = if ($good) { 2 } else { 0 }
        $described = ($all | ForEach-Object { "$($_.FullyQualifiedErrorId) [$($_.CategoryInfo.Category)] target '$($_.TargetObject)': $($_.Exception.Message)" }) -join ' | '

        # Every check adds what it found wrong; one assertion reports them all (and costs one Should).
        $problems = [System.Collections.Generic.List[string]]::new()
        if ($watch.Elapsed.TotalSeconds -ge 10) { $problems.Add("took $($watch.Elapsed.TotalSeconds) s: no input may hang a cmdlet") }
        if ($Case.Mode -eq 'Pipe' -and $thrown) { $problems.Add("one bad input stopped the whole pipeline") }
        if ($all.Count -ne $Case.ErrorCount) { $problems.Add("expected $($Case.ErrorCount) error(s), got $($all.Count)") }
        if ($sent -ne $goodSent) { $problems.Add("locally invalid input was sent: $sent request(s) reached the service for $goodSent good input(s)") }
        foreach ($err in $all) {
            $id = ($err.FullyQualifiedErrorId -split ',')[0]
            if ($id -cne $Case.Id) { $problems.Add("ErrorId is '$id', expected '$($Case.Id)'") }
            if ("$($err.CategoryInfo.Category)" -ne $Case.Category) { $problems.Add("category is $($err.CategoryInfo.Category), expected $($Case.Category)") }
            $message = $err.Exception.Message
            if (-not $message -or $message -match '^(Object reference not set|Exception of type|Value cannot be null|Specified method is not supported|Index was outside)') { $problems.Add("the message says nothing useful: '$message'") }
            if ($Case.Message -and $message -notmatch $Case.Message) { $problems.Add("the message does not say what is wrong (wanted /$($Case.Message)/)") }
            if ($Case.ParamName) {
                if ($err.Exception -isnot [System.Management.Automation.ParameterBindingException]) { $problems.Add("a parameter-binding error was expected, got $($err.Exception.GetType().Name)") }
                elseif ($err.Exception.ParameterName -ne $Case.ParamName) { $problems.Add("the binding error names parameter '$($err.Exception.ParameterName)', expected '$($Case.ParamName)'") }
            }
        }
        if ($Case.HasTarget -and $all.Count -gt 0) {
            $target = $all[0].TargetObject
            if ($Case.TargetLike) {
                if ([string]$target -notlike $Case.TargetLike) { $problems.Add("TargetObject '$target' does not name the refused input ($($Case.TargetLike))") }
            } elseif ($Case.Target -eq '<row>') {
                if ($null -eq $target -or -not [object]::ReferenceEquals(([psobject]$target).PSObject.BaseObject, ([psobject]$bad).PSObject.BaseObject)) { $problems.Add("TargetObject '$target' is not the input row") }
            } else {
                $expected = if ($Case.Target -eq '<rowtext>') { "$bad".Trim() } else { Expand $Case.Target $ctx }
                if ($null -eq $target) { $problems.Add('TargetObject is $null: it should name the input') }
                elseif ([string]$target -cne [string]$expected) { $problems.Add("TargetObject is '$(Format-Short $target)', expected '$(Format-Short $expected)'") }
            }
        }
        if ($good) {
            $processed = (Get-ActionCount $after $good.Action) - (Get-ActionCount $before $good.Action)
            if ($processed -ne 2 -or ($after.succeeded - $before.succeeded) -ne 2) { $problems.Add("the good inputs around the bad one were not both processed ($processed $($good.Action), $($after.succeeded - $before.succeeded) succeeded)") }
            if ($good.Property) {
                $seen = @($out | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] } | ForEach-Object { $_.($good.Property) })
                foreach ($e in $good.Expect) { if ($seen -notcontains $e) { $problems.Add("no output for good input $e") } }
            }
        } elseif ((Get-AliyunContext).Arn -ne $CallerArn) {
            $problems.Add('a refused call changed the connection')
        }
        if ($problems.Count) { $problems.Insert(0, "errors: $(if ($described) { Format-Short $described 600 } else { 'none' })") }
        $problems | Should -BeNullOrEmpty
    }

    function script:Format-Short([string] $Text, [int] $Max = 120) {
        $t = $Text -replace "`r", '\r' -replace "`n", '\n' -replace "`t", '\t' -replace "`0", '\0'
        if ($t.Length -gt $Max) { $t.Substring(0, $Max) + "… ($($t.Length) chars)" } else { $t }
    }
}

AfterAll {
    if ($Http) { $Http.Dispose() }
    Disconnect-AliyunAccount
    Remove-Module AliyunAccessKey -Force -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
    $env:HOME = $SavedHome
    Get-ChildItem env: | Where-Object Name -like 'ALIBABA_CLOUD_*' | ForEach-Object { Remove-Item "env:$($_.Name)" }
    $SavedEnv | ForEach-Object { Set-Item "env:$($_.Name)" $_.Value }
}

Describe 'Bad input: <Cmdlet>' -ForEach $Groups {
    It '<Name> -> <Id><Bug>' -ForEach @($Cases | ForEach-Object { $c = $_.Clone(); $c.Bug = if ($_.Bug) { " [regression: $($_.Bug)]" } else { '' }; $c.Case = $_; $c }) {
        Invoke-BadInputCase $Case
    }
}

Describe 'The corpus' {
    It 'has at least 200 cases and covers every exported cmdlet' -ForEach @(@{ Covered = @($Groups | ForEach-Object { $_.Cmdlet }); Count = $AllCases.Count }) {
        foreach ($name in (Get-Command -Module AliyunAccessKey -CommandType Cmdlet).Name) {
            $Covered | Should -Contain $name -Because "$name needs bad-input cases"
        }
        $Count | Should -BeGreaterOrEqual 200
    }
}
