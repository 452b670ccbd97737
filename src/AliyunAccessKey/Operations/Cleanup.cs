namespace AliyunAccessKey.Operations;

/// <summary>Taking back a key nobody can have the secret of.</summary>
internal static class Cleanup
{
    /// <summary>
    /// A token for taking back a key after Ctrl+C: the command's own token is cancelled by then,
    /// and the user is waiting, so the clean-up gets a bounded time of its own.
    /// </summary>
    internal static CancellationTokenSource Budget() => new(TimeSpan.FromSeconds(10));
}
