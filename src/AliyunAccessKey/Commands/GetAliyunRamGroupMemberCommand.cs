using System.Management.Automation;
using AliyunAccessKey.Completion;
using AliyunAccessKey.Model;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Gets the members of RAM user groups (paged automatically), with when each joined.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AliyunRamGroupMember")]
[OutputType(typeof(AliyunRamGroupMember))]
public sealed class GetAliyunRamGroupMemberCommand : AliyunSessionCmdlet
{
    /// <summary>The group whose members to list.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(GroupNameCompleter))]
    public string GroupName { get; set; } = string.Empty;

    private protected override void ProcessRecordWithSession(AliyunSession session)
    {
        var name = GroupName.Trim();
        if (InputValidation.GroupName(name, name) is { } invalid)
        {
            WriteError(invalid);
            return;
        }

        var ims = session.Ims;
        Submit(name, (output, ct) =>
        {
            string? marker = null;
            do
            {
                var page = ims.ListUsersForGroup(name, marker, InputRules.MaxGroupMaxItems, ct);
                foreach (var member in page.Items)
                {
                    output.Object(member);
                }

                marker = page.IsTruncated ? page.Marker : null;
            }
            while (!string.IsNullOrEmpty(marker));
        });
    }
}
