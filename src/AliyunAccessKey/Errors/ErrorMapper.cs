using System.Management.Automation;
using AliyunAccessKey.Client;

namespace AliyunAccessKey.Errors;

/// <summary>The one place exceptions become ErrorRecords: a stable ErrorId, a category, the input as target.</summary>
internal static class ErrorMapper
{
    internal static ErrorRecord ToErrorRecord(Exception ex, object? target)
    {
        var (id, category, advice) = ex switch
        {
            AliyunServiceException s => (s.Code, Categorize(s), Advice(s)),
            AliyunOutcomeUnknownException => ("OutcomeUnknown", ErrorCategory.OperationTimeout,
                "Check with Get-AliyunAccessKey or Get-AliyunRamUser whether the change took effect before trying again."),
            AliyunTransportException { IsTimeout: true } => ("Timeout", ErrorCategory.OperationTimeout, "Check the network path to the endpoint, or raise -TimeoutSec on Connect-AliyunAccount."),
            AliyunTransportException { IsSecureChannelFailure: true } => ("SecureChannelFailed", ErrorCategory.ConnectionError, AliyunTransportException.SecureChannelAdvice),
            AliyunTransportException => ("ConnectionFailed", ErrorCategory.ConnectionError, "Check the endpoint address and the network path to it."),
            AliyunResponseException => ("UnreadableResponse", ErrorCategory.InvalidResult, null),
            Operations.CredentialReportTooLargeException => ("CredentialReportTooManyUsers", ErrorCategory.LimitsExceeded,
                "Get-AliyunAccessKey -StaleDays <days> (no user) audits by listing every user instead; or Get-AliyunRamUser | Get-AliyunAccessKey -IncludeLastUsed."),
            Operations.CredentialReportTimeoutException => ("CredentialReportTimeout", ErrorCategory.OperationTimeout,
                "Run it again later (the service finishes the report and keeps it 4 hours), or raise -TimeoutSec."),
            ArgumentException => ("InvalidArgument", ErrorCategory.InvalidArgument, null),
            _ => ("UnexpectedError", ErrorCategory.NotSpecified, null),
        };
        var record = new ErrorRecord(ex, id, category, target);
        if (advice is not null)
        {
            // Where the answer alone leaves the user stuck, the message itself says what to do.
            var message = ex is AliyunServiceException d && d.IsCode(DurationSecondsCode) ? $"{ex.Message} {advice}" : ex.Message;
            record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = advice };
        }

