using System.Management.Automation;
using AliyunAccessKey.Client;
using AliyunAccessKey.Completion;
using AliyunAccessKey.Model;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Gets RAM policies: all of them (paged automatically) or by name (wildcards allowed), or those attached to a user or a group. A name with -PolicyType gets the policy with its document.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AliyunRamPolicy", DefaultParameterSetName = All)]
[OutputType(typeof(AliyunRamPolicy))]
public sealed class GetAliyunRamPolicyCommand : AliyunSessionCmdlet
{
    private const string All = "All";
    private const string ForUser = "User";
    private const string ForGroup = "Group";

    /// <summary>Policy names; wildcards filter. Omit for every policy.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PolicyNameCompleter))]
    public string[]? PolicyName { get; set; }

    /// <summary>Only System (Alibaba's) or Custom (the account's own) policies.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(PolicyTypeCompleter))]
    public string? PolicyType { get; set; }

    /// <summary>The policies attached to this user.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ForUser)]
    [Alias("UPN")]
    [ArgumentCompleter(typeof(UserPrincipalNameCompleter))]
    public string UserPrincipalName { get; set; } = string.Empty;

    /// <summary>The policies attached to this group.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ForGroup)]
    [ArgumentCompleter(typeof(GroupNameCompleter))]
    public string GroupName { get; set; } = string.Empty;

    private protected override void ProcessRecordWithSession(AliyunSession session)
    {
        string? type = null;
        if (PolicyType is not null)
        {
            if (InputValidation.PolicyType(PolicyType, PolicyType) is { } badType)
            {
                WriteError(badType);
                return;
            }

            type = InputRules.CanonicalPolicyType(PolicyType);
        }

        var names = PolicyName ?? [];
        if (NameFilter.Parse(names, "InvalidPolicyName", n => InputValidation.PolicyName(n, n), WriteError) is not { } filter)
        {
            return;
        }

        bool Wanted(AliyunRamPolicy p) => (type is null || p.PolicyType == type) && filter.Matches(p.PolicyName);

        var ram = session.Ram;
        switch (ParameterSetName)
        {
            case ForUser:
            {
                var upn = UserPrincipalName?.Trim() ?? string.Empty;
                if (InputValidation.UserPrincipalName(upn, upn) is { } invalid)
                {
                    WriteError(invalid);
                    return;
                }

                Submit(upn, (output, ct) =>
                {
                    foreach (var p in ram.ListPoliciesForUser(RamClient.UserName(upn), ct).Where(Wanted))
                    {
                        p.UserPrincipalName = upn;
                        output.Object(p);
                    }
                });
                break;
            }

            case ForGroup:
            {
                var group = GroupName?.Trim() ?? string.Empty;
                if (InputValidation.GroupName(group, group) is { } invalid)
                {
                    WriteError(invalid);
                    return;
                }

                Submit(group, (output, ct) =>
                {
                    foreach (var p in ram.ListPoliciesForGroup(group, ct).Where(Wanted))
                    {
                        output.Object(p);
                    }
                });
                break;
            }

            default:
                if (type is not null && filter.Patterns.Count == 0 && filter.Exact.Count > 0)
                {
                    // Exact names of a known type: GetPolicy, which also has the document.
                    foreach (var name in filter.Exact)
                    {
                        Submit(name, (output, ct) => output.Object(ram.GetPolicy(name, type, ct)));
                    }

                    return;
                }

                ListAll(ram, type, filter.Exact, Wanted);
                break;
        }
    }

    /// <summary>Pages through ListPolicies (1,000 a page); an exact name that matched nothing is an error.</summary>
    private void ListAll(RamClient ram, string? type, List<string> exact, Func<AliyunRamPolicy, bool> wanted) =>
        Submit("ListPolicies", (output, ct) =>
        {
            var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            string? marker = null;
            do
            {
                var page = ram.ListPolicies(type, marker, InputRules.MaxMaxItems, ct);
                foreach (var p in page.Items.Where(wanted))
                {
                    found.Add(p.PolicyName);
                    output.Object(p);
                }

                marker = page.IsTruncated ? page.Marker : null;
            }
            while (!string.IsNullOrEmpty(marker));

            foreach (var missing in exact.Where(n => !found.Contains(n)))
            {
                output.Error(new ErrorRecord(
                    new ItemNotFoundException($"No {type ?? "System or Custom"} policy is named '{missing}'."),
                    "PolicyNotFound",
                    ErrorCategory.ObjectNotFound,
                    missing));
            }
        }, labelTrace: false);
}
