using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace AliyunAccessKey.Sessions;

/// <summary>
/// The current session per runspace, never a bare static: runbooks run several runspaces in one
/// process, each connected on its own.
/// </summary>
internal static class SessionStore
{
    private static readonly ConditionalWeakTable<Runspace, Holder> Sessions = new();

    /// <summary>The session of the runspace this thread runs (the one every cmdlet and completer means).</summary>
    internal static AliyunSession? Current => Get(Runspace.DefaultRunspace);

    internal static AliyunSession? Get(Runspace? runspace) =>
        runspace is not null && Sessions.TryGetValue(runspace, out var holder) ? holder.Session : null;

    /// <summary>
    /// Replaces the runspace's session. The old one is not disposed: a context the user kept
    /// (Connect-AliyunAccount -PassThru) may still use it; its idle connections time out.
    /// </summary>
    internal static void Set(Runspace runspace, AliyunSession? session) =>
        Sessions.GetValue(runspace, static _ => new Holder()).Session = session;

    private sealed class Holder
    {
        internal AliyunSession? Session { get; set; }
    }
}
