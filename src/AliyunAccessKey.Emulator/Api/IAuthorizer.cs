namespace AliyunAccessKey.Emulator.Api;

/// <summary>
/// Decides whether a verified caller may run an action on a resource: the hook between
/// authentication and execution where RAM policies are to be evaluated. It is asked for every
/// verified request, before throttling, faults and the action itself.
/// </summary>
internal interface IAuthorizer
{
    /// <summary>True to allow; false answers NoPermission (403) and the action does not run.</summary>
    /// <param name="caller">Who signed the request.</param>
    /// <param name="action">The product's action.</param>
    /// <param name="resource">What the action touches, as a RAM resource (acs:ram:*:&lt;account&gt;:user/&lt;name&gt;, a role's ARN, or *).</param>
    bool Authorize(Caller caller, ApiAction action, string resource);
}

/// <summary>Today's rule: every verified caller may call every action (no RAM policies yet).</summary>
internal sealed class AllowAll : IAuthorizer
{
    public static AllowAll Instance { get; } = new();

    public bool Authorize(Caller caller, ApiAction action, string resource) => true;
}
