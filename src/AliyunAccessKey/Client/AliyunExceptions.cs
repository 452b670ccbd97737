namespace AliyunAccessKey.Client;

/// <summary>Base type of every error the client raises. Messages never contain a secret.</summary>
public abstract class AliyunException : Exception
{
    private protected AliyunException(string action, string message, Exception? inner)
        : base(message, inner)
    {
        Action = action;
    }

    /// <summary>The API action that failed (e.g. CreateAccessKey).</summary>
    public string Action { get; }
}

/// <summary>The service answered with an error body: {RequestId, HostId, Code, Message, Recommend}.</summary>
public sealed class AliyunServiceException : AliyunException
{
    internal AliyunServiceException(
        string action, int httpStatus, string code, string? serviceMessage, string? requestId, string? hostId, string? recommend, DateTime? serverDate = null, TimeSpan? retryAfter = null)
        : base(action, FormatMessage(action, httpStatus, code, serviceMessage, requestId), null)
    {
        HttpStatus = httpStatus;
        Code = code;
        ServiceMessage = serviceMessage;
        RequestId = requestId;
        HostId = hostId;
        Recommend = recommend;
        ServerDate = serverDate;
        RetryAfter = retryAfter;
    }

    /// <summary>HTTP status of the answer.</summary>
    public int HttpStatus { get; }

    /// <summary>The service's error code, a dotted family such as EntityNotExist.User.AccessKey.</summary>
    public string Code { get; }

    /// <summary>The service's own message.</summary>
    public string? ServiceMessage { get; }

    /// <summary>The request id to quote to Alibaba Cloud support.</summary>
    public string? RequestId { get; }

    /// <summary>The host that answered.</summary>
    public string? HostId { get; }

    /// <summary>A troubleshooting URL the service suggests.</summary>
    public string? Recommend { get; }

    /// <summary>The server's clock from its Date header, used to correct clock skew.</summary>
    internal DateTime? ServerDate { get; }

    /// <summary>The x-acs-retry-after hint, when the server sent one.</summary>
    internal TimeSpan? RetryAfter { get; }

    /// <summary>The same error with its service message passed through <paramref name="scrub"/> (a request's secrets removed).</summary>
    internal AliyunServiceException Scrubbed(Func<string, string> scrub) =>
        new(Action, HttpStatus, Code, ServiceMessage is null ? null : scrub(ServiceMessage), RequestId, HostId, Recommend is null ? null : scrub(Recommend), ServerDate, RetryAfter);

    /// <summary>True when the code is <paramref name="family"/> or one of its dotted sub-codes.</summary>
    public bool IsCode(string family) =>
        string.Equals(Code, family, StringComparison.Ordinal) ||
        (Code.Length > family.Length && Code.StartsWith(family, StringComparison.Ordinal) && Code[family.Length] == '.');

    /// <summary>Throttling in any form, as the official SDK decides it: the code contains "Throttling".</summary>
    public bool IsThrottling => Code.IndexOf("Throttling", StringComparison.Ordinal) >= 0;

    private static string FormatMessage(string action, int status, string code, string? message, string? requestId)
    {
        var text = $"{action} failed: {code} (HTTP {status})";
        if (!string.IsNullOrEmpty(message))
        {
            text += ": " + message;
        }

        if (!string.IsNullOrEmpty(requestId))
        {
            text += $" RequestId: {requestId}";
        }

        return text;
    }
}

/// <summary>No answer came: the connection failed, was lost, or the request timed out.</summary>
public sealed class AliyunTransportException : AliyunException
{
    /// <summary>What to do when the TLS handshake fails: on Windows PowerShell 5.1 usually TLS 1.2 switched off, else a proxy that replaces certificates.</summary>
    internal const string SecureChannelAdvice =
        "Enable TLS 1.2 for .NET Framework (the SchUseStrongCrypto and SystemDefaultTlsVersions registry values, or [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor 'Tls12'), and check that no proxy replaces the endpoint's certificate.";

    internal AliyunTransportException(string action, string message, bool isTimeout, bool requestMayHaveBeenSent, Exception? inner, bool isSecureChannelFailure = false)
        : base(action, message, inner)
    {
        IsTimeout = isTimeout;
        RequestMayHaveBeenSent = requestMayHaveBeenSent;
        IsSecureChannelFailure = isSecureChannelFailure;
    }

    /// <summary>The request ran out of time.</summary>
    public bool IsTimeout { get; }

    /// <summary>False only when the connection was never made, so the server cannot have acted.</summary>
    public bool RequestMayHaveBeenSent { get; }

    /// <summary>The TLS handshake failed (no common protocol, an untrusted certificate): nothing was sent, and retrying will not help.</summary>
    internal bool IsSecureChannelFailure { get; }
}

/// <summary>An answer came but could not be read as the expected JSON.</summary>
public sealed class AliyunResponseException : AliyunException
{
    internal AliyunResponseException(string action, int httpStatus, string message, Exception? inner)
        : base(action, message, inner)
    {
        HttpStatus = httpStatus;
    }

    /// <summary>HTTP status of the unreadable answer.</summary>
    public int HttpStatus { get; }
}

/// <summary>
/// A request that must not be repeated blindly (CreateAccessKey, CreateUser) may or may not have
/// taken effect: the connection was lost or the request timed out after it was sent.
/// </summary>
public sealed class AliyunOutcomeUnknownException : AliyunException
{
    internal AliyunOutcomeUnknownException(string action, Exception inner)
        : base(action, $"{action} may or may not have taken effect: {inner.Message} It was not repeated, because repeating it could act twice.", inner)
    {
    }
}
