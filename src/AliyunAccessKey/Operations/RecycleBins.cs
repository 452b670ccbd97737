using AliyunAccessKey.Client;
using AliyunAccessKey.Model;

namespace AliyunAccessKey.Operations;

/// <summary>
/// What the recycle-bin cmdlets share: the bin actions name users by UserId, the cmdlets by UPN, so
/// this finds the id (of a live user, or of one in the user bin) and says until when a deleted
/// object stays restorable.
/// </summary>
internal static class RecycleBins
{
    /// <summary>"…until 2026-01-04 10:00:00Z": the documented 30 days from <paramref name="deletedAt"/> (the service's clock).</summary>
    internal static string Until(DateTime deletedAt) =>
        (deletedAt + ImsClient.RecycleBinRetention).ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The id of the user <paramref name="upn"/> names: a live user's, else that of the one user of that name in the user bin.</summary>
    internal static string UserIdOf(ImsClient ims, string upn, CancellationToken ct)
    {
        try
        {
            return ims.GetUserByPrincipalName(upn, ct).UserId;
        }
        catch (AliyunServiceException ex) when (ex.IsCode("EntityNotExist"))
        {
            // Not live: perhaps deleted, then its keys' bin is still there. Else the service's own error.
            if (RecycledUser(ims, upn, ct) is { } recycled)
            {
                return recycled.UserId;
            }

            throw;
        }
    }

    /// <summary>
    /// The user of that name in the user bin, or null. Several (deleted, created again, deleted
    /// again) are ambiguous: the caller must give the UserId.
    /// </summary>
    internal static AliyunRecycledRamUser? RecycledUser(ImsClient ims, string upn, CancellationToken ct)
    {
        var found = new List<AliyunRecycledRamUser>();
        string? marker = null;
        do
        {
            var page = ims.ListUsersInRecycleBin(marker, null, upn, ct);
            found.AddRange(page.Items.Where(u => string.Equals(u.UserPrincipalName, upn, StringComparison.OrdinalIgnoreCase)));
            marker = page.IsTruncated ? page.Marker : null;
        }
        while (!string.IsNullOrEmpty(marker));

        return found.Count switch
        {
            0 => null,
            1 => found[0],
            _ => throw new AmbiguousRecycledUserException(upn, found.Select(u => u.UserId)),
        };
    }

    /// <summary>
    /// Deletes a key whose secret nobody received (a stopped pipeline's), and purges it from the
    /// recycle bin too: DeleteAccessKey alone leaves it restorable for 30 days. The purge is best
    /// effort (the callers' clean-up is silent); a key not in a bin is fine.
    /// </summary>
    internal static void DeleteUnseenKey(ImsClient ims, string accessKeyId, string? upn, CancellationToken ct)
    {
        ims.DeleteAccessKey(accessKeyId, upn, ct);
        try
        {
            ims.DeleteAccessKeyInRecycleBin(ims.GetAccessKeyInfoInRecycleBin(accessKeyId, ct).UserId, accessKeyId, ct);
        }
        catch (AliyunException)
        {
            // Not in a bin (an account's own key), or the caller may not purge: the key signs nothing either way.
        }
    }

    /// <summary>
    /// The owner's id of a key in the bin: the one given, else asked of the service
    /// (GetAccessKeyInfoInRecycleBin), which also checks the key is of <paramref name="upn"/> when one is given.
    /// </summary>
    internal static string KeyOwnerId(ImsClient ims, string accessKeyId, string? upn, string? userId, CancellationToken ct)
    {
        if (userId is not null)
        {
            return userId;
        }

        var info = ims.GetAccessKeyInfoInRecycleBin(accessKeyId, ct);
        if (upn is not null && !string.Equals(info.UserPrincipalName, upn, StringComparison.OrdinalIgnoreCase))
        {
            throw new RecycledKeyOwnerMismatchException(accessKeyId, upn);
        }

        return info.UserId;
    }
}

/// <summary>Several users of one name are in the user bin: only a UserId says which.</summary>
internal sealed class AmbiguousRecycledUserException(string upn, IEnumerable<string> userIds)
    : InvalidOperationException($"Several users named {upn} are in the recycle bin (user ids {string.Join(", ", userIds)}): give -UserId.");

/// <summary>The key in the bin belongs to another user than the one named.</summary>
internal sealed class RecycledKeyOwnerMismatchException(string accessKeyId, string upn)
    : InvalidOperationException($"The AccessKey {accessKeyId} in the recycle bin is not a key of {upn}.");

/// <summary>No user of that name is in the user bin (found by listing it, so no service error says so).</summary>
internal sealed class NotInRecycleBinException(string upn)
    : InvalidOperationException($"No user named {upn} is in the recycle bin.");
