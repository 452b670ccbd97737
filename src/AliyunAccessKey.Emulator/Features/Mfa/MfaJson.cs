using System.Text.Json;

namespace AliyunAccessKey.Emulator.Features.Mfa;

/// <summary>The MFA answers' shapes, as the official SDK's models have them.</summary>
internal static class MfaJson
{
    /// <summary>GetUserMFAInfo: MFADevice {SerialNumber, Type} and IsMFAEnable.</summary>
    public static void WriteInfo(Utf8JsonWriter json, MfaDeviceRecord device)
    {
        json.WriteStartObject("MFADevice");
        json.WriteString("SerialNumber", device.SerialNumber);
        json.WriteString("Type", device.Type);
        json.WriteEndObject();
        json.WriteBoolean("IsMFAEnable", true);
    }

    /// <summary>UnbindMFADevice: the device unbound, MFADevice {SerialNumber}.</summary>
    public static void WriteUnbound(Utf8JsonWriter json, MfaDeviceRecord device)
    {
        json.WriteStartObject("MFADevice");
        json.WriteString("SerialNumber", device.SerialNumber);
        json.WriteEndObject();
    }
}
