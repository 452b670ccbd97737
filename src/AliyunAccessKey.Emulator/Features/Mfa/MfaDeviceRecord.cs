using AliyunAccessKey.Emulator.Features.Users;

namespace AliyunAccessKey.Emulator.Features.Mfa;

/// <summary>A virtual MFA device bound to a user. Immutable: binding and unbinding replace it.</summary>
/// <param name="User">The user it is bound to.</param>
/// <param name="SerialNumber">acs:ram::&lt;account&gt;:mfa/&lt;name&gt;.</param>
/// <param name="Type">VMFA (virtual) or U2F.</param>
/// <param name="BindDate">When it was bound.</param>
internal sealed record MfaDeviceRecord(UserRecord User, string SerialNumber, string Type, DateTime BindDate);
