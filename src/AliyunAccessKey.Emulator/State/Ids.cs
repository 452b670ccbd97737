using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AliyunAccessKey.Emulator.State;

/// <summary>Identifiers shaped like the real ones.</summary>
internal static class Ids
{
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>LTAI5t + 18 characters, 24 in all, like current RAM AccessKey IDs.</summary>
    public static string NewAccessKeyId() => "LTAI5t" + RandomNumberGenerator.GetString(Alphanumeric, 18);

    public static string NewAccessKeySecret() => RandomNumberGenerator.GetString(Alphanumeric, 30);

    /// <summary>Temporary AccessKey IDs start with "STS.".</summary>
    public static string NewStsAccessKeyId() => "STS." + RandomNumberGenerator.GetString(Alphanumeric, 28);

    public static string NewStsSecret() => RandomNumberGenerator.GetString(Alphanumeric, 44);

    /// <summary>Real tokens are long base64 blobs starting with CAIS.</summary>
    public static string NewSecurityToken() => "CAIS" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(192));

    public static string NewRequestId() => Guid.NewGuid().ToString("D").ToUpperInvariant();

    /// <summary>17-digit numeric user ids, derived from the creation ordinal so they survive a state file.</summary>
    public static string UserId(long seq) => (20_000_000_000_000_000L + seq).ToString(CultureInfo.InvariantCulture);

    /// <summary>A stable 18-digit role id derived from the role name, so restarts keep it.</summary>
    public static string RoleId(string roleName)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(roleName.ToLowerInvariant()));
        var n = BitConverter.ToUInt64(hash, 0) % 100_000_000_000_000_000UL;
        return (300_000_000_000_000_000UL + n).ToString(CultureInfo.InvariantCulture);
    }
}
