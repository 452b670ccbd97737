using System.Globalization;
using System.Management.Automation;
using AliyunAccessKey.Completion;
using AliyunAccessKey.Errors;
using AliyunAccessKey.Model;
using AliyunAccessKey.Operations;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Gets RAM users: all of them (paged automatically), by UserPrincipalName (wildcards allowed), by user id, or by one of their AccessKey IDs.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AliyunRamUser", DefaultParameterSetName = ByName)]
[OutputType(typeof(AliyunRamUser))]
public sealed partial class GetAliyunRamUserCommand : AliyunSessionCmdlet
{
    private const string ByName = "UserPrincipalName";
    private const string ById = "UserId";
    private const string ByKey = "AccessKeyId";

    /// <summary>UPNs to get; wildcards filter the full list. Omit to list every user.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByName)]
    [SupportsWildcards]
    [Alias("UPN")]
    [ArgumentCompleter(typeof(UserPrincipalNameCompleter))]
    public string[]? UserPrincipalName { get; set; }

    /// <summary>User ids to get.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ById)]
    public string[] UserId { get; set; } = [];

    /// <summary>AccessKey IDs whose owners to get.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByKey)]
    [ArgumentCompleter(typeof(AccessKeyIdCompleter))]
    public string[] AccessKeyId { get; set; } = [];

    /// <summary>Users per ListUsers request (1-1000).</summary>
    [Parameter(ParameterSetName = ByName)]
    [ValidateRange(InputRules.MinMaxItems, InputRules.MaxMaxItems)]
    public int PageSize { get; set; } = InputRules.MaxMaxItems;

    /// <summary>Only users in this state (Active or Frozen); omit for users in both states.</summary>
    [Parameter(ParameterSetName = ByName)]
    public RamUserStatus? Status { get; set; }

    /// <summary>
    /// Add Groups and AttachedPolicies (names), HasConsoleLogon and HasMfaDevice to each user: four
    /// more requests per user, up to four users at a time, so users come in the order they finish.
    /// </summary>
    [Parameter]
    public SwitchParameter IncludeAccess { get; set; }

    /// <summary>Exact names given with -Status, looked for in one listing once all input is in.</summary>
    private readonly HashSet<string> _namesInState = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Plain: one unit at a time, in input order. -IncludeAccess: its per-user requests run in parallel.</summary>
    private protected override int Concurrency => IncludeAccess.IsPresent ? AliyunBulkCmdlet.DefaultThrottleLimit : 1;

    /// <inheritdoc/>
    private protected override string? ProgressActivity => IncludeAccess.IsPresent ? "Reading RAM users' access" : null;

