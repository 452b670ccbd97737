using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AliyunAccessKey.Client;

/// <summary>Which signature scheme requests carry.</summary>
public enum SignatureScheme
{
    /// <summary>ACS3-HMAC-SHA256 (V3), the official SDK's default.</summary>
    Acs3HmacSha256,

    /// <summary>RPC HMAC-SHA1 (signature version 1.0), legacy.</summary>
    RpcHmacSha1,
}

/// <summary>Where credentials for a call come from; temporary ones may be refreshed between calls.</summary>
public interface ICredentialSource
{
    /// <summary>The credential to sign the next request with.</summary>
    AcsCredential GetCredential(CancellationToken cancellationToken);
}

/// <summary>A credential that never changes.</summary>
public sealed class StaticCredentialSource : ICredentialSource
{
    private readonly AcsCredential _credential;

    /// <summary>Wraps <paramref name="credential"/>.</summary>
    public StaticCredentialSource(AcsCredential credential) => _credential = credential;

    /// <inheritdoc/>
    public AcsCredential GetCredential(CancellationToken cancellationToken) => _credential;
}

/// <summary>Settings of an <see cref="AcsClient"/>.</summary>
public sealed class AcsClientOptions
{
    /// <summary>Signature scheme; V3 by default.</summary>
    public SignatureScheme SignatureScheme { get; set; } = SignatureScheme.Acs3HmacSha256;

    /// <summary>Time allowed for one attempt, connection included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Retry policy for failures that are safe to repeat.</summary>
    public RetryPolicy Retry { get; set; } = new();

    /// <summary>User-Agent header.</summary>
    public string UserAgent { get; set; } = "AliyunAccessKey/" + typeof(AcsClient).Assembly.GetName().Version?.ToString(3);
}

/// <summary>What happened in one attempt, for Verbose output and tests. Holds no secret.</summary>
public sealed class AcsCallInfo
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
/// Signs and sends calls to Alibaba Cloud RPC-style APIs (IMS, STS), with retries, clock-skew
/// correction and one reused HttpClient. Synchronous by design: cmdlets call it from the pipeline thread.
/// </summary>
public sealed class AcsClient : IDisposable
{
    private enum Verdict
    {
        Fail,
        Retry,
        OutcomeUnknown,
    }

    private static readonly AsyncLocal<Action<AcsCallInfo>?> Tracer = new();

