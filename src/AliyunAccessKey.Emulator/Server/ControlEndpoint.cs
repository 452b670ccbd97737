using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AliyunAccessKey.Emulator.Server;

/// <summary>
/// /_emulator/: the test and benchmark controls, apart from the API (no signature, JSON in and
/// out, camelCase). Only reachable on 127.0.0.1, like the rest of the emulator.
/// </summary>
internal sealed class ControlEndpoint
{
    public const string Prefix = "/_emulator";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly EmulatorCore _core;

    public ControlEndpoint(EmulatorCore core) => _core = core;

    public async Task HandleAsync(HttpContext http)
    {
        var path = (http.Request.Path.Value ?? string.Empty)[Prefix.Length..].Trim('/');
        var get = HttpMethods.IsGet(http.Request.Method);
        var post = HttpMethods.IsPost(http.Request.Method);
        try
        {
            object? result = (path, get, post) switch
            {
                ("", true, _) => Info(),
                ("counters", true, _) => _core.Snapshot(),
                ("counters/reset", _, true) => ResetCounters(),
                ("knobs", true, _) => _core.Knobs,
                ("knobs", _, true) => SetKnobs(await ReadAsync<KnobsPatch>(http).ConfigureAwait(false)),
                ("reset", _, true) => Reset(),
                ("seed", _, true) => Seed(await ReadAsync<SeedRequest>(http).ConfigureAwait(false)),
                ("state", true, _) => Summary(),
                ("faults", true, _) => _core.Counters.FaultLog(),
                ("save", _, true) => await SaveAsync().ConfigureAwait(false),
                ("credentials", _, true) => Credentials(await ReadAsync<CredentialsRequest>(http).ConfigureAwait(false)),
                ("users/status", _, true) => UserStatus(await ReadAsync<UserStatusRequest>(http).ConfigureAwait(false)),
                ("users/login", _, true) => UserLogin(await ReadAsync<UserLoginRequest>(http).ConfigureAwait(false)),
                ("users/mfa", _, true) => BindMfa(await ReadAsync<MfaBindRequest>(http).ConfigureAwait(false)),
                ("keys/age", _, true) => AgeKey(await ReadAsync<KeyAgeRequest>(http).ConfigureAwait(false)),
                ("policies", _, true) => CreatePolicy(await ReadAsync<PolicyRequest>(http).ConfigureAwait(false)),
                _ => null,
            };

            if (result is null)
            {
                await WriteAsync(http, 404, new { error = $"No control endpoint {http.Request.Method} {http.Request.Path}. See GET {Prefix}/." }).ConfigureAwait(false);
                return;
            }

            await WriteAsync(http, 200, result).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException or AcsException)
        {
            await WriteAsync(http, 400, new { error = ex.Message }).ConfigureAwait(false);
        }
    }

    private object Info() => new
    {
        emulator = "running",
        address = _core.BaseAddress.ToString(),
        control = new Uri(_core.BaseAddress, Prefix + "/").ToString(),
        metadata = _core.BaseAddress.ToString(),
        accessKeyId = _core.Options.AccessKeyId,
        accountId = _core.Account.Profile.AccountId,
        defaultDomain = _core.Account.Profile.DefaultDomain,
        roles = _core.Account.Read(static s => s.Sts.Roles.Select(static r => new { name = r.Name, arn = r.Arn, maxSessionDuration = r.MaxSessionDuration }).ToArray()),
        imdsRole = _core.Metadata.RoleName,
        stateFile = _core.StateFile?.FullPath,
        knobs = _core.Knobs,
        endpoints = new[]
        {
            "GET counters", "POST counters/reset", "GET knobs", "POST knobs", "POST reset", "POST seed",
            "GET state", "GET faults", "POST save", "POST credentials", "POST users/status", "POST users/login", "POST users/mfa",
            "POST policies", "POST keys/age",
        },
    };

    private object ResetCounters()
    {
        _core.Counters.Reset();
        return new { reset = "counters" };
    }

    private EmulatorKnobs SetKnobs(KnobsPatch? patch)
    {
        _core.Knobs = (patch ?? new KnobsPatch()).ApplyTo(_core.Knobs);
        return _core.Knobs;
    }

