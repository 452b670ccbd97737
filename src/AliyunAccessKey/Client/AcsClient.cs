using System.Diagnostics;
using System.Xml.Linq;

namespace AliyunAccessKey.Client;

/// <summary>
/// Signs and sends calls to Alibaba Cloud RPC-style APIs (IMS, STS), with retries, clock-skew
/// correction and one reused HttpClient. Synchronous by design: cmdlets call it from the pipeline thread.
/// </summary>
internal sealed class AcsClient : IDisposable
{
    private readonly ICredentialSource _credentials;
    private readonly AcsClientOptions _options;
    private readonly HttpTransport _transport;
    private readonly IRequestSigner _signer;
    private readonly Pacer _pacer = new();
    private long _clockOffsetTicks;

    /// <summary>Creates a client.</summary>
    /// <param name="credentials">Where the signing key comes from.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="handler">HTTP handler; a default one when null (tests pass a fake).</param>
    public AcsClient(ICredentialSource credentials, AcsClientOptions? options = null, HttpMessageHandler? handler = null)
    {
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _options = options ?? new AcsClientOptions();
        _signer = Signers.For(_options.SignatureScheme);
        _transport = new HttpTransport(handler, _options.UserAgent);
    }

    /// <summary>
    /// Sends every attempt made on this logical flow (this thread and tasks it starts) to
    /// <paramref name="handler"/> until the returned scope is disposed. Cmdlets use it for Verbose output.
    /// </summary>
    public static IDisposable TraceTo(Action<AcsCallInfo> handler) => CallTrace.TraceTo(handler);

    /// <summary>Raised after every attempt, on the calling thread.</summary>
    public event Action<AcsCallInfo>? CallCompleted;

    /// <summary>Server time minus local time, learnt from an InvalidTimeStamp.Expired answer.</summary>
    public TimeSpan ClockOffset => TimeSpan.FromTicks(Interlocked.Read(ref _clockOffsetTicks));

    /// <summary>The client's settings.</summary>
    public AcsClientOptions Options => _options;

    /// <summary>True when requests use the synchronous HttpClient.Send.</summary>
    internal bool UsesSyncSend => _transport.UsesSyncSend;

    /// <summary>The spacing between requests learnt from throttling (zero when never throttled).</summary>
    internal TimeSpan PacingInterval => _pacer.Interval;

    /// <summary>The service's time as far as this client knows it (local clock plus learnt skew).</summary>
    public DateTime ServerNow => UtcNow() + ClockOffset;

    /// <summary>The clock; replaced in tests.</summary>
    internal Func<DateTime> UtcNow { get; set; } = static () => DateTime.UtcNow;

    /// <summary>Nonce source; replaced in tests.</summary>
    internal Func<string> NewNonce { get; set; } = static () => Guid.NewGuid().ToString("N");

    /// <summary>Waits between attempts; returns early when cancelled. Replaced in tests.</summary>
    internal Action<TimeSpan, CancellationToken> Sleep { get; set; } = static (delay, ct) => ct.WaitHandle.WaitOne(delay);

    /// <summary>
    /// Sends <paramref name="request"/> to <paramref name="endpoint"/> and returns the parsed JSON body.
    /// </summary>
    /// <param name="endpoint">The service's base address (https, or http on loopback); checked on every call made this way.</param>
    /// <param name="request">The call.</param>
    /// <param name="cancellationToken">Stops a request in flight and any wait between attempts.</param>
    /// <param name="credential">Signs with this key instead of the client's own (e.g. to test a key).</param>
    /// <exception cref="ArgumentException">The endpoint is one the module will not use.</exception>
    public XElement Invoke(Uri endpoint, AcsRequest request, CancellationToken cancellationToken, AcsCredential? credential = null) =>
        Invoke(new ServiceEndpoint(endpoint), request, cancellationToken, credential);

    /// <summary>Sends <paramref name="request"/> to an endpoint that was checked once, when the IMS or STS client was made.</summary>
    internal XElement Invoke(ServiceEndpoint endpoint, AcsRequest request, CancellationToken cancellationToken, AcsCredential? credential = null)
    {
        var retry = _options.Retry;
        var attempt = 0;
        var counted = 0;
        var throttled = 0;
        var skewCorrected = false;
        while (true)
        {
            attempt++;
            counted++;
            cancellationToken.ThrowIfCancellationRequested();
            var wait = _pacer.Reserve(DateTime.UtcNow);
            if (wait > TimeSpan.Zero)
            {
                Sleep(wait, cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
            }

            var signer = credential ?? _credentials.GetCredential(cancellationToken);
            var watch = Stopwatch.StartNew();
            AliyunException failure;
            TransportResponse? response = null;
            try
            {
                using var message = _signer.CreateRequest(endpoint.Uri, request, signer, AcsEncoding.FormatTimestamp(ServerNow), NewNonce());
                response = _transport.Send(message, request.Action, _options.Timeout, cancellationToken);
                var root = ResponseReader.Read(request.Action, response);
                _pacer.OnSuccess();
                Report(request.Action, attempt, response, null, watch.Elapsed, null);
                return root;
            }
            catch (AliyunServiceException ex) when (request.HasSecrets)
            {
                // The service may quote what it was sent (SignatureDoesNotMatch quotes the whole
                // string to sign): a password must not reach an error message.
                failure = ex.Scrubbed(request.Scrub);
            }
            catch (AliyunException ex)
            {
                failure = ex;
            }

            if (!skewCorrected && failure is AliyunServiceException { ServerDate: DateTime serverDate } skew && skew.IsCode("InvalidTimeStamp.Expired"))
            {
                // The local clock is off: adopt the server's and try once more (the server did not act).
                skewCorrected = true;
                Interlocked.Exchange(ref _clockOffsetTicks, (serverDate - UtcNow()).Ticks);
                Report(request.Action, attempt, response, failure, watch.Elapsed, TimeSpan.Zero);
                counted--;
                continue;
            }

            var verdict = RetryPolicy.Judge(failure, request.IsIdempotent);
            if (verdict == RetryVerdict.OutcomeUnknown)
            {
                Report(request.Action, attempt, response, failure, watch.Elapsed, null);
                throw new AliyunOutcomeUnknownException(request.Action, failure);
            }

            if (failure is AliyunServiceException { IsThrottling: true } throttle)
            {
                // Throttling says "not now", not "failed": it has its own, larger budget, and it
                // slows every request of this client, not just this one.
                _pacer.OnThrottled(DateTime.UtcNow, throttle.RetryAfter);
                if (++throttled <= retry.MaxThrottleRetries)
                {
                    counted--;
                }
            }

            if (verdict == RetryVerdict.Fail || counted >= retry.MaxAttempts)
            {
                Report(request.Action, attempt, response, failure, watch.Elapsed, null);
                throw failure;
            }

            var delay = retry.GetDelay(counted + 1, (failure as AliyunServiceException)?.RetryAfter);
            Report(request.Action, attempt, response, failure, watch.Elapsed, delay);
            Sleep(delay, cancellationToken);
        }
    }

    private void Report(string action, int attempt, TransportResponse? response, AliyunException? failure, TimeSpan elapsed, TimeSpan? retryDelay)
    {
        var handler = CallCompleted;
        if (handler is not null || CallTrace.IsOn)
        {
            CallTrace.Publish(handler, AcsCallInfo.Of(action, attempt, response, failure, elapsed, retryDelay));
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _transport.Dispose();
}
