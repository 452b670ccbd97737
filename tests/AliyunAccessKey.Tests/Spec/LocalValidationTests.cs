using Xunit;
using static AliyunAccessKey.Tests.Spec.LocalCheckTable;

namespace AliyunAccessKey.Tests.Spec;

/// <summary>
/// The module's local checks against the limits of spec/alibaba-openapi.json: for every limit of
/// every parameter, a value just inside is accepted and one just outside refused, so the module
/// never refuses what the service would take and never sends what it would refuse. Cases are made
/// from the spec; <see cref="LocalCheckTable"/> maps each spec parameter to the module's check, or says why
/// there is none, and a limit that no case and no reason covers fails the coverage test.
/// </summary>
public class LocalValidationTests
{
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in SpecLimitCases.All.Value.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void The_local_check_agrees_with_the_spec(string name) => SpecLimitCases.All.Value[name]();

    [Fact]
    public void Every_spec_limit_is_checked_locally_or_listed_with_a_reason()
    {
        var unmapped = new List<string>();
        foreach (var (key, limits) in SpecLimits())
        {
            if (!Table.TryGetValue(key, out var mapping))
            {
                unmapped.Add($"{key}: not in the table");
                continue;
            }

            if (mapping.Local is null)
            {
                Assert.False(string.IsNullOrWhiteSpace(mapping.Reason), key);
                continue;
            }

            foreach (var limit in limits.EnumerateObject())
            {
                if (!mapping.Local.Exempt.ContainsKey(limit.Name) && !Generates(limit.Name, mapping.Local))
                {
                    unmapped.Add($"{key} {limit.Name}: no case and no reason");
                }
            }
        }

        Assert.Empty(unmapped);
    }

    [Fact]
    public void The_table_names_only_parameters_the_spec_limits()
    {
        var keys = SpecLimits().Select(l => l.Key).ToHashSet(StringComparer.Ordinal);

        Assert.All(Table.Keys, k => Assert.Contains(k, keys));
    }
}
