using AliyunAccessKey.Client;
using Xunit;

namespace AliyunAccessKey.Tests.Client;

/// <summary>
/// The client and the operations on it must not need PowerShell: these tests use them as plain
/// .NET, and the cmdlets are to stay a thin layer over them. Read from the compiled assembly's
/// metadata, so nothing is loaded (System.Management.Automation is not even here at test time).
/// </summary>
public class LayeringTests
{
    private static readonly string[] PowerShellFree = ["AliyunAccessKey.Client", "AliyunAccessKey.Operations"];

    [Fact]
    public void Client_and_Operations_do_not_reference_System_Management_Automation()
    {
        var found = PowerShellReferenceScan.Find(typeof(AcsClient).Assembly.Location, PowerShellFree);

        Assert.True(found.Count == 0, "PowerShell types used where none may be:\n" + string.Join("\n", found));
    }

    [Fact]
    public void The_scan_sees_PowerShell_types_in_every_place_a_type_can_use_them()
    {
        // The cmdlets are made of PowerShell types: a scan that misses any of these places would
        // also miss them in Client/.
        var found = PowerShellReferenceScan.Find(typeof(AcsClient).Assembly.Location, ["AliyunAccessKey.Commands"]);

        Assert.Contains(found, f => f.Contains("base type System.Management.Automation.PSCmdlet", StringComparison.Ordinal));
        Assert.Contains(found, f => f.Contains("attribute System.Management.Automation.CmdletAttribute", StringComparison.Ordinal));
        Assert.Contains(found, f => f.Contains("method body uses System.Management.Automation.ErrorRecord", StringComparison.Ordinal));
        Assert.Contains(found, f => f.Contains("signature uses System.Management.Automation.ErrorRecord", StringComparison.Ordinal));
        Assert.Contains(found, f => f.Contains("property System.Management.Automation.SwitchParameter", StringComparison.Ordinal));
    }

    [Fact]
    public void The_scan_follows_the_modules_own_types_to_PowerShell()
    {
        // Session/ holds no cmdlet, but its store is keyed by PowerShell runspaces.
        var found = PowerShellReferenceScan.Find(typeof(AcsClient).Assembly.Location, ["AliyunAccessKey.Sessions"]);

        Assert.Contains(found, f => f.StartsWith("AliyunAccessKey.Sessions.SessionStore:", StringComparison.Ordinal));
    }
}
