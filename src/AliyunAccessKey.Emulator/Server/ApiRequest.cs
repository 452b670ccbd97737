using AliyunAccessKey.Emulator.Signing;

namespace AliyunAccessKey.Emulator.Server;

/// <summary>
/// An API request read fully: the decoded query and form parameters, the body and its hash, and
/// where its version, action and signature came from.
/// </summary>
internal sealed class ApiRequest
{
    public const int MaxBodyBytes = 1 << 20;

    private readonly IHeaderDictionary _headers;
    private readonly Dictionary<string, string> _params = new(StringComparer.Ordinal);

    private ApiRequest(HttpRequest request, byte[] body)
    {
        _headers = request.Headers;
        Method = request.Method;
        Path = request.Path.HasValue ? request.Path.Value! : "/";
        Body = body;
        Query = AcsEncoding.ParseFormEncoded(request.QueryString.Value ?? string.Empty);
        Form = IsForm(request.ContentType)
            ? AcsEncoding.ParseFormEncoded(System.Text.Encoding.UTF8.GetString(body))
            : [];

        // Query first: the official SDK puts everything there; a form body may add parameters.
        foreach (var p in Query.Concat(Form))
        {
            _params.TryAdd(p.Key, p.Value);
        }

        Authorization = Header("authorization");
        Version = Param("Version") ?? Header("x-acs-version");
        Action = Param("Action") ?? Header("x-acs-action");
    }

    public string Method { get; }

    public string Path { get; }

    public byte[] Body { get; }

    public List<KeyValuePair<string, string>> Query { get; }

    public List<KeyValuePair<string, string>> Form { get; }

    public string? Authorization { get; }

    public string? Version { get; }

    public string? Action { get; }

    /// <summary>V3 when an Authorization header is present; otherwise RPC.</summary>
    public bool IsAcs3 => Authorization is not null;

    /// <summary>Every query and form parameter, each once.</summary>
    public IReadOnlyDictionary<string, string> Parameters => _params;

    public static async Task<ApiRequest> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new AcsException(400, "InvalidParameter.Body", "The request body is too large.");
            }

            buffer.Write(chunk, 0, read);
        }

        return new ApiRequest(request, buffer.ToArray());
    }

    private static bool IsForm(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    public string? Param(string name) => _params.GetValueOrDefault(name);

    /// <summary>A header's values joined with ',' (as the SDK signs repeated headers), or null when absent.</summary>
    public string? Header(string name) =>
        _headers.TryGetValue(name, out var values) && values.Count > 0
            ? values.Count == 1 ? values[0] : string.Join(',', values.Select(static v => v?.Trim()).Order(StringComparer.Ordinal))
            : null;

    /// <summary>Lower-case names of the headers present.</summary>
    public IEnumerable<string> HeaderNames => _headers.Keys.Select(static k => k.ToLowerInvariant());
}
