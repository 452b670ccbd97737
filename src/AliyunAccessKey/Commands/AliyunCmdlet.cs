using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using AliyunAccessKey.Client;
using AliyunAccessKey.Concurrency;
using AliyunAccessKey.Errors;
using AliyunAccessKey.Model;
using AliyunAccessKey.Operations;
using AliyunAccessKey.Sessions;

namespace AliyunAccessKey.Commands;

/// <summary>Where a unit of work sends its results: straight to the pipeline when inline, otherwise through the queue the pipeline thread drains.</summary>
internal interface IWorkOutput
{
    void Object(object value);

    void Error(ErrorRecord record);

    void Verbose(string message);

    void Warning(string message);

    /// <summary>Runs <paramref name="action"/> on the pipeline thread (e.g. to call other commands in this runspace).</summary>
    void OnPipeline(Action action);
}

/// <summary>
/// Base of every cmdlet that calls Alibaba Cloud. Owns cancellation (Ctrl+C cancels the token
/// every request carries), the exception→ErrorRecord mapping, Verbose tracing of requests, and
/// running every unit of work through one <see cref="BulkEngine{TMessage}"/> (-ThrottleLimit, or
/// inline), so that any failure of one input is that input's error and the pipeline goes on.
/// </summary>
public abstract class AliyunCmdlet : PSCmdlet, IDisposable
{
    /// <summary>How long stopping waits for all workers together after cancelling them.</summary>
    internal static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _cancel = new();
    private readonly Stopwatch _progressClock = Stopwatch.StartNew();
    private BulkEngine<WorkMessage>? _engine;
    private BulkEngine<WorkMessage>? _inline;
    private int _completed;
    private bool _progressShown;
    private bool? _traceWanted;

    /// <summary>The connection to use instead of the current one (from Connect-AliyunAccount -PassThru or Get-AliyunContext).</summary>
    [Parameter]
    [ValidateNotNull]
    public AliyunContext? Context { get; set; }

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    protected CancellationToken CancelToken => _cancel.Token;

    /// <summary>How many requests this invocation may have in flight; 1 runs inline.</summary>
    private protected virtual int Concurrency => 1;

    /// <summary>The Write-Progress activity for bulk work; null for none.</summary>
    private protected virtual string? ProgressActivity => null;

    /// <summary>The connection this invocation would use: -Context's, else the runspace's; null when not connected.</summary>
    private protected AliyunSession? CurrentSession => AliyunSession.Resolve(Context);

    /// <summary>
    /// True when <paramref name="parameter"/> came from the command line or the pipeline but holds
    /// nothing usable (an empty CSV cell, $null, a row without the column): such input must never
    /// fall back to what an omitted parameter means ("the caller", "every user").
    /// </summary>
    private protected bool GivenButBlank(string parameter, bool blank) =>
        blank && (MyInvocation.ExpectingInput || MyInvocation.BoundParameters.ContainsKey(parameter));

