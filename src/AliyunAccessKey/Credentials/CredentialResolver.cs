using System.Globalization;
using AliyunAccessKey.Client;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Credentials;

/// <summary>A credential source and how to name it to the user.</summary>
internal sealed class ResolvedCredential
{
    internal ResolvedCredential(ICredentialSource source, string description)
    {
        Source = source;
        Description = description;
    }

    internal ICredentialSource Source { get; }

    internal string Description { get; }
}

/// <summary>
/// Finds credentials where Alibaba's own tools keep them, in the order of the official default
/// chain: environment variables, aliyun CLI profile, credentials file, ECS RAM role, credentials URI.
/// </summary>
internal sealed class CredentialResolver
{
    private readonly StsClient _sts;
    private readonly Func<EcsMetadataClient> _metadata;
    private readonly Action<string> _verbose;

    internal CredentialResolver(StsClient sts, Func<EcsMetadataClient> metadata, Action<string> verbose)
    {
        _sts = sts;
        _metadata = metadata;
        _verbose = verbose;
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;

    private static bool EnvTrue(string name) => string.Equals(Env(name), "true", StringComparison.OrdinalIgnoreCase);

    internal static ResolvedCredential Static(string description, string id, string secret, string? token = null) =>
        new(new StaticCredentialSource(AcsCredential.FromPlainText(id, secret, token)), description);

    /// <summary>The default chain; the first source that is configured wins, and Verbose says which.</summary>
    internal ResolvedCredential DefaultChain(CancellationToken ct)
    {
        var found = FromEnvironment() ?? FromCliConfig(null, ct) ?? FromCredentialsFile(null, ct) ?? FromEcsDefault(ct) ?? FromCredentialsUri(ct);
        return found ?? throw new AliyunCredentialException(
            "NoCredentials",
            "No credentials found. Looked for: ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET, the aliyun CLI profile in " + ProfileFiles.CliConfigPath() +
            ", the credentials file " + ProfileFiles.CredentialsFilePath() + ", an ECS RAM role, and ALIBABA_CLOUD_CREDENTIALS_URI. " +
            "Pass -Credential, -ProfileName or -SecretName, or set one of those up.");
    }

    internal ResolvedCredential? FromEnvironment()
    {
        var id = Env("ALIBABA_CLOUD_ACCESS_KEY_ID");
        var secret = Env("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
        if (id is null && secret is null)
        {
            _verbose("Credential chain: no ALIBABA_CLOUD_ACCESS_KEY_ID in the environment.");
            return null;
        }

        if (id is null || secret is null)
        {
            throw new AliyunCredentialException("IncompleteEnvironmentCredentials", "Set both ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or neither.");
        }

        var token = Env("ALIBABA_CLOUD_SECURITY_TOKEN");
        _verbose("Credential chain: using environment variables ALIBABA_CLOUD_ACCESS_KEY_ID" + (token is null ? "." : " with ALIBABA_CLOUD_SECURITY_TOKEN."));
        return Static("Environment", id, secret, token);
    }

    /// <summary>A named profile: the aliyun CLI's config.json first, then the credentials file.</summary>
    internal ResolvedCredential FromProfileName(string name, CancellationToken ct) =>
        FromCliConfig(name, ct) ?? FromCredentialsFile(name, ct) ?? throw new AliyunCredentialException(
            "ProfileNotFound",
            $"No profile '{name}' in {ProfileFiles.CliConfigPath()} or in {ProfileFiles.CredentialsFilePath()}.");

    private ResolvedCredential? FromCliConfig(string? name, CancellationToken ct)
    {
        if (name is null && EnvTrue("ALIBABA_CLOUD_CLI_PROFILE_DISABLED"))
        {
            _verbose("Credential chain: aliyun CLI profiles disabled (ALIBABA_CLOUD_CLI_PROFILE_DISABLED).");
            return null;
        }

        var path = ProfileFiles.CliConfigPath();
        var config = ProfileFiles.ReadCliConfig(path);
        if (config is null)
        {
            _verbose($"Credential chain: no aliyun CLI config at {path}.");
            return null;
        }

        var (profiles, current) = config.Value;
        var wanted = name ?? Env("ALIBABA_CLOUD_PROFILE") ?? current ?? "default";
        var profile = profiles.FirstOrDefault(p => string.Equals(p.Name, wanted, StringComparison.Ordinal));
        if (profile is null)
        {
            _verbose($"Credential chain: no profile '{wanted}' in {path}.");
            return null;
        }

        _verbose($"Credential chain: using aliyun CLI profile '{wanted}' (mode {profile.Mode}) from {path}.");
        return FromCliProfile(profile, profiles, [], ct);
    }

    private ResolvedCredential FromCliProfile(ProfileSpec p, List<ProfileSpec> all, HashSet<string> chain, CancellationToken ct)
    {
        var description = $"Profile:{p.Name}";
        switch (p.Mode)
        {
            case "AK":
                return Static(description, p.Require("access_key_id"), p.Require("access_key_secret"));
            case "StsToken":
                return Static(description, p.Require("access_key_id"), p.Require("access_key_secret"), p.Require("sts_token"));
            case "RamRoleArn":
                return AssumeRole(Static(description, p.Require("access_key_id"), p.Require("access_key_secret")), CliRole(p));
            case "ChainableRamRoleArn":
                var sourceName = p.Require("source_profile");
                if (!chain.Add(p.Name))
                {
                    throw new AliyunCredentialException("ProfileCycle", $"Profile '{p.Name}' in {p.Origin} is part of a source_profile cycle.");
                }

                var source = all.FirstOrDefault(x => string.Equals(x.Name, sourceName, StringComparison.Ordinal))
                    ?? throw new AliyunCredentialException("ProfileNotFound", $"Profile '{p.Name}' names source_profile '{sourceName}', which is not in {p.Origin}.");

                // Checked before the source profile is resolved, which may already ask a service.
                var role = CliRole(p);
                return AssumeRole(FromCliProfile(source, all, chain, ct), role, $"{description}+AssumeRole:{role.RoleArn}");
            case "EcsRamRole":
                return FromEcsRole(p.Get("ram_role_name"), ct);
            default:
                throw new AliyunCredentialException(
                    "ProfileModeNotSupported",
                    $"Profile '{p.Name}' in {p.Origin} uses mode {p.Mode}, which this module does not support yet. Supported: AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole.");
        }
    }

    private ResolvedCredential? FromCredentialsFile(string? name, CancellationToken ct)
    {
        var path = ProfileFiles.CredentialsFilePath();
        var sections = ProfileFiles.ReadCredentialsFile(path);
        if (sections is null)
        {
            _verbose($"Credential chain: no credentials file at {path}.");
            return null;
        }

        var wanted = name ?? Env("ALIBABA_CLOUD_PROFILE") ?? "default";
        var p = sections.FirstOrDefault(s => string.Equals(s.Name, wanted, StringComparison.Ordinal));
        if (p is null)
        {
            _verbose($"Credential chain: no section [{wanted}] in {path}.");
            return null;
        }

        _verbose($"Credential chain: using [{wanted}] (type {p.Mode}) from {path}.");
        var description = $"CredentialsFile:{p.Name}";
        return p.Mode switch
        {
            "access_key" => Static(description, p.Require("access_key_id"), p.Require("access_key_secret")),
            "ram_role_arn" => AssumeRole(Static(description, p.Require("access_key_id"), p.Require("access_key_secret")), Checked(p, new RoleRequest(p.Require("role_arn")) { SessionName = p.Get("role_session_name") })),
            "ecs_ram_role" => FromEcsRole(p.Get("role_name"), ct),
            _ => throw new AliyunCredentialException(
                "ProfileModeNotSupported",
                $"Section [{p.Name}] in {path} has type {p.Mode}, which this module does not support yet. Supported: access_key, ram_role_arn, ecs_ram_role."),
        };
    }

    private ResolvedCredential? FromEcsDefault(CancellationToken ct)
    {
        if (EnvTrue("ALIBABA_CLOUD_ECS_METADATA_DISABLED"))
        {
            _verbose("Credential chain: ECS metadata disabled (ALIBABA_CLOUD_ECS_METADATA_DISABLED).");
            return null;
        }

        var role = Env("ALIBABA_CLOUD_ECS_METADATA");
        try
        {
            var resolved = FromEcsRole(role, ct);
            resolved.Source.GetCredential(ct);
            return resolved;
        }
        catch (AliyunCredentialException ex) when (role is null && ex.ErrorId is "EcsMetadataUnreachable" or "EcsMetadataRefused" or "NoEcsRamRole")
        {
            // Not on ECS (or no role attached): the chain goes on, as the official one does.
            _verbose($"Credential chain: no ECS RAM role ({ex.Message}).");
            return null;
        }
    }

    /// <summary>An ECS instance RAM role; its name is discovered when not given.</summary>
    internal ResolvedCredential FromEcsRole(string? roleName, CancellationToken ct)
    {
        var metadata = _metadata();
        metadata.Trace = _verbose;
        var role = string.IsNullOrEmpty(roleName) ? metadata.GetRoleName(ct) : roleName!;
        _verbose($"Credential chain: using ECS RAM role '{role}' from {metadata.Endpoint}.");
        return new ResolvedCredential(new RefreshingCredentialSource($"EcsRamRole:{role}", c => metadata.GetCredentials(role, c)), $"EcsRamRole:{role}");
    }

    private ResolvedCredential? FromCredentialsUri(CancellationToken ct)
    {
        var uri = Env("ALIBABA_CLOUD_CREDENTIALS_URI");
        if (uri is null)
        {
            _verbose("Credential chain: no ALIBABA_CLOUD_CREDENTIALS_URI.");
            return null;
        }

        if (Uri.TryCreate(uri, UriKind.Absolute, out var address) && address.UserInfo.Length > 0)
        {
            // Never used, and it would be shown wherever the address is.
            throw new AliyunCredentialException(
                "InvalidCredentialsUri",
                $"ALIBABA_CLOUD_CREDENTIALS_URI ({Endpoints.Display(address)}) has a user name or password in it (user:password@), which this module never uses: remove it.");
        }

        if (address is null || !(address.Scheme == Uri.UriSchemeHttps || (address.Scheme == Uri.UriSchemeHttp && address.IsLoopback)))
        {
            throw new AliyunCredentialException("InvalidCredentialsUri", "ALIBABA_CLOUD_CREDENTIALS_URI must be an https address, or http on loopback.");
        }

        _verbose($"Credential chain: using ALIBABA_CLOUD_CREDENTIALS_URI {Endpoints.Display(address)}.");
        var transport = new HttpTransport(null, "AliyunAccessKey");
        var source = new RefreshingCredentialSource("CredentialsUri", c =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, address);
            var response = transport.Send(request, "CredentialsUri", TimeSpan.FromSeconds(5), c);
            if (response.Status != 200)
            {
                throw new AliyunCredentialException("CredentialsUriRefused", $"ALIBABA_CLOUD_CREDENTIALS_URI answered HTTP {response.Status}.");
            }

            try
            {
                var json = Json.Parse(response.Body);
                return AcsCredential.FromPlainText(
                    json.Str("AccessKeyId") ?? throw new AliyunCredentialException("CredentialsUriUnreadable", "The credentials URI's answer has no AccessKeyId."),
                    json.Str("AccessKeySecret") ?? throw new AliyunCredentialException("CredentialsUriUnreadable", "The credentials URI's answer has no AccessKeySecret."),
                    json.Str("SecurityToken"),
                    json.Date("Expiration"));
            }
            catch (System.Xml.XmlException ex)
            {
                throw new AliyunCredentialException("CredentialsUriUnreadable", "The credentials URI's answer is not JSON.", ex);
            }
        });
        source.GetCredential(ct);
        return new ResolvedCredential(source, "CredentialsUri");
    }

