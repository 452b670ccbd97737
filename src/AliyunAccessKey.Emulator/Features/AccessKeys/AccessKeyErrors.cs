using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator.Features.AccessKeys;

/// <summary>The AccessKeys' errors: RAM's codes, which the module depends on.</summary>
internal static class AccessKeyErrors
{
    public static AcsException NotFound(string id) =>
        new(404, "EntityNotExist.User.AccessKey", $"The access key does not exist: {id}.");

    public static AcsException Limit(int limit = AccessKeyValidation.MaxPerPrincipal) =>
        new(409, "LimitExceeded.User.AccessKey", $"The count of access keys of the user exceeds the limit: {limit}.");

    /// <summary>DeleteUser of a user who still has keys.</summary>
    public static AcsException DeleteConflict(string upn) =>
        new(409, "DeleteConflict.User.AccessKey", $"The user has access keys and cannot be deleted: {upn}.");
}
