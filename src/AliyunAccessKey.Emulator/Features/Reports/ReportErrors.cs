using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator.Features.Reports;

/// <summary>
/// The credential report's errors. Alibaba documents none of these codes: each is a best guess,
/// listed in the README's unpinned list, and the module does not depend on them.
/// </summary>
internal static class ReportErrors
{
    public static AcsException TooManyUsers(int users) =>
        new(409, "LimitExceeded.CredentialReport.User", $"The credential report cannot be generated for more than {CredentialReportStore.MaxUsers} RAM users; the account has {users}.");

    public static AcsException NotPresent() =>
        new(404, "EntityNotExist.CredentialReport", "The credential report does not exist. Call GenerateCredentialReport first.");

    public static AcsException NotReady() =>
        new(409, "CredentialReport.InProgress", "The credential report is still being generated.");

    public static AcsException BadToken() =>
        new(400, "InvalidParameter.NextToken", "The parameter - \"NextToken\" is invalid.");

    public static AcsException BadMaxItems() =>
        new(400, "InvalidParameter.MaxItems", $"The parameter - \"MaxItems\" must be 1 to {CredentialReportStore.MaxUsers + 1}.");
}
