using System.Runtime.InteropServices;
using System.Security;

namespace AliyunAccessKey.Secrets;

/// <summary>
/// The one place a SecureString is decoded: into unmanaged memory that is zeroed and freed at
/// once, so its plain text lives no longer than the caller needs it.
/// </summary>
internal static class SecretText
{
    /// <summary>A secret in plain text, only for the property a user explicitly reads or exports.</summary>
    internal static string PlainText(SecureString secret) => Decoded(secret, static (ptr, _) => Marshal.PtrToStringUni(ptr) ?? string.Empty);

    /// <summary>Compares two secrets in time that depends only on their length.</summary>
    internal static bool SameSecret(SecureString a, SecureString b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        return Decoded(a, (pa, length) => Decoded(b, (pb, _) =>
        {
            var diff = 0;
            for (var i = 0; i < length; i++)
            {
                diff |= Marshal.ReadInt16(pa, i * 2) ^ Marshal.ReadInt16(pb, i * 2);
            }

            return diff == 0;
        }));
    }

    /// <summary>Runs <paramref name="use"/> on the secret's UTF-16 characters, then zeroes and frees them.</summary>
    private static T Decoded<T>(SecureString secret, Func<IntPtr, int, T> use)
    {
        var ptr = IntPtr.Zero;
        try
        {
            ptr = Marshal.SecureStringToGlobalAllocUnicode(secret);
            return use(ptr, secret.Length);
        }
        finally
        {
            if (ptr != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }
    }
}
