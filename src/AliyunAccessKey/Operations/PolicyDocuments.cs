using System.Text;
using System.Xml.Linq;
using AliyunAccessKey.Client;

namespace AliyunAccessKey.Operations;

/// <summary>What a policy document grants, as far as a warning needs to know.</summary>
internal static class PolicyDocuments
{
    /// <summary>The system policy that allows everything; known without asking the service.</summary>
    internal const string AdministratorAccess = "AdministratorAccess";

    /// <summary>
    /// True when a statement has Effect Allow, Action "*" (or a list holding "*") and Resource "*"
    /// (or a list holding "*"): the document grants everything, like AdministratorAccess.
    /// </summary>
    internal static bool AllowsEverything(string? document)
    {
        if (string.IsNullOrWhiteSpace(document))
        {
            return false;
        }

        XElement root;
        try
        {
            root = Json.Parse(Encoding.UTF8.GetBytes(document));
        }
        catch (JsonSyntaxException)
        {
            return false;
        }

        if (root.Element("Statement") is not { } statements)
        {
            return false;
        }

        var list = IsArray(statements) ? statements.Elements() : [statements];
        return list.Any(s =>
            string.Equals(s.Element("Effect")?.Value.Trim(), "Allow", StringComparison.OrdinalIgnoreCase) &&
            HasStar(s.Element("Action")) &&
            HasStar(s.Element("Resource")));
    }

    private static bool IsArray(XElement e) => (string?)e.Attribute("type") == "array";

    private static bool HasStar(XElement? e) =>
        e is not null && (IsArray(e) ? e.Elements().Any(i => i.Value.Trim() == "*") : e.Value.Trim() == "*");
}