    private readonly ICredentialSource _credentials;
    private readonly AcsClientOptions _options;
    private readonly HttpTransport _transport;
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
        _transport = new HttpTransport(handler, _options.UserAgent);
    }

    /// <summary>
    /// Sends every attempt made on this logical flow (this thread and tasks it starts) to
    /// <paramref name="handler"/> until the returned scope is disposed. Cmdlets use it for Verbose output.
    /// </summary>
    public static IDisposable TraceTo(Action<AcsCallInfo> handler)
    {
        var previous = Tracer.Value;
        Tracer.Value = handler;
        return new TraceScope(previous);
    }

    private sealed class TraceScope(Action<AcsCallInfo>? previous) : IDisposable
    {
        public void Dispose() => Tracer.Value = previous;
    }

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
    /// <param name="endpoint">The service's base address (https, or http on loopback).</param>
    /// <param name="request">The call.</param>
    /// <param name="cancellationToken">Stops a request in flight and any wait between attempts.</param>
    /// <param name="credential">Signs with this key instead of the client's own (e.g. to test a key).</param>
    public XElement Invoke(Uri endpoint, AcsRequest request, CancellationToken cancellationToken, AcsCredential? credential = null)
    {
        Endpoints.Validate(endpoint);
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
                using var message = BuildMessage(endpoint, request, signer);
                response = _transport.Send(message, request.Action, _options.Timeout, cancellationToken);
                if (response.Status >= 200 && response.Status < 300)
                {
                    var root = ParseBody(request.Action, response);

                    // No IMS or STS success carries a Code: a 200 that does (a gateway, an old API
                    // version) is an error, or a "disabled" key would silently stay active.
                    if (root.Str("Code") is { Length: > 0 })
                    {
                        throw MapError(request.Action, response);
                    }

                    _pacer.OnSuccess();
                    Report(request.Action, attempt, response, null, watch.Elapsed, null);
                    return root;
                }

                failure = MapError(request.Action, response);
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

            var verdict = Judge(failure, request.IsIdempotent);
            if (verdict == Verdict.OutcomeUnknown)
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

            if (verdict == Verdict.Fail || counted >= retry.MaxAttempts)
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
        var tracer = Tracer.Value;
        if (handler is null && tracer is null)
        {
            return;
        }

        var code = failure switch
        {
            null => null,
            AliyunServiceException s => s.Code,
            AliyunTransportException { IsTimeout: true } => "Timeout",
            AliyunTransportException => "ConnectionFailed",
            _ => "UnreadableResponse",
        };
        var info = new AcsCallInfo(action, attempt, response?.Status, (failure as AliyunServiceException)?.RequestId ?? response?.RequestId, code, elapsed, retryDelay);
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

    /// <summary>
    /// Retry what is safe to repeat: throttling, 503 and connections never made always; other 5xx,
    /// timeouts and lost connections only when the action is idempotent — otherwise the outcome is unknown.
    /// </summary>
    private static Verdict Judge(AliyunException failure, bool idempotent)
    {
        var ambiguous = idempotent ? Verdict.Retry : Verdict.OutcomeUnknown;
        return failure switch
        {
            AliyunServiceException s when s.IsThrottling || s.HttpStatus == 503 || s.IsCode("ServiceUnavailable") => Verdict.Retry,
            AliyunServiceException s when s.HttpStatus >= 500 || (s.HttpStatus < 300 && s.IsCode("InternalError")) => ambiguous,
            AliyunServiceException => Verdict.Fail,
            AliyunTransportException t when !t.RequestMayHaveBeenSent => Verdict.Retry,
            AliyunTransportException => ambiguous,
            AliyunResponseException r when r.HttpStatus == 503 => Verdict.Retry,
            AliyunResponseException r when r.HttpStatus >= 500 => ambiguous,

            // A success that cannot be read may have created a key whose secret is now lost.
            AliyunResponseException r when r.HttpStatus < 300 => idempotent ? Verdict.Fail : Verdict.OutcomeUnknown,
            _ => Verdict.Fail,
        };
    }

    private HttpRequestMessage BuildMessage(Uri endpoint, AcsRequest request, AcsCredential credential)
    {
        var timestamp = AcsEncoding.FormatTimestamp(UtcNow() + ClockOffset);
        var nonce = NewNonce();
        var token = credential.RevealSecurityToken();
        var host = endpoint.Authority;
        HttpRequestMessage message;
        if (_options.SignatureScheme == SignatureScheme.RpcHmacSha1)
        {
            var parameters = new List<KeyValuePair<string, string>>(request.Parameters)
            {
                new("Action", request.Action),
                new("Version", request.Version),
                new("Format", "JSON"),
                new("AccessKeyId", credential.AccessKeyId),
                new("SignatureMethod", "HMAC-SHA1"),
                new("SignatureVersion", "1.0"),
                new("SignatureNonce", nonce),
                new("Timestamp", timestamp),
            };
            if (token is not null)
            {
                parameters.Add(new("SecurityToken", token));
            }

            parameters.Add(new("Signature", RpcSigner.Sign("POST", parameters, credential)));
            message = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, "/?" + AcsEncoding.CanonicalQuery(parameters)));
        }
        else
        {
            var headers = new List<KeyValuePair<string, string>>
            {
                new("host", host),
                new("x-acs-action", request.Action),
                new("x-acs-version", request.Version),
                new("x-acs-date", timestamp),
                new("x-acs-signature-nonce", nonce),
                new("x-acs-content-sha256", AcsEncoding.EmptyBodySha256),
            };
            if (token is not null)
            {
                headers.Add(new("x-acs-security-token", token));
            }

            var signature = Acs3Signer.Sign("POST", "/", request.Parameters, headers, AcsEncoding.EmptyBodySha256, credential);
            var query = AcsEncoding.CanonicalQuery(request.Parameters);
            message = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, query.Length == 0 ? "/" : "/?" + query));
            foreach (var h in headers)
            {
                if (h.Key != "host")
                {
                    message.Headers.TryAddWithoutValidation(h.Key, h.Value);
                }
            }

            message.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        }

        message.Headers.Host = host;
        message.Content = new ByteArrayContent([]);
        return message;
    }

    private static XElement ParseBody(string action, TransportResponse response)
    {
        try
        {
            return Json.Parse(response.Body);
        }
        catch (Exception ex) when (ex is System.Xml.XmlException or System.Runtime.Serialization.SerializationException or ArgumentException)
        {
            // Never quote the body: a CreateAccessKey answer holds a secret.
            throw new AliyunResponseException(action, response.Status, $"{action}: the answer (HTTP {response.Status}) is not the JSON expected.", ex);
        }
    }

    private static AliyunException MapError(string action, TransportResponse response)
    {
        XElement root;
        try
        {
            root = Json.Parse(response.Body);
        }
        catch (Exception ex) when (ex is System.Xml.XmlException or System.Runtime.Serialization.SerializationException or ArgumentException)
        {
            return new AliyunResponseException(action, response.Status, $"{action} failed with HTTP {response.Status} and an answer that is not JSON.", ex);
        }

        var code = root.Str("Code");
        if (string.IsNullOrEmpty(code))
        {
            return new AliyunResponseException(action, response.Status, $"{action} failed with HTTP {response.Status} and no error code.", null);
        }

        return new AliyunServiceException(
            action,
            response.Status,
            code!,
            root.Str("Message"),
            root.Str("RequestId") ?? response.RequestId,
            root.Str("HostId"),
            root.Str("Recommend"),
            response.ServerDate,
            response.RetryAfter);
    }

    /// <inheritdoc/>
    public void Dispose() => _transport.Dispose();
}

