using System.Management.Automation;
using AliyunAccessKey.Model;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Creates RAM user groups. Every parameter binds by property name, so Import-Csv rows with these column names create one group each.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "AliyunRamGroup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(AliyunRamGroup))]
public sealed class NewAliyunRamGroupCommand : AliyunBulkCmdlet
{
    /// <summary>The group's name: 1-64 letters, digits, '.', '-' or '_'.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string GroupName { get; set; } = string.Empty;

    /// <summary>Display name, at most 24 characters.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? DisplayName { get; set; }

    /// <summary>Comments, at most 128 characters.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Description")]
    public string? Comments { get; set; }

    private protected override string? ProgressActivity => "Creating RAM groups";

    private protected override void ProcessRecordWithSession(AliyunSession session)
    {
        var name = GroupName.Trim();
        var displayName = NullIfEmpty(DisplayName)?.Trim();
        var comments = NullIfEmpty(Comments);
        var invalid = InputValidation.GroupName(name, name)
            ?? InputValidation.DisplayName(displayName, name)
            ?? InputValidation.Comments(comments, name);
        if (invalid is not null)
        {
            WriteError(invalid);
            return;
        }

        if (!ShouldProcess(name, "Create RAM group"))
        {
            return;
        }

        var ims = session.Ims;
        Submit(name, (output, ct) => output.Object(ims.CreateGroup(name, displayName, comments, ct)));
    }
}
