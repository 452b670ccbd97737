using System.Management.Automation;
using AliyunAccessKey.Client;
using AliyunAccessKey.Completion;
using AliyunAccessKey.Errors;
using AliyunAccessKey.Operations;
using AliyunAccessKey.Secrets;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Creates an AccessKey pair for a RAM user (or for the caller) and emits it with its secret — the only time the secret exists.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "AliyunAccessKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = AsObject)]
[OutputType(typeof(Model.AccessKey), typeof(PSCredential))]
public sealed class NewAliyunAccessKeyCommand : AliyunBulkCmdlet
{
    internal const string RootKeyWarning =
        "This creates an AccessKey pair for your Alibaba Cloud account (root). It has full permissions on every resource in the account and cannot be restricted; " +
        "if it leaks, everything is exposed. Alibaba Cloud recommends creating a RAM user and using the RAM user's AccessKey pair instead.";

    private const string AsObject = "Object";
    private const string AsCredentialSet = "Credential";
    private const string IntoVault = "Vault";

    private static readonly string[] DefaultDisplay = ["UserPrincipalName", "AccessKeyId", "Status", "CreateDate"];

    private SecretVault? _vault;

    // Keys created whose object has not been handed to the pipeline yet. If the pipeline stops
    // first, their secrets can never reach anyone, so they are deleted again (see Dispose).
    private readonly UnhandedKeys _unemitted = new();

    /// <summary>The RAM user to create the key for; omit for the caller itself.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("UPN")]
    [ArgumentCompleter(typeof(UserPrincipalNameCompleter))]
    public string? UserPrincipalName { get; set; }

    /// <summary>Emit a PSCredential (user name = AccessKey ID, password = secret), ready for Set-Secret.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AsCredentialSet)]
    public SwitchParameter AsCredential { get; set; }

    /// <summary>Store each new key in this SecretManagement vault (as a PSCredential with metadata), verify it, and emit the key without its secret.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IntoVault)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(VaultNameCompleter))]
    public string Vault { get; set; } = string.Empty;

    /// <summary>The secret's name in the vault: {UserName}, {UserPrincipalName} and {AccessKeyId} are filled in. Default: aliyun-{UserName}.</summary>
    [Parameter(ParameterSetName = IntoVault)]
    [ValidateNotNullOrEmpty]
    public string SecretName { get; set; } = "aliyun-{UserName}";

    /// <summary>Create a key for the account (root) without asking.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    private protected override string? ProgressActivity => "Creating AccessKey pairs";

