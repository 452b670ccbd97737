using System.Management.Automation;
using AliyunAccessKey.Completion;
using AliyunAccessKey.Errors;
using AliyunAccessKey.Model;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Gets RAM user groups: all of them (paged automatically), by name (wildcards allowed), or the groups of one user.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AliyunRamGroup")]
[OutputType(typeof(AliyunRamGroup))]
public sealed class GetAliyunRamGroupCommand : AliyunSessionCmdlet
{
    /// <summary>Group names to get; wildcards filter the full list. Omit to list every group.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(GroupNameCompleter))]
    public string[]? GroupName { get; set; }

    /// <summary>Only the groups this user is in (ListGroupsForUser).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("UPN")]
    [ArgumentCompleter(typeof(UserPrincipalNameCompleter))]
    public string? UserPrincipalName { get; set; }

    private protected override void ProcessRecordWithSession(AliyunSession session)
    {
        var names = GroupName ?? [];
        // A row whose GroupName is $null binds it as null: without a user as well, that is a blank name, not an omitted one.
        var boundNull = GroupName is null && UserPrincipalName is null && MyInvocation.BoundParameters.ContainsKey(nameof(GroupName));
        if (boundNull || GivenButBlank(nameof(GroupName), GroupName is not null && (names.Length == 0 || names.Any(string.IsNullOrWhiteSpace))))
        {
            // A blank piped value must not turn into "list every group".
            WriteError(ErrorMapper.InvalidInput("InvalidGroupName", "The GroupName is empty: nothing was listed for it (omit -GroupName to list every group).", GroupName));
            return;
        }

        if (NameFilter.Parse(names, "InvalidGroupName", n => InputValidation.GroupName(n, n), WriteError) is not { } filter)
        {
            return;
        }

        if (GivenButBlank(nameof(UserPrincipalName), UserPrincipalName is not null && string.IsNullOrWhiteSpace(UserPrincipalName)))
        {
            WriteError(ErrorMapper.InvalidInput("InvalidUserPrincipalName", "The UserPrincipalName is empty: no groups were listed for it.", UserPrincipalName));
            return;
        }

        if (InputRules.Optional(UserPrincipalName)?.Trim() is { } upn)
        {
            UserGroups(session, upn, filter);
            return;
        }

        foreach (var name in filter.Exact)
        {
            // An exact name that does not exist is EntityNotExist.Group: an ObjectNotFound error, as Get-AliyunRamUser's.
            Submit(name, (output, ct) => output.Object(session.Ims.GetGroup(name, ct)));
        }

        if (names.Length == 0 || filter.Patterns.Count > 0)
        {
            ListAll(session, filter);
        }
    }

    private void UserGroups(AliyunSession session, string upn, NameFilter filter)
    {
        if (InputValidation.UserPrincipalName(upn, upn) is { } invalid)
        {
            WriteError(invalid);
            return;
        }

        Submit(upn, (output, ct) =>
        {
            foreach (var group in session.Ims.ListGroupsForUser(upn, null, null, ct).Items)
            {
                if (filter.Matches(group.GroupName))
                {
                    output.Object(group);
                }
            }
        });
    }

    /// <summary>Pages through ListGroups (100 a page, the most it allows), writing each group a pattern matches (the exact names were got one by one).</summary>
    private void ListAll(AliyunSession session, NameFilter filter)
    {
        var ims = session.Ims;
        Submit("ListGroups", (output, ct) =>
        {
            string? marker = null;
            do
            {
                var page = ims.ListGroups(marker, InputRules.MaxGroupMaxItems, ct);
                foreach (var group in page.Items)
                {
                    if (filter.MatchesPattern(group.GroupName))
                    {
                        output.Object(group);
                    }
                }

                marker = page.IsTruncated ? page.Marker : null;
            }
            while (!string.IsNullOrEmpty(marker));
        }, labelTrace: false);
    }
}
