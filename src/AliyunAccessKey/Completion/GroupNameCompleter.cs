using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace AliyunAccessKey.Completion;

/// <summary>Completes RAM group names from the connected account (ListGroups, cached briefly).</summary>
internal sealed class GroupNameCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.FromSession(wordToComplete, static (session, ct) =>
            session.Completions.Groups(session, ct).Select(g => (g.GroupName, string.IsNullOrEmpty(g.DisplayName) ? g.GroupName : $"{g.GroupName} ({g.DisplayName})")));
}
