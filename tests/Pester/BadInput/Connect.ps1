# Bad-input cases for connecting and the context (dot-sourced by BadInput/Cases.ps1).
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