    private object Reset()
    {
        _core.Reset();
        return new { reset = "all" };
    }

    private object Seed(SeedRequest? request)
    {
        request ??= new SeedRequest();
        var watch = Stopwatch.StartNew();
        var now = _core.UtcNow;
        var (created, users) = _core.Account.Write(s => (s.Seed(request.Users, request.KeysPerUser, now, request.FrozenUsers), s.Users.Count));
        return new { created, users, elapsedMs = watch.ElapsedMilliseconds };
    }

    private object Summary() => _core.Account.Read<object>(static s => new
    {
        users = s.Users.Count,
        policies = s.Policies.Count,
        accessKeys = s.AccessKeys.Count,
        sessions = s.Sts.SessionCount,
        orphanKeys = s.AccessKeys.OrphanCount,
        loginProfiles = s.LoginProfiles.Count,
        mfaDevices = s.Mfa.Count,
        credentialReports = s.CredentialReport.Generations,
    });

    private async Task<object> SaveAsync()
    {
        if (_core.StateFile is null)
        {
            throw new ArgumentException("No state file is configured (start with --state-file).");
        }

        await _core.StateFile.SaveAsync().ConfigureAwait(false);
        return new { saved = _core.StateFile.FullPath };
    }

    private IssuedCredentials Credentials(CredentialsRequest? request) =>
        EmulatorState.IssueCredentials(_core, request?.UserPrincipalName, request?.DisplayName);

    private object UserStatus(UserStatusRequest? request)
    {
        var frozen = request?.Status?.Trim().ToUpperInvariant() switch
        {
            "ACTIVE" => false,
            "FREEZE" => true,
            _ => throw new ArgumentException("status must be \"active\" or \"freeze\"."),
        };
        EmulatorState.SetUserFrozen(_core, request!.UserPrincipalName ?? string.Empty, frozen);
        return new { userPrincipalName = request.UserPrincipalName, status = frozen ? "freeze" : "active" };
    }

    private object UserLogin(UserLoginRequest? request)
    {
        var when = EmulatorState.RecordLogin(_core, request?.UserPrincipalName ?? string.Empty, request?.Date);
        return new { userPrincipalName = request!.UserPrincipalName, lastLoginDate = when };
    }

    /// <summary>Binds a virtual MFA device, which through IMS needs a TOTP exchange (CreateVirtualMFADevice, BindMFADevice with two codes).</summary>
    private object BindMfa(MfaBindRequest? request)
    {
        var serial = EmulatorState.BindMfaDevice(_core, request?.UserPrincipalName ?? string.Empty, request?.DeviceName);
        return new { userPrincipalName = request!.UserPrincipalName, serialNumber = serial };
    }

    /// <summary>Moves a key's creation and last use into the past, so stale-key audits can be tested; no IMS action can.</summary>
    private object AgeKey(KeyAgeRequest? request)
    {
        var key = EmulatorState.AgeAccessKey(_core, request?.AccessKeyId ?? string.Empty, request?.CreateDate, request?.LastUsedDate, request?.LastUsedService, request?.NeverUsed ?? false);
        return new { accessKeyId = key.AccessKeyId, createDate = key.CreateDate, lastUsedDate = key.LastUsedDate, lastUsedService = key.LastUsedService };
    }

    private object CreatePolicy(PolicyRequest? request)
    {
        var policy = EmulatorState.CreatePolicy(_core, request?.PolicyName ?? string.Empty, request?.PolicyDocument ?? string.Empty, request?.Description);
        return new { policyName = policy.PolicyName, policyType = policy.PolicyType };
    }

    private static async Task<T?> ReadAsync<T>(HttpContext http)
    {
        if (http.Request.ContentLength == 0)
        {
            return default;
        }

        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(text) ? default : JsonSerializer.Deserialize<T>(text, Json);
    }

