namespace AliyunAccessKey.Model;

/// <summary>GetAccountSummary's SummaryMap: the account's counts and quotas.</summary>
internal sealed class AliyunAccountSummary
{
    internal AliyunAccountSummary(IReadOnlyDictionary<string, int> values) => Values = values;

    /// <summary>Every field the service answered, by its name (Users, UsersQuota, AccessKeysPerUserQuota…).</summary>
    public IReadOnlyDictionary<string, int> Values { get; }

    /// <summary>How many AccessKey pairs a RAM user may hold; null when the service did not say.</summary>
    public int? AccessKeysPerUserQuota => Get("AccessKeysPerUserQuota");

    /// <summary>How many RAM users the account has.</summary>
    public int? Users => Get("Users");

    /// <summary>How many RAM users the account may have.</summary>
    public int? UsersQuota => Get("UsersQuota");

    private int? Get(string name) => Values.TryGetValue(name, out var n) ? n : null;
}

/// <summary>What the module reads of GetSecurityPreference.</summary>
internal sealed class AliyunSecurityPreference
{
    /// <summary>Alibaba disables an AccessKey unused for this many days; null when not answered.</summary>
    public int? MaxIdleDaysForAccessKeys { get; internal set; }

    /// <summary>Alibaba disables a RAM user idle for this many days; null when not answered.</summary>
    public int? MaxIdleDaysForUsers { get; internal set; }

    /// <summary>Whether RAM users may manage their own AccessKeys.</summary>
    public bool? AllowUserToManageAccessKeys { get; internal set; }
}

/// <summary>One page of GetCredentialReport: Base64 of CSV text, as the service gave it.</summary>
internal sealed class CredentialReportPage
{
    internal CredentialReportPage(string content, DateTime? generatedTime, bool isTruncated, string? nextToken)
    {
        Content = content;
        GeneratedTime = generatedTime;
        IsTruncated = isTruncated;
        NextToken = nextToken;
    }

    /// <summary>Base64 of this page's CSV text.</summary>
    public string Content { get; }

    /// <summary>When the report was generated (UTC).</summary>
    public DateTime? GeneratedTime { get; }

    /// <summary>True when more pages follow.</summary>
    public bool IsTruncated { get; }

    /// <summary>The next page's token.</summary>
    public string? NextToken { get; }
}
