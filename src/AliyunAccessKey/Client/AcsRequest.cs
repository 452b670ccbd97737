using System.Globalization;

namespace AliyunAccessKey.Client;

/// <summary>One API call: version, action and its parameters (sent in the query string).</summary>
public sealed class AcsRequest
{
    private readonly List<KeyValuePair<string, string>> _parameters = [];

    /// <summary>Creates a request for <paramref name="action"/> of API <paramref name="version"/>.</summary>
    /// <param name="version">API version, e.g. 2019-08-15 for IMS.</param>
    /// <param name="action">Action name, e.g. ListUsers.</param>
    /// <param name="isIdempotent">
    /// False for actions that must not be repeated when the server may already have acted
    /// (CreateAccessKey, CreateUser): such a call is retried only when it surely did not act.
    /// </param>
    public AcsRequest(string version, string action, bool isIdempotent = true)
    {
        Version = version;
        Action = action;
        IsIdempotent = isIdempotent;
    }

    /// <summary>API version.</summary>
    public string Version { get; }

    /// <summary>Action name.</summary>
    public string Action { get; }

    /// <summary>Whether a blind repeat is safe.</summary>
    public bool IsIdempotent { get; }

    /// <summary>The action's own parameters, in the order set.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters => _parameters;

    /// <summary>Adds a parameter; a null value is left out, an empty one is sent as name=.</summary>
    public AcsRequest Set(string name, string? value)
    {
        if (value is not null)
        {
            _parameters.RemoveAll(p => p.Key == name);
            _parameters.Add(new KeyValuePair<string, string>(name, value));
        }

        return this;
    }

    /// <summary>Adds a numeric parameter; null is left out.</summary>
    public AcsRequest Set(string name, int? value) =>
        Set(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Flattens key/value pairs the way the service expects: Tag.1.Key, Tag.1.Value, Tag.2.Key…</summary>
    public AcsRequest SetPairs(string prefix, IEnumerable<KeyValuePair<string, string>>? pairs)
    {
        if (pairs is null)
        {
            return this;
        }

        var i = 0;
        foreach (var pair in pairs)
        {
            i++;
            var n = i.ToString(CultureInfo.InvariantCulture);
            Set($"{prefix}.{n}.Key", pair.Key);
            Set($"{prefix}.{n}.Value", pair.Value);
        }

        return this;
    }
}
