using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace AliyunAccessKey.Client;

/// <summary>What came back from one HTTP exchange, read fully.</summary>
internal sealed class TransportResponse(int status, byte[] body, string? requestId, DateTime? serverDate, TimeSpan? retryAfter)
{
    internal int Status { get; } = status;

    internal byte[] Body { get; } = body;

    internal string? RequestId { get; } = requestId;

    internal DateTime? ServerDate { get; } = serverDate;

    internal TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>
/// One HttpClient for a session, reused for every call. Sends synchronously where the runtime
/// can (.NET 5+: HttpClient.Send, found at run time since netstandard2.0 cannot name it), because
/// blocking on SendAsync costs a cmdlet ~150 µs per request; falls back to SendAsync elsewhere.
/// </summary>
internal sealed class HttpTransport : IDisposable
{
    private static readonly Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage>? SyncSend = FindSyncSend();

    /// <summary>The largest answer read (a page of 1,000 users is about 1 MB): a bigger or endlessly inflating one is refused.</summary>
    internal const int MaxBodyBytes = 16 * 1024 * 1024;

    private readonly HttpClient _http;
    private volatile bool _syncUnsupported;

    internal HttpTransport(HttpMessageHandler? handler, string userAgent)
    {
        FrameworkTls.Ensure();

        // Found now, not by a failed Send: HttpClient marks the request sent before the handler refuses it.
        _syncUnsupported = handler is not null && !HasSyncSend(handler);
        _http = new HttpClient(handler ?? CreateDefaultHandler(), disposeHandler: true)
        {
            // Each call gets its own timeout through a linked token, so timeouts and Ctrl+C are told apart.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent);
        _http.DefaultRequestHeaders.TryAddWithoutValidation("Accept", "application/json");
    }

    /// <summary>True when requests go through the synchronous HttpClient.Send.</summary>
    internal bool UsesSyncSend => SyncSend is not null && !_syncUnsupported;

    /// <summary>The handler a session uses when none is given (internal: tests wrap it to take the Framework's path).</summary>
    internal static HttpClientHandler CreateDefaultHandler()
    {
        var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            UseProxy = true,
            Proxy = LocalBypassProxy.Instance,
        };
        try
        {
            // Windows PowerShell defaults to 2 connections per host, too few for bulk work.
            handler.MaxConnectionsPerServer = 64;
        }
        catch (PlatformNotSupportedException)
        {
        }

        return handler;
    }

    /// <summary>True when <paramref name="handler"/> (and every handler it delegates to) overrides the synchronous Send.</summary>
    private static bool HasSyncSend(HttpMessageHandler handler)
    {
        for (HttpMessageHandler? h = handler; h is not null; h = (h as DelegatingHandler)?.InnerHandler)
        {
            var send = h.GetType().GetMethod("Send", BindingFlags.NonPublic | BindingFlags.Instance, null, [typeof(HttpRequestMessage), typeof(CancellationToken)], null);
            if (send is null || send.DeclaringType == typeof(HttpMessageHandler))
            {
                return false;
            }
        }

        return true;
    }

    private static Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage>? FindSyncSend()
    {
        var method = typeof(HttpClient).GetMethod(
            "Send",
            BindingFlags.Public | BindingFlags.Instance,
            null,
            [typeof(HttpRequestMessage), typeof(HttpCompletionOption), typeof(CancellationToken)],
            null);
        return method is null
            ? null
            : (Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage>)Delegate.CreateDelegate(
                typeof(Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage>), method);
    }

