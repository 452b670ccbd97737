using System.Management.Automation;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// A cmdlet that works on many inputs and may keep several requests in flight (-ThrottleLimit).
/// </summary>
public abstract class AliyunBulkCmdlet : AliyunSessionCmdlet
{
    /// <summary>
    /// Default concurrency. Requests to IMS from outside its region take tens of milliseconds, so a
    /// sequential bulk job is latency-bound; 4 in flight cut such a job about fourfold while staying
    /// far below the rates that draw Throttling.User (which is retried anyway).
    /// </summary>
    internal const int DefaultThrottleLimit = 4;

    /// <summary>How many requests this command may have in flight at once; 1 runs strictly in input order.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

    private protected override int Concurrency => ThrottleLimit;

    /// <inheritdoc/>
    protected override void EndProcessing() => WaitForAll();

    /// <summary>Treats an empty string (an empty CSV cell) as "not given".</summary>
    private protected static string? NullIfEmpty(string? value) => InputRules.Optional(value);
}