    private static async Task WriteAsync(HttpContext http, int status, object value)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json;charset=utf-8";
        await JsonSerializer.SerializeAsync(http.Response.Body, value, value.GetType(), Json, http.RequestAborted).ConfigureAwait(false);
    }

    private sealed class SeedRequest
    {
        public int Users { get; set; }

        public int KeysPerUser { get; set; }

        public int FrozenUsers { get; set; }
    }

    private sealed class UserStatusRequest
    {
        public string? UserPrincipalName { get; set; }

        public string? Status { get; set; }
    }

    private sealed class UserLoginRequest
    {
        public string? UserPrincipalName { get; set; }

        /// <summary>When the logon happened (UTC); now when absent.</summary>
        public DateTime? Date { get; set; }
    }

    private sealed class MfaBindRequest
    {
        public string? UserPrincipalName { get; set; }

        /// <summary>The device's name (the serial number's last part); the user's name when absent.</summary>
        public string? DeviceName { get; set; }
    }

    private sealed class KeyAgeRequest
    {
        public string? AccessKeyId { get; set; }

        public DateTime? CreateDate { get; set; }

        public DateTime? LastUsedDate { get; set; }

        public string? LastUsedService { get; set; }

        /// <summary>Clears the last use (the key was never used).</summary>
        public bool NeverUsed { get; set; }
    }

    private sealed class PolicyRequest
    {
        public string? PolicyName { get; set; }

        public string? PolicyDocument { get; set; }

        public string? Description { get; set; }
    }

    private sealed class CredentialsRequest
    {
        public string? UserPrincipalName { get; set; }

        public string? DisplayName { get; set; }
    }
}

/// <summary>A partial update of the knobs: what is given changes, the rest stays.</summary>
internal sealed class KnobsPatch
{
    public int? LatencyMs { get; set; }

    public double? RateLimit { get; set; }

    public int? RateLimitBurst { get; set; }

    public bool? SendRetryAfter { get; set; }

    public double? FaultRate { get; set; }

    public long? FaultSeed { get; set; }

    public IReadOnlyList<FaultKind>? FaultKinds { get; set; }

    public IReadOnlyList<string>? FaultActions { get; set; }

    public int? SlowMs { get; set; }

    public bool? ImdsRequireToken { get; set; }

    public bool? ImdsTokenUnavailable { get; set; }

    public int? ClockOffsetSeconds { get; set; }

    public int? MinAssumeRoleDurationSeconds { get; set; }

    public int? ImdsCredentialSeconds { get; set; }

    public int? CredentialReportMs { get; set; }

    public int? MaxIdleDaysForAccessKeys { get; set; }

    public int? AccessKeysPerUserQuota { get; set; }

    public EmulatorKnobs ApplyTo(EmulatorKnobs k) => k with
    {
        LatencyMs = LatencyMs ?? k.LatencyMs,
        RateLimit = RateLimit ?? k.RateLimit,
        RateLimitBurst = RateLimitBurst ?? k.RateLimitBurst,
        SendRetryAfter = SendRetryAfter ?? k.SendRetryAfter,
        FaultRate = FaultRate ?? k.FaultRate,
        FaultSeed = FaultSeed ?? k.FaultSeed,
        FaultKinds = FaultKinds ?? k.FaultKinds,
        FaultActions = FaultActions ?? k.FaultActions,
        SlowMs = SlowMs ?? k.SlowMs,
        ImdsRequireToken = ImdsRequireToken ?? k.ImdsRequireToken,
        ImdsTokenUnavailable = ImdsTokenUnavailable ?? k.ImdsTokenUnavailable,
        ClockOffsetSeconds = ClockOffsetSeconds ?? k.ClockOffsetSeconds,
        MinAssumeRoleDurationSeconds = MinAssumeRoleDurationSeconds ?? k.MinAssumeRoleDurationSeconds,
        ImdsCredentialSeconds = ImdsCredentialSeconds ?? k.ImdsCredentialSeconds,
        CredentialReportMs = CredentialReportMs ?? k.CredentialReportMs,
        MaxIdleDaysForAccessKeys = MaxIdleDaysForAccessKeys ?? k.MaxIdleDaysForAccessKeys,
        AccessKeysPerUserQuota = AccessKeysPerUserQuota ?? k.AccessKeysPerUserQuota,
    };
}
