using System.Net;
using System.Runtime.InteropServices;

namespace AliyunAccessKey.Client;

/// <summary>
/// Makes sure TLS 1.2 is offered on .NET Framework. powershell.exe runs with the pre-4.6 defaults
/// (Ssl3 | Tls) unless the machine has the SchUseStrongCrypto / SystemDefaultTlsVersions registry
/// keys, and *.aliyuncs.com refuses those. The fix is added to ServicePointManager.SecurityProtocol:
/// on the Framework, HttpClientHandler.SslProtocols is stored but never passed on (the forwarding is
/// commented out in the reference source's HttpClientHandler), while every HttpWebRequest copies
/// ServicePointManager.SecurityProtocol when it is created, so setting it covers the next request.
/// It is process-wide, so Tls12 is only added, never anything removed. .NET Core/5+ is left alone:
/// its default is the OS's choice, TLS 1.3 included.
/// </summary>
internal static class FrameworkTls
{
    /// <summary>
    /// What SecurityProtocol must become, or null to leave it: only on .NET Framework, and only when
    /// it lacks TLS 1.2 and is not SystemDefault (0, the OS decides, which already includes TLS 1.2).
    /// </summary>
    internal static SecurityProtocolType? Decide(string frameworkDescription, SecurityProtocolType current)
    {
        if (!frameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (current == 0 || (current & SecurityProtocolType.Tls12) != 0)
        {
            return null;
        }

        return current | SecurityProtocolType.Tls12;
    }

    /// <summary>Applies <see cref="Decide"/> to this process; called before each session's first request.</summary>
    internal static void Ensure()
    {
        // Checked first so that .NET Core never even reads ServicePointManager.
        var runtime = RuntimeInformation.FrameworkDescription;
        if (runtime.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase)
            && Decide(runtime, ServicePointManager.SecurityProtocol) is SecurityProtocolType wanted)
        {
            ServicePointManager.SecurityProtocol = wanted;
        }
    }
}
