using System.Xml.Linq;
using AliyunAccessKey.Client;

namespace AliyunAccessKey.Credentials;

/// <summary>
/// The ECS instance metadata service: IMDSv2 (a session token first) with the v1 fallback unless
/// ALIBABA_CLOUD_IMDSV1_DISABLED=true, as the official credential chain does.
/// </summary>
internal sealed class EcsMetadataClient : IDisposable
{
    /// <summary>Where ECS instances reach their metadata.</summary>
    internal static readonly Uri DefaultEndpoint = new("http://100.100.100.200/");

    private readonly HttpTransport _transport = new(null, "AliyunAccessKey");

    internal EcsMetadataClient(Uri? endpoint, TimeSpan? timeout = null)
    {
        Endpoint = endpoint ?? DefaultEndpoint;
        Timeout = timeout ?? TimeSpan.FromSeconds(1);
    }

    internal Uri Endpoint { get; }

    internal TimeSpan Timeout { get; }

    /// <summary>Notes for Verbose output (which IMDS version was used).</summary>
    internal Action<string>? Trace { get; set; }

    internal static bool V1Disabled => string.Equals(Environment.GetEnvironmentVariable("ALIBABA_CLOUD_IMDSV1_DISABLED"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The instance's RAM role name (the first one listed).</summary>
    internal string GetRoleName(CancellationToken ct)
    {
        var token = GetToken(ct);
        var body = Get("latest/meta-data/ram/security-credentials/", token, ct).Trim();
        var role = body.Split(['\n'], StringSplitOptions.RemoveEmptyEntries).Select(static r => r.Trim()).FirstOrDefault(static r => r.Length > 0);
        return role ?? throw new AliyunCredentialException("NoEcsRamRole", $"The ECS metadata service at {Endpoint} lists no RAM role for this instance.");
    }

    /// <summary>Temporary credentials of <paramref name="roleName"/>.</summary>
    internal AcsCredential GetCredentials(string roleName, CancellationToken ct)
    {
        var token = GetToken(ct);
        var body = Get("latest/meta-data/ram/security-credentials/" + Uri.EscapeDataString(roleName), token, ct);
        XElement json;
        try
        {
            json = Json.Parse(System.Text.Encoding.UTF8.GetBytes(body));
        }
        catch (System.Xml.XmlException ex)
        {
            throw new AliyunCredentialException("EcsMetadataUnreadable", $"The ECS metadata service answered something that is not credentials for role '{roleName}'.", ex);
        }

        if (json.Str("Code") is { } code && !string.Equals(code, "Success", StringComparison.Ordinal))
        {
            throw new AliyunCredentialException("EcsMetadataRefused", $"The ECS metadata service refused credentials for role '{roleName}': {code}.");
        }

        return AcsCredential.FromPlainText(
            json.Str("AccessKeyId") ?? throw Missing("AccessKeyId"),
            json.Str("AccessKeySecret") ?? throw Missing("AccessKeySecret"),
            json.Str("SecurityToken") ?? throw Missing("SecurityToken"),
            json.Date("Expiration"));

        AliyunCredentialException Missing(string field) =>
            new("EcsMetadataUnreadable", $"The ECS metadata credentials for role '{roleName}' have no {field}.");
    }

    private string? GetToken(CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(Endpoint, "latest/api/token"));
        request.Headers.TryAddWithoutValidation("X-aliyun-ecs-metadata-token-ttl-seconds", "21600");
        try
        {
            var response = _transport.Send(request, "EcsMetadataToken", Timeout, ct);
            if (response.Status == 200)
            {
                return System.Text.Encoding.UTF8.GetString(response.Body).Trim();
            }

            if (V1Disabled)
            {
                throw new AliyunCredentialException("EcsMetadataTokenRefused", $"The ECS metadata service at {Endpoint} refused an IMDSv2 token (HTTP {response.Status}) and IMDSv1 is disabled (ALIBABA_CLOUD_IMDSV1_DISABLED).");
            }
        }
        catch (AliyunTransportException ex) when (!V1Disabled)
        {
            Trace?.Invoke($"IMDSv2 token unavailable ({ex.Message}); using IMDSv1.");
            return null;
        }
        catch (AliyunTransportException ex)
        {
            throw new AliyunCredentialException("EcsMetadataUnreachable", $"The ECS metadata service at {Endpoint} did not answer: {ex.Message}", ex);
        }

        Trace?.Invoke("IMDSv2 token refused; using IMDSv1.");
        return null;
    }

    private string Get(string path, string? token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Endpoint, path));
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("X-aliyun-ecs-metadata-token", token);
        }

        TransportResponse response;
        try
        {
            response = _transport.Send(request, "EcsMetadata", Timeout, ct);
        }
        catch (AliyunTransportException ex)
        {
            throw new AliyunCredentialException("EcsMetadataUnreachable", $"The ECS metadata service at {Endpoint} did not answer: {ex.Message}", ex);
        }

        if (response.Status != 200)
        {
            throw new AliyunCredentialException("EcsMetadataRefused", $"The ECS metadata service at {Endpoint} answered HTTP {response.Status} for /{path}.");
        }

        return System.Text.Encoding.UTF8.GetString(response.Body);
    }

    public void Dispose() => _transport.Dispose();
}
