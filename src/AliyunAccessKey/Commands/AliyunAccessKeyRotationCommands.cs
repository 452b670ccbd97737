using System.Management.Automation;
using AliyunAccessKey.Completion;
using AliyunAccessKey.Errors;
using AliyunAccessKey.Model;
using AliyunAccessKey.Operations;
using AliyunAccessKey.Secrets;
using AliyunAccessKey.Sessions;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// <para type="synopsis">Rotates RAM users' AccessKey pairs in Alibaba Cloud's staged way: create the new key, disable the old one once it is no longer used, then delete it.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "AliyunAccessKeyRotation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = Emit)]
[OutputType(typeof(AliyunAccessKeyRotation))]
public sealed class InvokeAliyunAccessKeyRotationCommand : AliyunSessionCmdlet
{
    private const string Emit = "Emit";
    private const string IntoVault = "Vault";

    private SecretVault? _vault;

    // Holds the key this input created until its result is written (see Dispose).
    private Rotation? _rotation;

    /// <summary>The user whose key to rotate.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("UPN")]
    [ArgumentCompleter(typeof(UserPrincipalNameCompleter))]
    public string UserPrincipalName { get; set; } = string.Empty;

    /// <summary>Create, Disable, Delete, or All. Each stage can be run again safely.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public RotationStage Stage { get; set; }

    /// <summary>The key to retire; by default the older of the user's two keys (or its only key, before Create).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(AccessKeyIdCompleter))]
    public string? AccessKeyId { get; set; }

    /// <summary>Start a rotation only when the user's current key is older than this many days (for bulk runs).</summary>
    [Parameter]
    [ValidateRange(0, 36500)]
    public int? OlderThanDays { get; set; }

    /// <summary>Store the new key in this SecretManagement vault instead of emitting its secret.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IntoVault)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(VaultNameCompleter))]
    public string Vault { get; set; } = string.Empty;

    /// <summary>The new secret's name in the vault ({UserName}, {UserPrincipalName}, {AccessKeyId}); default aliyun-{UserName}.</summary>
    [Parameter(ParameterSetName = IntoVault)]
    [ValidateNotNullOrEmpty]
    public string SecretName { get; set; } = "aliyun-{UserName}";

    /// <summary>Do not ask, and disable an old key even if it was used after the new one was created.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        if (ParameterSetName == IntoVault)
        {
            _vault = SecretVault.OpenOrThrow(this, Vault);
        }
    }

    private protected override void ProcessRecordWithSession(AliyunSession session)
    {
        var upn = UserPrincipalName.Trim();
        var invalid = InputValidation.UserPrincipalName(upn, upn) ?? (AccessKeyId is null ? null : InputValidation.AccessKeyId(AccessKeyId, upn));
        if (invalid is not null)
        {
            WriteError(invalid);
            return;
        }

        var rotation = _rotation ??= new Rotation(new SessionRotationIms(session.Ims, session.ExactlyOnce), () => session.Client.ServerNow);
        var request = new RotationRequest
        {
            UserPrincipalName = upn,
            Stage = Stage,
            AccessKeyId = AccessKeyId,
            OlderThanDays = OlderThanDays,
            Force = Force.IsPresent,
            Vault = _vault is null ? null : Vault,
        };

        // Inline (one input at a time): the stages ask ShouldProcess on this thread.
        Submit(upn, (output, ct) =>
        {
            var outcome = rotation.Run(request, new RotationHost(this, session, upn, output), ct);
            if (outcome.Emit)
            {
                // Before the error, which -ErrorAction Stop turns into a throw. Counted as handed
                // over before the write: once WriteObject is called the object may have reached someone.
                output.OnPipeline(() =>
                {
                    rotation.HandedOver();
                    WriteObject(Shaped(outcome.Result));
                });
            }

            if (outcome.Failure is { } failure)
            {
                output.Error(ErrorMapper.WithKeyQuota(ToErrorRecord(failure, upn), () => session.Account.KeysPerUser(ct)));
            }
        });
    }

    /// <summary>
    /// After Ctrl+C (or any end before the result was written): the key this input created is
    /// taken back (see <see cref="Rotation.TakeBack"/>). Bounded, silent (the pipeline is gone).
    /// </summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && _rotation?.Pending is { Stored: false } && HasSession)
        {
            using var budget = CleanupBudget();
            _rotation.TakeBack(budget.Token);
        }

        base.Dispose(disposing);
    }

    private static ErrorRecord ToErrorRecord(RotationFailure failure, string upn) => failure.Kind switch
    {
        RotationFailureKind.Refused => ErrorMapper.Refusal(failure.ErrorId, failure.Message, upn),
        RotationFailureKind.InvalidInput => ErrorMapper.InvalidInput(failure.ErrorId, failure.Message, upn),
        RotationFailureKind.VaultStoreFailed => ErrorMapper.VaultStoreFailed(failure.Exception!, upn),
        _ => ErrorMapper.ToErrorRecord(failure.Exception!, upn),
    };

    private static readonly string[] DefaultDisplay = ["UserPrincipalName", "Result", "OldAccessKeyId", "OldKeyStatus", "NewAccessKeyId", "Vault", "SecretName"];

    /// <summary>Keeps the new secret out of PowerShell's fallback list too (see New-AliyunAccessKey).</summary>
    private static PSObject Shaped(AliyunAccessKeyRotation result)
    {
        var wrapped = new PSObject(result);
        wrapped.Members.Add(new PSMemberSet("PSStandardMembers", [new PSPropertySet("DefaultDisplayPropertySet", DefaultDisplay)]));
        return wrapped;
    }

    /// <summary>Consent, log and vault for the rotation, from this command.</summary>
    private sealed class RotationHost(InvokeAliyunAccessKeyRotationCommand cmdlet, AliyunSession session, string upn, IWorkOutput output) : IRotationHost
    {
        public bool Confirm(string target, string action) => cmdlet.ShouldProcessUnlessForced(cmdlet.Force, target, action);

        public void Verbose(string message) => output.Verbose(message);

        public string StoreInVault(NewAccessKey created) =>
            cmdlet._vault!.StoreOrTakeBack(session.Ims, created, upn, "caller", session.Context.Arn, cmdlet.Vault, cmdlet.SecretName);
    }
}