    internal TransportResponse Send(HttpRequestMessage request, string action, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutCts.CancelAfter(timeout);
        try
        {
            using var response = SendCore(request, timeoutCts.Token);
            var body = ReadBody(response, action, timeoutCts.Token);
            return new TransportResponse(
                (int)response.StatusCode,
                body,
                Header(response, "x-acs-request-id"),
                response.Headers.Date?.UtcDateTime,
                ParseRetryAfter(Header(response, "x-acs-retry-after")));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (OperationCanceledException ex)
        {
            throw new AliyunTransportException(
                action,
                string.Format(CultureInfo.InvariantCulture, "{0}: no answer from {1} within {2:0.#} s.", action, request.RequestUri?.Authority, timeout.TotalSeconds),
                isTimeout: true,
                requestMayHaveBeenSent: true,
                ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException or WebException)
        {
            var reason = Innermost(ex).Message;
            if (SecureChannelFailed(ex))
            {
                throw new AliyunTransportException(
                    action,
                    $"{action}: the TLS handshake with {request.RequestUri?.Authority} failed, so nothing was sent: {reason} {AliyunTransportException.SecureChannelAdvice}",
                    isTimeout: false,
                    requestMayHaveBeenSent: false,
                    ex,
                    isSecureChannelFailure: true);
            }

            var neverConnected = NeverConnected(ex);
            throw new AliyunTransportException(
                action,
                neverConnected
                    ? $"{action}: could not connect to {request.RequestUri?.Authority}: {reason}"
                    : $"{action}: the connection to {request.RequestUri?.Authority} failed: {reason}",
                isTimeout: false,
                requestMayHaveBeenSent: !neverConnected,
                ex);
        }
    }

    /// <summary>Reads the answer under the timeout and the size cap (decompressed size, so a gzip bomb stops too).</summary>
    private static byte[] ReadBody(HttpResponseMessage response, string action, CancellationToken token)
    {
        if (response.Content is null)
        {
            return [];
        }

        if (response.Content.Headers.ContentLength is long declared && declared > MaxBodyBytes)
        {
            throw new AliyunResponseException(action, (int)response.StatusCode, $"{action}: the answer is larger than {MaxBodyBytes / (1024 * 1024)} MB and was not read.", null);
        }

        using var stream = Await(response.Content.ReadAsStreamAsync(), token);
        var length = response.Content.Headers.ContentLength;
        if (length is long exact && response.Content.Headers.ContentEncoding.Count == 0)
        {
            // The usual case: read straight into an array of the announced size, no copy.
            var body = new byte[exact];
            var filled = 0;
            while (filled < body.Length)
            {
                var n = Await(stream.ReadAsync(body, filled, body.Length - filled, token), token);
                if (n == 0)
                {
                    throw new IOException($"The answer ended after {filled} of {exact} bytes.");
                }

                filled += n;
            }

            return body;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var read = Await(stream.ReadAsync(chunk, 0, chunk.Length, token), token);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new AliyunResponseException(action, (int)response.StatusCode, $"{action}: the answer is larger than {MaxBodyBytes / (1024 * 1024)} MB and was not read.", null);
            }

            buffer.Write(chunk, 0, read);
        }
    }

    private HttpResponseMessage SendCore(HttpRequestMessage request, CancellationToken token)
    {
        if (SyncSend is not null && !_syncUnsupported)
        {
            try
            {
                return SyncSend(_http, request, HttpCompletionOption.ResponseHeadersRead, token);
            }
            catch (NotSupportedException)
            {
                // A custom handler without a synchronous Send: nothing was sent, so use the async path from now on.
                _syncUnsupported = true;
            }
        }

        return Await(_http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token), token);
    }

