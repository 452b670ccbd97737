using System.Management.Automation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// New- and Set-AliyunRamUser take the same optional user fields, bound by property name so a CSV
/// row can carry them; declared once so the two cannot drift apart. Each command validates them.
/// </summary>
public abstract class AliyunRamUserFieldsCmdlet : AliyunBulkCmdlet
{
    /// <summary>Display name, 1-24 characters.</summary>
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
}
