namespace AliyunAccessKey.Model;

/// <summary>Which stages of a rotation to run.</summary>
public enum RotationStage
{
    /// <summary>Create the new key (the user then holds two).</summary>
    Create,

    /// <summary>Disable the old key, once the new one is active and the old one no longer used.</summary>
    Disable,

    /// <summary>Delete the old key, once it is disabled.</summary>
    Delete,

    /// <summary>Create, Disable and Delete in one go (for keys that applications read from a vault).</summary>
    All,
}

/// <summary>Where one user's AccessKey rotation stands after Invoke-AliyunAccessKeyRotation.</summary>
public sealed class AliyunAccessKeyRotation
{
    /// <summary>The user.</summary>
    public string UserPrincipalName { get; internal set; } = string.Empty;

    /// <summary>The stage asked for.</summary>
    public RotationStage Stage { get; internal set; }

    /// <summary>What was done: Created, AlreadyCreated, Disabled, AlreadyDisabled, Deleted, NothingToDelete, NotDue, NoKey — joined with ', ' when several stages ran.</summary>
    public string Result { get; internal set; } = string.Empty;

    /// <summary>The key being retired.</summary>
    public string? OldAccessKeyId { get; internal set; }

    /// <summary>Its status after this run (Active, Inactive, or Deleted).</summary>
    public string? OldKeyStatus { get; internal set; }

    /// <summary>When the old key was created (UTC).</summary>
    public DateTime? OldKeyCreateDate { get; internal set; }

    /// <summary>When the old key was last used (UTC), as reported before disabling it.</summary>
    public DateTime? OldKeyLastUsedDate { get; internal set; }

    /// <summary>The replacement key.</summary>
    public string? NewAccessKeyId { get; internal set; }

    /// <summary>The replacement's secret when it was created in this run without -Vault; masked in default views.</summary>
    public string? NewAccessKeySecret { get; internal set; }

    /// <summary>The vault holding the new key's secret, with -Vault.</summary>
    public string? Vault { get; internal set; }

    /// <summary>The secret's name in that vault.</summary>
    public string? SecretName { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => $"{UserPrincipalName}: {Result}";
}
