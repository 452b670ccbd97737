using System.Globalization;
using System.Text.Json;
using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Features.AccessKeys;
using AliyunAccessKey.Emulator.Features.Users;
using AliyunAccessKey.Emulator.Server;
using AliyunAccessKey.Emulator.Signing;

namespace AliyunAccessKey.Emulator.Api;

/// <summary>
/// Runs one action: reads its parameters, reads or changes <paramref name="state"/> (which the
/// account root hands it under the lock) and writes the properties of its JSON answer.
/// </summary>
internal delegate void ActionHandler(ActionContext context, AccountState state, Utf8JsonWriter json);

/// <summary>What an action sees besides the state: the verified caller, its parameters, the account and the time.</summary>
internal sealed class ActionContext
{
    private readonly EmulatorCore _core;

    public ActionContext(EmulatorCore core, ApiRequest request, Caller caller, DateTime now)
    {
        _core = core;
        Request = request;
        Caller = caller;
        Now = now;
    }

    /// <summary>The account's settings (id, default domain); the state itself comes with each call, under the lock.</summary>
    public AccountProfile Account => _core.Account.Profile;

    public EmulatorKnobs Knobs => _core.Knobs;

    public ApiRequest Request { get; }

    public Caller Caller { get; }

    public DateTime Now { get; }

    /// <summary>Now to the tick (Now is whole seconds): the report's generation moment is shorter than a second in tests.</summary>
    public DateTime PreciseNow => _core.Time.GetUtcNow().UtcDateTime.AddSeconds(_core.Knobs.ClockOffsetSeconds);

    /// <summary>Set by CreateAccessKey, so a lost answer can mark the key as an orphan.</summary>
    public AccessKeyRecord? CreatedKey { get; set; }

    /// <summary>The parameter as sent ("" when sent empty), or null when absent.</summary>
    public string? Param(string name) => Request.Param(name);

    /// <summary>The parameter, or null when absent or empty.</summary>
    public string? Optional(string name) => Request.Param(name) is { Length: > 0 } v ? v : null;

    /// <summary>The parameter; Missing&lt;name&gt; when absent or empty.</summary>
    public string Required(string name) => Optional(name) ?? throw Errors.Missing(name);

    /// <summary>Flattened pairs: Tag.1.Key, Tag.1.Value, Tag.2.Key…, numbered 1..N without gaps; a later duplicate key wins.</summary>
    public List<KeyValuePair<string, string>> Pairs(string prefix)
    {
        var byIndex = new SortedDictionary<int, (string? Key, string? Value)>();
        foreach (var (name, value) in Request.Parameters)
        {
            if (!name.StartsWith(prefix + ".", StringComparison.Ordinal))
            {
                continue;
            }

            var rest = name[(prefix.Length + 1)..];
            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0 || !int.TryParse(rest.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                continue;
            }

            var entry = byIndex.GetValueOrDefault(index);
            switch (rest[(dot + 1)..])
            {
                case "Key":
                    entry.Key = value;
                    break;
                case "Value":
                    entry.Value = value;
                    break;
                default:
                    continue;
            }

            byIndex[index] = entry;
        }

        var result = new List<KeyValuePair<string, string>>();
        var expected = 1;
        foreach (var (index, pair) in byIndex)
        {
            // "N must be consecutive": Tag.1, Tag.2, … with no gap.
            if (index != expected++)
            {
                throw ParameterRules.Format(prefix, $"N of {prefix}.N must be consecutive, from 1.");
            }

            if (pair.Key is null)
            {
                throw Errors.Missing(prefix + ".N.Key");
            }

            result.RemoveAll(p => p.Key == pair.Key);
            result.Add(new(pair.Key, pair.Value ?? string.Empty));
        }

        return result;
    }

    public string Upn(UserRecord user) => Account.Upn(user.Name);

    public static string Date(DateTime utc) => AcsEncoding.FormatDate(utc);

    /// <summary>"1692598367586": Unix epoch milliseconds, as the official ListUsers example gives LastLoginDate.</summary>
    public static string EpochMilliseconds(DateTime utc) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}