    /// <summary>True when -WhatIf is in effect, so that -Force never turns it into a real change.</summary>
    private protected bool WhatIfRequested =>
        (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) && ((SwitchParameter)w).IsPresent) ||
        (GetVariableValue("WhatIfPreference") is { } pref && LanguagePrimitives.IsTrue(pref));

    /// <summary>ShouldProcess, unless -Force was given (and -WhatIf was not: -Force never turns it into a real change).</summary>
    private protected bool ShouldProcessUnlessForced(bool force, string target, string action) =>
        (force && !WhatIfRequested) || ShouldProcess(target, action);

    /// <summary>
    /// Runs <paramref name="work"/> for one input: inline when Concurrency is 1, otherwise on a
    /// worker once a slot is free. Results reach the pipeline in completion order, written only
    /// on the pipeline thread.
    /// </summary>
    /// <param name="target">The input: the target of its error, its progress and (unless <paramref name="labelTrace"/> is false) the prefix of its request tracing.</param>
    /// <param name="work">The unit.</param>
    /// <param name="labelTrace">False for work on no single input (a listing), whose trace lines carry no prefix.</param>
    private protected void Submit(object? target, Action<IWorkOutput, CancellationToken> work, bool labelTrace = true)
    {
        _engine ??= new BulkEngine<WorkMessage>(Concurrency, new PipelineSink(this, countsProgress: true), _cancel, StopDeadline);
        _engine.Submit(target, Traced(target, work, labelTrace));
    }

    /// <summary>
    /// Runs a step that must finish before the input is submitted (a lookup it needs) on the
    /// pipeline thread, with the same failure handling as <see cref="Submit"/>.
    /// </summary>
    /// <returns>False when the step failed (its error is written) or the pipeline is stopping.</returns>
    private protected bool RunNow(object? target, Action<IWorkOutput, CancellationToken> work)
    {
        _inline ??= new BulkEngine<WorkMessage>(1, new PipelineSink(this, countsProgress: false), _cancel, StopDeadline);
        var finished = false;
        _inline.Submit(target, Traced(target, (output, ct) =>
        {
            work(output, ct);
            finished = true;
        }, labelTrace: true));
        return finished;
    }

    private Action<IUnitOutput<WorkMessage>, CancellationToken> Traced(object? target, Action<IWorkOutput, CancellationToken> work, bool labelTrace)
    {
        // Decided once, on the pipeline thread: a bulk job run without -Verbose builds, queues and
        // drops two trace lines per key otherwise.
        _traceWanted ??= VerboseWanted();
        if (_traceWanted == false)
        {
            return (post, ct) => work(new EngineOutput(post), ct);
        }

        return (post, ct) =>
        {
            var output = new EngineOutput(post);
            var label = labelTrace ? target?.ToString() : null;
            using var trace = AcsClient.TraceTo(info => output.Verbose(string.IsNullOrEmpty(label) ? info.ToString() : $"{label}: {info}"));
            work(output, ct);
        };
    }

    /// <summary>
    /// Whether WriteVerbose would show anything: -Verbose (or -Verbose:$false), else
    /// $VerbosePreference, where any value but SilentlyContinue and Ignore shows it.
    /// </summary>
    private bool VerboseWanted()
    {
        var bound = MyInvocation.BoundParameters;
        if (bound.TryGetValue("Verbose", out var verbose))
        {
            return LanguagePrimitives.IsTrue(verbose);
        }

        return GetVariableValue("VerbosePreference") is not ActionPreference preference ||
            (preference != ActionPreference.SilentlyContinue && preference != ActionPreference.Ignore);
    }

    /// <summary>
    /// Ends the workers: nothing new starts, requests in flight are cancelled, and all workers
    /// together get <see cref="StopDeadline"/> to end.
    /// </summary>
    private protected void StopWorkers() => StopEngine();

    /// <returns>False when a worker outlived the deadline (it ignores cancellation) and still runs.</returns>
    private bool StopEngine() => _engine?.Stop() ?? true;

    /// <summary>Waits for every submitted unit and writes what is left; call from EndProcessing.</summary>
    private protected void WaitForAll()
    {
        _engine?.WaitForAll();
        if (_progressShown && ProgressActivity is { } activity)
        {
            WriteProgress(new ProgressRecord(ActivityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    private int ActivityId => GetType().Name.GetHashCode() & 0x7FFF;

    private void Completed(object? target)
    {
        _completed++;
        if (ProgressActivity is { } activity && _progressClock.ElapsedMilliseconds >= 200)
        {
            _progressClock.Restart();
            _progressShown = true;
            WriteProgress(new ProgressRecord(ActivityId, activity, string.Format(CultureInfo.CurrentCulture, "{0} done; last: {1}", _completed, target))
            {
                PercentComplete = -1,
            });
        }
    }

    /// <summary>Writes an ErrorRecord for an exception, mapped the one way every cmdlet does.</summary>
    private protected void WriteMappedError(Exception ex, object? target) => WriteError(ErrorMapper.ToErrorRecord(ex, target));

    /// <summary>Cancels the token so requests in flight stop.</summary>
    protected override void StopProcessing() => _cancel.Cancel();

    /// <summary>
    /// A token for taking back a key after Ctrl+C: the cmdlet's own token is cancelled by then, and
    /// the user is waiting, so the clean-up gets a bounded time of its own.
    /// </summary>
    internal static CancellationTokenSource CleanupBudget() => Cleanup.Budget();

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the workers and releases the cancellation source, unless a worker outlived the stop deadline.</summary>
    protected virtual void Dispose(bool disposing)
    {
        // A worker still running holds the token: its source is then left to the GC, because a
        // disposed one would throw on that worker's thread and take the whole process down.
        if (disposing && StopEngine())
        {
            _cancel.Dispose();
        }
    }

    private enum WorkMessageKind
    {
        Object,
        Error,
        Verbose,
        Warning,
        OnPipeline,
    }

    /// <summary>One result of a unit, as data: the pipeline thread decides how to write it.</summary>
    private readonly struct WorkMessage(WorkMessageKind kind, object payload)
    {
        internal WorkMessageKind Kind { get; } = kind;

        internal object Payload { get; } = payload;
    }

    /// <summary>What a unit sees: each call becomes a message for the pipeline thread (or, inline, is written at once).</summary>
    private sealed class EngineOutput(IUnitOutput<WorkMessage> post) : IWorkOutput
    {
        public void Object(object value) => post.Post(new(WorkMessageKind.Object, value));

        public void Error(ErrorRecord record) => post.Post(new(WorkMessageKind.Error, record));

        public void Verbose(string message) => post.Post(new(WorkMessageKind.Verbose, message));

        public void Warning(string message) => post.Post(new(WorkMessageKind.Warning, message));

        public void OnPipeline(Action action) => post.Post(new(WorkMessageKind.OnPipeline, action));
    }

    /// <summary>Writes what units produce; the engine calls it on the pipeline thread only.</summary>
    private sealed class PipelineSink(AliyunCmdlet cmdlet, bool countsProgress) : IBulkSink<WorkMessage>
    {
        public void Deliver(WorkMessage message)
        {
            switch (message.Kind)
            {
                case WorkMessageKind.Object:
                    cmdlet.WriteObject(message.Payload);
                    break;
                case WorkMessageKind.Error:
                    cmdlet.WriteError((ErrorRecord)message.Payload);
                    break;
                case WorkMessageKind.Verbose:
                    cmdlet.WriteVerbose((string)message.Payload);
                    break;
                case WorkMessageKind.Warning:
                    cmdlet.WriteWarning((string)message.Payload);
                    break;
                default:
                    ((Action)message.Payload)();
                    break;
            }
        }

        public void Failed(object? state, Exception error)
        {
            if (error is PipelineStoppedException)
            {
                // The pipeline is going away: not this input's failure.
                ExceptionDispatchInfo.Capture(error).Throw();
            }

            // One input failed: report it and let the rest of the pipeline go on.
            cmdlet.WriteError(ErrorMapper.ToErrorRecord(error, state));
        }

        public void Completed(object? state)
        {
            if (countsProgress)
            {
                cmdlet.Completed(state);
            }
        }
    }
}
