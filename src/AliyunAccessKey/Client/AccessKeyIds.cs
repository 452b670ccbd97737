using System.Text.RegularExpressions;

namespace AliyunAccessKey.Client;

/// <summary>
/// The one rule for the shape of an AccessKey ID: a key that signs (<see cref="AcsCredential"/>) and a
/// key named in a cmdlet's input (-AccessKeyId) are held to the same.
/// </summary>
internal static class AccessKeyIds
{
    /// <summary>The rule in words, for messages.</summary>
    internal const string Rule = "letters, digits and '.', at most 128";

    // The spec (spec/alibaba-openapi.json) gives AccessKeyId no pattern, only examples:
    // "LTAI*******************" for a permanent key and "STS.L4aBSCSJVMuKg5U1****" for a temporary
    // one (ims-api.md: STS IDs start with "STS."). So: a letter or digit first, then letters, digits
    // and '.' (the STS prefix), 128 at most. The wider rule the credential had (any printable
    // character) is wrong for both uses: an ID is written into "Authorization: ACS3-HMAC-SHA256
    // Credential=<id>,SignedHeaders=...", where ',', '=' or ';' would change what the header says,
    // and an ID typed with '-' or '_' can never name a key. '*' is let through, though no real ID has
    // one: the reference masks IDs with it, and its AssumeRole example must still read as a credential
    // (Spec tests); it means nothing in a header or a query.
    private static readonly Regex Shape = new("^[A-Za-z0-9][A-Za-z0-9.*]{0,127}\\z", RegexOptions.CultureInvariant);

    /// <summary>True when <paramref name="id"/> can be an AccessKey ID.</summary>
    internal static bool IsWellFormed(string? id) => id is not null && Shape.IsMatch(id);
}
