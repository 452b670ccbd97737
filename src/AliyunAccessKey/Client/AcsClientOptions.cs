namespace AliyunAccessKey.Client;

/// <summary>Settings of an <see cref="AcsClient"/>.</summary>
internal sealed class AcsClientOptions
{
    /// <summary>Signature scheme; V3 by default. Read once, when a client is made with these options.</summary>
    public SignatureScheme SignatureScheme { get; set; } = SignatureScheme.Acs3HmacSha256;

    /// <summary>Time allowed for one attempt, connection included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Retry policy for failures that are safe to repeat.</summary>
    public RetryPolicy Retry { get; set; } = new();

    /// <summary>User-Agent header.</summary>
    public string UserAgent { get; set; } = "AliyunAccessKey/" + typeof(AcsClient).Assembly.GetName().Version?.ToString(3);
}

/// <summary>Which signature scheme requests carry.</summary>
public enum SignatureScheme
{
    /// <summary>ACS3-HMAC-SHA256 (V3), the official SDK's default.</summary>
    Acs3HmacSha256,

    /// <summary>RPC HMAC-SHA1 (signature version 1.0), legacy.</summary>
    RpcHmacSha1,
}
