# Stand-in for SecretManagement 1.1.2 over an in-memory store: same parameter sets, pipeline
# binding (nothing by property name), accepted types, metadata rules, and which failures are
# terminating. See shared/reference/secretmanagement.md.

class SecretInformation {
    [string] $Name
    [string] $Type
    [string] $VaultName
    [hashtable] $Metadata
}

$script:Vaults = [ordered]@{}
$script:Locked = $false
$script:FailWrites = $false
$script:SlowWritesMs = 0

function Reset-StandInVault {
    # Test hook: forget every vault and secret, unlock.
    $script:Vaults = [ordered]@{}
    $script:Locked = $false
    $script:FailWrites = $false
    $script:SlowWritesMs = 0
}

function Set-StandInVaultState {
    # Test hook: lock the store (terminating errors), make writes fail (non-terminating, nothing
    # written), or make each write take this long before it is stored (a slow or remote vault).
    param([switch] $Locked, [switch] $FailWrites, [int] $SlowWritesMs)
    $script:Locked = [bool]$Locked
    $script:FailWrites = [bool]$FailWrites
    $script:SlowWritesMs = $SlowWritesMs
}

function Register-SecretVault {
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0)][string] $Name, [string] $ModuleName = 'StandIn', [switch] $DefaultVault)
    $script:Vaults[$Name] = @{}
}

function Get-SecretVault {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string] $Name = '*')
    foreach ($v in $script:Vaults.Keys) {
        if ($v -like $Name) { [pscustomobject]@{ Name = $v; ModuleName = 'StandIn'; IsDefault = ($v -eq @($script:Vaults.Keys)[0]) } }
    }
}

function Resolve-Vault([string] $Vault, [System.Management.Automation.PSCmdlet] $Cmdlet) {
    if ($script:Locked) {
        $Cmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
            [System.InvalidOperationException]::new('The secret store is locked. Unlock it with Unlock-SecretStore.'), 'StoreLocked', 'PermissionDenied', $Vault))
    }
    if (-not $Vault) {
        if ($script:Vaults.Count -eq 0) {
            $Cmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                [System.InvalidOperationException]::new('There is no default vault.'), 'NoDefaultVault', 'InvalidOperation', $null))
        }
        return @($script:Vaults.Keys)[0]
    }
    if (-not $script:Vaults.Contains($Vault)) {
        $Cmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
            [System.ArgumentException]::new("Unable to find secret vault $Vault."), 'VaultNotFound', 'ObjectNotFound', $Vault))
    }
    $Vault
}

function Test-SecretType($Value) {
    if ($Value -is [byte[]] -or $Value -is [string] -or $Value -is [securestring] -or $Value -is [pscredential]) { return $true }
    if ($Value -is [System.Collections.Specialized.OrderedDictionary]) { return $false }
    if ($Value -is [hashtable]) {
        if ($Value.Count -gt 20) { return $false }
        foreach ($v in $Value.Values) {
            if (-not ($v -is [byte[]] -or $v -is [string] -or $v -is [securestring] -or $v -is [pscredential])) { return $false }
        }
        return $true
    }
    $false
}