    /// <summary>
    /// The format views mask the secret, but PowerShell ignores a type's views when the object
    /// follows output of another type in the same stream and lists every property instead. A
    /// DefaultDisplayPropertySet on the instance keeps the secret out of that fallback too; it adds
    /// no column to Export-Csv.
    /// </summary>
    internal static PSObject WithoutSecretInDefaultDisplay(Model.AccessKey key)
    {
        var wrapped = new PSObject(key);
        wrapped.TypeNames.Insert(0, typeof(Model.AccessKey).FullName + "#New");
        wrapped.Members.Add(new PSMemberSet("PSStandardMembers", [new PSPropertySet("DefaultDisplayPropertySet", DefaultDisplay)]));
        return wrapped;
    }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        if (ParameterSetName == IntoVault)
        {
            _vault = SecretVault.OpenOrThrow(this, Vault);
        }
    }

    private protected override void ProcessRecordWithSession(AliyunSession session)
    {
        var upn = NullIfEmpty(UserPrincipalName)?.Trim();
        if (GivenButBlank(nameof(UserPrincipalName), upn is null))
        {
            WriteError(ErrorMapper.InvalidInput("InvalidUserPrincipalName", "A piped input has no UserPrincipalName (empty or missing): no key was created for it.", UserPrincipalName));
            return;
        }

        if (upn is not null)
        {
            if (InputValidation.UserPrincipalName(upn, upn) is { } invalid)
            {
                WriteError(invalid);
                return;
            }

            if (!ShouldProcess(upn, "Create AccessKey pair"))
            {
                return;
            }
        }
        else
        {
            var caller = session.Context;
            if (session.CallerIsAccount)
            {
                WriteWarning(RootKeyWarning);
                if (!ShouldProcess($"{caller.Arn} (Alibaba Cloud account)", "Create AccessKey pair for the account (root)"))
                {
                    return;
                }

                bool confirmed;
                try
                {
                    confirmed = Force || ShouldContinue(RootKeyWarning + " Create it anyway?", "Create an AccessKey pair for the Alibaba Cloud account (root)");
                }
                catch (PSInvalidOperationException ex)
                {
                    // A host that cannot ask (a runbook, -NonInteractive): say how to proceed.
                    WriteError(ErrorMapper.RootKeyNeedsConfirmation(ex, caller.Arn));
                    return;
                }

                if (!confirmed)
                {
                    return;
                }
            }
            else if (!ShouldProcess(caller.Arn, "Create AccessKey pair for the caller"))
            {
                return;
            }
        }

        var creator = session.ExactlyOnce;
        var ims = session.Ims;
        var asCredential = AsCredential.IsPresent;
        var target = upn ?? "(caller)";
        Submit(target, (output, ct) =>
        {
            Model.NewAccessKey created;
            try
            {
                created = creator.CreateAccessKey(upn, ct, output.Verbose);
            }
            catch (AliyunServiceException ex) when (ex.IsCode(ErrorMapper.KeyLimitCode))
            {
                // The advice names the account's own quota (GetAccountSummary, once per session), not a fixed 2.
                output.Error(ErrorMapper.WithKeyQuota(ErrorMapper.ToErrorRecord(ex, target), () => session.Account.KeysPerUser(ct)));
                return;
            }

            if (!_unemitted.Track(created.AccessKeyId, upn, ims.DeleteAccessKey, ct))
            {
                // Created after the stop (this unit ignored it): the clean-up may be over, so it was deleted here.
                return;
            }

            if (_vault is not null)
            {
                // SecretManagement runs in this runspace, so on the pipeline thread. The key stays
                // pending until the vault holds it: a stop during the write must still delete it.
                output.OnPipeline(() => StoreInVault(created, upn, target));
                return;
            }

            object emitted = asCredential
                ? new PSCredential(created.AccessKeyId, created.Secret)
                : WithoutSecretInDefaultDisplay(new Model.AccessKey
                {
                    UserPrincipalName = upn,
                    AccessKeyId = created.AccessKeyId,
                    AccessKeySecret = SecretText.PlainText(created.Secret),
                    Status = created.Status,
                    CreateDate = created.CreateDate,
                });
            output.OnPipeline(() =>
            {
                // Counted as handed over before the write: once WriteObject is called the object may have reached someone.
                if (_unemitted.HandOver(created.AccessKeyId))
                {
                    WriteObject(emitted);
                }
            });
        });
    }

    /// <summary>Vault hand-off: store, read back, and only then emit the key without its secret; on failure the key is deleted.</summary>
    private void StoreInVault(Model.NewAccessKey created, string? upn, string target)
    {
        string name;
        try
        {
            name = _vault!.StoreOrTakeBack(Session.Ims, created, upn, Session.CallerIsAccount ? "root" : "caller", Session.Context.Arn, Vault, SecretName);
        }
        catch (InvalidOperationException ex)
        {
            // Already taken back (or the message says to delete it): not Dispose's to delete.
            _unemitted.HandOver(created.AccessKeyId);
            WriteError(ErrorMapper.VaultStoreFailed(ex, target));
            return;
        }

        // Stored and read back: from here on the vault holds the secret, so a stop must not delete the key.
        _unemitted.HandOver(created.AccessKeyId);

        WriteVerbose($"{target}: stored AccessKey {created.AccessKeyId} in vault '{Vault}' as '{name}' and read it back.");
        var key = new PSObject(new Model.AccessKey
        {
            UserPrincipalName = upn,
            AccessKeyId = created.AccessKeyId,
            Status = created.Status,
            CreateDate = created.CreateDate,
        });
        key.Properties.Add(new PSNoteProperty("Vault", Vault));
        key.Properties.Add(new PSNoteProperty("SecretName", name));
        WriteObject(key);
    }

    /// <summary>
    /// After Ctrl+C: keys that were created but never handed to the pipeline are deleted again, so no
    /// key exists whose secret nobody received. Bounded, silent (the pipeline is gone), best effort.
    /// </summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Workers first: one still finishing a request could otherwise add a key after the clean-up.
            StopWorkers();
        }

        if (disposing && !_unemitted.IsEmpty && HasSession)
        {
            using var budget = CleanupBudget();
            _unemitted.DeleteAll(Session.Ims.DeleteAccessKey, budget.Token);
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        base.EndProcessing();
        if (HasSession && Session.ExactlyOnce.HasPendingSweeps)
        {
            // One error per user the sweep could not settle: keys it cannot attribute are named, not deleted.
            foreach (var (upn, error) in Session.ExactlyOnce.SweepAfterTimeouts(CancelToken, WriteVerbose))
            {
                WriteMappedError(error, upn ?? "(caller)");
            }
        }
    }
}
