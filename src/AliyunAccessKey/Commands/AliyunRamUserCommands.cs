using System.Collections;
using System.Globalization;
using System.Management.Automation;
using AliyunAccessKey.Client;
using AliyunAccessKey.Model;
using AliyunAccessKey.Session;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Gets RAM users: all of them (paged automatically), by UserPrincipalName (wildcards allowed), by user id, or by one of their AccessKey IDs.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AliyunRamUser", DefaultParameterSetName = ByName)]
[OutputType(typeof(AliyunRamUser))]
public sealed class GetAliyunRamUserCommand : AliyunSessionCmdlet
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

    /// <summary>Exact names given with -Status, looked for in one listing once all input is in.</summary>
    private readonly HashSet<string> _namesInState = new(StringComparer.OrdinalIgnoreCase);

    private protected override void ProcessRecordWithSession(AliyunSession session)
    {
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
                var names = UserPrincipalName ?? [];
                if (GivenButBlank(nameof(UserPrincipalName), names.Length == 0 || names.Any(string.IsNullOrWhiteSpace)))
                {
                    // A blank piped value must not turn into "list every user".
                    WriteError(ErrorMapper.InvalidInput("InvalidUserPrincipalName", "The UserPrincipalName is empty or missing: nothing was listed for it (omit -UserPrincipalName to list every user).", UserPrincipalName));
                    return;
                }

                var patterns = new List<WildcardPattern>();
                foreach (var upn in names)
                {
                    // A row's text is no pattern: its values could hold '*' or '[' (and a secret).
                    if (upn is not null && !InputValidation.IsObjectText(upn) && InputValidation.HasWildcard(upn))
                    {
                        var pattern = WildcardPattern.Get(upn, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
                        try
                        {
                            pattern.IsMatch(string.Empty);
                        }
                        catch (WildcardPatternException)
                        {
                            WriteError(ErrorMapper.InvalidInput("InvalidUserPrincipalName", $"'{InputValidation.Show(upn)}' is not a valid wildcard pattern (an unclosed '[' ?).", upn));
                            return;
                        }

                        patterns.Add(pattern);
                    }
                    else if (Status is not null)
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
                }

                if (names.Length == 0 || patterns.Count > 0)
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
    }

    private void Lookup(string? target, ErrorRecord? invalid, Func<CancellationToken, AliyunRamUser> get)
    {
        if (invalid is not null)
        {
            WriteError(invalid);
            return;
        }

        Submit(target, (output, ct) => output.Object(get(ct)));
    }

    /// <summary>
    /// Pages through ListUsers, writing each user that matches a pattern or has one of
    /// <paramref name="names"/> (all users when neither is given) as it comes; stops when downstream stops.
    /// </summary>
    private void ListAll(List<WildcardPattern> patterns, HashSet<string>? names = null)
    {
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
                        if (names is not null ? names.Contains(user.UserPrincipalName) : patterns.Count == 0 || patterns.Any(p => p.IsMatch(user.UserPrincipalName)))
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

/// <summary>
/// <para type="synopsis">Creates RAM users. Every parameter binds by property name, so Import-Csv rows with these column names create one user each.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "AliyunRamUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByUpn)]
[OutputType(typeof(AliyunRamUser))]
public sealed class NewAliyunRamUserCommand : AliyunBulkCmdlet
{
    private const string ByUpn = "UserPrincipalName";
    private const string ByName = "UserName";

    /// <summary>The logon name, name@alias.onaliyun.com.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByUpn)]
    [Alias("UPN")]
    public string UserPrincipalName { get; set; } = string.Empty;

    /// <summary>The name part only; the account's default domain (GetDefaultDomain) completes it.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByName)]
    public string UserName { get; set; } = string.Empty;

    /// <summary>Display name, 1-24 characters; defaults to the name part of the UPN.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? DisplayName { get; set; }

    /// <summary>Comments, up to 128 characters.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Comments { get; set; }

    /// <summary>Email address.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Email { get; set; }

    /// <summary>Mobile phone, &lt;country code&gt;-&lt;number&gt;.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? MobilePhone { get; set; }

    /// <summary>Tags: a hashtable, or "key=value;key2=value2" (a CSV cell).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [TagTransformation]
    [Alias("Tags")]
    public IDictionary? Tag { get; set; }

    private protected override string? ProgressActivity => "Creating RAM users";

    private protected override void ProcessRecordWithSession(AliyunSession session)
    {
        string upn;
        if (ParameterSetName == ByName)
        {
            if (InputValidation.UserName(UserName, UserName) is { } badName)
            {
                WriteError(badName);
                return;
            }

            string? domain = null;
            if (!RunNow(UserName, (_, ct) => domain = session.GetDefaultDomain(ct)))
            {
                return;
            }

            upn = UserName + "@" + domain;
        }
        else
        {
            upn = UserPrincipalName.Trim();
        }

        var request = new CreateUserRequest
        {
            UserPrincipalName = upn,
            DisplayName = NullIfEmpty(DisplayName)?.Trim() ?? DefaultDisplayName(upn),
            Comments = NullIfEmpty(Comments),
            Email = NullIfEmpty(Email)?.Trim(),
            MobilePhone = NullIfEmpty(MobilePhone)?.Trim(),
        };
        var badTags = InputValidation.Tags(Tag, upn, out var tags);
        var invalid = InputValidation.UserPrincipalName(upn, upn)
            ?? InputValidation.DisplayName(request.DisplayName, upn)
            ?? InputValidation.Comments(request.Comments, upn)
            ?? InputValidation.Email(request.Email, upn)
            ?? InputValidation.MobilePhone(request.MobilePhone, upn)
            ?? badTags;
        if (invalid is not null)
        {
            WriteError(invalid);
            return;
        }

        foreach (var t in tags)
        {
            request.Tags.Add(t);
        }

        if (!ShouldProcess(upn, "Create RAM user"))
        {
            return;
        }

        var creator = session.ExactlyOnce;
        Submit(upn, (output, ct) => output.Object(creator.CreateUser(request, ct, output.Verbose)));
    }

    /// <summary>CreateUser requires a display name; most CSVs do not carry one, so take the UPN's name part.</summary>
    private static string DefaultDisplayName(string upn)
    {
        var at = upn.IndexOf('@');
        var name = at > 0 ? upn.Substring(0, at) : upn;
        return name.Length > InputRules.MaxDisplayNameLength ? name.Substring(0, InputRules.MaxDisplayNameLength) : name;
    }
}

/// <summary>
/// <para type="synopsis">Changes a RAM user: display name, comments, email, mobile phone, or its UserPrincipalName (rename).</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "AliyunRamUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(AliyunRamUser))]
public sealed class SetAliyunRamUserCommand : AliyunBulkCmdlet
{
    /// <summary>The user to change.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("UPN")]
    [ArgumentCompleter(typeof(UserPrincipalNameCompleter))]
    public string UserPrincipalName { get; set; } = string.Empty;

    /// <summary>Rename the user to this UPN.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? NewUserPrincipalName { get; set; }

    /// <summary>New display name.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? DisplayName { get; set; }

    /// <summary>New comments.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Comments { get; set; }

    /// <summary>New email address.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Email { get; set; }

    /// <summary>New mobile phone.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? MobilePhone { get; set; }

    /// <summary>Emit the changed user.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private protected override void ProcessRecordWithSession(AliyunSession session)
    {
        var upn = UserPrincipalName.Trim();
        var request = new UpdateUserRequest
        {
            UserPrincipalName = upn,
            NewUserPrincipalName = NullIfEmpty(NewUserPrincipalName)?.Trim(),
            NewDisplayName = NullIfEmpty(DisplayName)?.Trim(),
            NewComments = NullIfEmpty(Comments),
            NewEmail = NullIfEmpty(Email)?.Trim(),
            NewMobilePhone = NullIfEmpty(MobilePhone)?.Trim(),
        };
        var invalid = InputValidation.UserPrincipalName(upn, upn)
            ?? (request.NewUserPrincipalName is { } n ? InputValidation.UserPrincipalName(n, upn) : null)
            ?? InputValidation.DisplayName(request.NewDisplayName, upn)
            ?? InputValidation.Comments(request.NewComments, upn)
            ?? InputValidation.Email(request.NewEmail, upn)
            ?? InputValidation.MobilePhone(request.NewMobilePhone, upn);
        if (invalid is null && request.NewUserPrincipalName is null && request.NewDisplayName is null && request.NewComments is null && request.NewEmail is null && request.NewMobilePhone is null)
        {
            invalid = ErrorMapper.InvalidInput("NothingToChange", $"Nothing to change for {upn}: give -NewUserPrincipalName, -DisplayName, -Comments, -Email or -MobilePhone.", upn);
        }

        if (invalid is not null)
        {
            WriteError(invalid);
            return;
        }

        var action = request.NewUserPrincipalName is { } rename ? $"Rename RAM user to {rename}" : "Update RAM user";
        if (!ShouldProcess(upn, action))
        {
            return;
        }

        var ims = session.Ims;
        var passThru = PassThru.IsPresent;
        Submit(upn, (output, ct) =>
        {
            var user = ims.UpdateUser(request, ct);
            if (passThru)
            {
                output.Object(user);
            }
        });
    }
}

/// <summary>
/// <para type="synopsis">Deletes RAM users. With -Force, deletes each user's AccessKey pairs first.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "AliyunRamUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveAliyunRamUserCommand : AliyunBulkCmdlet
{
    /// <summary>The user to delete.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("UPN")]
    [ArgumentCompleter(typeof(UserPrincipalNameCompleter))]
    public string UserPrincipalName { get; set; } = string.Empty;

    /// <summary>Delete the user's AccessKey pairs first (the service refuses to delete a user that has any), and do not ask.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    private protected override void ProcessRecordWithSession(AliyunSession session)
    {
        var upn = UserPrincipalName.Trim();
        if (InputValidation.UserPrincipalName(upn, upn) is { } invalid)
        {
            WriteError(invalid);
            return;
        }

        var force = Force.IsPresent;
        var action = force ? "Delete RAM user and its AccessKey pairs" : "Delete RAM user";
        if (!ShouldProcessUnlessForced(force, upn, action))
        {
            return;
        }

        var ims = session.Ims;
        Submit(upn, (output, ct) =>
        {
            if (force)
            {
                foreach (var key in ims.ListAccessKeys(upn, ct))
                {
                    ims.DeleteAccessKey(key.AccessKeyId, upn, ct);
                    output.Verbose($"{upn}: deleted AccessKey {key.AccessKeyId}.");
                }
            }

            ims.DeleteUser(upn, null, ct);
        });
    }
}
