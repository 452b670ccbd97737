using AliyunAccessKey.Errors;
using AliyunAccessKey.Sessions;

namespace AliyunAccessKey.Commands;

/// <summary>
/// Base of every cmdlet that needs a connection. A template method: the base resolves the session
/// once per invocation (-Context's, else the runspace's), refusing with NotConnected when there is
/// none, and hands it to <see cref="ProcessRecordWithSession"/> for each input.
/// </summary>
public abstract class AliyunSessionCmdlet : AliyunCmdlet
{
    private AliyunSession? _session;

    /// <summary>The session resolved for this invocation; only after the first input was processed.</summary>
    internal AliyunSession Session => _session ?? throw new InvalidOperationException("No session was resolved yet.");

    /// <summary>True once an input was processed, so end-of-work steps have a session to use.</summary>
    private protected bool HasSession => _session is not null;

    /// <inheritdoc/>
    protected sealed override void ProcessRecord()
    {
        if (_session is null)
        {
            _session = CurrentSession;
            if (_session is null)
            {
                ThrowTerminatingError(ErrorMapper.NotConnected());
            }
        }

        ProcessRecordWithSession(_session!);
    }

    /// <summary>Processes one input with the session of this invocation.</summary>
    private protected abstract void ProcessRecordWithSession(AliyunSession session);
}
