using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using AliyunAccessKey.Validation;

namespace AliyunAccessKey.Completion;

/// <summary>Completes RAM policy names from the connected account (ListPolicies, cached briefly), of the -PolicyType given if any.</summary>
internal sealed class PolicyNameCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.FromSession(wordToComplete, (session, ct) =>
        {
            var type = InputRules.CanonicalPolicyType(fakeBoundParameters?["PolicyType"] as string);
            return session.Completions.Policies(session, ct)
                .Where(p => type is null || p.PolicyType == type)
                .Select(p => (p.PolicyName, $"{p.PolicyName} ({p.PolicyType}) {p.Description}".TrimEnd()));
        });
}

/// <summary>Completes -PolicyType: System or Custom.</summary>
internal sealed class PolicyTypeCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(InputRules.PolicyTypes.Select(t => (t, t == "System" ? "Alibaba Cloud's own policies" : "The account's own policies")), wordToComplete);
}
