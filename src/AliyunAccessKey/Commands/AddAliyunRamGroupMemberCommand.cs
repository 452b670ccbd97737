using System.Management.Automation;
using AliyunAccessKey.Client;
using AliyunAccessKey.Completion;
using AliyunAccessKey.Model;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Adds RAM users to a group. Users pipe in by property name (New-AliyunRamUser's output, CSV rows); a GroupName column binds too.</para>
/// </summary>
[Cmdlet(VerbsCommon.Add, "AliyunRamGroupMember", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(AliyunRamUser), typeof(AliyunRamGroupMember))]
public sealed class AddAliyunRamGroupMemberCommand : AliyunBulkCmdlet
{
    /// <summary>The group to add the users to.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(GroupNameCompleter))]
    public string GroupName { get; set; } = string.Empty;

    /// <summary>The user to add.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("UPN")]
    [ArgumentCompleter(typeof(UserPrincipalNameCompleter))]
    public string UserPrincipalName { get; set; } = string.Empty;

    /// <summary>
    /// The piped object itself, bound beside its properties so that -PassThru can hand the same
    /// object on (the user from New-AliyunRamUser, or the CSV row) to the next command.
    /// </summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>Emit each user once it is in the group: the piped object, or (from the command line) a group member.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private protected override string? ProgressActivity => "Adding RAM group members";

    private protected override void ProcessRecordWithSession(AliyunSession session)
    {
        var group = GroupName.Trim();
        var upn = UserPrincipalName.Trim();
        var invalid = InputValidation.GroupName(group, group) ?? InputValidation.UserPrincipalName(upn, upn);
        if (invalid is not null)
        {
            WriteError(invalid);
            return;
        }

        if (!ShouldProcess(upn, $"Add to RAM group {group}"))
        {
            return;
        }

        var ims = session.Ims;
        var passOn = PassThru.IsPresent ? PassedOn(group, upn) : null;
        Submit(upn, (output, ct) =>
        {
            try
            {
                ims.AddUserToGroup(group, upn, ct);
            }
            catch (AliyunServiceException ex) when (ex.IsCode("EntityAlreadyExists.User.Group"))
            {
                // What was asked for already holds: a warning, and the user goes on down the pipeline,
                // so that running an onboarding script again completes what it did not finish.
                output.Warning($"{upn} is already a member of {group}.");
            }

            if (passOn is not null)
            {
                output.Object(passOn);
            }
        });
    }

    private object PassedOn(string group, string upn) =>
        MyInvocation.ExpectingInput && InputObject is not null
            ? InputObject
            : new AliyunRamGroupMember { GroupName = group, UserPrincipalName = upn };
}
