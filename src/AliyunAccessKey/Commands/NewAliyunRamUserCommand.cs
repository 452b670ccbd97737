using System.Collections;
using System.Management.Automation;
using AliyunAccessKey.Client;
using AliyunAccessKey.Model;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Creates RAM users. Every parameter binds by property name, so Import-Csv rows with these column names create one user each.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "AliyunRamUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByUpn)]
[OutputType(typeof(AliyunRamUser))]
public sealed class NewAliyunRamUserCommand : AliyunRamUserFieldsCmdlet
{
    private const string ByUpn = "UserPrincipalName";
    private const string ByName = "UserName";

    // -DisplayName, -Comments, -Email and -MobilePhone come from the base; a missing display name
    // defaults to the UPN's name part (see DefaultDisplayName).

    /// <summary>The logon name, name@alias.onaliyun.com.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByUpn)]
    [Alias("UPN")]
    public string UserPrincipalName { get; set; } = string.Empty;

    /// <summary>The name part only; the account's default domain (GetDefaultDomain) completes it.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByName)]
    public string UserName { get; set; } = string.Empty;

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
