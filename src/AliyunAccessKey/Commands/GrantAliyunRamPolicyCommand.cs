using System.Management.Automation;
using AliyunAccessKey.Client;
using AliyunAccessKey.Errors;
using AliyunAccessKey.Model;
using AliyunAccessKey.Operations;
using AliyunAccessKey.Sessions;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Attaches a RAM policy to a user or a group. A policy that allows everything (AdministratorAccess, or any policy allowing Action * on Resource *) is granted only after a warning and a confirmation.</para>
/// </summary>
[Cmdlet(VerbsSecurity.Grant, "AliyunRamPolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(AliyunRamPolicy))]
public sealed class GrantAliyunRamPolicyCommand : AliyunRamPolicyChangeCmdlet
{
    internal const string FullAccessWarning =
        "The policy {0} allows every action on every resource: whoever holds it can do anything in the account, including granting themselves more " +
        "and deleting everything. Grant a narrower policy unless full control is really meant.";

    // Per invocation: does the policy (type/name) allow everything? A CSV of 500 users fetches each policy once.
    private readonly Dictionary<string, bool> _allowsEverything = new(StringComparer.OrdinalIgnoreCase);
    private bool _yesToAll;
    private bool _noToAll;

    /// <summary>Grant a policy that allows everything without asking (the warning is still written).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    private protected override string Verb => "Grant";

    private protected override string Done => "granted";

    private protected override void ProcessRecordWithSession(AliyunSession session)
    {
        if (CheckedInput() is not var (type, name, principal, isGroup))
        {
            return;
        }

        if (!ShouldProcess(principal, Action(type, name, isGroup)) || !ConfirmedIfFullAccess(session, type, name, principal))
        {
            return;
        }

        Send(session, type, name, principal, isGroup, (ram, who, ct) =>
        {
            try
            {
                if (isGroup)
                {
                    ram.AttachPolicyToGroup(type, name, who, ct);
                }
                else
                {
                    ram.AttachPolicyToUser(type, name, who, ct);
                }
            }
            catch (AliyunServiceException e) when (e.IsCode("EntityAlreadyExists.User.Policy") || e.IsCode("EntityAlreadyExists.Group.Policy"))
            {
                // Already granted is what was asked for; a retry after a lost answer sees this too.
            }
        });
    }

    /// <summary>
    /// True unless the policy allows everything and the user does not confirm. Like the root-key
    /// warning of New-AliyunAccessKey, -Confirm:$false does not skip the question: only -Force does.
    /// The document comes from GetPolicy, once per policy per invocation.
    /// </summary>
    private bool ConfirmedIfFullAccess(AliyunSession session, string type, string name, string principal)
    {
        var key = type + "/" + name;
        if (!_allowsEverything.TryGetValue(key, out var everything))
        {
            if (type == AliyunRamPolicy.SystemType && string.Equals(name, PolicyDocuments.AdministratorAccess, StringComparison.OrdinalIgnoreCase))
            {
                everything = true;
            }
            else if (!RunNow(principal, (_, ct) => everything = PolicyDocuments.AllowsEverything(session.Ram.GetPolicy(name, type, ct).PolicyDocument)))
            {
                // The policy could not be read (no such policy, no ram:GetPolicy): its error is written, nothing is granted.
                return false;
            }

            _allowsEverything[key] = everything;
        }

        if (!everything)
        {
            return true;
        }

        var warning = string.Format(System.Globalization.CultureInfo.InvariantCulture, FullAccessWarning, name);
        WriteWarning(warning);
        try
        {
            return Force || ShouldContinue($"{warning} Grant {name} to {principal} anyway?", "Grant full access", ref _yesToAll, ref _noToAll);
        }
        catch (PSInvalidOperationException ex)
        {
            // A host that cannot ask (a runbook, -NonInteractive): say how to proceed.
            WriteError(ErrorMapper.FullAccessNeedsConfirmation(ex, principal, name));
            return false;
        }
    }
}
