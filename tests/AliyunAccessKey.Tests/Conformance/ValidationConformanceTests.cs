using AliyunAccessKey.Client;
using AliyunAccessKey.Emulator;
using Xunit;

namespace AliyunAccessKey.Tests.Conformance;

/// <summary>Conformance phases 11 and 12: bad input and unknown names.</summary>
[Collection(ConformanceTestBase.Collection)]
public sealed class ValidationConformanceTests : ConformanceTestBase
{
    private readonly EmulatorServer _emu;

    public ValidationConformanceTests(ConformanceEmulatorFixture fixture) => _emu = fixture.Server;

    // ------------------------------------------------------------ 12. validation

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Validation_unusual_characters_in_Comments_DisplayName_and_tags_round_trip(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);
        var upn = run.Upn(run.Name("v"));

        // characters that percent-encoding and both signature schemes must agree on
        const string comments = "a b*c~d'(!)+=&%/?#[]é中文.";
        const string display = "Spécial näme ~*";
        var u = run.CreateUser(new CreateUserRequest
        {
            UserPrincipalName = upn,
            DisplayName = display,
            Comments = comments,
            Tags = { new("k y*", "v/a l'ue~") },
        });
        Assert.Equal(comments, u.Comments);
        Assert.Equal(display, u.DisplayName);

        var g = run.Ims.GetUserByPrincipalName(upn, default);
        Assert.Equal(comments, g.Comments);
        Assert.Contains(g.Tags, t => t.Key == "k y*" && t.Value == "v/a l'ue~");

        run.Ims.DeleteUser(upn, null, default);
        run.Cleanup.Remove(upn);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Validation_an_error_carries_RequestId_HostId_Code_Message_and_Recommend(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);

        var e = AssertError(() => run.Ims.GetUserByPrincipalName(run.Upn($"no-such-{run.Suffix}"), default), 404, "EntityNotExist.User");

        Assert.False(string.IsNullOrEmpty(e.RequestId), "error body lacks RequestId");
        Assert.False(string.IsNullOrEmpty(e.HostId), "error body lacks HostId");
        Assert.False(string.IsNullOrEmpty(e.ServiceMessage), "error body lacks Message");
        Assert.False(string.IsNullOrEmpty(e.Recommend), "error body lacks Recommend");
    }

    public static TheoryData<SignatureScheme, string> BadCreateUserCases => Cross(
        "no DisplayName",
        "a foreign domain",
        "a bad name part",
        "a DisplayName over 24 characters",
        "Comments over 128 characters");

    [Theory]
    [MemberData(nameof(BadCreateUserCases))]
    public void Validation_CreateUser_with_a_bad_field_is_400_InvalidParameter_of_that_field(SignatureScheme scheme, string bad)
    {
        using var run = new Run(_emu, scheme);
        var upn = run.Upn($"conf-{run.Suffix}-long");
        var (request, families) = bad switch
        {
            // DisplayName left at its default (empty): the client sends "DisplayName=" with no value, where the
            // official SDK leaves the parameter out; the emulator treats an empty value as missing.
            "no DisplayName" => (new CreateUserRequest { UserPrincipalName = upn }, new[] { "MissingDisplayName", "InvalidParameter.DisplayName" }),
            "a foreign domain" => (new CreateUserRequest { UserPrincipalName = $"conf-{run.Suffix}@not-our-domain.example", DisplayName = "x" }, ["InvalidParameter.UserPrincipalName"]),
            "a bad name part" => (new CreateUserRequest { UserPrincipalName = run.Upn($"bad name!{run.Suffix}"), DisplayName = "x" }, ["InvalidParameter.UserPrincipalName"]),
            "a DisplayName over 24 characters" => (new CreateUserRequest { UserPrincipalName = upn, DisplayName = new string('x', 25) }, ["InvalidParameter.DisplayName"]),
            "Comments over 128 characters" => (new CreateUserRequest { UserPrincipalName = upn, DisplayName = "x", Comments = new string('c', 129) }, ["InvalidParameter.Comments"]),
            _ => throw new ArgumentOutOfRangeException(nameof(bad), bad, "no such case"),
        };

        // Should the service accept it after all, the run removes the user.
        run.Cleanup.Add(request.UserPrincipalName);

        AssertErrorFamily(() => run.Ims.CreateUser(request, default), 400, families);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Validation_MaxItems_0_and_1001_are_InvalidParameter_400(SignatureScheme scheme)
    {
        using var run = new Run(_emu, scheme);

        AssertErrorFamily(() => run.Ims.ListUsers(null, 0, default), 400, "InvalidParameter");
        AssertErrorFamily(() => run.Ims.ListUsers(null, 1001, default), 400, "InvalidParameter");
    }

    // ------------------------------------------------------------ 11. not found

    public static TheoryData<SignatureScheme, string> UnknownUpnCalls => Cross("GetUser", "ListAccessKeys");

    [Theory]
    [MemberData(nameof(UnknownUpnCalls))]
    public void NotFound_a_call_about_an_unknown_UPN_is_EntityNotExist_User_404(SignatureScheme scheme, string call)
    {
        using var run = new Run(_emu, scheme);
        var upn = run.Upn($"no-such-user-{run.Suffix}");
        Action act = call switch
        {
            "GetUser" => () => run.Ims.GetUserByPrincipalName(upn, default),
            "ListAccessKeys" => () => run.Ims.ListAccessKeys(upn, default),
            _ => throw new ArgumentOutOfRangeException(nameof(call), call, "no such case"),
        };

        AssertError(act, 404, "EntityNotExist.User");
    }
}
