using System.Globalization;
using AliyunAccessKey.Client;
using AliyunAccessKey.Model;
using AliyunAccessKey.Secrets;

namespace AliyunAccessKey.Operations;

/// <summary>
/// Alibaba Cloud's staged AccessKey rotation for one user at a time: create the new key, disable
/// the old one once it is no longer used, then delete it. Each stage finds the keys afresh, so it
/// can run again safely, and refuses whatever would leave the user without an active key.
/// No PowerShell here: consent, logging and the vault come from an <see cref="IRotationHost"/>.
/// </summary>
/// <param name="ims">The IMS calls.</param>
/// <param name="serverNow">The service's clock (for -OlderThanDays).</param>
internal sealed class Rotation(IRotationIms ims, Func<DateTime> serverNow)
{
    private const string Active = "Active";
    private const string Inactive = "Inactive";

    private readonly IRotationIms _ims = ims;
    private readonly Func<DateTime> _serverNow = serverNow;

    // Set when the host threw: its faults (a stopping pipeline) are not the rotation's to report.
    private Exception? _hostFault;

    /// <summary>
    /// The key the current input created, until its result is handed over. If the run ends before
    /// its secret reached anyone, nobody can ever have it: <see cref="TakeBack"/> deletes it.
    /// </summary>
    internal PendingKey? Pending { get; private set; }

    /// <summary>The result is being written: from here on it may have reached someone. Call before the write.</summary>
    internal void HandedOver() => Pending = null;

    /// <summary>Runs the stages asked for; any failure becomes the outcome's, none escapes but the host's own and cancellation.</summary>
    internal RotationOutcome Run(RotationRequest request, IRotationHost host, CancellationToken cancellationToken)
    {
        var run = new StageRun(this, request, host, cancellationToken);
        var stage = request.Stage;
        var finished = false;
        try
        {
            finished =
                (stage is not (RotationStage.Create or RotationStage.All) || run.Create()) &&
                (stage is not (RotationStage.Disable or RotationStage.All) || run.Disable()) &&
                (stage is not (RotationStage.Delete or RotationStage.All) || run.Delete());
        }
        catch (Exception ex) when (!ReferenceEquals(ex, _hostFault) && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            run.Failure = new RotationFailure(RotationFailureKind.Error, "UnexpectedError", ex.Message, ex);
        }

        if (run.Emitted)
        {
            return new RotationOutcome(run.Result, true, run.Failure);
        }

        // A key created here goes out whatever stopped a later stage: the result may hold the only copy of its secret.
        run.Result.Result = string.Join(", ", run.Done);
        return new RotationOutcome(run.Result, finished || Pending is not null, run.Failure);
    }

