using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AliyunAccessKey.Emulator.Tests.Support;

public sealed record Cred(string Id, string Secret, string? Token = null)
{
    public static Cred Root { get; } = new("testid", "testsecret");

    public static Cred From(IssuedCredentials c) => new(c.AccessKeyId, c.AccessKeySecret);
}

public enum Scheme
{
    V3,
    RpcGet,
    RpcPost,

    /// <summary>RPC with the parameters in a form body, as the SDK does when a request has a body.</summary>
    RpcForm,
}

/// <summary>Ways to bend a request, for the verification tests.</summary>
public sealed class Tweaks
{
    public DateTime? Timestamp { get; set; }

    /// <summary>Sent as the timestamp verbatim (to test a malformed one).</summary>
    public string? RawTimestamp { get; set; }

    public string? Nonce { get; set; }

    /// <summary>Sign with this secret instead of the credential's.</summary>
    public string? SigningSecret { get; set; }

    public bool OmitSignature { get; set; }

    /// <summary>Added after signing (an unsigned x-acs-* header, say).</summary>
    public Dictionary<string, string> ExtraHeaders { get; } = [];

    /// <summary>V3: a body and its content type (form parameters, signed through x-acs-content-sha256).</summary>
    public string? Body { get; set; }

    /// <summary>V3: claim this x-acs-content-sha256 instead of the body's.</summary>
    public string? ClaimedBodyHash { get; set; }

    /// <summary>Receives the client-side string to sign.</summary>
    public Action<string>? StringToSign { get; set; }
}

public sealed class ApiResult
{
    public required int Status { get; init; }

    public required JsonElement Json { get; init; }

    public required HttpResponseHeaders Headers { get; init; }

    public string? Code => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(nameof(Code), out var c) ? c.GetString() : null;

    public string? Message => Json.TryGetProperty(nameof(Message), out var m) ? m.GetString() : null;

    public string Str(params string[] path)
    {
        var e = Json;
        foreach (var p in path)
        {
            e = e.GetProperty(p);
        }

        return e.GetString()!;
    }

    public bool Has(string name) => Json.TryGetProperty(name, out _);

    public override string ToString() => $"{Status} {Json}";
}

/// <summary>Sends hand-signed IMS/STS requests to an emulator.</summary>
public sealed class ApiClient : IDisposable
{
    public const string Ims = "2019-08-15";
    public const string Sts = "2015-04-01";
    public const string Ram = "2015-05-01";

    private readonly HttpClient _http;

