#Requires -Version 7.5
<#
.SYNOPSIS
    Extracts spec/alibaba-openapi.json, the test oracle for IMS, STS and RAM, from Alibaba's OpenAPI metadata.

.DESCRIPTION
    The emulator and the client were written side by side, so they agree with each other rather than
    with the real service. Alibaba's own API metadata (mirrored in dew-serverless/acs-metadata) is the
    independent oracle. This script reads it for the actions listed in -Actions and writes a compact,
    stably ordered JSON file that is committed; tests read that file, CI never runs this script.

    Most limits exist only as prose ("must be 1 to 128 characters in length"), so narrow regexes read
    them, and every limit keeps the exact sentence it came from ("from") for a reviewer to check. A
    sentence that looks like a limit but that no rule reads in full is listed under "unparsed" with a
    reason, rather than guessed at. So is a limit that contradicts the parameter's own documented
    example, and a limit stated twice with different values.

    Parameters whose en_us description is empty fall back to the zh_cn text, read with a smaller
    rule set (length, range, default and regex).

.PARAMETER MetadataRepo
    A clone of https://github.com/dew-serverless/acs-metadata, or a bare mirror of it. The committed
    HEAD is read (git show), never the work tree, so the recorded commit is what was read.

.PARAMETER Actions
    Which actions to extract: product/version => action names. Later issues add theirs here.

.PARAMETER OutFile
    Where to write the spec; spec/alibaba-openapi.json by default.

.PARAMETER RepositoryUrl
    The repository URL recorded in the spec's source.

.EXAMPLE
    git clone https://github.com/dew-serverless/acs-metadata ../acs-metadata
    dotnet pwsh tools/Update-ApiSpec.ps1 -MetadataRepo ../acs-metadata

.EXAMPLE
    dotnet pwsh tools/Update-ApiSpec.ps1 -MetadataRepo ../acs-metadata -OutFile /tmp/try.json -Actions @{ 'ims/2019-08-15' = 'CreateGroup'; 'ram/2015-05-01' = 'AttachPolicyToUser' }
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $MetadataRepo,

    [System.Collections.IDictionary] $Actions = [ordered]@{
        'ims/2019-08-15' = @(
            'CreateAccessKey', 'ListAccessKeys', 'UpdateAccessKey', 'DeleteAccessKey', 'GetAccessKeyLastUsed',
            'CreateUser', 'GetUser', 'ListUsers', 'ListUserBasicInfos', 'UpdateUser', 'DeleteUser', 'GetDefaultDomain',
            'CreateLoginProfile', 'GetLoginProfile', 'UpdateLoginProfile', 'DeleteLoginProfile', 'GetUserMFAInfo', 'UnbindMFADevice',
            'CreateGroup', 'GetGroup', 'ListGroups', 'UpdateGroup', 'DeleteGroup',
            'AddUserToGroup', 'RemoveUserFromGroup', 'ListGroupsForUser', 'ListUsersForGroup',
            'GenerateCredentialReport', 'GetCredentialReport', 'GetAccountSummary', 'GetSecurityPreference'
        )
        'sts/2015-04-01' = @('GetCallerIdentity', 'AssumeRole')
        'ram/2015-05-01' = @(
            'ListPolicies', 'GetPolicy', 'CreatePolicy',
            'ListPoliciesForUser', 'AttachPolicyToUser', 'DetachPolicyFromUser',
            'ListPoliciesForGroup', 'AttachPolicyToGroup', 'DetachPolicyFromGroup'
        )
    },

    [string] $OutFile = (Join-Path $PSScriptRoot '../spec/alibaba-openapi.json'),

    [string] $RepositoryUrl = 'https://github.com/dew-serverless/acs-metadata'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

. (Join-Path $PSScriptRoot 'ApiSpec/Rules.ps1')
. (Join-Path $PSScriptRoot 'ApiSpec/Convert.ps1')

[Console]::OutputEncoding = [Text.UTF8Encoding]::new($false)
$commit = & git -C $MetadataRepo rev-parse HEAD
if ($LASTEXITCODE -ne 0) { throw "Not a git repository: $MetadataRepo" }
$commit = $commit.Trim()
$commitDate = (& git -C $MetadataRepo log -1 --format=%cI HEAD).Trim()

$paths = [Collections.Generic.List[string]]::new()
$services = [ordered]@{}
foreach ($productVersion in Get-SortedKeys $Actions) {
    $product, $version = $productVersion -split '/'
    if ($services.Contains($product)) { throw "Two versions of $product asked for; the spec holds one per product." }
    $enPath = "en_us/$productVersion/api-docs.json"
    $zhPath = "zh_cn/$productVersion/api-docs.json"
    $en = Read-GitJson $enPath
    if (-not $en) { throw "No $enPath at $commit in $MetadataRepo." }
    $zh = Read-GitJson $zhPath
    $paths.Add($enPath)
    $usedZh = $false
    $actionsOut = [ordered]@{}
    foreach ($name in Get-Sorted @($Actions[$productVersion])) {
        $api = $en['apis'][$name]
        if (-not $api) { throw "$productVersion has no action $name." }
        $result = ConvertTo-Action $api ($zh ? $zh['apis'][$name] : $null)
        $actionsOut[$name] = $result.Action
        $usedZh = $usedZh -or $result.UsedZh
    }
    if ($usedZh) { $paths.Add($zhPath) }
    $services[$product] = [ordered]@{ version = $version; actions = $actionsOut }
}

$spec = [ordered]@{
    source   = [ordered]@{ repository = $RepositoryUrl; commit = $commit; commitDate = $commitDate; paths = $paths.ToArray() }
    tool     = 'tools/Update-ApiSpec.ps1'
    services = $services
}
$json = ($spec | ConvertTo-Json -Depth 64) -replace "`r`n", "`n"
New-Item -ItemType Directory -Force -Path (Split-Path $OutFile) | Out-Null
[IO.File]::WriteAllText([IO.Path]::GetFullPath($OutFile), "$json`n", [Text.UTF8Encoding]::new($false))
Write-Host "Wrote $([IO.Path]::GetFullPath($OutFile)) from $RepositoryUrl@$commit."
