using System.Globalization;
using System.Xml.Linq;
using AliyunAccessKey.Model;

namespace AliyunAccessKey.Client;

/// <summary>RAM 2015-05-01 policies and their attachments to users and groups.</summary>
internal sealed partial class RamClient
{
    /// <summary>
    /// ListPolicies: one page (MaxItems 1–1000, the service's default 100) of the policies of
    /// <paramref name="policyType"/> (System or Custom), or of both when null.
    /// </summary>
    public Page<AliyunRamPolicy> ListPolicies(string? policyType, string? marker, int? maxItems, CancellationToken cancellationToken)
    {
        var root = Call(Request("ListPolicies").Set("PolicyType", policyType).Set("Marker", marker).Set("MaxItems", maxItems), cancellationToken);
        var policies = root.List("Policies", "Policy").Select(MapPolicy).ToList();
        var next = root.Str("Marker");
        if (root.Bool("IsTruncated") && string.IsNullOrEmpty(next))
        {
            throw Missing("ListPolicies", "Marker (IsTruncated is true)");
        }

        return new Page<AliyunRamPolicy>(policies, root.Bool("IsTruncated"), next);
    }

    /// <summary>GetPolicy, with the default version's document in <see cref="AliyunRamPolicy.PolicyDocument"/>.</summary>
    public AliyunRamPolicy GetPolicy(string policyName, string policyType, CancellationToken cancellationToken)
    {
        var root = Call(Request("GetPolicy").Set("PolicyName", policyName).Set("PolicyType", policyType), cancellationToken);
        var policy = MapPolicy(root.Object("Policy") ?? throw Missing("GetPolicy", "Policy"));

        // The document is in DefaultPolicyVersion; Policy.PolicyDocument is deprecated ("N/A" in the example).
        policy.PolicyDocument = root.Child("DefaultPolicyVersion")?.Str("PolicyDocument");
        return policy;
    }

    /// <summary>ListPoliciesForUser: every policy attached to the user (RAM 2015's UserName, not the UPN). It does not page.</summary>
    public IReadOnlyList<AliyunRamPolicy> ListPoliciesForUser(string userName, CancellationToken cancellationToken) =>
        Call(Request("ListPoliciesForUser").Set("UserName", userName), cancellationToken)
            .List("Policies", "Policy").Select(MapPolicy).ToList();

    /// <summary>ListPoliciesForGroup: every policy attached to the group. It does not page.</summary>
    public IReadOnlyList<AliyunRamPolicy> ListPoliciesForGroup(string groupName, CancellationToken cancellationToken) =>
        Call(Request("ListPoliciesForGroup").Set("GroupName", groupName), cancellationToken)
            .List("Policies", "Policy").Select(p =>
            {
                var policy = MapPolicy(p);
                policy.GroupName = groupName;
                return policy;
            }).ToList();

    /// <summary>AttachPolicyToUser. Attaching twice is refused (EntityAlreadyExists.User.Policy), so a retry after a lost answer may see that.</summary>
    public void AttachPolicyToUser(string policyType, string policyName, string userName, CancellationToken cancellationToken) =>
        Call(Attachment("AttachPolicyToUser", policyType, policyName).Set("UserName", userName), cancellationToken);

    /// <summary>DetachPolicyFromUser.</summary>
    public void DetachPolicyFromUser(string policyType, string policyName, string userName, CancellationToken cancellationToken) =>
        Call(Attachment("DetachPolicyFromUser", policyType, policyName).Set("UserName", userName), cancellationToken);

    /// <summary>AttachPolicyToGroup.</summary>
    public void AttachPolicyToGroup(string policyType, string policyName, string groupName, CancellationToken cancellationToken) =>
        Call(Attachment("AttachPolicyToGroup", policyType, policyName).Set("GroupName", groupName), cancellationToken);

    /// <summary>DetachPolicyFromGroup.</summary>
    public void DetachPolicyFromGroup(string policyType, string policyName, string groupName, CancellationToken cancellationToken) =>
        Call(Attachment("DetachPolicyFromGroup", policyType, policyName).Set("GroupName", groupName), cancellationToken);

    private static AcsRequest Attachment(string action, string policyType, string policyName) =>
        Request(action).Set("PolicyType", policyType).Set("PolicyName", policyName);

    private static AliyunRamPolicy MapPolicy(XElement p) => new()
    {
        PolicyName = p.Str("PolicyName") ?? string.Empty,
        PolicyType = p.Str("PolicyType") ?? string.Empty,
        Description = p.Str("Description"),
        DefaultVersion = p.Str("DefaultVersion"),
        AttachmentCount = int.TryParse(p.Str("AttachmentCount"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null,
        CreateDate = p.Date("CreateDate"),
        UpdateDate = p.Date("UpdateDate"),
        AttachDate = p.Date("AttachDate"),
    };
}
