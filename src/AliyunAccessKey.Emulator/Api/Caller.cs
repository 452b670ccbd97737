using AliyunAccessKey.Emulator.Features.Sts;
using AliyunAccessKey.Emulator.Features.Users;

namespace AliyunAccessKey.Emulator.Api;

/// <summary>Who signed a request.</summary>
internal enum IdentityType
{
    Account,
    RamUser,
    AssumedRoleUser,
}

/// <summary>The verified caller of a request.</summary>
internal sealed record Caller(IdentityType Type, string AccessKeyId, UserRecord? User, StsSession? Session);
