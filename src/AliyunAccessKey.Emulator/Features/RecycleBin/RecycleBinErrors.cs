using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator.Features.RecycleBin;

/// <summary>
/// The bins' errors. Alibaba documents no error codes for the recycle-bin actions: these reuse the
/// live entities' codes (best guess, listed as unpinned in the emulator README); the module maps
/// every EntityNotExist.* alike, so it does not depend on the exact code.
/// </summary>
internal static class RecycleBinErrors
{
    public static AcsException KeyNotFound(string id) =>
        new(404, "EntityNotExist.User.AccessKey", $"The access key does not exist in the recycle bin: {id}.");

    public static AcsException UserNotFound(string who) =>
        new(404, "EntityNotExist.User", $"The user does not exist in the recycle bin: {who}.");

    /// <summary>Restoring a key of a user who is itself in the bin: restore the user first.</summary>
    public static AcsException OwnerRecycled(string userId) =>
        new(404, "EntityNotExist.User", $"The user of the access key is in the recycle bin; restore the user first: {userId}.");
}
