using AliyunAccessKey.Emulator.Api;

namespace AliyunAccessKey.Emulator.Server;

/// <summary>An error the service answers with: HTTP status, code and message, as in the real API.</summary>
internal sealed class AcsException : Exception
{
    public AcsException(int status, string code, string message)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    public int Status { get; }

    public string Code { get; }

    /// <summary>Milliseconds for an x-acs-retry-after header (throttling only).</summary>
    public long? RetryAfterMs { get; init; }
}

/// <summary>The errors the emulator answers with, in one place so codes, statuses and wording stay consistent.</summary>
internal static class Errors
{
    public const string SignatureMismatchPrefix = "The request signature does not conform to Aliyun standards. server string to sign is:";

    public static AcsException Missing(string parameter) =>
        new(400, "Missing" + parameter, $"{parameter} is mandatory for this action.");

    public static AcsException Invalid(string codeSuffix, string message) =>
        new(400, "InvalidParameter." + codeSuffix, message);

    public static AcsException InvalidAction() =>
        new(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.");

    public static AcsException InvalidVersion(string version) =>
        new(400, "InvalidVersion", $"Specified parameter Version '{version}' is not valid.");

    public static AcsException IncompleteSignature(string detail) =>
        new(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards. " + detail);

    public static AcsException SignatureDoesNotMatch(string serverStringToSign) =>
        new(400, "SignatureDoesNotMatch", SignatureMismatchPrefix + serverStringToSign);

    public static AcsException TimestampFormat() =>
        new(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");

    public static AcsException TimestampExpired() =>
        new(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");

    public static AcsException NonceUsed() =>
        new(400, "SignatureNonceUsed", "Specified signature nonce was used already.");

    public static AcsException KeyNotFound() =>
        new(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");

    public static AcsException KeyInactive() =>
        new(400, "InvalidAccessKeyId.Inactive", "Specified access key is disabled.");

    public static AcsException MissingSecurityToken() =>
        new(400, "MissingSecurityToken", "SecurityToken is mandatory for this action.");

    public static AcsException TokenMismatch() =>
        new(400, "InvalidSecurityToken.MismatchWithAccessKey", "Specified SecurityToken mismatch with the AccessKey.");

    public static AcsException TokenExpired() =>
        new(400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.");

    public static AcsException Throttled(long? retryAfterMs) =>
        new(400, "Throttling.User", "Request was denied due to user flow control.") { RetryAfterMs = retryAfterMs };

    public static AcsException ServiceUnavailable() =>
        new(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.");

    /// <summary>In the product's own words where it documents them (STS does).</summary>
    public static AcsException InternalError(ApiProduct? product) =>
        new(500, "InternalError", product?.InternalErrorMessage ?? "The request processing has failed due to some unknown error, exception or failure.");

    public static AcsException NoPermission(string message) =>
        new(403, "NoPermission", message);

    /// <summary>The authorizer said no: the documented NoPermission (spec/alibaba-openapi.json, STS AssumeRole errors).</summary>
    public static AcsException NotAuthorized() =>
        NoPermission("You are not authorized to do this action. You should be authorized by RAM.");
}
