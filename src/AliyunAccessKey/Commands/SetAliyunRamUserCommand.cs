using System.Management.Automation;
using AliyunAccessKey.Client;
using AliyunAccessKey.Completion;
using AliyunAccessKey.Errors;
using AliyunAccessKey.Model;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Changes a RAM user: display name, comments, email, mobile phone, or its UserPrincipalName (rename).</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "AliyunRamUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(AliyunRamUser))]
public sealed class SetAliyunRamUserCommand : AliyunRamUserFieldsCmdlet
{
    /// <summary>The user to change.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("UPN")]
    [ArgumentCompleter(typeof(UserPrincipalNameCompleter))]
    public string UserPrincipalName { get; set; } = string.Empty;

    /// <summary>Rename the user to this UPN.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? NewUserPrincipalName { get; set; }

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
