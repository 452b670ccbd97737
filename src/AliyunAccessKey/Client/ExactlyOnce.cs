using AliyunAccessKey.Model;

namespace AliyunAccessKey.Client;

/// <summary>
/// CreateAccessKey and CreateUser without double-acting. When a call's outcome is unknown (the
/// answer was lost after the request left), this reads the state back instead of guessing:
/// a key that the lost call created is deleted — its secret exists nowhere — and created again;
/// a user that exists as asked is accepted. All within the retry budget.
/// </summary>
public sealed class ExactlyOnce
{
    // Server and client clocks differ and CreateDate has whole seconds: a key created this long
    // before the request left is not the lost call's.
    private static readonly TimeSpan CreateDateSlack = TimeSpan.FromSeconds(5);

    private readonly ImsClient _ims;
    private readonly AcsClient _client;

    // Keys whose secrets this session handed out: reconciling must never delete one of those,
    // even when it was created moments before the lost call.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _delivered = new(StringComparer.Ordinal);

    // A timed-out request may still be carried out by the service after we reconciled; these are
    // checked again once such a late act has had time to land.
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string? Upn, DateTime Sent, DateTime SettledAt)> _pendingSweeps = new();

    /// <summary>True when a timed-out CreateAccessKey still needs its late-act sweep.</summary>
    public bool HasPendingSweeps => !_pendingSweeps.IsEmpty;

    /// <summary>Creates the helper over <paramref name="ims"/>, whose AcsClient supplies the clock and the retry budget.</summary>
    public ExactlyOnce(ImsClient ims, AcsClient client)
    {
        _ims = ims ?? throw new ArgumentNullException(nameof(ims));
        _client = client ?? throw new ArgumentNullException(nameof(client));
    }

    /// <summary>Creates one key for <paramref name="userPrincipalName"/> (or the caller), exactly once.</summary>
    /// <param name="userPrincipalName">The owner; null for the caller.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <param name="log">Where to say what was reconciled (Verbose); never given a secret.</param>
    public NewAccessKey CreateAccessKey(string? userPrincipalName, CancellationToken cancellationToken, Action<string>? log = null)
    {
        var attempts = Math.Max(1, _client.Options.Retry.MaxAttempts);
        for (var attempt = 1; ; attempt++)
        {
            var sent = _client.UtcNow() + _client.ClockOffset;
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
                foreach (var key in _ims.ListAccessKeys(userPrincipalName, cancellationToken))
                {
                    if (key.CreateDate is DateTime created && created >= sent - CreateDateSlack && !_delivered.ContainsKey(key.AccessKeyId))
                    {
                        // The lost call's key: nobody ever saw its secret, so it can only be deleted.
                        DeleteIfPresent(key.AccessKeyId, userPrincipalName, cancellationToken);
                        log?.Invoke($"CreateAccessKey for {who}: deleted {key.AccessKeyId}, created by the lost call; its secret was never received and cannot be recovered.");
                    }
                }

                if (unknown.InnerException is AliyunTransportException { IsTimeout: true })
                {
                    _pendingSweeps.Enqueue((userPrincipalName, sent, _client.UtcNow() + _client.Options.Timeout + _client.Options.Timeout));
                }

                log?.Invoke($"CreateAccessKey for {who}: creating again (attempt {attempt + 1} of {attempts}).");
            }
        }
    }

    /// <summary>Creates a user exactly once: after an unknown outcome, a user that exists as asked is accepted.</summary>
    public AliyunRamUser CreateUser(CreateUserRequest request, CancellationToken cancellationToken, Action<string>? log = null)
    {
        var attempts = Math.Max(1, _client.Options.Retry.MaxAttempts);
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
    /// After timeouts: waits until a late act of the timed-out CreateAccessKey would have landed
    /// (twice the request timeout), then deletes keys created since that call whose secrets were
    /// never handed out. Call once the bulk work is done.
    /// </summary>
    public void SweepAfterTimeouts(CancellationToken cancellationToken, Action<string>? log = null)
    {
        var pending = new List<(string? Upn, DateTime Sent, DateTime SettledAt)>();
        while (_pendingSweeps.TryDequeue(out var p))
        {
            pending.Add(p);
        }

        if (pending.Count == 0)
        {
            return;
        }

        var wait = pending.Max(static p => p.SettledAt) - _client.UtcNow();
        if (wait > TimeSpan.Zero)
        {
            log?.Invoke($"Waiting {wait.TotalSeconds:0.#} s for timed-out CreateAccessKey calls that the service may still carry out.");
            cancellationToken.WaitHandle.WaitOne(wait);
            cancellationToken.ThrowIfCancellationRequested();
        }

        foreach (var group in pending.GroupBy(static p => p.Upn))
        {
            var since = group.Min(static p => p.Sent) - CreateDateSlack;
            foreach (var key in _ims.ListAccessKeys(group.Key, cancellationToken))
            {
                if (key.CreateDate is DateTime created && created >= since && !_delivered.ContainsKey(key.AccessKeyId))
                {
                    DeleteIfPresent(key.AccessKeyId, group.Key, cancellationToken);
                    log?.Invoke($"CreateAccessKey for {group.Key ?? "the caller"}: deleted {key.AccessKeyId}, created late by a timed-out call; its secret was never received.");
                }
            }
        }
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

    private void DeleteIfPresent(string accessKeyId, string? userPrincipalName, CancellationToken ct)
    {
        try
        {
            _ims.DeleteAccessKey(accessKeyId, userPrincipalName, ct);
        }
        catch (AliyunServiceException gone) when (gone.IsCode("EntityNotExist"))
        {
            // A retried delete whose first answer was lost: already gone is what we wanted.
        }
    }
}
