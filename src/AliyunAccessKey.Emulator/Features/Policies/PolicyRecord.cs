using AliyunAccessKey.Emulator.Account;

namespace AliyunAccessKey.Emulator.Features.Policies;

/// <summary>
/// A RAM policy: a system policy (from <see cref="SystemPolicies"/>) or a custom one (CreatePolicy,
/// the control endpoint). Only the default version v1 exists: no policy-version action is served.
/// </summary>
internal sealed class PolicyRecord(AccountRoot root, long seq, string name, string type, string document, DateTime created)
{
    public const string System = "System";
    public const string Custom = "Custom";

    /// <summary>Listing order: system policies first, in catalogue order, then custom ones by creation.</summary>
    public long Seq { get; } = seq;

    public string Name { get; } = name;

    /// <summary><see cref="System"/> or <see cref="Custom"/>.</summary>
    public string Type { get; } = type;

    public string Document { get; } = document;

    public string? Description { get; set => field = Changing(value); }

    public DateTime CreateDate { get; } = created;

    public DateTime UpdateDate { get; set => field = Changing(value); } = created;

    public KeyValuePair<string, string>[]? Tags { get; set => field = Changing(value); }

    /// <summary>How many users and groups it is attached to (AttachmentCount).</summary>
    public int AttachmentCount { get; set => field = Changing(value); }

    public static string DefaultVersion => "v1";

    private T Changing<T>(T value)
    {
        root.EnsureWriting();
        return value;
    }
}

/// <summary>A policy attached to a user or a group, and when.</summary>
internal sealed record PolicyAttachment(PolicyRecord Policy, DateTime AttachDate);