    /// <summary>
    /// STS AssumeRole on top of <paramref name="baseCredential"/>, refreshed before expiry. Every
    /// refresh asks for what the first call asked: no DurationSeconds unless one was given, so the
    /// service's 3600 s applies, which every role allows.
    /// </summary>
    internal ResolvedCredential AssumeRole(ResolvedCredential baseCredential, RoleRequest role, string? description = null)
    {
        var session = string.IsNullOrEmpty(role.SessionName)
            ? "aliyunaccesskey-" + DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)
            : role.SessionName!;
        description ??= $"{baseCredential.Description}+AssumeRole:{role.RoleArn}";
        var source = new RefreshingCredentialSource(description, ct =>
            _sts.AssumeRole(
                role.RoleArn,
                session,
                ct,
                durationSeconds: role.DurationSeconds,
                policy: role.Policy,
                externalId: role.ExternalId,
                credential: baseCredential.Source.GetCredential(ct)).Credentials);
        return new ResolvedCredential(source, description);
    }

    /// <summary>
    /// The role an aliyun CLI RamRoleArn or ChainableRamRoleArn profile names, with the fields the
    /// CLI reads for it: ram_session_name, expired_seconds and external_id (the CLI has no policy field).
    /// </summary>
    private static RoleRequest CliRole(ProfileSpec p) => Checked(p, new RoleRequest(p.Require("ram_role_arn"))
    {
        SessionName = p.Get("ram_session_name"),
        DurationSeconds = Seconds(p, "expired_seconds"),
        ExternalId = p.Get("external_id"),
    });

    /// <summary>
    /// A profile's role fields, checked as -RoleArn, -RoleSessionName and -ExternalId are, so a bad
    /// value is named with its file before anything is sent. expired_seconds goes on unchecked, as
    /// the CLI sends it: the service's answer says what the role allows.
    /// </summary>
    private static RoleRequest Checked(ProfileSpec p, RoleRequest role)
    {
        var problem = InputRules.RoleArn(role.RoleArn)
            ?? (role.SessionName is { } name ? InputRules.RoleSessionName(name) : null)
            ?? (role.ExternalId is { } externalId ? InputRules.ExternalId(externalId) : null);
        return problem is null
            ? role
            : throw new AliyunCredentialException("InvalidProfileSetting", $"Profile '{p.Name}' in {p.Origin}: {problem}");
    }

    private static int? Seconds(ProfileSpec p, string key) =>
        p.Get(key) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : null;
}

/// <summary>What to ask STS AssumeRole for; null fields are left out of the request.</summary>
internal sealed class RoleRequest
{
    internal RoleRequest(string roleArn) => RoleArn = roleArn;

    internal string RoleArn { get; }

    /// <summary>Null: a name made from the time.</summary>
    internal string? SessionName { get; set; }

    /// <summary>Null: not sent, so the service grants 3600 s, which every role allows.</summary>
    internal int? DurationSeconds { get; set; }

    internal string? Policy { get; set; }

    internal string? ExternalId { get; set; }
}
