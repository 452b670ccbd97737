using System.Net;
using AliyunAccessKey.Client;
using Xunit;

namespace AliyunAccessKey.Tests.Client;

public class FrameworkTlsTests
{
    private const string Framework = ".NET Framework 4.8.9232.0";

    // By value: the old members are obsolete or flagged here, and they are exactly what these tests are about.
    private const SecurityProtocolType Ssl3 = (SecurityProtocolType)48;
    private const SecurityProtocolType Tls10 = (SecurityProtocolType)192;
    private const SecurityProtocolType Tls11 = (SecurityProtocolType)768;

    [Fact]
    public void The_pre_4_6_defaults_of_Windows_PowerShell_get_TLS_1_2_added_and_keep_the_rest()
    {
        Assert.Equal(Ssl3 | Tls10 | SecurityProtocolType.Tls12, FrameworkTls.Decide(Framework, Ssl3 | Tls10));
    }

    [Fact]
    public void TLS_1_0_and_1_1_only_get_TLS_1_2_added()
    {
        Assert.Equal(
            Tls10 | Tls11 | SecurityProtocolType.Tls12,
            FrameworkTls.Decide(".NET Framework 4.7.3190.0", Tls10 | Tls11));
    }

    [Fact]
    public void The_system_default_is_left_to_the_OS()
    {
        Assert.Null(FrameworkTls.Decide(Framework, (SecurityProtocolType)0));
    }

    [Fact]
    public void Protocols_that_already_include_TLS_1_2_are_left_alone()
    {
        Assert.Null(FrameworkTls.Decide(Framework, SecurityProtocolType.Tls12));
        Assert.Null(FrameworkTls.Decide(Framework, Tls10 | SecurityProtocolType.Tls12));
    }

    [Theory]
    [InlineData(".NET 10.0.1")]
    [InlineData(".NET Core 3.1.32")]
    [InlineData(".NET 5.0.17")]
    public void NET_Core_and_NET_5_plus_are_never_touched_so_TLS_1_3_keeps_working(string runtime)
    {
        Assert.Null(FrameworkTls.Decide(runtime, Ssl3 | Tls10));
        Assert.Null(FrameworkTls.Decide(runtime, Tls10));
    }

    [Fact]
    public void Creating_a_client_on_this_runtime_leaves_the_process_protocols_as_they_were()
    {
#pragma warning disable SYSLIB0014 // ServicePointManager is what the Framework reads; here it must merely stay untouched.
        var before = ServicePointManager.SecurityProtocol;

        using (new AcsClient(new StaticCredentialSource(AcsCredential.FromPlainText("id", "secret"))))
        {
        }

        Assert.Equal(before, ServicePointManager.SecurityProtocol);
#pragma warning restore SYSLIB0014
    }
}