    /// <summary>
    /// Waits for <paramref name="task"/>, or stops waiting when <paramref name="token"/> fires even
    /// though the task does not. .NET Framework's HttpClient drops the token once the headers are in,
    /// and its response stream's ReadAsync ignores it: waiting on the read alone would let a server
    /// that stalls mid-body hold the pipeline thread forever, past the timeout and Ctrl+C. The
    /// abandoned read ends when the caller disposes the response.
    /// </summary>
    private static T Await<T>(Task<T> task, CancellationToken token)
    {
        if (!task.IsCompleted)
        {
            try
            {
                task.Wait(token);
            }
            catch (OperationCanceledException)
            {
                // Abandoned: observe its failure, and dispose what it brings if it still succeeds (a response).
                _ = task.ContinueWith(
                    static t =>
                    {
                        if (t.Status == TaskStatus.RanToCompletion)
                        {
                            (t.Result as IDisposable)?.Dispose();
                        }
                        else
                        {
                            _ = t.Exception;
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
                throw;
            }
            catch (AggregateException)
            {
                // The task failed: rethrown below as its own exception, not wrapped.
            }
        }

        return task.ConfigureAwait(false).GetAwaiter().GetResult();
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    internal static TimeSpan? ParseRetryAfter(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : null;

    /// <summary>True when the failure happened before a connection existed, so no byte of the request left.</summary>
    internal static bool NeverConnected(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException se)
            {
                return se.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable
                    or SocketError.NetworkUnreachable or SocketError.TryAgain or SocketError.NoData or SocketError.AddressNotAvailable;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the TLS handshake failed: AuthenticationException (.NET Core, and inside the Framework's
    /// WebException) or a WebException with SecureChannelFailure/TrustFailure (.NET Framework). The
    /// request is written only after the handshake, so none of it left.
    /// </summary>
    internal static bool SecureChannelFailed(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is System.Security.Authentication.AuthenticationException
                || e is WebException { Status: WebExceptionStatus.SecureChannelFailure or WebExceptionStatus.TrustFailure })
            {
                return true;
            }
        }

        return false;
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>
/// The platform's proxy (HTTP_PROXY, the system settings) for every address but this machine and
/// the ECS metadata service. Temporary credentials and loopback traffic are plain http: through a
/// proxy they would cross the network in clear text, and a proxy cannot reach them correctly anyway.
/// </summary>
internal sealed class LocalBypassProxy : IWebProxy
{
    internal static readonly LocalBypassProxy Instance = new();

    /// <summary>
    /// What a handler without a proxy of its own would use: HttpClient.DefaultProxy on .NET Core
    /// (found at run time, netstandard2.0 cannot name it; read per request, as it may be changed),
    /// WebRequest.DefaultWebProxy on .NET Framework.
    /// </summary>
    private static readonly Func<IWebProxy?> PlatformProxy = FindPlatformProxy();

    /// <summary>The ECS metadata service's address, outside the link-local range.</summary>
    private static readonly IPAddress MetadataAddress = IPAddress.Parse("100.100.100.200");

    private LocalBypassProxy()
    {
    }

    public ICredentials? Credentials
    {
        get => PlatformProxy()?.Credentials;
        set
        {
            if (PlatformProxy() is { } proxy)
            {
                proxy.Credentials = value;
            }
        }
    }

    public Uri? GetProxy(Uri destination) => IsDirect(destination) ? null : PlatformProxy()?.GetProxy(destination);

    public bool IsBypassed(Uri host) => IsDirect(host) || PlatformProxy() is not { } proxy || proxy.IsBypassed(host);

    /// <summary>True for loopback (127/8, ::1, localhost), link-local (169.254/16, fe80::/10) and 100.100.100.200.</summary>
    internal static bool IsDirect(Uri address)
    {
        if (!address.IsAbsoluteUri)
        {
            return false;
        }

        if (address.IsLoopback)
        {
            return true;
        }

        if (address.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6) || !IPAddress.TryParse(address.DnsSafeHost, out var ip))
        {
            return false;
        }

        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return IPAddress.IsLoopback(ip) || ip.IsIPv6LinkLocal;
        }

        var bytes = ip.GetAddressBytes();
        return IPAddress.IsLoopback(ip) || (bytes[0] == 169 && bytes[1] == 254) || ip.Equals(MetadataAddress);
    }

    private static Func<IWebProxy?> FindPlatformProxy()
    {
        var getter = typeof(HttpClient).GetProperty("DefaultProxy", BindingFlags.Public | BindingFlags.Static)?.GetGetMethod();
        return getter is null
            ? static () => WebRequest.DefaultWebProxy
            : (Func<IWebProxy?>)Delegate.CreateDelegate(typeof(Func<IWebProxy?>), getter);
    }
}
