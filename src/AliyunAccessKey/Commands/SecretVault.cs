using System.Collections;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;

namespace AliyunAccessKey.Commands;

/// <summary>
/// Microsoft.PowerShell.SecretManagement, called in the caller's runspace so the user's vault
/// registrations and unlocked state apply. Never referenced at build time. Its failures are
/// non-terminating by default, so every call asks for -ErrorAction Stop.
/// </summary>
internal sealed class SecretVault
{
    private const string Module = "Microsoft.PowerShell.SecretManagement";

    private readonly CommandInvocationIntrinsics _invoke;

    internal SecretVault(CommandInvocationIntrinsics invoke) => _invoke = invoke;

    /// <summary>
    /// Opens the vault a cmdlet will hand keys to, checked before any key exists so that a missing
    /// module or vault creates nothing; otherwise a terminating VaultNotAvailable error.
    /// </summary>
    internal static SecretVault OpenOrThrow(PSCmdlet cmdlet, string vault)
    {
        var opened = new SecretVault(cmdlet.InvokeCommand);
        try
        {
            opened.EnsureVault(vault);
        }
        catch (InvalidOperationException ex)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "VaultNotAvailable", ErrorCategory.ResourceUnavailable, vault));
        }

        return opened;
    }

    internal static string MissingModuleMessage(string parameter) =>
        $"{parameter} needs the {Module} module and a registered vault: Install-Module {Module}, Microsoft.PowerShell.SecretStore; Register-SecretVault ...";

    /// <summary>Throws a clear error unless SecretManagement is available and <paramref name="vault"/> is registered.</summary>
    internal void EnsureVault(string vault)
    {
        var found = Run(@"param($Vault) Microsoft.PowerShell.SecretManagement\Get-SecretVault -Name $Vault -ErrorAction Stop", vault);
        if (found.Count == 0)
        {
            throw new InvalidOperationException($"No SecretManagement vault named '{vault}' is registered (Get-SecretVault lists them).");
        }
    }

    /// <summary>Stores <paramref name="credential"/> with metadata, reads it back and checks it is the same key.</summary>
    internal void StoreAndVerify(string name, string vault, PSCredential credential, Hashtable metadata)
    {
        Run(@"param($Credential, $Name, $Vault, $Metadata)
$Credential | Microsoft.PowerShell.SecretManagement\Set-Secret -Name $Name -Vault $Vault -Metadata $Metadata -ErrorAction Stop", credential, name, vault, metadata);
        var back = Run(@"param($Name, $Vault) Microsoft.PowerShell.SecretManagement\Get-Secret -Name $Name -Vault $Vault -ErrorAction Stop", name, vault);
        if (back.Count != 1 || back[0]?.BaseObject is not PSCredential stored)
        {
            throw new InvalidOperationException($"Reading secret '{name}' back from vault '{vault}' did not return the stored credential.");
        }

        if (!string.Equals(stored.UserName, credential.UserName, StringComparison.Ordinal) || !SameSecret(stored.Password, credential.Password))
        {
            throw new InvalidOperationException($"Secret '{name}' read back from vault '{vault}' is not the key just stored.");
        }
    }

    /// <summary>
    /// Vault hand-off of a key just created: store it under <paramref name="namePattern"/>
    /// ({UserName}, {UserPrincipalName}, {AccessKeyId}), verify, and return the secret's name. If
    /// that fails the key is deleted again — no key may exist whose secret no vault holds — and the
    /// exception says so. The caller keeps the key pending until this returns or throws
    /// InvalidOperationException, so that a stop in between still deletes it.
    /// </summary>
    internal string StoreOrTakeBack(Client.ImsClient ims, Model.NewAccessKey created, string? upn, string ownerName, string ownerLabel, string vault, string namePattern)
    {
        var name = namePattern
            .Replace("{UserName}", upn is null ? ownerName : upn.Substring(0, upn.IndexOf('@')))
            .Replace("{UserPrincipalName}", upn ?? ownerName)
            .Replace("{AccessKeyId}", created.AccessKeyId);
        var metadata = new Hashtable
        {
            ["UserPrincipalName"] = upn ?? ownerLabel,
            ["AccessKeyId"] = created.AccessKeyId,
            ["CreateDate"] = created.CreateDate ?? DateTime.UtcNow,
        };
        try
        {
            StoreAndVerify(name, vault, new PSCredential(created.AccessKeyId, created.Secret), metadata);
            return name;
        }
        catch (InvalidOperationException ex)
        {
            string outcome;

            // Not the cmdlet's token: Ctrl+C is what often ends a vault write, and has cancelled it.
            using var budget = AliyunCmdlet.CleanupBudget();
            try
            {
                ims.DeleteAccessKey(created.AccessKeyId, upn, budget.Token);
                outcome = $"AccessKey {created.AccessKeyId} was deleted again, so no key exists without its secret.";
            }
            catch (Client.AliyunException deleteFailed)
            {
                outcome = $"Deleting AccessKey {created.AccessKeyId} failed too ({deleteFailed.Message}): delete it yourself, its secret is lost.";
            }
            catch (OperationCanceledException)
            {
                outcome = $"Deleting AccessKey {created.AccessKeyId} took too long: delete it yourself, its secret is lost.";
            }

            throw new InvalidOperationException($"Storing the new AccessKey of {upn ?? ownerLabel} in vault '{vault}' as '{name}' failed: {ex.Message} {outcome}", ex);
        }
    }

    private System.Collections.ObjectModel.Collection<PSObject> Run(string script, params object?[] args)
    {
        try
        {
            return _invoke.NewScriptBlock(script).Invoke(args);
        }
        catch (CommandNotFoundException ex)
        {
            throw new InvalidOperationException(MissingModuleMessage("-Vault"), ex);
        }
        catch (RuntimeException ex)
        {
            throw new InvalidOperationException(ex.ErrorRecord?.Exception?.Message ?? ex.Message, ex);
        }
    }

    private static bool SameSecret(SecureString a, SecureString b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        var pa = IntPtr.Zero;
        var pb = IntPtr.Zero;
        try
        {
            pa = Marshal.SecureStringToGlobalAllocUnicode(a);
            pb = Marshal.SecureStringToGlobalAllocUnicode(b);
            var diff = 0;
            for (var i = 0; i < a.Length; i++)
            {
                diff |= Marshal.ReadInt16(pa, i * 2) ^ Marshal.ReadInt16(pb, i * 2);
            }

            return diff == 0;
        }
        finally
        {
            if (pa != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pa);
            }

            if (pb != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pb);
            }
        }
    }
}
