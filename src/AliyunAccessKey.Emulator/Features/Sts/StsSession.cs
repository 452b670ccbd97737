using System.Security.Cryptography;
using AliyunAccessKey.Emulator.Features.AccessKeys;

namespace AliyunAccessKey.Emulator.Features.Sts;

/// <summary>Temporary credentials issued by AssumeRole (or the instance metadata service).</summary>
internal sealed record StsSession(
    string AccessKeyId,
    string Secret,
    string SecurityToken,
    DateTime Expiration,
    RoleRecord Role,
    string SessionName)
{
    /// <summary>Temporary AccessKey IDs start with "STS."; real tokens are long base64 blobs starting with CAIS.</summary>
    public static StsSession New(RoleRecord role, string sessionName, DateTime expiration) => new(
        "STS." + RandomNumberGenerator.GetString(AccessKeyRecord.Alphanumeric, 28),
        RandomNumberGenerator.GetString(AccessKeyRecord.Alphanumeric, 44),
        "CAIS" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(192)),
        expiration,
        role,
        sessionName);

    public string AssumedRoleArn(string accountId) => $"acs:ram::{accountId}:assumed-role/{Role.Name}/{SessionName}";

    public string AssumedRoleId => Role.RoleId + ":" + SessionName;
}
