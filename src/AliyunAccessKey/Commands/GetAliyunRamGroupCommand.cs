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

        var patterns = new List<WildcardPattern>();
        var exact = new List<string>();
        foreach (var name in names.Select(n => n.Trim()))
        {
            if (!InputValidation.IsObjectText(name) && InputValidation.HasWildcard(name))
            {
                var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
                try
                {
                    pattern.IsMatch(string.Empty);
                }
                catch (WildcardPatternException)
                {
                    WriteError(ErrorMapper.InvalidInput("InvalidGroupName", $"'{InputValidation.Show(name)}' is not a valid wildcard pattern (an unclosed '[' ?).", name));
                    continue;
                }

                patterns.Add(pattern);
            }
            else if (InputValidation.GroupName(name, name) is { } invalid)
            {
                WriteError(invalid);
            }
            else
            {
                exact.Add(name);
            }
        }

        if (names.Length > 0 && patterns.Count == 0 && exact.Count == 0)
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
            UserGroups(session, upn, patterns, exact);
            return;
        }

        foreach (var name in exact)
        {
            // An exact name that does not exist is EntityNotExist.Group: an ObjectNotFound error, as Get-AliyunRamUser's.
            Submit(name, (output, ct) => output.Object(session.Ims.GetGroup(name, ct)));
        }

        if (names.Length == 0 || patterns.Count > 0)
        {
            ListAll(session, patterns);
        }
    }

    private void UserGroups(AliyunSession session, string upn, List<WildcardPattern> patterns, List<string> exact)
    {
        if (InputValidation.UserPrincipalName(upn, upn) is { } invalid)
        {
            WriteError(invalid);
            return;
        }

        var all = patterns.Count == 0 && exact.Count == 0;
        Submit(upn, (output, ct) =>
        {
            foreach (var group in session.Ims.ListGroupsForUser(upn, null, null, ct).Items)
            {
                if (all || Matches(group.GroupName, patterns, exact))
                {
                    output.Object(group);
                }
            }
        });
    }

    private static bool Matches(string name, List<WildcardPattern> patterns, List<string> exact) =>
        patterns.Any(p => p.IsMatch(name)) || exact.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Pages through ListGroups (100 a page, the most it allows), writing each group that matches.</summary>
    private void ListAll(AliyunSession session, List<WildcardPattern> patterns)
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
                    if (patterns.Count == 0 || patterns.Any(p => p.IsMatch(group.GroupName)))
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
