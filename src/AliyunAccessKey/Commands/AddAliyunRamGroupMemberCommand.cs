using System.Management.Automation;
using AliyunAccessKey.Client;
using AliyunAccessKey.Model;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Adds RAM users to a group. Users pipe in by property name (New-AliyunRamUser's output, CSV rows); a GroupName column binds too.</para>
/// </summary>
[Cmdlet(VerbsCommon.Add, "AliyunRamGroupMember", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(AliyunRamUser), typeof(AliyunRamGroupMember))]
public sealed class AddAliyunRamGroupMemberCommand : AliyunRamGroupMemberChangeCmdlet
{
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

    private protected override string AlreadySoCode => "EntityAlreadyExists.User.Group";

    private protected override string Action(string group) => $"Add to RAM group {group}";

    private protected override string AlreadySo(string upn, string group) => $"{upn} is already a member of {group}.";

    private protected override void Change(ImsClient ims, string group, string upn, CancellationToken ct) =>
        ims.AddUserToGroup(group, upn, ct);

    private protected override object? PassedOn(string group, string upn)
    {
        if (!PassThru.IsPresent)
        {
            return null;
        }

        return MyInvocation.ExpectingInput && InputObject is not null
            ? InputObject
            : new AliyunRamGroupMember { GroupName = group, UserPrincipalName = upn };
    }
}
