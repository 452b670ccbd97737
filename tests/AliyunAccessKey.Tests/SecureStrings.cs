using System.Runtime.InteropServices;
using System.Security;

namespace AliyunAccessKey.Tests;

/// <summary>Reads a SecureString back, for tests that check the secret a call returned.</summary>
internal static class SecureStrings
{
    public static string Plain(SecureString secret)
    {
        var ptr = Marshal.SecureStringToGlobalAllocUnicode(secret);
        try
        {
            return Marshal.PtrToStringUni(ptr, secret.Length);
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(ptr);
        }
    }

    public static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }
}
