namespace AliyunAccessKey.Client;

/// <summary>What happened in one attempt, for Verbose output and tests. Holds no secret.</summary>
internal sealed class AcsCallInfo
{
    internal AcsCallInfo(string action, int attempt, int? httpStatus, string? requestId, string? errorCode, TimeSpan elapsed, TimeSpan? retryDelay)
    {
        Action = action;
        Attempt = attempt;
        HttpStatus = httpStatus;
        RequestId = requestId;
        ErrorCode = errorCode;
        Elapsed = elapsed;
        RetryDelay = retryDelay;
    }

    /// <summary>The report of one attempt: the failure as a code, never its message (which may quote input).</summary>
    internal static AcsCallInfo Of(string action, int attempt, TransportResponse? response, AliyunException? failure, TimeSpan elapsed, TimeSpan? retryDelay)
    {
        var code = failure switch
        {
            null => null,
            AliyunServiceException s => s.Code,
            AliyunTransportException { IsTimeout: true } => "Timeout",
            AliyunTransportException { IsSecureChannelFailure: true } => "SecureChannelFailed",
            AliyunTransportException => "ConnectionFailed",
            _ => "UnreadableResponse",
        };
        return new AcsCallInfo(action, attempt, response?.Status, (failure as AliyunServiceException)?.RequestId ?? response?.RequestId, code, elapsed, retryDelay);
    }

    /// <summary>Action name.</summary>
    public string Action { get; }

    /// <summary>1 for the first attempt.</summary>
    public int Attempt { get; }

    /// <summary>HTTP status, null when no answer came.</summary>
    public int? HttpStatus { get; }

    /// <summary>Request id, when the service gave one.</summary>
    public string? RequestId { get; }

    /// <summary>Error code or failure kind; null on success.</summary>
    public string? ErrorCode { get; }

    /// <summary>Time the attempt took.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The wait before the next attempt; null when none follows.</summary>
    public TimeSpan? RetryDelay { get; }

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = $"{Action} attempt {Attempt}: " + (HttpStatus is int s ? $"HTTP {s}" : "no answer");
        if (ErrorCode is not null)
        {
            text += $" {ErrorCode}";
        }

        if (RequestId is not null)
        {
            text += $" (RequestId {RequestId})";
        }

        text += $" in {Elapsed.TotalMilliseconds:0} ms";
        if (RetryDelay is TimeSpan d)
        {
            text += $"; retrying in {d.TotalMilliseconds:0} ms";
        }

        return text;
    }
}

/// <summary>
/// The second channel for attempt reports, beside a client's own CallCompleted event: a handler
/// bound to the logical flow (this thread and the tasks it starts), so a cmdlet sees the attempts of
/// every client it calls without holding them.
/// </summary>
internal static class CallTrace
{
    private static readonly AsyncLocal<Action<AcsCallInfo>?> Tracer = new();

    /// <summary>Sends this flow's reports to <paramref name="handler"/> until the scope is disposed.</summary>
    internal static IDisposable TraceTo(Action<AcsCallInfo> handler)
    {
        var previous = Tracer.Value;
        Tracer.Value = handler;
        return new TraceScope(previous);
    }

    /// <summary>True when this flow has a tracer: a report is worth building even without an event handler.</summary>
    internal static bool IsOn => Tracer.Value is not null;

    /// <summary>Gives <paramref name="info"/> to <paramref name="handler"/> and to this flow's tracer.</summary>
    internal static void Publish(Action<AcsCallInfo>? handler, AcsCallInfo info)
    {
        var tracer = Tracer.Value;
        try
        {
            handler?.Invoke(info);
            tracer?.Invoke(info);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Diagnostics must never fail a call: a host that cannot show Verbose (-Debug without
            // -Verbose in a non-interactive session) would otherwise lose a created key's secret.
        }
    }

    private sealed class TraceScope(Action<AcsCallInfo>? previous) : IDisposable
    {
        public void Dispose() => Tracer.Value = previous;
    }
}
