using System.Management.Automation;
using AliyunAccessKey.Client;
using AliyunAccessKey.Completion;
using AliyunAccessKey.Errors;
using AliyunAccessKey.Model;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// What Grant- and Revoke-AliyunRamPolicy share: a policy (name and type) and a user or a group,
/// bound by property name so a CSV with PolicyName, PolicyType and UserPrincipalName (or
/// GroupName) columns, or a user from Get-AliyunRamUser, pipes in. The user and the group are one
/// parameter set, checked per input: a piped policy from Get-AliyunRamPolicy has both properties,
/// one of them null, and a mandatory parameter of another set would refuse that null at binding.
/// </summary>
public abstract class AliyunRamPolicyChangeCmdlet : AliyunBulkCmdlet
{
    /// <summary>The policy's name, as Get-AliyunRamPolicy lists it.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(PolicyNameCompleter))]
    public string PolicyName { get; set; } = string.Empty;

    /// <summary>System (Alibaba's policies) or Custom (the account's own).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(PolicyTypeCompleter))]
    public string PolicyType { get; set; } = string.Empty;

    /// <summary>The user (its UPN; RAM names it by the part before '@'). Give this or -GroupName.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("UPN")]
    [ArgumentCompleter(typeof(UserPrincipalNameCompleter))]
    public string? UserPrincipalName { get; set; }

    /// <summary>The RAM user group. Give this or -UserPrincipalName.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(GroupNameCompleter))]
    public string? GroupName { get; set; }

    /// <summary>Write the grant (an AliyunRamPolicy naming the user or group) to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>"Grant" or "Revoke", for messages.</summary>
    private protected abstract string Verb { get; }

    /// <summary>"granted" or "revoked", for messages.</summary>
    private protected abstract string Done { get; }

    /// <summary>
    /// The checked input: the policy type as RAM spells it, the name, and the principal; null
    /// when something is wrong (its error is written and nothing is sent).
    /// </summary>
    private protected (string Type, string Name, string Principal, bool IsGroup)? CheckedInput()
    {
        var user = NullIfEmpty(UserPrincipalName)?.Trim();
        var group = NullIfEmpty(GroupName)?.Trim();
        var name = PolicyName?.Trim() ?? string.Empty;
        if ((user is null) == (group is null))
        {
            // Neither (an empty CSV cell) or both: never guess whom a permission is for.
            WriteError(ErrorMapper.InvalidInput(
                "InvalidPrincipal",
                user is null ? "Name a user (-UserPrincipalName) or a group (-GroupName) for the policy." : "Name a user (-UserPrincipalName) or a group (-GroupName), not both.",
                user ?? (InputValidation.IsObjectText(name) ? "PolicyName" : name)));
            return null;
        }

        var isGroup = group is not null;
        var principal = (isGroup ? group : user)!;
        var target = principal;
        var invalid = InputValidation.PolicyName(name, name)
            ?? InputValidation.PolicyType(PolicyType, PolicyType)
            ?? (isGroup ? InputValidation.GroupName(principal, principal) : InputValidation.UserPrincipalName(principal, principal));
        if (invalid is not null)
        {
            WriteError(invalid);
            return null;
        }

        return (InputRules.CanonicalPolicyType(PolicyType)!, name, target, isGroup);
    }

    /// <summary>The ShouldProcess action text.</summary>
    private protected string Action(string type, string name, bool isGroup) =>
        $"{Verb} {type} policy {name} ({(isGroup ? "group" : "user")})";

    /// <summary>Sends the attach or detach; with -PassThru writes what was granted or revoked.</summary>
    private protected void Send(AliyunSession session, string type, string name, string principal, bool isGroup, Action<RamClient, string, CancellationToken> call)
    {
        var ram = session.Ram;
        var passThru = PassThru.IsPresent;
        var who = isGroup ? principal : RamClient.UserName(principal);
        Submit(principal, (output, ct) =>
        {
            call(ram, who, ct);
            output.Verbose($"{principal}: {Done} {type} policy {name}.");
            if (passThru)
            {
                output.Object(new AliyunRamPolicy
                {
                    PolicyName = name,
                    PolicyType = type,
                    UserPrincipalName = isGroup ? null : principal,
                    GroupName = isGroup ? principal : null,
                });
            }
        });
    }
}
