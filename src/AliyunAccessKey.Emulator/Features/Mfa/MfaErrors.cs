using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator.Features.Mfa;

/// <summary>The MFA devices' errors: RAM's documented codes and messages.</summary>
internal static class MfaErrors
{
    public static AcsException NotFound(string upn) =>
        new(404, "EntityNotExist.User.MFADevice", $"The user has not bound any MFA device: {upn}.");

    public static AcsException Exists(string upn) =>
        new(409, "EntityAlreadyExists.User.MFADevice", $"The user has already bound a MFA device: {upn}.");

    public static AcsException DeviceBound(string serialNumber) =>
        new(409, "EntityAlreadyExists.VirtualMFADevice.User", $"The virtual mfa device does already been bound to a user: {serialNumber}.");

    /// <summary>DeleteUser of a user with a device bound.</summary>
    public static AcsException DeleteConflict(string upn) =>
        new(409, "DeleteConflict.User.MFADevice", $"The user CAN NOT has any mfa device while deleting the user: {upn}.");
}