function Set-Secret {
    [CmdletBinding(DefaultParameterSetName = 'SecureStringParameterSet')]
    param(
        [Parameter(ParameterSetName = 'SecureStringParameterSet', Mandatory, Position = 0)]
        [Parameter(ParameterSetName = 'ObjectParameterSet', Mandatory, Position = 0)]
        [string] $Name,

        [Parameter(ParameterSetName = 'SecureStringParameterSet', Mandatory, Position = 1, ValueFromPipeline)]
        [securestring] $SecureStringSecret,

        [Parameter(ParameterSetName = 'ObjectParameterSet', Mandatory, Position = 1, ValueFromPipeline)]
        [object] $Secret,

        [Parameter(ParameterSetName = 'SecretInfoParameterSet', Mandatory, Position = 1, ValueFromPipeline)]
        [SecretInformation] $SecretInfo,

        [Parameter(ParameterSetName = 'SecureStringParameterSet', Position = 2)]
        [Parameter(ParameterSetName = 'ObjectParameterSet', Position = 2)]
        [Parameter(ParameterSetName = 'SecretInfoParameterSet', Mandatory)]
        [string] $Vault,

        [Parameter(ParameterSetName = 'SecureStringParameterSet', Position = 3)]
        [Parameter(ParameterSetName = 'ObjectParameterSet', Position = 3)]
        [hashtable] $Metadata,

        [switch] $NoClobber
    )
    process {
        $target = Resolve-Vault $Vault $PSCmdlet
        if ($PSCmdlet.ParameterSetName -eq 'SecretInfoParameterSet') { return }
        $value = if ($PSCmdlet.ParameterSetName -eq 'SecureStringParameterSet') { $SecureStringSecret } else { $Secret }
        if ($value -is [psobject]) { $value = $value.psobject.BaseObject }
        if ($NoClobber -and $script:Vaults[$target].ContainsKey($Name)) {
            $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                [System.InvalidOperationException]::new("A secret with name $Name already exists in vault $target."), 'SecretExists', 'ResourceExists', $Name))
        }
        if (-not (Test-SecretType $value)) {
            $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                [System.ArgumentException]::new("Invalid secret type: $($value.GetType().FullName). Supported types are byte[], string, SecureString, PSCredential, Hashtable."),
                'SetSecretInvalidType', 'InvalidArgument', $Name))
            return
        }
        if ($Metadata) {
            foreach ($entry in $Metadata.GetEnumerator()) {
                $v = $entry.Value
                if (-not ($v -is [string] -or $v -is [int] -or $v -is [datetime])) {
                    $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                        [System.ArgumentException]::new("Metadata value type $($v.GetType().FullName) for '$($entry.Key)' is not supported: use string, int or DateTime."),
                        'SetSecretInvalidMetadata', 'InvalidArgument', $Name))
                    return
                }
            }
        }
        if ($script:FailWrites) {
            $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                [System.IO.IOException]::new("Unable to write secret $Name to vault $target."), 'SetSecretFailed', 'WriteError', $Name))
            return
        }
        if ($script:SlowWritesMs -gt 0) { Start-Sleep -Milliseconds $script:SlowWritesMs }
        $script:Vaults[$target][$Name] = @{ Secret = $value; Metadata = $Metadata }
    }
}

function Get-Secret {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)] [string] $Name,
        [Parameter(Position = 1)] [string] $Vault,
        [switch] $AsPlainText
    )
    process {
        if ($script:Locked) { Resolve-Vault $Vault $PSCmdlet | Out-Null }
        $vaults = if ($Vault) { @(Resolve-Vault $Vault $PSCmdlet) } else { @($script:Vaults.Keys) }
        foreach ($v in $vaults) {
            if ($script:Vaults[$v].ContainsKey($Name)) {
                $value = $script:Vaults[$v][$Name].Secret
                if ($value -is [string] -and -not $AsPlainText) { return (ConvertTo-SecureString $value -AsPlainText -Force) }
                if ($value -is [securestring] -and $AsPlainText) { return [System.Net.NetworkCredential]::new('', $value).Password }
                return $value
            }
        }
        $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
            [System.Management.Automation.ItemNotFoundException]::new("The secret $Name was not found."), 'GetSecretNotFound', 'ObjectNotFound', $Name))
    }
}

function Get-SecretInfo {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string] $Name = '*', [Parameter(Position = 1)] [string] $Vault)
    $vaults = if ($Vault) { @(Resolve-Vault $Vault $PSCmdlet) } else { @($script:Vaults.Keys) }
    foreach ($v in $vaults) {
        foreach ($n in @($script:Vaults[$v].Keys)) {
            if ($n -like $Name) {
                $s = $script:Vaults[$v][$n]
                $type = switch ($s.Secret) { { $_ -is [pscredential] } { 'PSCredential' } { $_ -is [securestring] } { 'SecureString' } { $_ -is [string] } { 'String' } { $_ -is [hashtable] } { 'Hashtable' } default { 'ByteArray' } }
                [SecretInformation]@{ Name = $n; Type = $type; VaultName = $v; Metadata = $s.Metadata }
            }
        }
    }
}

function Remove-Secret {
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0, ValueFromPipeline)] [string] $Name, [Parameter(Mandatory, Position = 1)] [string] $Vault)
    process {
        $target = Resolve-Vault $Vault $PSCmdlet
        if ($script:Vaults[$target].ContainsKey($Name)) {
            $script:Vaults[$target].Remove($Name)
        } else {
            $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                [System.Management.Automation.ItemNotFoundException]::new("The secret $Name was not found in vault $target."), 'RemoveSecretNotFound', 'ObjectNotFound', $Name))
        }
    }
}
