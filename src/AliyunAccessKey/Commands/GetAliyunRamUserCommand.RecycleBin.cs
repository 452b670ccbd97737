using System.Management.Automation;
using AliyunAccessKey.Errors;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>Get-AliyunRamUser -InRecycleBin: deleted users, kept in its own file.</summary>
[OutputType(typeof(Model.AliyunRecycledRamUser))]
public sealed partial class GetAliyunRamUserCommand
{
    /// <summary>
    /// Get deleted users from the user recycle bin instead (with DeletedDate and PurgeDate): all of
    /// them (paged), by UserPrincipalName (wildcards allowed) or by -UserId.
    /// </summary>
    [Parameter]
    public SwitchParameter InRecycleBin { get; set; }

    private void ProcessInRecycleBin(AliyunSession session)
    {
        if (ParameterSetName == ByKey || Status is not null || IncludeAccess.IsPresent)
        {
            WriteError(ErrorMapper.InvalidInput("InRecycleBinConflict", "-InRecycleBin takes UserPrincipalName (wildcards allowed) or -UserId, not -AccessKeyId, -Status or -IncludeAccess. Nothing was listed.", null));
            return;
        }

        var ims = session.Ims;
        if (ParameterSetName == ById)
        {
            foreach (var id in UserId)
            {
                if (InputValidation.UserId(id, id) is { } invalid)
                {
                    WriteError(invalid);
                    continue;
                }

                Submit(id, (output, ct) => output.Object(ims.GetUserInRecycleBin(id, ct)));
            }

            return;
        }

        var patterns = new List<WildcardPattern>();
        if (!SplitNames("list the whole recycle bin", patterns, upn =>
        {
            if (InputValidation.UserPrincipalName(upn, upn) is { } invalid)
            {
                WriteError(invalid);
            }
            else
            {
                // An exact name: the service filters (one request, every user of that name in the bin).
                var exact = upn!.Trim();
                Submit(exact, (output, ct) => ListBin(ims, exact, null, output, ct));
            }
        }, out var none))
        {
            return;
        }

        if (none || patterns.Count > 0)
        {
            Submit("ListUsersInRecycleBin", (output, ct) => ListBin(ims, null, patterns, output, ct), labelTrace: false);
        }
    }

    /// <summary>Pages through the user bin (at most 100 a page), writing the users wanted as they come.</summary>
    private void ListBin(Client.ImsClient ims, string? upn, List<WildcardPattern>? patterns, IWorkOutput output, CancellationToken ct)
    {
        var pageSize = Math.Min(PageSize, InputRules.MaxGroupMaxItems);
        string? marker = null;
        do
        {
            var page = ims.ListUsersInRecycleBin(marker, pageSize, upn, ct);
            foreach (var user in page.Items)
            {
                if (patterns is null || patterns.Count == 0 || patterns.Any(p => p.IsMatch(user.UserPrincipalName)))
                {
                    output.Object(user);
                }
            }

            marker = page.IsTruncated ? page.Marker : null;
        }
        while (!string.IsNullOrEmpty(marker));
    }
}
