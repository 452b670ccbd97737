using AliyunAccessKey.Client;
using AliyunAccessKey.Model;

namespace AliyunAccessKey.Operations;

/// <summary>
/// CreateAccessKey and CreateUser without double-acting. When a call's outcome is unknown (the
/// answer was lost after the request left), this reads the state back instead of guessing:
/// a key created while the lost call could have acted is deleted — its secret exists nowhere —
/// and created again, unless more keys appeared then than the call can have made (another admin
/// at work): then none is deleted and the outcome is reported unknown. A user that exists as asked
/// is accepted. All within the retry budget.
/// </summary>
internal sealed class ExactlyOnce
{
    // Server and client clocks differ and CreateDate has whole seconds: the span in which a lost
    // call could have acted is widened by this much at both ends.
    private static readonly TimeSpan CreateDateSlack = TimeSpan.FromSeconds(5);

    private readonly ImsClient _ims;
    private readonly AcsClientOptions _options;
    private readonly Func<DateTime> _serverNow;

    // Keys whose secrets this session handed out: reconciling must never delete one of those,
    // even when it was created moments before the lost call.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _delivered = new(StringComparer.Ordinal);

    // A timed-out request may still be carried out by the service after we reconciled; these are
    // checked again once such a late act has had time to land. KeyFound: the reconcile already
    // deleted the one key this call can have made.
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string? Upn, DateTime Sent, DateTime LateActBy, bool KeyFound)> _pendingSweeps = new();

    /// <summary>True when a timed-out CreateAccessKey still needs its late-act sweep.</summary>
    public bool HasPendingSweeps => !_pendingSweeps.IsEmpty;

    /// <summary>Creates the helper over <paramref name="ims"/>.</summary>
    /// <param name="ims">The client that creates, lists and deletes.</param>
    /// <param name="options">The IMS client's settings: the attempt budget, and the request timeout that bounds when a lost call can still act.</param>
    /// <param name="serverNow">
    /// The service's time (the session passes its client's clock with the learnt skew): a key's
    /// CreateDate is compared with it, never with the local clock.
    /// </param>
    public ExactlyOnce(ImsClient ims, AcsClientOptions options, Func<DateTime> serverNow)
    {
        _ims = ims ?? throw new ArgumentNullException(nameof(ims));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _serverNow = serverNow ?? throw new ArgumentNullException(nameof(serverNow));
    }

    /// <summary>Waits before the sweep; returns early when cancelled. Replaced in tests.</summary>
    internal Action<TimeSpan, CancellationToken> Wait { get; set; } = static (delay, ct) => ct.WaitHandle.WaitOne(delay);

    // How long after it was sent the service may still carry out a request the client gave up on.
    private TimeSpan LateActHorizon => _options.Timeout + _options.Timeout;

    /// <summary>Creates one key for <paramref name="userPrincipalName"/> (or the caller), exactly once.</summary>
    /// <param name="userPrincipalName">The owner; null for the caller.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <param name="log">Where to say what was reconciled (Verbose); never given a secret.</param>
    /// <exception cref="AliyunOutcomeUnknownException">
    /// The last attempt's outcome is unknown, or more keys appeared while a lost call could have
    /// acted than it can have made (none of them is deleted then).
    /// </exception>
    public NewAccessKey CreateAccessKey(string? userPrincipalName, CancellationToken cancellationToken, Action<string>? log = null)
    {
        var attempts = Math.Max(1, _options.Retry.MaxAttempts);
        for (var attempt = 1; ; attempt++)
        {
            var sent = _serverNow();
            try
            {
                var created = _ims.CreateAccessKey(userPrincipalName, cancellationToken);
                _delivered.TryAdd(created.AccessKeyId, 0);
                return created;
            }
            catch (AliyunOutcomeUnknownException unknown) when (attempt < attempts)
            {
                var who = userPrincipalName ?? "the caller";
                log?.Invoke($"CreateAccessKey for {who}: outcome unknown ({unknown.InnerException?.Message}); reconciling.");

                // The lost call acted, if it did, between its sending and now; a key made later than
                // that is someone else's (a timed-out call's late act is the sweep's to find).
                var settled = _serverNow();
                var unexplained = Unexplained(_ims.ListAccessKeys(userPrincipalName, cancellationToken), sent, settled);
                if (unexplained.Count > 1)
                {
                    // One call makes one key at most; which of these it is cannot be told, and
                    // creating again could leave yet another: stop here.
                    throw Ambiguous(who, unexplained, "the lost call", 1);
                }

                foreach (var key in unexplained)
                {
                    // The lost call's key: nobody ever saw its secret, so it can only be deleted.
                    DeleteIfPresent(key.AccessKeyId, userPrincipalName, log, cancellationToken);
                    log?.Invoke($"CreateAccessKey for {who}: deleted {key.AccessKeyId}, created by the lost call; its secret was never received and cannot be recovered.");
                }

                if (unknown.InnerException is AliyunTransportException { IsTimeout: true })
                {
                    _pendingSweeps.Enqueue((userPrincipalName, sent, sent + LateActHorizon, unexplained.Count == 1));
                }

                log?.Invoke($"CreateAccessKey for {who}: creating again (attempt {attempt + 1} of {attempts}).");
            }
        }
    }

    /// <summary>Creates a user exactly once: after an unknown outcome, a user that exists as asked is accepted.</summary>
    public AliyunRamUser CreateUser(CreateUserRequest request, CancellationToken cancellationToken, Action<string>? log = null)
    {
        var attempts = Math.Max(1, _options.Retry.MaxAttempts);
        var reconciled = false;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return _ims.CreateUser(request, cancellationToken);
            }
            catch (AliyunServiceException exists) when (reconciled && exists.IsCode("EntityAlreadyExists.User"))
            {
                // A lost earlier attempt may have created it after our read-back: check once more.
                var user = TryGetUser(request.UserPrincipalName, cancellationToken);
                if (user is not null && Matches(user, request))
                {
                    log?.Invoke($"CreateUser {request.UserPrincipalName}: an earlier attempt created it; accepted.");
                    return user;
                }

                throw;
            }
            catch (AliyunOutcomeUnknownException unknown) when (attempt < attempts)
            {
                reconciled = true;
                log?.Invoke($"CreateUser {request.UserPrincipalName}: outcome unknown ({unknown.InnerException?.Message}); reading it back.");
                var user = TryGetUser(request.UserPrincipalName, cancellationToken);
                if (user is not null)
                {
                    if (Matches(user, request))
                    {
                        log?.Invoke($"CreateUser {request.UserPrincipalName}: it was created as asked; accepted.");
                        return user;
                    }

                    throw new AliyunOutcomeUnknownException(
                        "CreateUser",
                        new InvalidOperationException($"{request.UserPrincipalName} exists but differs from what was asked (display name '{user.DisplayName}'), so it may not be this call's."));
                }

                log?.Invoke($"CreateUser {request.UserPrincipalName}: not created; creating again (attempt {attempt + 1} of {attempts}).");
            }
        }
    }

    /// <summary>
    /// After timeouts: waits until a late act of each timed-out CreateAccessKey would have landed
    /// (twice the request timeout after it was sent), then deletes the keys such a call made, whose
    /// secrets were never handed out. Only keys created while a call could still act count, and
    /// never more than the calls that can have made them: when more appeared, none is deleted and
    /// the user's keys are reported instead. Call once the bulk work is done.
    /// </summary>
    /// <returns>One error per user whose keys could not be settled: an <see cref="AliyunOutcomeUnknownException"/> naming the keys, or the failure of the list or delete.</returns>
    public IReadOnlyList<(string? UserPrincipalName, AliyunException Error)> SweepAfterTimeouts(CancellationToken cancellationToken, Action<string>? log = null)
    {
        var pending = new List<(string? Upn, DateTime Sent, DateTime LateActBy, bool KeyFound)>();
        while (_pendingSweeps.TryDequeue(out var p))
        {
            pending.Add(p);
        }

        var errors = new List<(string? UserPrincipalName, AliyunException Error)>();
        if (pending.Count == 0)
        {
            return errors;
        }

        var wait = pending.Max(static p => p.LateActBy) + CreateDateSlack - _serverNow();
        if (wait > TimeSpan.Zero)
        {
            log?.Invoke($"Waiting {wait.TotalSeconds:0.#} s for timed-out CreateAccessKey calls that the service may still carry out.");
            Wait(wait, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
        }

        foreach (var group in pending.GroupBy(static p => p.Upn))
        {
            var who = group.Key ?? "the caller";
            try
            {
                var keys = _ims.ListAccessKeys(group.Key, cancellationToken);
                var kept = new List<Model.AccessKey>();
                var callsKept = 0;
                foreach (var (from, to, calls) in Windows(group))
                {
                    var unexplained = Unexplained(keys, from, to);
                    if (unexplained.Count > calls)
                    {
                        kept.AddRange(unexplained);
                        callsKept += calls;
                        continue;
                    }

                    foreach (var key in unexplained)
                    {
                        DeleteIfPresent(key.AccessKeyId, group.Key, log, cancellationToken);
                        log?.Invoke($"CreateAccessKey for {who}: deleted {key.AccessKeyId}, created late by a timed-out call; its secret was never received.");
                    }
                }

                if (kept.Count > 0)
                {
                    errors.Add((group.Key, Ambiguous(who, kept, "a timed-out call", callsKept)));
                }
            }
            catch (AliyunException ex)
            {
                errors.Add((group.Key, ex));
            }
        }

        return errors;
    }

    /// <summary>
    /// The spans in which one user's timed-out calls could have acted, overlapping ones merged,
    /// each with how many keys its calls can still have made.
    /// </summary>
    private static List<(DateTime From, DateTime To, int Calls)> Windows(IEnumerable<(string? Upn, DateTime Sent, DateTime LateActBy, bool KeyFound)> lost)
    {
        var windows = new List<(DateTime From, DateTime To, int Calls)>();
        foreach (var call in lost.OrderBy(static c => c.Sent))
        {
            var calls = call.KeyFound ? 0 : 1;
            var last = windows.Count - 1;
            if (last >= 0 && call.Sent - CreateDateSlack <= windows[last].To + CreateDateSlack)
            {
                var merged = windows[last];
                windows[last] = (merged.From, call.LateActBy > merged.To ? call.LateActBy : merged.To, merged.Calls + calls);
            }
            else
            {
                windows.Add((call.Sent, call.LateActBy, calls));
            }
        }

        return windows;
    }

    /// <summary>Keys created between <paramref name="from"/> and <paramref name="to"/> (give or take the slack) whose secrets this session did not hand out.</summary>
    private List<Model.AccessKey> Unexplained(IEnumerable<Model.AccessKey> keys, DateTime from, DateTime to) =>
        keys.Where(k => k.CreateDate is DateTime created && created >= from - CreateDateSlack && created <= to + CreateDateSlack && !_delivered.ContainsKey(k.AccessKeyId)).ToList();

    /// <summary>Keys that may or may not be a lost call's: named, kept, and the reason said.</summary>
    private static AliyunOutcomeUnknownException Ambiguous(string who, List<Model.AccessKey> keys, string lost, int calls)
    {
        var ids = string.Join(", ", keys.Select(static k => k.AccessKeyId));
        var why = calls == 0
            ? $"AccessKeys {ids} of {who} were created while {lost} could still act, after a key it may have made had been deleted: most likely someone else made them, but which is which cannot be told, so none was deleted."
            : $"AccessKeys {ids} of {who} were created while {lost} could have acted; {(calls == 1 ? "it can have made one of them" : $"those calls can have made {calls} of them")} and someone else the others, but which is which cannot be told, so none was deleted.";
        return new AliyunOutcomeUnknownException(
            "CreateAccessKey",
            new InvalidOperationException(why + " A key made by a lost call has a secret nobody holds: it is never used (Get-AliyunAccessKey -IncludeLastUsed), and can be removed."));
    }

    private AliyunRamUser? TryGetUser(string userPrincipalName, CancellationToken ct)
    {
        try
        {
            return _ims.GetUserByPrincipalName(userPrincipalName, ct);
        }
        catch (AliyunServiceException notFound) when (notFound.IsCode("EntityNotExist.User"))
        {
            return null;
        }
    }

    private static bool Matches(AliyunRamUser user, CreateUserRequest asked) =>
        string.Equals(user.UserPrincipalName, asked.UserPrincipalName, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(user.DisplayName, asked.DisplayName, StringComparison.Ordinal) &&
        (asked.Comments is null || string.Equals(user.Comments, asked.Comments, StringComparison.Ordinal)) &&
        (asked.Email is null || string.Equals(user.Email, asked.Email, StringComparison.OrdinalIgnoreCase)) &&
        (asked.MobilePhone is null || string.Equals(user.MobilePhone, asked.MobilePhone, StringComparison.Ordinal));

    private void DeleteIfPresent(string accessKeyId, string? userPrincipalName, Action<string>? log, CancellationToken ct)
    {
        try
        {
            _ims.DeleteAccessKey(accessKeyId, userPrincipalName, ct);
        }
        catch (AliyunServiceException gone) when (gone.IsCode("EntityNotExist"))
        {
            // A retried delete whose first answer was lost: already gone is what we wanted.
        }

        PurgeFromRecycleBin(accessKeyId, log, ct);
    }

    /// <summary>
    /// DeleteAccessKey only moves a key to its user's recycle bin for 30 days: an orphan (nobody ever
    /// saw its secret) must not be restorable, so it is purged from there too. Best effort: the key
    /// no longer signs either way, so a failure is said, not thrown.
    /// </summary>
    private void PurgeFromRecycleBin(string accessKeyId, Action<string>? log, CancellationToken ct)
    {
        try
        {
            // The bin actions need the owner's UserId; the bin itself says it (and that the key is there).
            var recycled = _ims.GetAccessKeyInfoInRecycleBin(accessKeyId, ct);
            _ims.DeleteAccessKeyInRecycleBin(recycled.UserId, accessKeyId, ct);
            log?.Invoke($"Purged {accessKeyId} from the recycle bin: a key whose secret was never received must not be restorable.");
        }
        catch (AliyunServiceException notThere) when (notThere.IsCode("EntityNotExist"))
        {
            // Not in a bin (an account's own key, or already purged): nothing can restore it.
        }
        catch (AliyunException ex)
        {
            log?.Invoke($"Could not purge {accessKeyId} from the recycle bin ({(ex is AliyunServiceException s ? s.Code : ex.GetType().Name)}): it is deleted but restorable for 30 days; purge it with Remove-AliyunAccessKey -InRecycleBin.");
        }
    }
}
