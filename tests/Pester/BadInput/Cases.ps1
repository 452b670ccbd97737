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
#
# Dot-sourced in BeforeDiscovery by the Hardening.BadInput.*.Tests.ps1 files with the parts of the
# corpus they run (BadInput/<Part>.ps1); sets $AllCases and $Groups (one Describe per cmdlet).
param([string[]] $Part)

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

# Group names (Groups.ps1, Policies.ps1). The cmdlets trim a name, so a name that is only padded is no case.
# A group name is 1-64 letters, digits, '.', '-' or '_' (InputRules.GroupName).
$groupCorpus = [ordered]@{
    'space'                 = 'bad name'
    'punctuation'           = 'ops!'
    'slash'                 = 'ops/admins'
    'an @'                  = "ops@$D"
    '65 characters'         = 'g' * 65
    'accented letter'       = 'équipe'
    'CJK'                   = '运维'
    'tab'                   = "op`ts"
    'NUL'                   = "op`0s"
    'zero-width space'      = "ops`u{200B}"
    'RTL override'          = "ops`u{202E}"
    'CRLF header injection' = "ops`r`nX-Injected: 1"
    '10 KB'                 = $K10
}
foreach ($p in $Part) { . (Join-Path $PSScriptRoot "$p.ps1") }

$script:Groups = $AllCases | Group-Object { $_.Cmdlet } | ForEach-Object { @{ Cmdlet = $_.Name; Cases = @($_.Group) } }

# The tests of the cases loaded: one Describe per cmdlet, one It per case. Called at the top of a test file.
function script:Add-BadInputTests {
    Describe 'Bad input: <Cmdlet>' -ForEach $Groups {
        It '<Name> -> <Id><Bug>' -ForEach @($Cases | ForEach-Object { $c = $_.Clone(); $c.Bug = if ($_.Bug) { " [regression: $($_.Bug)]" } else { '' }; $c.Case = $_; $c }) {
            Invoke-BadInputCase $Case
        }
    }
}