    /// <summary>
    /// After a stop (or any end before the result was handed over): deletes the key this input
    /// created, since nobody has its secret. If its Disable was sent, the old key is made Active
    /// again first, so the user keeps a working key whose secret they hold. Best effort, silent.
    /// </summary>
    internal void TakeBack(CancellationToken budget)
    {
        if (Pending is not { Stored: false } pending)
        {
            return;
        }

        Pending = null;
        if (pending.DisableSentFor is { } old)
        {
            TryCleanUp(() => _ims.UpdateAccessKey(old, Active, pending.UserPrincipalName, budget));
        }

        // Even if that failed: a key whose secret nobody has serves nobody and must not stay.
        TryCleanUp(() => _ims.DeleteAccessKey(pending.AccessKeyId, pending.UserPrincipalName, budget));
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

    private T Host<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Exception ex)
        {
            _hostFault = ex;
            throw;
        }
    }

    /// <summary>One input's pass through the stages.</summary>
    private sealed class StageRun(Rotation rotation, RotationRequest request, IRotationHost host, CancellationToken ct)
    {
        private readonly string _upn = request.UserPrincipalName;

        internal AliyunAccessKeyRotation Result { get; } = new() { UserPrincipalName = request.UserPrincipalName, Stage = request.Stage };

        internal List<string> Done { get; } = [];

        internal RotationFailure? Failure { get; set; }

        /// <summary>True when a stage found nothing to do and the result was final (NoKey, NotDue).</summary>
        internal bool Emitted { get; private set; }

        internal bool Create()
        {
            var (old, replacement) = Keys();
            if (replacement is not null)
            {
                Done.Add("AlreadyCreated");
                return true;
            }

            if (old is null)
            {
                if (request.AccessKeyId is not null)
                {
                    Failure = new RotationFailure(RotationFailureKind.InvalidInput, "AccessKeyNotFound", $"{_upn} has no AccessKey {request.AccessKeyId}.");
                    return false;
                }

                return FinalResult("NoKey");
            }

            if (request.OlderThanDays is int days && old.CreateDate is DateTime oldCreated)
            {
                var now = rotation._serverNow();
                if (oldCreated > now.AddDays(-days))
                {
                    Verbose($"{_upn}: AccessKey {old.AccessKeyId} is {(now - oldCreated).TotalDays:0} days old, not older than {days}; not due.");
                    return FinalResult("NotDue");
                }
            }

            if (!Confirm(_upn, $"Create a new AccessKey to replace {old.AccessKeyId}"))
            {
                return false;
            }

            var created = rotation._ims.CreateAccessKey(_upn, Verbose, ct);
            var pending = new PendingKey(created.AccessKeyId, _upn);
            rotation.Pending = pending;
            Result.NewAccessKeyId = created.AccessKeyId;
            if (request.Vault is { } vault)
            {
                try
                {
                    Result.SecretName = rotation.Host(() => host.StoreInVault(created));
                    Result.Vault = vault;
                }
                catch (InvalidOperationException ex) when (ReferenceEquals(ex, rotation._hostFault))
                {
                    // Already taken back (or the message says to delete it): not TakeBack's to delete.
                    rotation._hostFault = null;
                    rotation.Pending = null;
                    Failure = new RotationFailure(RotationFailureKind.VaultStoreFailed, "VaultStoreFailed", ex.Message, ex);
                    return false;
                }

                // The vault holds the secret now. The result still goes out if a later stage fails: it names the secret.
                pending.Stored = true;
            }
            else
            {
                Result.NewAccessKeySecret = SecretText.PlainText(created.Secret);
            }

            Done.Add("Created");
            return true;
        }

        internal bool Disable()
        {
            var (old, replacement) = Keys();
            if (old is null || replacement is null || !string.Equals(replacement.Status, Active, StringComparison.Ordinal))
            {
                return Refuse("RotationWouldLeaveNoActiveKey", $"Disabling {old?.AccessKeyId ?? "the key"} of {_upn} would leave it without an active AccessKey: run -Stage Create first (the new key must exist and be Active).");
            }

            if (string.Equals(old.Status, Inactive, StringComparison.Ordinal))
            {
                Done.Add("AlreadyDisabled");
                return true;
            }

            var used = rotation._ims.GetAccessKeyLastUsed(old.AccessKeyId, _upn, ct);
            Result.OldKeyLastUsedDate = used.LastUsedDate;
            Verbose($"{_upn}: old AccessKey {old.AccessKeyId} last used {(used.LastUsedDate?.ToString("u", CultureInfo.InvariantCulture) ?? "never")}{(used.ServiceName is null ? string.Empty : " by " + used.ServiceName)}.");

            // Both dates have whole seconds: a use in the same second as the creation may have come after it.
            if (used.LastUsedDate is DateTime last && replacement.CreateDate is DateTime since && last >= since && !request.Force)
            {
                return Refuse(
                    "OldKeyStillInUse",
                    $"{_upn}: the old AccessKey {old.AccessKeyId} was used at {last:u}, after the new key {replacement.AccessKeyId} was created ({since:u}). Move the applications to the new key first, or pass -Force.");
            }

            if (!Confirm($"{old.AccessKeyId} of {_upn}", "Disable the old AccessKey"))
            {
                return false;
            }

            if (rotation.Pending is { } pending)
            {
                // From here the old key may be Inactive: a stop must make it Active again before deleting the new one.
                pending.DisableSentFor = old.AccessKeyId;
            }

            rotation._ims.UpdateAccessKey(old.AccessKeyId, Inactive, _upn, ct);
            Result.OldKeyStatus = Inactive;
            Done.Add("Disabled");
            return true;
        }

        internal bool Delete()
        {
            var (old, replacement) = Keys();
            if (replacement is null)
            {
                // One key left: after a finished rotation it is the new, active one.
                if (old is not null && string.Equals(old.Status, Active, StringComparison.Ordinal) && request.AccessKeyId is null)
                {
                    // The one key left is the replacement; the old one is already gone.
                    Result.NewAccessKeyId = old.AccessKeyId;
                    Result.OldAccessKeyId = null;
                    Result.OldKeyStatus = null;
                    Result.OldKeyCreateDate = null;
                    Done.Add("NothingToDelete");
                    return true;
                }

                return Refuse("RotationWouldLeaveNoActiveKey", $"Deleting {old?.AccessKeyId ?? "the key"} of {_upn} would leave it without an active AccessKey.");
            }

            if (!string.Equals(old!.Status, Inactive, StringComparison.Ordinal))
            {
                return Refuse("OldKeyNotDisabled", $"{_upn}: the old AccessKey {old.AccessKeyId} is still Active: run -Stage Disable first, and delete it once nothing broke.");
            }

            if (!string.Equals(replacement.Status, Active, StringComparison.Ordinal))
            {
                return Refuse("RotationWouldLeaveNoActiveKey", $"{_upn}: the new AccessKey {replacement.AccessKeyId} is not Active; deleting {old.AccessKeyId} would leave no active key.");
            }

            if (!Confirm($"{old.AccessKeyId} of {_upn}", "Delete the old AccessKey"))
            {
                return false;
            }

            rotation._ims.DeleteAccessKey(old.AccessKeyId, _upn, ct);
            Result.OldKeyStatus = "Deleted";
            Done.Add("Deleted");
            return true;
        }

        /// <summary>The user's keys as (old, new): old is the one to retire, new its replacement if one exists.</summary>
        private (Model.AccessKey? Old, Model.AccessKey? New) Keys()
        {
            var keys = rotation._ims.ListAccessKeys(_upn, ct).OrderBy(static k => k.CreateDate ?? DateTime.MinValue).ToList();
            Model.AccessKey? old;
            Model.AccessKey? replacement;
            if (request.AccessKeyId is { } id)
            {
                old = keys.FirstOrDefault(k => string.Equals(k.AccessKeyId, id, StringComparison.Ordinal));
                replacement = keys.FirstOrDefault(k => !string.Equals(k.AccessKeyId, id, StringComparison.Ordinal));
            }
            else
            {
                old = keys.Count > 0 ? keys[0] : null;
                replacement = keys.Count > 1 ? keys[keys.Count - 1] : null;
            }

            Result.OldAccessKeyId = old?.AccessKeyId ?? Result.OldAccessKeyId;
            Result.OldKeyStatus = old?.Status ?? (Result.OldAccessKeyId is null ? null : "Deleted");
            Result.OldKeyCreateDate = old?.CreateDate ?? Result.OldKeyCreateDate;
            Result.NewAccessKeyId = replacement?.AccessKeyId ?? Result.NewAccessKeyId;
            return (old, replacement);
        }

        /// <summary>Nothing to do for this user (NoKey, NotDue): the result is final, and the later stages do not run.</summary>
        private bool FinalResult(string what)
        {
            Done.Add(what);
            Result.Result = string.Join(", ", Done);
            Emitted = true;
            return false;
        }

        private bool Refuse(string errorId, string message)
        {
            Failure = new RotationFailure(RotationFailureKind.Refused, errorId, message);
            return false;
        }

        private bool Confirm(string target, string action) => rotation.Host(() => host.Confirm(target, action));

        private void Verbose(string message) => rotation.Host(() =>
        {
            host.Verbose(message);
            return true;
        });
    }
}
