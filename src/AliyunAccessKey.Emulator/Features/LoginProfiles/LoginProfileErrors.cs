using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator.Features.LoginProfiles;

/// <summary>The login profiles' errors: RAM's documented codes and messages.</summary>
internal static class LoginProfileErrors
{
    public static AcsException NotFound(string upn) =>
        new(404, "EntityNotExist.User.LoginProfile", $"The user login profile does not exist: {upn}.");

    public static AcsException Exists(string upn) =>
        new(409, "EntityAlreadyExists.User.LoginProfile", $"The user login profile does already EXIST: {upn}.");

    /// <summary>Never quotes the password.</summary>
    public static AcsException TooWeak(string detail) =>
        Errors.Invalid("Password.TooWeak", "The parameter - \"Password\" is not compliant with the password policy. " + detail);

    /// <summary>DeleteUser of a user who can still log on to the console.</summary>
    public static AcsException DeleteConflict(string upn) =>
        new(409, "DeleteConflict.User.LoginProfile", $"The user CAN NOT has any login profile while deleting the user: {upn}.");
}
