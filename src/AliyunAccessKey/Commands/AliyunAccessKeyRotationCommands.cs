using System.Management.Automation;
using AliyunAccessKey.Client;
using AliyunAccessKey.Model;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Rotates RAM users' AccessKey pairs in Alibaba Cloud's staged way: create the new key, disable the old one once it is no longer used, then delete it.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "AliyunAccessKeyRotation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = Emit)]
[OutputType(typeof(AliyunAccessKeyRotation))]
public sealed class InvokeAliyunAccessKeyRotationCommand : AliyunCmdlet
{
    private const string Emit = "Emit";
    private const string IntoVault = "Vault";

    private SecretVault? _vault;

    // The key this input created, until its result is written. If the pipeline stops before its
    // secret reached the pipeline or the vault, nobody can ever have that secret: Dispose deletes it.
    private PendingKey? _pending;

    /// <summary>The user whose key to rotate.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("UPN")]
    [ArgumentCompleter(typeof(UserPrincipalNameCompleter))]
    public string UserPrincipalName { get; set; } = string.Empty;

    /// <summary>Create, Disable, Delete, or All. Each stage can be run again safely.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public RotationStage Stage { get; set; }

    /// <summary>The key to retire; by default the older of the user's two keys (or its only key, before Create).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(AccessKeyIdCompleter))]
    public string? AccessKeyId { get; set; }

    /// <summary>Start a rotation only when the user's current key is older than this many days (for bulk runs).</summary>
    [Parameter]
    [ValidateRange(0, 36500)]
    public int? OlderThanDays { get; set; }

    /// <summary>Store the new key in this SecretManagement vault instead of emitting its secret.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IntoVault)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(VaultNameCompleter))]
    public string Vault { get; set; } = string.Empty;

    /// <summary>The new secret's name in the vault ({UserName}, {UserPrincipalName}, {AccessKeyId}); default aliyun-{UserName}.</summary>
    [Parameter(ParameterSetName = IntoVault)]
    [ValidateNotNullOrEmpty]
    public string SecretName { get; set; } = "aliyun-{UserName}";

    /// <summary>Do not ask, and disable an old key even if it was used after the new one was created.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        if (ParameterSetName == IntoVault)
        {
            _vault = SecretVault.OpenOrThrow(this, Vault);
        }
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var upn = UserPrincipalName.Trim();
        var invalid = InputValidation.UserPrincipalName(upn, upn) ?? (AccessKeyId is null ? null : InputValidation.AccessKeyId(AccessKeyId, upn));
        if (invalid is not null)
        {
            WriteError(invalid);
            return;
        }

        var result = new AliyunAccessKeyRotation { UserPrincipalName = upn, Stage = Stage };
        var done = new List<string>();
        ErrorRecord? failure = null;
        var finished = false;
        try
        {
            using (AcsClient.TraceTo(info => WriteVerbose($"{upn}: {info}")))
            {
                finished =
                    (Stage is not (RotationStage.Create or RotationStage.All) || Create(upn, result, done, ref failure)) &&
                    (Stage is not (RotationStage.Disable or RotationStage.All) || Disable(upn, result, done, ref failure)) &&
                    (Stage is not (RotationStage.Delete or RotationStage.All) || Delete(upn, result, done, ref failure));
            }
        }
        catch (AliyunException ex)
        {
            failure = ErrorMapper.ToErrorRecord(ex, upn);
        }

        // A key created here goes out whatever stopped a later stage: the result may hold the only
        // copy of its secret. Before the error, which -ErrorAction Stop turns into a throw.
        if (finished || _pending is not null)
        {
            result.Result = string.Join(", ", done);
            WriteResult(result);
        }