        return record;
    }

    /// <summary>CreateAccessKey's "the user holds as many keys as it may".</summary>
    internal const string KeyLimitCode = "LimitExceeded.User.AccessKey";

    private static string KeyLimitAdvice(int quota) =>
        $"A RAM user can hold at most {quota} AccessKey pairs in this account. Remove one that is no longer used (Get-AliyunAccessKey -IncludeLastUsed shows last use), then try again.";

    /// <summary>
    /// The key-limit error with the account's own per-user quota (GetAccountSummary) in its advice,
    /// not Alibaba's default of 2; any other record is returned as it is.
    /// </summary>
    internal static ErrorRecord WithKeyQuota(ErrorRecord record, Func<int> quota)
    {
        if (record.Exception is AliyunServiceException s && s.IsCode(KeyLimitCode))
        {
            record.ErrorDetails = new ErrorDetails(s.Message) { RecommendedAction = KeyLimitAdvice(quota()) };
        }

        return record;
    }

    /// <summary>An ErrorRecord for input refused before anything was sent.</summary>
    internal static ErrorRecord InvalidInput(string errorId, string message, object? target, string? advice = null)
    {
        var record = new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target);
        if (advice is not null)
        {
            record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = advice };
        }

        return record;
    }

    /// <summary>A cmdlet that needs a connection was run without one.</summary>
    internal static ErrorRecord NotConnected() =>
        new(new InvalidOperationException("Not connected to Alibaba Cloud. Run Connect-AliyunAccount first."), "NotConnected", ErrorCategory.ConnectionError, null)
        {
            ErrorDetails = new ErrorDetails("Not connected to Alibaba Cloud. Run Connect-AliyunAccount first.")
            {
                RecommendedAction = "Connect-AliyunAccount -Credential (Get-Credential) # user name = AccessKey ID, password = secret",
            },
        };

    /// <summary>An endpoint refused before anything was sent; the target shows it without any user:password part.</summary>
    internal static ErrorRecord InvalidConnectionParameter(ArgumentException ex, Uri? endpoint) =>
        new(ex, "InvalidConnectionParameter", ErrorCategory.InvalidArgument, Endpoints.Display(endpoint));

    /// <summary>A rotation stage refused: going on would leave the user without an active key.</summary>
    internal static ErrorRecord Refusal(string errorId, string message, object? target) =>
        new(new InvalidOperationException(message), errorId, ErrorCategory.InvalidOperation, target);

    /// <summary>A new key could not be stored in the vault (and was taken back, or the message says to delete it).</summary>
    internal static ErrorRecord VaultStoreFailed(Exception ex, object? target) => new(ex, "VaultStoreFailed", ErrorCategory.WriteError, target);

    /// <summary>The vault -Vault names cannot be used; checked before any key exists.</summary>
    internal static ErrorRecord VaultNotAvailable(Exception ex, string vault) => new(ex, "VaultNotAvailable", ErrorCategory.ResourceUnavailable, vault);

    /// <summary>A root key needs a confirmation this session cannot ask for.</summary>
    internal static ErrorRecord RootKeyNeedsConfirmation(Exception ex, string? arn) =>
        new(ex, "RootKeyNeedsConfirmation", ErrorCategory.PermissionDenied, arn)
        {
            ErrorDetails = new ErrorDetails("Creating an AccessKey for the Alibaba Cloud account (root) needs confirmation, and this session cannot ask.")
            {
                RecommendedAction = "Create the key for a RAM user instead (-UserPrincipalName), or pass -Force if a root key is really meant.",
            },
        };

    /// <summary>Granting a policy that allows everything needs a confirmation this session cannot ask for.</summary>
    internal static ErrorRecord FullAccessNeedsConfirmation(Exception ex, string principal, string policyName) =>
        new(ex, "FullAccessNeedsConfirmation", ErrorCategory.PermissionDenied, principal)
        {
            ErrorDetails = new ErrorDetails($"Granting {policyName}, which allows every action on every resource, needs confirmation, and this session cannot ask.")
            {
                RecommendedAction = "Grant a narrower policy, or pass -Force if full access is really meant.",
            },
        };

    /// <summary>Connect-AliyunAccount found no usable credential; the ErrorId is the credential error's own.</summary>
    internal static ErrorRecord CredentialFailed(Credentials.AliyunCredentialException ex, object? target) => new(ex, ex.ErrorId, ErrorCategory.InvalidArgument, target);

    /// <summary>Connect-AliyunAccount's request failed: ConnectFailed.&lt;the mapped ErrorId&gt;, same category and advice.</summary>
    internal static ErrorRecord ConnectFailed(AliyunException ex, object? target)
    {
        var record = ToErrorRecord(ex, target);
        return new ErrorRecord(ex, "ConnectFailed." + record.FullyQualifiedErrorId, record.CategoryInfo.Category, target)
        {
            ErrorDetails = record.ErrorDetails,
        };
    }

    private static ErrorCategory Categorize(AliyunServiceException s)
    {
        if (s.IsCode("EntityNotExist") || s.IsCode("InvalidAccessKeyId.NotFound"))
        {
            return ErrorCategory.ObjectNotFound;
        }

        if (s.IsCode("EntityAlreadyExists"))
        {
            return ErrorCategory.ResourceExists;
        }

        if (s.IsCode("LimitExceeded"))
        {
            return ErrorCategory.QuotaExceeded;
        }

        if (s.IsCode("DeleteConflict"))
        {
            return ErrorCategory.InvalidOperation;
        }

        if (s.IsThrottling)
        {
            return ErrorCategory.LimitsExceeded;
        }

        if (s.IsCode("SignatureDoesNotMatch") || s.IsCode("IncompleteSignature") || s.IsCode("InvalidAccessKeyId") ||
            s.IsCode("InvalidSecurityToken") || s.IsCode("MissingSecurityToken") || s.IsCode("InvalidTimeStamp") || s.IsCode("SignatureNonceUsed"))
        {
            return ErrorCategory.AuthenticationError;
        }

        if (s.IsCode("NoPermission") || s.IsCode("Forbidden") || s.IsCode("Inactive"))
        {
            return ErrorCategory.PermissionDenied;
        }

        if (s.IsCode("InvalidParameter") || s.Code.StartsWith("Missing", StringComparison.Ordinal))
        {
            return ErrorCategory.InvalidArgument;
        }

        return s.HttpStatus switch
        {
            404 => ErrorCategory.ObjectNotFound,
            403 => ErrorCategory.PermissionDenied,
            409 => ErrorCategory.ResourceExists,
            400 => ErrorCategory.InvalidArgument,
            >= 500 => ErrorCategory.ResourceUnavailable,
            _ => ErrorCategory.NotSpecified,
        };
    }

    /// <summary>AssumeRole's answer when DurationSeconds is below 900 or above the role's MaxSessionDuration.</summary>
    private const string DurationSecondsCode = "InvalidParameter.DurationSeconds";

    private static string? Advice(AliyunServiceException s)
    {
        if (s.IsCode(DurationSecondsCode))
        {
            return "AssumeRole takes DurationSeconds from 900 up to the role's MaxSessionDuration, which is 3600 unless raised. " +
                "Pass a smaller -DurationSeconds to Connect-AliyunAccount (or change expired_seconds in the aliyun CLI profile), " +
                "or raise the role's MaxSessionDuration (RAM console: the role's Maximum Session Duration, up to 43200 seconds).";
        }

        if (s.IsCode("DeleteConflict.User.AccessKey"))
        {
            return "Remove the user's AccessKey pairs first (Get-AliyunAccessKey -UserPrincipalName <upn> | Remove-AliyunAccessKey), or run Remove-AliyunRamUser -Force.";
        }

        if (s.IsCode("DeleteConflict.Group.User"))
        {
            return "Remove the group's members first (Get-AliyunRamGroupMember -GroupName <group> | Remove-AliyunRamGroupMember), or run Remove-AliyunRamGroup -Force.";
        }

        if (s.IsCode("DeleteConflict.User.Group"))
        {
            return "Remove the user from its groups first (Get-AliyunRamGroup -UserPrincipalName <upn> | Remove-AliyunRamGroupMember -UserPrincipalName <upn>).";
        }

        if (s.IsCode(KeyLimitCode))
        {
            return KeyLimitAdvice(Sessions.AccountFacts.DefaultKeysPerUser);
        }

        if (s.IsCode("InvalidAccessKeyId.Inactive"))
        {
            return "The AccessKey is disabled. Enable it with Enable-AliyunAccessKey, or use another key.";
        }

        if (s.IsCode("SignatureDoesNotMatch"))
        {
            return "The AccessKey secret does not match the AccessKey ID. Check the credential you connected with.";
        }

        if (s.IsCode("InvalidAccessKeyId.NotFound"))
        {
            return "The AccessKey ID does not exist (or was deleted). Check the credential you connected with.";
        }

        return s.Recommend;
    }
}
