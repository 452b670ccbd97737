using System.Management.Automation;
using AliyunAccessKey.Errors;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Commands;

/// <summary>
/// The names given to a Get- cmdlet that takes wildcards (groups, policies): patterns filter a
/// listing, exact names are checked by the entity's own rule. Nothing given matches everything.
/// </summary>
internal sealed class NameFilter
{
    private NameFilter()
    {
    }

    public List<WildcardPattern> Patterns { get; } = [];

    public List<string> Exact { get; } = [];

    /// <summary>No name was given (or none was left): everything matches.</summary>
    public bool IsEmpty => Patterns.Count == 0 && Exact.Count == 0;

    /// <summary>
    /// Sorts <paramref name="names"/> into patterns and exact names, writing an error for each
    /// refused one (a malformed pattern, an invalid name). Null when names were given and every
    /// one was refused: a refused name must not turn into "list everything".
    /// </summary>
    public static NameFilter? Parse(IReadOnlyCollection<string?> names, string errorId, Func<string, ErrorRecord?> validate, Action<ErrorRecord> writeError)
    {
        var filter = new NameFilter();
        foreach (var name in names.Select(static n => n?.Trim() ?? string.Empty))
        {
            if (IsPattern(name))
            {
                if (Pattern(name, errorId, writeError) is { } pattern)
                {
                    filter.Patterns.Add(pattern);
                }
            }
            else if (validate(name) is { } invalid)
            {
                writeError(invalid);
            }
            else
            {
                filter.Exact.Add(name);
            }
        }

        return names.Count > 0 && filter.IsEmpty ? null : filter;
    }

    /// <summary>Whether a name is a wildcard pattern. A row's text is none: its values could hold '*' or '[' (and a secret).</summary>
    public static bool IsPattern(string? name) =>
        name is not null && !InputValidation.IsObjectText(name) && InputValidation.HasWildcard(name);

    /// <summary>The pattern, checked now; null after writing an error when it is malformed.</summary>
    public static WildcardPattern? Pattern(string name, string errorId, Action<ErrorRecord> writeError)
    {
        var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
        try
        {
            // A malformed pattern fails only when matched: after the listing was sent, as an unexpected error.
            pattern.IsMatch(string.Empty);
            return pattern;
        }
        catch (WildcardPatternException)
        {
            writeError(ErrorMapper.InvalidInput(errorId, $"'{InputValidation.Show(name)}' is not a valid wildcard pattern (an unclosed '[' ?).", name));
            return null;
        }
    }

    /// <summary>Whether a listed name is wanted: by a pattern or an exact name, or because none was given.</summary>
    public bool Matches(string name) =>
        IsEmpty || Patterns.Any(p => p.IsMatch(name)) || Exact.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a listed name matches a pattern (or no pattern was given): for a listing beside exact names got one by one.</summary>
    public bool MatchesPattern(string name) =>
        Patterns.Count == 0 || Patterns.Any(p => p.IsMatch(name));
}