/// <summary>Endpoint rules: https, or plain http only to this machine (the emulator, tests); never a user name or password in the URL.</summary>
public static class Endpoints
{
    /// <summary>User info ("user:password@") in a string that did not parse as an absolute URI.</summary>
    private static readonly Regex UserInfoLike = new("[^/?#]*@", RegexOptions.CultureInvariant);

    /// <summary>An endpoint as it may be shown: scheme, host and port; a user name or password in it shows as ***.</summary>
    public static string? Display(Uri? endpoint)
    {
        if (endpoint is null)
        {
            return null;
        }

        if (!endpoint.IsAbsoluteUri)
        {
            return UserInfoLike.Replace(endpoint.OriginalString, "***@", 1);
        }

        var shown = endpoint.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
        return endpoint.UserInfo.Length == 0 ? shown : shown.Insert(endpoint.Scheme.Length + Uri.SchemeDelimiter.Length, "***@");
    }

    /// <summary>Throws a clear <see cref="ArgumentException"/> for an endpoint the module will not use.</summary>
    public static void Validate(Uri endpoint)
    {
        if (endpoint is null || !endpoint.IsAbsoluteUri)
        {
            throw new ArgumentException("The endpoint must be an absolute URI such as https://ims.aliyuncs.com.", nameof(endpoint));
        }

        RefuseUserInfo(endpoint, "The endpoint");
        if (endpoint.Scheme == Uri.UriSchemeHttps)
        {
            return;
        }

        if (endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback)
        {
            return;
        }

        throw new ArgumentException(
            $"The endpoint {Display(endpoint)} is not allowed: use https. Plain http is accepted only for loopback addresses (the local emulator).",
            nameof(endpoint));
    }

    /// <summary>The ECS metadata service's address: plain http to any host is its nature, so only its shape is checked.</summary>
    internal static void ValidateMetadata(Uri endpoint)
    {
        if (endpoint is null || !endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("The metadata endpoint must be an absolute http or https URI such as http://100.100.100.200/.", nameof(endpoint));
        }

        RefuseUserInfo(endpoint, "The metadata endpoint");
    }

    /// <summary>
    /// A user name or password in the URL is never sent (requests are signed, not basic-authenticated),
    /// but it would be shown wherever the URL is: refused, and the message leaves it out.
    /// </summary>
    internal static void RefuseUserInfo(Uri endpoint, string what)
    {
        if (endpoint.IsAbsoluteUri && endpoint.UserInfo.Length > 0)
        {
            throw new ArgumentException(
                $"{what} {Display(endpoint)} has a user name or password in it (user:password@), which this module never uses: remove it.",
                nameof(endpoint));
        }
    }
}
