using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using AliyunAccessKey.Emulator.Api;
using AliyunAccessKey.Emulator.Features.AccessKeys;

namespace AliyunAccessKey.Emulator.Server;

/// <summary>
/// The IMS/STS API: every request goes latency → read → route → verify → authorize → throttle →
/// fault → act → answer. Faults come after verification so an injected failure looks like a service
/// failure on a valid request, and "drop-after-act" can lose the answer of a real change.
/// </summary>
internal sealed class ApiEndpoint
{
    public static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly EmulatorCore _core;

    public ApiEndpoint(EmulatorCore core) => _core = core;

    public async Task HandleAsync(HttpContext http)
    {
        var requestId = Guid.NewGuid().ToString("D").ToUpperInvariant();
        http.Response.Headers["x-acs-request-id"] = requestId;
        _core.Counters.Request();
        var knobs = _core.Knobs;
        ApiProduct? product = null;
        try
        {
            if (knobs.LatencyMs > 0)
            {
                await Task.Delay(knobs.LatencyMs, http.RequestAborted).ConfigureAwait(false);
            }

            if (!(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsPost(http.Request.Method)) || http.Request.Path.Value is not (null or "" or "/"))
            {
                throw Errors.InvalidAction();
            }

            var request = await ApiRequest.ReadAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
            if (request.Version is null)
            {
                throw Errors.Missing("Version");
            }

            product = _core.Catalog.Product(request.Version) ?? throw Errors.InvalidVersion(request.Version);
            var name = request.Action ?? throw Errors.Missing("Action");
            var action = _core.Catalog.Find(product, name) ?? throw Errors.InvalidAction();

            var now = _core.UtcNow;
            var auth = _core.Authenticator.Authenticate(request, now);
            _core.Counters.Verified(name);
            if (auth.Key is AccessKeyRecord used)
            {
                _core.Account.Write(s => s.AccessKeys.RecordUse(used, product.Code, now));
            }

            var context = new ActionContext(_core, request, auth.Caller, now);
            if (!_core.Authorizer.Authorize(auth.Caller, action, action.Resource(context)))
            {
                throw Errors.NotAuthorized();
            }

            if (_core.Limiter is { } limiter && !limiter.TryAcquire(auth.Caller.AccessKeyId, out var waitMs))
            {
                _core.Counters.Throttled();
                throw Errors.Throttled(knobs.SendRetryAfter ? waitMs : null);
            }

            var fault = _core.Faults.Decide(name, out var ordinal);
            if (fault is FaultKind kind)
            {
                _core.Counters.Fault(new FaultEvent(ordinal, name, kind, requestId));
                switch (kind)
                {
                    case FaultKind.ServiceUnavailable:
                        throw Errors.ServiceUnavailable();
                    case FaultKind.InternalError:
                        throw Errors.InternalError(product);
                    case FaultKind.Reset:
                        http.Abort();
                        return;
                    case FaultKind.Slow:
                        // A slow service goes on working when the client gives up, so only shutdown cuts this short.
                        await Task.Delay(knobs.SlowMs, _core.Stopping).ConfigureAwait(false);
                        break;
                }
            }

            var body = Execute(action, context, requestId);
            if (fault == FaultKind.DropAfterAct || http.RequestAborted.IsCancellationRequested)
            {
                // The change is made but its answer is lost: a created key's secret is now known to nobody.
                if (context.CreatedKey is AccessKeyRecord created)
                {
                    _core.Account.Write(s => s.AccessKeys.MarkOrphan(created));
                }

                http.Abort();
                return;
            }

            _core.Counters.Succeeded();
            await WriteAsync(http, 200, body).ConfigureAwait(false);
        }
        catch (AcsException error)
        {
            await WriteErrorAsync(http, error, requestId, product).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested || _core.Stopping.IsCancellationRequested)
        {
            // The client went away (or the emulator is stopping): nobody to answer.
        }
        catch (BadHttpRequestException)
        {
            await WriteErrorAsync(http, new AcsException(400, "InvalidParameter.Body", "The request body could not be read."), requestId, product).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // An emulator bug still answers in the service's shape (and never echoes request data).
            await WriteErrorAsync(http, Errors.InternalError(product), requestId, product).ConfigureAwait(false);
        }
    }

    private byte[] Execute(ApiAction action, ActionContext context, string requestId)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("RequestId", requestId);
            action.Run(_core.Account, context, json);

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private async Task WriteErrorAsync(HttpContext http, AcsException error, string requestId, ApiProduct? product)
    {
        _core.Counters.Rejected(error.Code);
        if (http.Response.HasStarted)
        {
            return;
        }

        if (error.RetryAfterMs is long ms)
        {
            http.Response.Headers["x-acs-retry-after"] = ms.ToString(CultureInfo.InvariantCulture);
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("RequestId", requestId);
            // Before the product is known (a bad version), IMS's host and name stand in.
            product ??= ApiProduct.Ims;
            json.WriteString("HostId", product.Host);
            json.WriteString("Code", error.Code);
            json.WriteString("Message", error.Message);
            json.WriteString(
                "Recommend",
                $"https://api.aliyun.com/troubleshoot?q={Uri.EscapeDataString(error.Code)}&product={product.Name}&requestId={requestId}");
            json.WriteEndObject();
        }

        await WriteAsync(http, error.Status, buffer.WrittenSpan.ToArray()).ConfigureAwait(false);
    }

    private async Task WriteAsync(HttpContext http, int status, byte[] body)
    {
        var response = http.Response;
        response.StatusCode = status;
        response.Headers.Date = _core.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        response.ContentType = "application/json;charset=utf-8";
        response.ContentLength = body.Length;
        try
        {
            await response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
