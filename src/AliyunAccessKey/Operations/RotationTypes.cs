using AliyunAccessKey.Model;

namespace AliyunAccessKey.Operations;

/// <summary>One user's rotation, as the command line asked for it.</summary>
internal sealed class RotationRequest
{
    internal string UserPrincipalName { get; set; } = string.Empty;

    internal RotationStage Stage { get; set; }

    /// <summary>The key to retire; null for the older of the user's keys.</summary>
    internal string? AccessKeyId { get; set; }

    internal int? OlderThanDays { get; set; }

    /// <summary>Disable an old key even if it was used after the new one was created.</summary>
    internal bool Force { get; set; }

    /// <summary>The vault the new key goes to; null to put its secret in the result.</summary>
    internal string? Vault { get; set; }
}

/// <summary>What the rotation needs from whoever runs it: consent, a log, and the vault hand-off.</summary>
internal interface IRotationHost
{
    /// <summary>Asks before a change (ShouldProcess, unless forced).</summary>
    bool Confirm(string target, string action);

    void Verbose(string message);

    /// <summary>
    /// Stores the new key in the request's vault and returns the secret's name. Throws
    /// InvalidOperationException when that failed, after taking the key back (or saying to).
    /// </summary>
    string StoreInVault(NewAccessKey created);
}

internal enum RotationFailureKind
{
    /// <summary>A stage refused, to keep the user with an active key (InvalidOperation).</summary>
    Refused,

    /// <summary>The input names something that is not there (InvalidArgument).</summary>
    InvalidInput,

    /// <summary>The vault hand-off failed; the key was taken back (WriteError).</summary>
    VaultStoreFailed,

    /// <summary>A request failed, foreseen or not (mapped like any other error).</summary>
    Error,
}

/// <summary>Why a rotation stopped short, as data: the command turns it into its ErrorRecord.</summary>
internal sealed class RotationFailure(RotationFailureKind kind, string errorId, string message, Exception? exception = null)
{
    internal RotationFailureKind Kind { get; } = kind;

    internal string ErrorId { get; } = errorId;

    internal string Message { get; } = message;

    internal Exception? Exception { get; } = exception;
}

/// <summary>What one user's rotation came to.</summary>
internal sealed class RotationOutcome(AliyunAccessKeyRotation result, bool emit, RotationFailure? failure)
{
    internal AliyunAccessKeyRotation Result { get; } = result;

    /// <summary>
    /// True when the result goes out: the stages asked for finished, one found nothing to do, or a
    /// key was created (its result may hold the only copy of the secret, whatever failed later).
    /// </summary>
    internal bool Emit { get; } = emit;

    /// <summary>Written after the result, so -ErrorAction Stop cannot lose a created key's secret.</summary>
    internal RotationFailure? Failure { get; } = failure;
}

/// <summary>A key created by a rotation whose result has not been handed over yet.</summary>
internal sealed class PendingKey(string accessKeyId, string userPrincipalName)
{
    public string AccessKeyId { get; } = accessKeyId;

    public string UserPrincipalName { get; } = userPrincipalName;

    /// <summary>True once the vault holds the secret: then a stop must not delete the key.</summary>
    public bool Stored { get; set; }

    /// <summary>The old key whose Disable was sent, to make Active again before the new key is deleted.</summary>
    public string? DisableSentFor { get; set; }
}
