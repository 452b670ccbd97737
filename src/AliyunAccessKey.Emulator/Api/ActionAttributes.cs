namespace AliyunAccessKey.Emulator.Api;

/// <summary>
/// Declares a feature's static method as an action of the product the feature is served on; the
/// method's name is the action's name and its signature an <see cref="ActionHandler"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal abstract class ActionAttribute : Attribute
{
    private protected ActionAttribute(ActionAccess access) => Access = access;

    public ActionAccess Access { get; }

    /// <summary>
    /// The name of a static <c>string (ActionContext)</c> method of the same class that names what the
    /// action touches, for the authorizer; everything (*) when not given.
    /// </summary>
    public string? Resource { get; init; }
}

/// <summary>An action that only looks at the state: it runs under the account's Read.</summary>
internal sealed class ReadsAttribute : ActionAttribute
{
    public ReadsAttribute()
        : base(ActionAccess.Read)
    {
    }
}

/// <summary>An action that may change the state: it runs under the account's Write, which marks it changed.</summary>
internal sealed class WritesAttribute : ActionAttribute
{
    public WritesAttribute()
        : base(ActionAccess.Write)
    {
    }
}
