using System.Collections.ObjectModel;
using System.Management.Automation;

namespace AliyunAccessKey.Secrets;

/// <summary>
/// The one way this module calls Microsoft.PowerShell.SecretManagement: scripts run in the
/// caller's runspace, so the user's vault registrations and unlocked state apply. The module is
/// never referenced at build time, and its failures are non-terminating by default, so every
/// script asks for -ErrorAction Stop.
/// </summary>
internal sealed class SecretManagement(CommandInvocationIntrinsics invoke)
{
    internal const string Module = "Microsoft.PowerShell.SecretManagement";

    internal static string MissingModuleMessage(string parameter) =>
        $"{parameter} needs the {Module} module and a registered vault: Install-Module {Module}, Microsoft.PowerShell.SecretStore; Register-SecretVault ...";

    /// <summary>Get-Secret: from <paramref name="vault"/>, or from every registered vault when it is null.</summary>
    internal IReadOnlyList<object?> GetSecret(string name, string? vault)
    {
        var result = Run(
            @"param($Name, $Vault)
if ($Vault) { Microsoft.PowerShell.SecretManagement\Get-Secret -Name $Name -Vault $Vault -ErrorAction Stop }
else { Microsoft.PowerShell.SecretManagement\Get-Secret -Name $Name -ErrorAction Stop }",
            name,
            vault);
        return result.Select(static o => o?.BaseObject).ToList();
    }

    /// <summary>True when <paramref name="vault"/> is registered.</summary>
    internal bool VaultExists(string vault) =>
        Run(@"param($Vault) Microsoft.PowerShell.SecretManagement\Get-SecretVault -Name $Vault -ErrorAction Stop", vault).Count > 0;

    internal void SetSecret(string name, string vault, PSCredential credential, System.Collections.Hashtable metadata) =>
        Run(
            @"param($Credential, $Name, $Vault, $Metadata)
$Credential | Microsoft.PowerShell.SecretManagement\Set-Secret -Name $Name -Vault $Vault -Metadata $Metadata -ErrorAction Stop",
            credential,
            name,
            vault,
            metadata);

    /// <exception cref="SecretManagementException">The module is missing, or the command failed.</exception>
    private Collection<PSObject> Run(string script, params object?[] args)
    {
        try
        {
            return invoke.NewScriptBlock(script).Invoke(args);
        }
        catch (CommandNotFoundException ex)
        {
            throw new SecretManagementException(moduleMissing: true, ex.Message, ex);
        }
        catch (RuntimeException ex)
        {
            throw new SecretManagementException(moduleMissing: false, ex.ErrorRecord?.Exception?.Message ?? ex.Message, ex);
        }
    }
}

/// <summary>SecretManagement failed; the message is its own error's. Each caller says what that means for it.</summary>
internal sealed class SecretManagementException(bool moduleMissing, string message, Exception inner) : Exception(message, inner)
{
    /// <summary>The module (or its command) is not there at all.</summary>
    internal bool ModuleMissing { get; } = moduleMissing;
}
