BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1') -Connected

    # Stopping gives the workers 2 s together; the rest is room for a loaded 2-core machine.
    $script:StopBudgetSeconds = 4

    function script:Reset-EmulatorCounters {
        Invoke-RestMethod -Method Post -Uri ([uri]::new($Emulator.Control, 'counters/reset')) | Out-Null
    }

    function script:Wait-Until([scriptblock] $Condition, [int] $TimeoutSeconds = 30) {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        while (-not (& $Condition)) {
            if ($watch.Elapsed.TotalSeconds -gt $TimeoutSeconds) { throw "Timed out after $TimeoutSeconds s waiting for: $Condition" }
            Start-Sleep -Milliseconds 50
        }
    }
}

AfterAll { Stop-TestSession }

Describe 'Stopping a bulk run' {
    AfterEach {
        Set-EmulatorKnobs $Emulator @{ latencyMs = 0 }
    }

    It 'returns within the deadline with 16 requests in flight against a server that never answers' {
        $prefix = New-TestName 'stop16'
        $upns = 1..16 | ForEach-Object { "$prefix-$_@$Domain" }
        Reset-EmulatorCounters
        Set-EmulatorKnobs $Emulator @{ latencyMs = 600000 }
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($Manifest, $Context, $Upns)
                Import-Module $Manifest
                $Upns | New-AliyunAccessKey -ThrottleLimit 16 -Context $Context
            }).AddArgument($StagedManifest).AddArgument((Get-AliyunContext)).AddArgument($upns)
            $null = $ps.BeginInvoke()
            Wait-Until { (Get-EmulatorCounters $Emulator).requests -ge 16 }

            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan $StopBudgetSeconds -Because 'one deadline covers all workers together'
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        } finally {
            $ps.Dispose()
        }
    }

    It 'returns within the deadline and keeps the process alive when a worker ignores cancellation' {
        # A child pwsh, because the failure this guards against takes the whole process down: a
        # worker still running after Stop used to touch primitives disposed under it and throw on
        # its own thread. One unit hangs in a credential source that ignores the token (as a
        # connect that cannot be cancelled does on .NET Framework); 15 wait on a server that never
        # answers. The hang outlasts the deadline, then the unit carries on and must find nothing disposed.
        $child = Join-Path $TestDrive 'StopWithHungWorker.ps1'
        Set-Content -LiteralPath $child -Value @'
param([string] $Manifest, [uri] $Endpoint, [uri] $Control, [string] $Domain, [int] $HangMs)
$ErrorActionPreference = 'Stop'
Import-Module $Manifest
Connect-AliyunAccount -Credential ([pscredential]::new('testid', (ConvertTo-SecureString testsecret -AsPlainText -Force))) -Endpoint $Endpoint -WarningAction SilentlyContinue
$context = Get-AliyunContext
Add-Type -ReferencedAssemblies ([AliyunAccessKey.Client.ICredentialSource].Assembly.Location), (Join-Path $PSHOME ref/netstandard.dll), System.Threading, System.Threading.Thread, System.Runtime -TypeDefinition @"
using System.Threading;
using AliyunAccessKey.Client;
public sealed class HangOnceSource : ICredentialSource
{
    private readonly ICredentialSource _inner;
    private readonly int _hangMs;
    private int _armed;
    public HangOnceSource(ICredentialSource inner, int hangMs) { _inner = inner; _hangMs = hangMs; }
    public static readonly ManualResetEventSlim Entered = new ManualResetEventSlim(false);
    public static readonly ManualResetEventSlim Left = new ManualResetEventSlim(false);
    public void Arm() { Volatile.Write(ref _armed, 1); }
    public AcsCredential GetCredential(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _armed, 0) == 1)
        {
            Entered.Set();
            Thread.Sleep(_hangMs); // ignores cancellation on purpose
            Left.Set();
        }
        return _inner.GetCredential(cancellationToken);
    }
}
"@
# The session's credential source sits behind a deferred source; wrap what it forwards to.
$flags = [Reflection.BindingFlags]'NonPublic, Instance'
$session = $context.GetType().GetProperty('Session', $flags).GetValue($context)
$deferred = $session.GetType().GetField('_credentials', $flags).GetValue($session)
$innerProperty = $deferred.GetType().GetProperty('Inner', $flags)
$hang = [HangOnceSource]::new($innerProperty.GetValue($deferred), $HangMs)
$innerProperty.SetValue($deferred, $hang)

Invoke-RestMethod -Method Post -Uri ([uri]::new($Control, 'counters/reset')) | Out-Null
Invoke-RestMethod -Method Post -Uri ([uri]::new($Control, 'knobs')) -Body '{"latencyMs":600000}' -ContentType 'application/json' | Out-Null
$hang.Arm()
$ps = [powershell]::Create()
$null = $ps.AddScript({
    param($Manifest, $Context, $Upns)
    Import-Module $Manifest
    $Upns | New-AliyunAccessKey -ThrottleLimit 16 -Context $Context
}).AddArgument($Manifest).AddArgument($context).AddArgument(@(1..16 | ForEach-Object { "hung-$_@$Domain" }))
$null = $ps.BeginInvoke()
$watch = [Diagnostics.Stopwatch]::StartNew()
while (-not ([HangOnceSource]::Entered.IsSet -and (Invoke-RestMethod -Uri ([uri]::new($Control, 'counters'))).requests -ge 15)) {
    if ($watch.Elapsed.TotalSeconds -gt 30) { 'NOT_IN_FLIGHT'; exit 3 }
    Start-Sleep -Milliseconds 50
}
'IN_FLIGHT'
$watch.Restart()
$ps.Stop()
'STOP_MS={0:0}' -f $watch.Elapsed.TotalMilliseconds
'STATE={0}' -f $ps.InvocationStateInfo.State
if (-not [HangOnceSource]::Left.Wait(60000)) { 'NEVER_LEFT'; exit 4 }
# The hung unit now runs on: give it time to finish, and finalizers time to run.
Start-Sleep -Milliseconds 1500
[GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
Start-Sleep -Milliseconds 500
'ALIVE'
'@
        # Long enough to outlast the old per-worker 10 s join, after which it crashed the process.
        $output = Invoke-Pwsh -NoProfile -NonInteractive -File $child -Manifest $StagedManifest -Endpoint $Emulator.Address -Control $Emulator.Control -Domain $Domain -HangMs 13000 2>&1 | Out-String
        $exit = $LASTEXITCODE
        $output | Should -Match 'IN_FLIGHT'
        $output | Should -Match 'STATE=Stopped'
        [int]([regex]::Match($output, 'STOP_MS=(\d+)').Groups[1].Value) | Should -BeLessThan ($StopBudgetSeconds * 1000) -Because "Stop waits for all workers together, not one after another:`n$output"
        $output | Should -Match 'ALIVE' -Because "a worker finishing after Stop must find nothing disposed:`n$output"
        $exit | Should -Be 0
    }
}