        if (failure is not null)
        {
            WriteError(failure);
        }
    }

    private void WriteResult(AliyunAccessKeyRotation result)
    {
        // Counted as handed over before the write: once WriteObject is called the object may have reached someone.
        _pending = null;
        WriteObject(Shaped(result));
    }

    /// <summary>
    /// After Ctrl+C (or any end before the result was written): the key this input created is
    /// deleted again, since nobody has its secret. If its Disable was sent, the old key is made
    /// Active again first, so the user keeps a working key whose secret they hold. Bounded, silent
    /// (the pipeline is gone), best effort.
    /// </summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && _pending is { Stored: false } pending && HasSession)
        {
            _pending = null;
            using var budget = CleanupBudget();
            if (pending.DisableSentFor is { } old)
            {
                TryCleanUp(() => Session.Ims.UpdateAccessKey(old, ImsClient.KeyActive, pending.UserPrincipalName, budget.Token));
            }

            // Even if that failed: a key whose secret nobody has serves nobody and must not stay.
            TryCleanUp(() => Session.Ims.DeleteAccessKey(pending.AccessKeyId, pending.UserPrincipalName, budget.Token));
        }

        base.Dispose(disposing);
    }

    private static void TryCleanUp(Action request)
    {
        try
        {
            request();
        }
        catch (Exception ex) when (ex is AliyunException or OperationCanceledException)
        {
            // Nothing more can be done here; Get-AliyunAccessKey -StaleDays 0 lists such a key later.
        }
    }

    private static readonly string[] DefaultDisplay = ["UserPrincipalName", "Result", "OldAccessKeyId", "OldKeyStatus", "NewAccessKeyId", "Vault", "SecretName"];

    /// <summary>Keeps the new secret out of PowerShell's fallback list too (see New-AliyunAccessKey).</summary>
    private static PSObject Shaped(AliyunAccessKeyRotation result)
    {
        var wrapped = new PSObject(result);
        wrapped.Members.Add(new PSMemberSet("PSStandardMembers", [new PSPropertySet("DefaultDisplayPropertySet", DefaultDisplay)]));
        return wrapped;
    }

    /// <summary>The user's keys as (old, new): old is the one to retire, new its replacement if one exists.</summary>
    private (AliyunAccessKey.Model.AliyunAccessKey? Old, AliyunAccessKey.Model.AliyunAccessKey? New) Keys(string upn, AliyunAccessKeyRotation result)
    {
        var keys = Session.Ims.ListAccessKeys(upn, CancelToken).OrderBy(static k => k.CreateDate ?? DateTime.MinValue).ToList();
        AliyunAccessKey.Model.AliyunAccessKey? old;
        AliyunAccessKey.Model.AliyunAccessKey? replacement;
        if (AccessKeyId is { } id)
        {
            old = keys.FirstOrDefault(k => string.Equals(k.AccessKeyId, id, StringComparison.Ordinal));
            replacement = keys.FirstOrDefault(k => !string.Equals(k.AccessKeyId, id, StringComparison.Ordinal));
        }
        else
        {
            old = keys.Count > 0 ? keys[0] : null;
            replacement = keys.Count > 1 ? keys[keys.Count - 1] : null;
        }

        result.OldAccessKeyId = old?.AccessKeyId ?? result.OldAccessKeyId;
        result.OldKeyStatus = old?.Status ?? (result.OldAccessKeyId is null ? null : "Deleted");
        result.OldKeyCreateDate = old?.CreateDate ?? result.OldKeyCreateDate;
        result.NewAccessKeyId = replacement?.AccessKeyId ?? result.NewAccessKeyId;
        return (old, replacement);
    }

    private bool Create(string upn, AliyunAccessKeyRotation result, List<string> done, ref ErrorRecord? failure)
    {
        var (old, replacement) = Keys(upn, result);
        if (replacement is not null)
        {
            done.Add("AlreadyCreated");
            return true;
        }

        if (old is null)
        {
            if (AccessKeyId is not null)
            {
                failure = ErrorMapper.InvalidInput("AccessKeyNotFound", $"{upn} has no AccessKey {AccessKeyId}.", upn);
                return false;
            }

            done.Add("NoKey");
            result.Result = string.Join(", ", done);
            WriteObject(Shaped(result));
            return false;
        }

        if (OlderThanDays is int days && old.CreateDate is DateTime oldCreated && oldCreated > Session.Client.ServerNow.AddDays(-days))
        {
            WriteVerbose($"{upn}: AccessKey {old.AccessKeyId} is {(Session.Client.ServerNow - oldCreated).TotalDays:0} days old, not older than {days}; not due.");
            done.Add("NotDue");
            result.Result = string.Join(", ", done);
            WriteObject(Shaped(result));
            return false;
        }

        if (!ShouldProcessUnlessForced(upn, $"Create a new AccessKey to replace {old.AccessKeyId}"))
        {
            return false;
        }

        var created = Session.ExactlyOnce.CreateAccessKey(upn, CancelToken, WriteVerbose);
        _pending = new PendingKey(created.AccessKeyId, upn);
        result.NewAccessKeyId = created.AccessKeyId;
        if (_vault is not null)
        {
            try
            {
                result.SecretName = _vault.StoreOrTakeBack(Session.Ims, created, upn, "caller", Session.Context.Arn, Vault, SecretName);
                result.Vault = Vault;
            }
            catch (InvalidOperationException ex)
            {
                // Already taken back (or the message says to delete it): not Dispose's to delete.
                _pending = null;
                failure = new ErrorRecord(ex, "VaultStoreFailed", ErrorCategory.WriteError, upn);
                return false;
            }

            // The vault holds the secret now. The result still goes out if a later stage fails: it names the secret.
            _pending.Stored = true;
        }
        else
        {
            result.NewAccessKeySecret = AliyunBulkCmdlet.PlainText(created.Secret);
        }

        done.Add("Created");
        return true;
    }

    private bool Disable(string upn, AliyunAccessKeyRotation result, List<string> done, ref ErrorRecord? failure)
    {
        var (old, replacement) = Keys(upn, result);
        if (old is null || replacement is null || !string.Equals(replacement.Status, "Active", StringComparison.Ordinal))
        {
            failure = Refusal("RotationWouldLeaveNoActiveKey", $"Disabling {old?.AccessKeyId ?? "the key"} of {upn} would leave it without an active AccessKey: run -Stage Create first (the new key must exist and be Active).", upn);
            return false;
        }

        if (string.Equals(old.Status, "Inactive", StringComparison.Ordinal))
        {
            done.Add("AlreadyDisabled");
            return true;
        }

        var used = Session.Ims.GetAccessKeyLastUsed(old.AccessKeyId, upn, CancelToken);
        result.OldKeyLastUsedDate = used.LastUsedDate;
        WriteVerbose($"{upn}: old AccessKey {old.AccessKeyId} last used {(used.LastUsedDate?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "never")}{(used.ServiceName is null ? string.Empty : " by " + used.ServiceName)}.");
        // Both dates have whole seconds: a use in the same second as the creation may have come after it.
        if (used.LastUsedDate is DateTime last && replacement.CreateDate is DateTime since && last >= since && !Force)
        {
            failure = Refusal(
                "OldKeyStillInUse",
                $"{upn}: the old AccessKey {old.AccessKeyId} was used at {last:u}, after the new key {replacement.AccessKeyId} was created ({since:u}). Move the applications to the new key first, or pass -Force.",
                upn);
            return false;
        }

        if (!ShouldProcessUnlessForced($"{old.AccessKeyId} of {upn}", "Disable the old AccessKey"))
        {
            return false;
        }

        if (_pending is not null)
        {
            // From here the old key may be Inactive: a stop must make it Active again before deleting the new one.
            _pending.DisableSentFor = old.AccessKeyId;
        }

        Session.Ims.UpdateAccessKey(old.AccessKeyId, ImsClient.KeyInactive, upn, CancelToken);
        result.OldKeyStatus = "Inactive";
        done.Add("Disabled");
        return true;
    }

    private bool Delete(string upn, AliyunAccessKeyRotation result, List<string> done, ref ErrorRecord? failure)
    {
        var (old, replacement) = Keys(upn, result);
        if (replacement is null)
        {
            // One key left: after a finished rotation it is the new, active one.
            if (old is not null && string.Equals(old.Status, "Active", StringComparison.Ordinal) && AccessKeyId is null)
            {
                // The one key left is the replacement; the old one is already gone.
                result.NewAccessKeyId = old.AccessKeyId;
                result.OldAccessKeyId = null;
                result.OldKeyStatus = null;
                result.OldKeyCreateDate = null;
                done.Add("NothingToDelete");
                return true;
            }

            failure = Refusal("RotationWouldLeaveNoActiveKey", $"Deleting {old?.AccessKeyId ?? "the key"} of {upn} would leave it without an active AccessKey.", upn);
            return false;
        }

        if (!string.Equals(old!.Status, "Inactive", StringComparison.Ordinal))
        {
            failure = Refusal("OldKeyNotDisabled", $"{upn}: the old AccessKey {old.AccessKeyId} is still Active: run -Stage Disable first, and delete it once nothing broke.", upn);
            return false;
        }

        if (!string.Equals(replacement.Status, "Active", StringComparison.Ordinal))
        {
            failure = Refusal("RotationWouldLeaveNoActiveKey", $"{upn}: the new AccessKey {replacement.AccessKeyId} is not Active; deleting {old.AccessKeyId} would leave no active key.", upn);
            return false;
        }

        if (!ShouldProcessUnlessForced($"{old.AccessKeyId} of {upn}", "Delete the old AccessKey"))
        {
            return false;
        }

        Session.Ims.DeleteAccessKey(old.AccessKeyId, upn, CancelToken);
        result.OldKeyStatus = "Deleted";
        done.Add("Deleted");
        return true;
    }

    private bool ShouldProcessUnlessForced(string target, string action) =>
        (Force && !WhatIfRequested) || ShouldProcess(target, action);

    private static ErrorRecord Refusal(string id, string message, string target) =>
        new(new InvalidOperationException(message), id, ErrorCategory.InvalidOperation, target);

    /// <summary>A key created by this input whose result has not been written yet.</summary>
    private sealed class PendingKey(string accessKeyId, string userPrincipalName)
    {
        public string AccessKeyId { get; } = accessKeyId;

        public string UserPrincipalName { get; } = userPrincipalName;

        /// <summary>True once the vault holds the secret: then a stop must not delete the key.</summary>
        public bool Stored { get; set; }

        /// <summary>The old key whose Disable was sent, to make Active again before the new key is deleted.</summary>
        public string? DisableSentFor { get; set; }
    }
}