    public ApiClient(Uri baseAddress, Func<DateTime>? now = null)
    {
        BaseAddress = baseAddress;
        Now = now ?? (() => DateTime.UtcNow);
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public Func<DateTime> Now { get; set; }

    public HttpClient Http => _http;

    public Task<ApiResult> ImsAsync(string action, Cred? cred = null, object? parameters = null, Scheme scheme = Scheme.V3, Tweaks? tweaks = null) =>
        CallAsync(Ims, action, Params(parameters), cred ?? Cred.Root, scheme, tweaks);

    public Task<ApiResult> StsAsync(string action, Cred? cred = null, object? parameters = null, Scheme scheme = Scheme.V3, Tweaks? tweaks = null) =>
        CallAsync(Sts, action, Params(parameters), cred ?? Cred.Root, scheme, tweaks);

    public Task<ApiResult> RamAsync(string action, Cred? cred = null, object? parameters = null, Scheme scheme = Scheme.V3, Tweaks? tweaks = null) =>
        CallAsync(Ram, action, Params(parameters), cred ?? Cred.Root, scheme, tweaks);

    /// <summary>Parameters from an anonymous object or a dictionary; null values are left out.</summary>
    public static List<KeyValuePair<string, string>> Params(object? parameters)
    {
        var list = new List<KeyValuePair<string, string>>();
        if (parameters is IEnumerable<KeyValuePair<string, string>> pairs)
        {
            list.AddRange(pairs);
        }
        else if (parameters is not null)
        {
            foreach (var p in parameters.GetType().GetProperties())
            {
                if (p.GetValue(parameters) is { } v)
                {
                    list.Add(new(p.Name.Replace('_', '.'), Convert.ToString(v, CultureInfo.InvariantCulture)!));
                }
            }
        }

        return list;
    }

    public async Task<ApiResult> CallAsync(string version, string action, List<KeyValuePair<string, string>> parameters, Cred cred, Scheme scheme = Scheme.V3, Tweaks? tweaks = null)
    {
        using var request = Build(version, action, parameters, cred, scheme, tweaks ?? new Tweaks());
        return await SendAsync(request);
    }

    public HttpRequestMessage Build(string version, string action, List<KeyValuePair<string, string>> parameters, Cred cred, Scheme scheme, Tweaks tweaks)
    {
        var timestamp = tweaks.RawTimestamp ?? (tweaks.Timestamp ?? Now()).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var nonce = tweaks.Nonce ?? Guid.NewGuid().ToString("N");
        var secret = tweaks.SigningSecret ?? cred.Secret;
        HttpRequestMessage message;
        if (scheme == Scheme.V3)
        {
            var bodyBytes = Encoding.UTF8.GetBytes(tweaks.Body ?? string.Empty);
            var bodyHash = tweaks.ClaimedBodyHash ?? TestSigner.Sha256Hex(bodyBytes);
            var headers = new Dictionary<string, string>
            {
                ["host"] = BaseAddress.Authority,
                ["x-acs-action"] = action,
                ["x-acs-version"] = version,
                ["x-acs-date"] = timestamp,
                ["x-acs-signature-nonce"] = nonce,
                ["x-acs-content-sha256"] = bodyHash,
            };
            if (cred.Token is not null)
            {
                headers["x-acs-security-token"] = cred.Token;
            }

            if (tweaks.Body is not null)
            {
                headers["content-type"] = "application/x-www-form-urlencoded";
            }

            var canonical = TestSigner.V3CanonicalRequest("POST", "/", parameters, headers, bodyHash);
            var stringToSign = TestSigner.V3StringToSign(canonical);
            tweaks.StringToSign?.Invoke(stringToSign);
            var query = TestSigner.Query(parameters);
            message = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseAddress, query.Length == 0 ? "/" : "/?" + query))
            {
                Content = new ByteArrayContent(bodyBytes),
            };
            foreach (var h in headers.Where(h => h.Key is not ("host" or "content-type")))
            {
                message.Headers.TryAddWithoutValidation(h.Key, h.Value);
            }

            if (tweaks.Body is not null)
            {
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded");
            }

            if (!tweaks.OmitSignature)
            {
                message.Headers.TryAddWithoutValidation(
                    "Authorization",
                    $"ACS3-HMAC-SHA256 Credential={cred.Id},SignedHeaders={TestSigner.V3SignedHeaders(headers)},Signature={TestSigner.V3Signature(secret, stringToSign)}");
            }
        }
        else
        {
            var all = new List<KeyValuePair<string, string>>(parameters)
            {
                new("Action", action),
                new("Version", version),
                new("Format", "JSON"),
                new("AccessKeyId", cred.Id),
                new("SignatureMethod", "HMAC-SHA1"),
                new("SignatureVersion", "1.0"),
                new("SignatureNonce", nonce),
                new("Timestamp", timestamp),
            };
            if (cred.Token is not null)
            {
                all.Add(new("SecurityToken", cred.Token));
            }

            var method = scheme == Scheme.RpcGet ? "GET" : "POST";
            var stringToSign = TestSigner.RpcStringToSign(method, all);
            tweaks.StringToSign?.Invoke(stringToSign);
            if (!tweaks.OmitSignature)
            {
                all.Add(new("Signature", TestSigner.RpcSignature(secret, stringToSign)));
            }

            var query = TestSigner.Query(all);
            if (scheme == Scheme.RpcForm)
            {
                message = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseAddress, "/"))
                {
                    Content = new StringContent(query, Encoding.UTF8, "application/x-www-form-urlencoded"),
                };
            }
            else
            {
                message = new HttpRequestMessage(new HttpMethod(method), new Uri(BaseAddress, "/?" + query));
            }
        }

        foreach (var h in tweaks.ExtraHeaders)
        {
            message.Headers.TryAddWithoutValidation(h.Key, h.Value);
        }

        return message;
    }

    public async Task<ApiResult> SendAsync(HttpRequestMessage request)
    {
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return new ApiResult { Status = (int)response.StatusCode, Json = doc.RootElement.Clone(), Headers = response.Headers };
    }

    public async Task<JsonElement> ControlAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseAddress, "_emulator/" + path));
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode}: {text}");
        }

        return doc.RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();
}
