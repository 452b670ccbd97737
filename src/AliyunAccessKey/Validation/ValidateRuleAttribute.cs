using System.Management.Automation;

namespace AliyunAccessKey.Validation;

/// <summary>The <see cref="InputRules"/> a parameter is checked with while PowerShell binds it.</summary>
internal enum Rule
{
    RoleArn,
    RoleSessionName,
    ExternalId,
    Policy,
}

/// <summary>
/// Checks a parameter with one of <see cref="InputRules"/> at binding time, so a bad value fails as
/// ParameterArgumentValidationError naming the parameter, with the rule's own message (not a regular
/// expression), before anything is sent.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class ValidateRuleAttribute : ValidateArgumentsAttribute
{
    internal ValidateRuleAttribute(Rule rule) => Rule = rule;

    internal Rule Rule { get; }

    /// <inheritdoc/>
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var value = (arguments is PSObject wrapped ? wrapped.BaseObject : arguments)?.ToString() ?? string.Empty;
        var problem = Rule switch
        {
            Rule.RoleArn => InputRules.RoleArn(value),
            Rule.RoleSessionName => InputRules.RoleSessionName(value),
            Rule.ExternalId => InputRules.ExternalId(value),
            _ => InputRules.Policy(value),
        };
        if (problem is not null)
        {
            throw new ValidationMetadataException(problem);
        }
    }
}
