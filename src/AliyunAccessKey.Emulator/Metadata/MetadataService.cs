using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using AliyunAccessKey.Emulator.Features.Sts;
using AliyunAccessKey.Emulator.Server;
using AliyunAccessKey.Emulator.Signing;

namespace AliyunAccessKey.Emulator.Metadata;

/// <summary>
/// ECS instance metadata (100.100.100.200 on a real instance): IMDSv2 tokens and the instance RAM
/// role's credentials, which are STS credentials of the role and sign API calls as it.
/// </summary>
internal sealed class MetadataService
{
    public const string InstanceId = "i-emulator000000000001";
    public const string RegionId = "cn-hangzhou";
    public const int MaxTokenTtlSeconds = 21600;

    private const string CredentialsPath = "/latest/meta-data/ram/security-credentials/";

    private readonly EmulatorCore _core;
    private readonly ConcurrentDictionary<string, DateTime> _tokens = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private (StsSession Session, DateTime Issued)? _current;

    public MetadataService(EmulatorCore core) => _core = core;

    public string? RoleName => _core.Options.ImdsRoleName ?? (_core.Options.Roles.Count > 0 ? RoleSpec.Parse(_core.Options.Roles[0]).Name : null);

    public void Reset()
    {
        _tokens.Clear();
        lock (_lock)
        {
            _current = null;
        }
    }

    public async Task HandleAsync(HttpContext http)
    {
        _core.Counters.Metadata();
        var path = http.Request.Path.Value ?? string.Empty;
        var now = _core.UtcNow;

        if (path == "/latest/api/token")
        {
            if (_core.Knobs.ImdsTokenUnavailable)
            {
                await TextAsync(http, 404, "Not Found").ConfigureAwait(false);
                return;
            }

            if (!HttpMethods.IsPut(http.Request.Method))
            {
                await TextAsync(http, 405, "Method Not Allowed").ConfigureAwait(false);
                return;
            }

            var ttlText = http.Request.Headers["X-aliyun-ecs-metadata-token-ttl-seconds"].ToString();
            if (!int.TryParse(ttlText, NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) || ttl is < 1 or > MaxTokenTtlSeconds)
            {
                await TextAsync(http, 400, $"X-aliyun-ecs-metadata-token-ttl-seconds must be from 1 to {MaxTokenTtlSeconds}.").ConfigureAwait(false);
                return;
            }

            var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(33)).Replace('+', '-').Replace('/', '_');
            _tokens[token] = now.AddSeconds(ttl);
            await TextAsync(http, 200, token).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsGet(http.Request.Method))
        {
            await TextAsync(http, 405, "Method Not Allowed").ConfigureAwait(false);
            return;
        }

        // v1 (no token) is allowed unless the knob demands v2; a token that is sent must be valid either way.
        var sent = http.Request.Headers["X-aliyun-ecs-metadata-token"].ToString();
        if (sent.Length > 0 ? !(_tokens.TryGetValue(sent, out var expires) && now < expires) : _core.Knobs.ImdsRequireToken)
        {
            await TextAsync(http, 401, "Unauthorized: a valid X-aliyun-ecs-metadata-token is required.").ConfigureAwait(false);
            return;
        }

        var role = RoleName;
        switch (path)
        {
            case "/latest/meta-data/instance-id":
                await TextAsync(http, 200, InstanceId).ConfigureAwait(false);
                return;
            case "/latest/meta-data/region-id":
                await TextAsync(http, 200, RegionId).ConfigureAwait(false);
                return;
            case CredentialsPath or "/latest/meta-data/ram/security-credentials":
                await TextAsync(http, role is null ? 404 : 200, role ?? "Not Found").ConfigureAwait(false);
                return;
        }

        if (path.StartsWith(CredentialsPath, StringComparison.Ordinal) && role is not null &&
            string.Equals(path[CredentialsPath.Length..].TrimEnd('/'), role, StringComparison.OrdinalIgnoreCase))
        {
            var (session, issued) = Credentials(role, now);
            await CredentialsAsync(http, session, issued).ConfigureAwait(false);
            return;
        }

        await TextAsync(http, 404, "Not Found").ConfigureAwait(false);
    }

    /// <summary>Like ECS, the same credentials are handed out until they near expiry.</summary>
    private (StsSession Session, DateTime Issued) Credentials(string roleName, DateTime now)
    {
        lock (_lock)
        {
            var lifetime = Math.Max(1, _core.Knobs.ImdsCredentialSeconds);
            var refreshBefore = TimeSpan.FromSeconds(Math.Min(15 * 60, lifetime / 2.0));
            if (_current is { } current && current.Session.Expiration - now > refreshBefore)
            {
                return current;
            }

            var session = _core.Account.Write(s => s.Sts.CreateSession(s.Sts.FindRoleByName(roleName)!, InstanceId, now.AddSeconds(lifetime)));
            _current = (session, now);
            return _current.Value;
        }
    }

    private static async Task CredentialsAsync(HttpContext http, StsSession session, DateTime issued)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, ApiEndpoint.JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("AccessKeyId", session.AccessKeyId);
            json.WriteString("AccessKeySecret", session.Secret);
            json.WriteString("Expiration", AcsEncoding.FormatDate(session.Expiration));
            json.WriteString("SecurityToken", session.SecurityToken);
            json.WriteString("LastUpdated", AcsEncoding.FormatDate(issued));
            json.WriteString("Code", "Success");
            json.WriteEndObject();
        }

        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(buffer.WrittenMemory).ConfigureAwait(false);
    }

    private static Task TextAsync(HttpContext http, int status, string text)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain";
        return http.Response.WriteAsync(text);
    }
}
