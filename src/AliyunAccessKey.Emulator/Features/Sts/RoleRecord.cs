using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AliyunAccessKey.Emulator.Features.Sts;

/// <summary>An assumable role; AssumeRole's DurationSeconds may not exceed its MaxSessionDuration.</summary>
internal sealed record RoleRecord(string Name, string RoleId, string Arn, int MaxSessionDuration)
{
    /// <summary>The role of the account as configured ("name" or "name:maxSeconds").</summary>
    public static RoleRecord Of(RoleSpec spec, string accountId) =>
        new(spec.Name, IdOf(spec.Name), $"acs:ram::{accountId}:role/{spec.Name.ToLowerInvariant()}", spec.MaxSessionDuration);

    /// <summary>A stable 18-digit role id derived from the role name, so restarts keep it.</summary>
    public static string IdOf(string roleName)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(roleName.ToLowerInvariant()));
        var n = BitConverter.ToUInt64(hash, 0) % 100_000_000_000_000_000UL;
        return (300_000_000_000_000_000UL + n).ToString(CultureInfo.InvariantCulture);
    }
}