    private protected override void ProcessRecordWithSession(AliyunSession session)
    {
        // -InRecycleBin: deleted users (GetAliyunRamUserCommand.RecycleBin.cs).
        if (InRecycleBin.IsPresent)
        {
            ProcessInRecycleBin(session);
            return;
        }

        switch (ParameterSetName)
        {
            case ById:
                foreach (var id in UserId)
                {
                    Lookup(id, InputValidation.UserId(id, id), ct => session.Ims.GetUserById(id, ct));
                }

                break;
            case ByKey:
                foreach (var key in AccessKeyId)
                {
                    Lookup(key, InputValidation.AccessKeyId(key, key), ct => session.Ims.GetUserByAccessKeyId(key, ct));
                }

                break;
            default:
                // A blank piped value must not turn into "list every user".
                var patterns = new List<WildcardPattern>();
                if (!SplitNames("list every user", patterns, upn =>
                {
                    if (Status is not null)
                    {
                        // GetUser does not say a user's state: the names are found in one filtered listing at the end.
                        if (InputValidation.UserPrincipalName(upn, upn) is { } invalid)
                        {
                            WriteError(invalid);
                        }
                        else
                        {
                            _namesInState.Add(upn!.Trim());
                        }
                    }
                    else
                    {
                        Lookup(upn, InputValidation.UserPrincipalName(upn, upn), ct => session.Ims.GetUserByPrincipalName(upn!, ct));
                    }
                }, out var none))
                {
                    return;
                }

                if (none || patterns.Count > 0)
                {
                    ListAll(patterns);
                }

                break;
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (_namesInState.Count > 0)
        {
            ListAll([], _namesInState);
        }

        WaitForAll();
    }

    private void Lookup(string? target, ErrorRecord? invalid, Func<CancellationToken, AliyunRamUser> get)
    {
        if (invalid is not null)
        {
            WriteError(invalid);
            return;
        }

        var ims = Session.Ims;
        var ram = Session.Ram;
        var access = IncludeAccess.IsPresent;
        Submit(target, (output, ct) =>
        {
            var user = get(ct);
            output.Object(access ? WithAccess(ims, ram, user, ct) : user);
        });
    }

    /// <summary>The user with its access filled in, shown by the views of <see cref="UserAccess.TypeName"/>.</summary>
    private static PSObject WithAccess(Client.ImsClient ims, Client.RamClient ram, AliyunRamUser user, CancellationToken ct)
    {
        UserAccess.Fill(ims, ram, user, ct);
        var wrapped = new PSObject(user);
        wrapped.TypeNames.Insert(0, UserAccess.TypeName);
        return wrapped;
    }

    /// <summary>
    /// Goes through -UserPrincipalName in input order: each wildcard is added to
    /// <paramref name="patterns"/>, each other name goes to <paramref name="exact"/>.
    /// </summary>
    /// <param name="whenOmitted">What leaving the parameter out does, for the error about a blank value.</param>
    /// <param name="patterns">Receives the wildcards.</param>
    /// <param name="exact">Called with each name that is not a wildcard.</param>
    /// <param name="none">True when no name was given (list everything).</param>
    /// <returns>False when a value was given but blank, or a wildcard is malformed (its error is written).</returns>
    private bool SplitNames(string whenOmitted, List<WildcardPattern> patterns, Action<string?> exact, out bool none)
    {
        var names = UserPrincipalName ?? [];
        none = names.Length == 0;
        if (GivenButBlank(nameof(UserPrincipalName), none || names.Any(string.IsNullOrWhiteSpace)))
        {
            WriteError(ErrorMapper.InvalidInput("InvalidUserPrincipalName", $"The UserPrincipalName is empty or missing: nothing was listed for it (omit -UserPrincipalName to {whenOmitted}).", UserPrincipalName));
            return false;
        }

        foreach (var upn in names)
        {
            if (!NameFilter.IsPattern(upn))
            {
                exact(upn);
            }
            else if (NameFilter.Pattern(upn!, "InvalidUserPrincipalName", WriteError) is { } pattern)
            {
                patterns.Add(pattern);
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when a listed user is one asked for.</summary>
    private static bool Wanted(AliyunRamUser user, List<WildcardPattern> patterns, HashSet<string>? names) =>
        names is not null ? names.Contains(user.UserPrincipalName) : patterns.Count == 0 || patterns.Any(p => p.IsMatch(user.UserPrincipalName));

    /// <summary>
    /// -IncludeAccess: each page is read on the pipeline thread, then each wanted user's requests
    /// are submitted as a unit of its own, so several users are read at once while the next page waits.
    /// </summary>
    private void ListAllWithAccess(List<WildcardPattern> patterns, HashSet<string>? names)
    {
        var ims = Session.Ims;
        var ram = Session.Ram;
        var pageSize = PageSize;
        var status = InputRules.UserStatusFilter(Status);
        string? marker = null;
        do
        {
            Page<AliyunRamUser>? page = null;
            var from = marker;
            if (!RunNow("ListUsers", (_, ct) => page = ims.ListUsers(from, pageSize, ct, status)))
            {
                return;
            }

            foreach (var user in page!.Items.Where(u => Wanted(u, patterns, names)))
            {
                Submit(user.UserPrincipalName, (output, ct) => output.Object(WithAccess(ims, ram, user, ct)));
            }

            marker = page.IsTruncated ? page.Marker : null;
        }
        while (!string.IsNullOrEmpty(marker));
    }

    /// <summary>
    /// Pages through ListUsers, writing each user that matches a pattern or has one of
    /// <paramref name="names"/> (all users when neither is given) as it comes; stops when downstream stops.
    /// </summary>
    private void ListAll(List<WildcardPattern> patterns, HashSet<string>? names = null)
    {
        if (IncludeAccess.IsPresent)
        {
            ListAllWithAccess(patterns, names);
            return;
        }

        var ims = Session.Ims;
        var pageSize = PageSize;
        var status = InputRules.UserStatusFilter(Status);
        Submit("ListUsers", (output, ct) =>
        {
            string? marker = null;
            var page = 0;
            var listed = 0;
            try
            {
                do
                {
                    page++;
                    var result = ims.ListUsers(marker, pageSize, ct, status);
                    listed += result.Items.Count;
                    if (result.IsTruncated)
                    {
                        var progress = new ProgressRecord(1, "Listing RAM users", string.Format(CultureInfo.CurrentCulture, "Page {0}: {1} users so far", page, listed)) { PercentComplete = -1 };
                        output.OnPipeline(() => WriteProgress(progress));
                    }

                    foreach (var user in result.Items)
                    {
                        if (Wanted(user, patterns, names))
                        {
                            output.Object(user);
                        }
                    }

                    marker = result.IsTruncated ? result.Marker : null;
                }
                while (!string.IsNullOrEmpty(marker));
            }
            finally
            {
                if (page > 1)
                {
                    output.OnPipeline(() => WriteProgress(new ProgressRecord(1, "Listing RAM users", "Done") { RecordType = ProgressRecordType.Completed }));
                }
            }
        }, labelTrace: false);
    }
}
