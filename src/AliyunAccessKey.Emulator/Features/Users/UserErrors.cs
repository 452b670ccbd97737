using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator.Features.Users;

/// <summary>The users' errors: RAM's codes, which the module depends on.</summary>
internal static class UserErrors
{
    public static AcsException NotFound(string who) =>
        new(404, "EntityNotExist.User", $"The user does not exist: {who}.");

    public static AcsException Exists(string upn) =>
        new(409, "EntityAlreadyExists.User", $"The user already exists: {upn}.");

    public static AcsException Limit(int quota) =>
        new(409, "LimitExceeded.User", $"The count of users exceeds the limit: {quota}.");
}
