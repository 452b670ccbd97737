using System.Globalization;
using System.Security;
using AliyunAccessKey.Secrets;

namespace AliyunAccessKey.Client;

/// <summary>One API call: version, action and its parameters (sent in the query string).</summary>
internal sealed class AcsRequest
{
    private readonly List<KeyValuePair<string, string>> _parameters = [];
    private readonly List<KeyValuePair<string, SecureString>> _secrets = [];

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

    /// <summary>
    /// The action's own parameters, in the order set; a secret one (<see cref="SetSecret"/>) in plain
    /// text, for the signer only: the plain text is made on each read and kept nowhere.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters =>
        _secrets.Count == 0
            ? _parameters
            : [.. _parameters, .. _secrets.Select(static s => new KeyValuePair<string, string>(s.Key, SecretText.PlainText(s.Value)))];

    /// <summary>The names of the secret parameters (a password): never logged, and scrubbed from the service's error messages.</summary>
    public IEnumerable<string> SecretNames => _secrets.Select(static s => s.Key);

    /// <summary>True when a parameter is secret.</summary>
    internal bool HasSecrets => _secrets.Count > 0;

    /// <summary>
    /// Adds a secret parameter (a password); null is left out. It stays a SecureString until the
    /// request is signed, and the client removes it from any error message the service sends back
    /// (a SignatureDoesNotMatch answer quotes the whole string to sign).
    /// </summary>
    public AcsRequest SetSecret(string name, SecureString? value)
    {
        if (value is not null)
        {
            _parameters.RemoveAll(p => p.Key == name);
            _secrets.RemoveAll(p => p.Key == name);
            _secrets.Add(new KeyValuePair<string, SecureString>(name, value));
        }

        return this;
    }

    /// <summary>
    /// <paramref name="text"/> with every secret parameter's value, as sent or percent-encoded once or
    /// twice (as in a string to sign), replaced by "***".
    /// </summary>
    internal string Scrub(string text)
    {
        foreach (var secret in _secrets)
        {
            var plain = SecretText.PlainText(secret.Value);
            if (plain.Length == 0)
            {
                continue;
            }

            var once = AcsEncoding.PercentEncode(plain);
            foreach (var form in new[] { AcsEncoding.PercentEncode(once), once, plain })
            {
                text = text.Replace(form, "***");
            }
        }

        return text;
    }

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
