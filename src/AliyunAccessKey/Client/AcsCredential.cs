using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace AliyunAccessKey.Client;

/// <summary>
/// An AccessKey pair (optionally with an STS token). The secret stays in a <see cref="SecureString"/>;
/// it is decoded only for the moment a signature needs it, and never appears in ToString.
/// </summary>
public sealed class AcsCredential
{
    private readonly SecureString _secret;
    private readonly SecureString? _securityToken;

    /// <summary>Creates a credential from an AccessKey ID and a secret that the caller no longer needs to own.</summary>
    public AcsCredential(string accessKeyId, SecureString secret, SecureString? securityToken = null, DateTime? expiration = null)
    {
        if (string.IsNullOrWhiteSpace(accessKeyId))
        {
            throw new ArgumentException("The AccessKey ID is empty.", nameof(accessKeyId));
        }

        if (secret is null || secret.Length == 0)
        {
            throw new ArgumentException("The AccessKey secret is empty.", nameof(secret));
        }

        AccessKeyId = accessKeyId.Trim();

        // The ID and the token go into headers: a malformed one is refused before anything is
        // sent, and a line break can never start a header of its own.
        if (!AccessKeyIds.IsWellFormed(AccessKeyId))
        {
            throw new ArgumentException($"The AccessKey ID is not one: it has {AccessKeyIds.Rule} characters.", nameof(accessKeyId));
        }

        if (securityToken is { Length: > 0 } && HasControl(securityToken))
        {
            throw new ArgumentException("The security token has control characters (it is sent as a header).", nameof(securityToken));
        }

        _secret = secret.Copy();
        _secret.MakeReadOnly();
        if (securityToken is { Length: > 0 })
        {
            _securityToken = securityToken.Copy();
            _securityToken.MakeReadOnly();
        }

        Expiration = expiration?.ToUniversalTime();
    }

    private static bool HasControl(SecureString value)
    {
        var bytes = SecureToUtf8(value);
        try
        {
            return bytes.Any(static b => b < 0x20 || b == 0x7F);
        }
        finally
        {
            Array.Clear(bytes, 0, bytes.Length);
        }
    }

    /// <summary>The AccessKey ID; not a secret.</summary>
    public string AccessKeyId { get; }

    /// <summary>When temporary credentials stop working (UTC); null for a permanent key.</summary>
    public DateTime? Expiration { get; }

    /// <summary>True when an STS security token goes with the key.</summary>
    public bool HasSecurityToken => _securityToken is not null;

    /// <summary>Builds a credential from plain text, for callers (tests, the emulator) that already hold it so.</summary>
    public static AcsCredential FromPlainText(string accessKeyId, string secret, string? securityToken = null, DateTime? expiration = null)
    {
        using var s = ToSecureString(secret);
        using var t = securityToken is null ? null : ToSecureString(securityToken);
        return new AcsCredential(accessKeyId, s, t, expiration);
    }

    internal static SecureString ToSecureString(string value)
    {
        var s = new SecureString();
        foreach (var c in value)
        {
            s.AppendChar(c);
        }

        s.MakeReadOnly();
        return s;
    }

    /// <summary>Runs <paramref name="use"/> with the secret's UTF-8 bytes and wipes them afterwards.</summary>
    internal T UseSecret<T>(Func<byte[], T> use)
    {
        var bytes = SecureToUtf8(_secret);
        try
        {
            return use(bytes);
        }
        finally
        {
            Array.Clear(bytes, 0, bytes.Length);
        }
    }

    /// <summary>The token in plain text, only for the header or parameter of the request being sent.</summary>
    internal string? RevealSecurityToken()
    {
        if (_securityToken is null)
        {
            return null;
        }

        var bytes = SecureToUtf8(_securityToken);
        try
        {
            return Encoding.UTF8.GetString(bytes);
        }
        finally
        {
            Array.Clear(bytes, 0, bytes.Length);
        }
    }

    private static byte[] SecureToUtf8(SecureString value)
    {
        var ptr = IntPtr.Zero;
        var chars = new char[value.Length];
        try
        {
            ptr = Marshal.SecureStringToGlobalAllocUnicode(value);
            Marshal.Copy(ptr, chars, 0, chars.Length);
            return Encoding.UTF8.GetBytes(chars);
        }
        finally
        {
            Array.Clear(chars, 0, chars.Length);
            if (ptr != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }
    }

    /// <summary>Shows the key ID only, so a credential can be logged or displayed safely.</summary>
    public override string ToString() => HasSecurityToken ? $"{AccessKeyId} (STS)" : AccessKeyId;
}
