namespace AliyunAccessKey.Emulator.Account;

/// <summary>
/// The account: its settings and its state behind THE lock. Every look at the state goes through
/// <see cref="Read{T}"/> and every change through <see cref="Write{T}"/>, which holds the lock for the
/// whole call (an action is atomic) and then raises <see cref="Changed"/> itself, so no action can
/// change the state and forget to have it saved. Records and stores refuse a change made outside a
/// Write (<see cref="EnsureWriting"/>). Actions take microseconds, so one lock held for a whole action
/// is still far from a bottleneck at 32 concurrent clients.
/// </summary>
internal sealed class AccountRoot
{
    private readonly Lock _lock = new();
    private readonly AccountState _state;
    private int _writeDepth;

    public AccountRoot(AccountProfile profile, DateTime now)
    {
        Profile = profile;
        _state = new AccountState(this);
        Write(s => s.Reset(now));
    }

    /// <summary>The settings the account started with; they never change, so they need no lock.</summary>
    public AccountProfile Profile { get; }

    /// <summary>Raised under the lock when the outermost Write ends, even one that failed part-way.</summary>
    public event Action? Changed;

    /// <summary>Runs <paramref name="read"/> under the lock; the state it sees is consistent.</summary>
    public T Read<T>(Func<AccountState, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (_lock)
        {
            return read(_state);
        }
    }

    /// <summary>Runs <paramref name="write"/> under the lock, then marks the state changed.</summary>
    public T Write<T>(Func<AccountState, T> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        lock (_lock)
        {
            _writeDepth++;
            try
            {
                return write(_state);
            }
            finally
            {
                // Whatever a failed write changed before it threw is saved too.
                if (--_writeDepth == 0)
                {
                    Changed?.Invoke();
                }
            }
        }
    }

    /// <inheritdoc cref="Write{T}"/>
    public void Write(Action<AccountState> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        Write(s =>
        {
            write(s);
            return true;
        });
    }

    /// <summary>
    /// Throws unless the calling thread is inside <see cref="Write{T}"/>. Every setter of a record and
    /// every changing method of a store calls it first, so a change outside a Write (one that would
    /// not be saved, or would race) fails loudly instead of going unnoticed.
    /// </summary>
    public void EnsureWriting()
    {
        if (!_lock.IsHeldByCurrentThread || _writeDepth == 0)
        {
            throw new InvalidOperationException("The account state may change only inside AccountRoot.Write, which marks it changed.");
        }
    }
}
