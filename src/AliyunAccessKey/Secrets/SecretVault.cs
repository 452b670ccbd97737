using System.Collections;
using System.Management.Automation;
using AliyunAccessKey.Errors;
using AliyunAccessKey.Operations;

namespace AliyunAccessKey.Secrets;

/// <summary>A SecretManagement vault that new keys are handed to, stored and read back.</summary>
internal sealed class SecretVault
{
    private readonly SecretManagement _secrets;

    internal SecretVault(CommandInvocationIntrinsics invoke) => _secrets = new SecretManagement(invoke);

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
            cmdlet.ThrowTerminatingError(ErrorMapper.VaultNotAvailable(ex, vault));
        }

        return opened;
    }

    /// <summary>Throws a clear error unless SecretManagement is available and <paramref name="vault"/> is registered.</summary>
    internal void EnsureVault(string vault)
    {
        if (!Run(() => _secrets.VaultExists(vault)))
        {
            throw new InvalidOperationException($"No SecretManagement vault named '{vault}' is registered (Get-SecretVault lists them).");
        }
    }

    /// <summary>Stores <paramref name="credential"/> with metadata, reads it back and checks it is the same key.</summary>
    internal void StoreAndVerify(string name, string vault, PSCredential credential, Hashtable metadata)
    {
        Run(() =>
        {
            _secrets.SetSecret(name, vault, credential, metadata);
            return true;
        });
        var back = Run(() => _secrets.GetSecret(name, vault));
        if (back.Count != 1 || back[0] is not PSCredential stored)
        {
            throw new InvalidOperationException($"Reading secret '{name}' back from vault '{vault}' did not return the stored credential.");
        }

        if (!string.Equals(stored.UserName, credential.UserName, StringComparison.Ordinal) || !SecretText.SameSecret(stored.Password, credential.Password))
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
            using var budget = Cleanup.Budget();
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

    /// <summary>SecretManagement's failures as this class reports them: InvalidOperationException.</summary>
    private static T Run<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (SecretManagementException ex)
        {
            throw new InvalidOperationException(ex.ModuleMissing ? SecretManagement.MissingModuleMessage("-Vault") : ex.Message, ex.InnerException);
        }
    }
}
