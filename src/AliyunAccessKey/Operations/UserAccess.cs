using AliyunAccessKey.Client;
using AliyunAccessKey.Model;

namespace AliyunAccessKey.Operations;

/// <summary>What a user can reach and how it logs on, for Get-AliyunRamUser -IncludeAccess.</summary>
internal static class UserAccess
{
    /// <summary>The type name that selects the views showing these properties.</summary>
    internal const string TypeName = "AliyunAccessKey.Model.AliyunRamUser#Access";

    /// <summary>
    /// Fills the user's Groups, AttachedPolicies, HasConsoleLogon and HasMfaDevice: four requests.
    /// "None" in either form the service may answer (an EntityNotExist.* code or an empty answer) is false.
    /// </summary>
    internal static void Fill(ImsClient ims, RamClient ram, AliyunRamUser user, CancellationToken ct)
    {
        var upn = user.UserPrincipalName;
        user.Groups = ims.ListGroupsForUser(upn, null, null, ct).Items.Select(g => g.GroupName).ToList();
        user.AttachedPolicies = ram.ListPoliciesForUser(RamClient.UserName(upn), ct).Select(p => p.PolicyName).ToList();
        user.HasConsoleLogon = ims.GetLoginProfile(upn, ct) is not null;
        user.HasMfaDevice = ims.GetUserMFAInfo(upn, ct) is not null;
    }
}
