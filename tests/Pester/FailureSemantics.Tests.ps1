# Every cmdlet runs its inputs through one engine, so a fault nobody foresaw (not an
# AliyunException) is that input's error in every cmdlet alike, and the pipeline goes on. Before,
# a bulk cmdlet reported it per input while an inline one (Get-AliyunRamUser, the rotation) let it
# end the whole pipeline.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1') -Connected

    if (-not ('FailureSemanticsTests.FailOnceSource' -as [type])) {
        Add-Type -ReferencedAssemblies ([AliyunAccessKey.Client.ICredentialSource].Assembly.Location), (Join-Path $PSHOME ref/netstandard.dll), System.Threading, System.Runtime -TypeDefinition @'
using System;
using System.Threading;
using AliyunAccessKey.Client;
namespace FailureSemanticsTests
{
    // Throws what no client code expects, once per Arm(): the same fault for every cmdlet.
    public sealed class FailOnceSource : ICredentialSource
    {
        private readonly ICredentialSource _inner;
        private int _armed;
        public FailOnceSource(ICredentialSource inner) { _inner = inner; }
        public ICredentialSource Inner { get { return _inner; } }
        public void Arm() { Volatile.Write(ref _armed, 1); }
        public AcsCredential GetCredential(CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _armed, 0) == 1)
            {
                throw new InvalidOperationException("unexpected fault for the test");
            }
            return _inner.GetCredential(cancellationToken);
        }
    }
}
'@
    }

    # The session's credential source sits behind a deferred source; wrap what it forwards to.
    $flags = [Reflection.BindingFlags]'NonPublic, Instance'
    $session = (Get-AliyunContext).GetType().GetProperty('Session', $flags).GetValue((Get-AliyunContext))
    $deferred = $session.GetType().GetField('_credentials', $flags).GetValue($session)
    $script:InnerProperty = $deferred.GetType().GetProperty('Inner', $flags)
    $script:Deferred = $deferred
    $script:Faulty = [FailureSemanticsTests.FailOnceSource]::new($InnerProperty.GetValue($deferred))
    $InnerProperty.SetValue($deferred, $Faulty)

    $script:Upns = 1..2 | ForEach-Object { "$(New-TestName 'fault')@$Domain" }
    $Upns | New-AliyunRamUser | New-AliyunAccessKey | Out-Null
}

AfterAll {
    $InnerProperty.SetValue($Deferred, $Faulty.Inner)
    Stop-TestSession
}

Describe 'A fault that is not an AliyunException' {
    It 'is one input''s error in <Name>, and the pipeline goes on' -ForEach @(
        @{ Name = 'Get-AliyunAccessKey (bulk)'; Run = { param($u) $u | Get-AliyunAccessKey -ThrottleLimit 2 } }
        @{ Name = 'Get-AliyunAccessKey -ThrottleLimit 1 (inline)'; Run = { param($u) $u | Get-AliyunAccessKey -ThrottleLimit 1 } }
        @{ Name = 'Get-AliyunRamUser'; Run = { param($u) $u | Get-AliyunRamUser } }
        @{ Name = 'Invoke-AliyunAccessKeyRotation'; Run = { param($u) $u | Invoke-AliyunAccessKeyRotation -Stage Delete } }
    ) {
        # build.ps1 runs Pester with ErrorActionPreference Stop; a row's error must stay a row's error here.
        $ErrorActionPreference = 'Continue'
        $Faulty.Arm()
        $all = @(& $Run $Upns 2>&1)
        $errs = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $out = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
        $after = 'pipeline went on'

        $after | Should -Be 'pipeline went on'
        $errs.Count | Should -Be 1 -Because 'the fault hits one input'
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'UnexpectedError,*'
        $errs[0].CategoryInfo.Category | Should -Be 'NotSpecified'
        $errs[0].TargetObject | Should -BeIn $Upns
        $out.Count | Should -BeGreaterThan 0 -Because 'the other input was still processed'
    }
}
