namespace AliyunAccessKey.Emulator;

/// <summary>Start-up settings of an <see cref="EmulatorServer"/>.</summary>
public sealed class EmulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>The account's own (root) AccessKey ID.</summary>
    public string AccessKeyId { get; set; } = "testid";

    /// <summary>The root AccessKey secret.</summary>
    public string AccessKeySecret { get; set; } = "testsecret";

    /// <summary>The account id.</summary>
    public string AccountId { get; set; } = "1234567890123456";

    /// <summary>The account's default domain, the only domain UPNs may use.</summary>
    public string DefaultDomain { get; set; } = "example.onaliyun.com";

    /// <summary>
    /// The roles AssumeRole accepts (ARN acs:ram::&lt;account&gt;:role/&lt;name&gt;), each "name" or
    /// "name:maxSeconds": the role's MaxSessionDuration, 3600–43200, default 3600, which bounds
    /// AssumeRole's DurationSeconds.
    /// </summary>
    public IReadOnlyList<string> Roles { get; set; } = ["test-role"];

    /// <summary>The role the metadata service hands credentials for; the first role when null.</summary>
    public string? ImdsRoleName { get; set; }

    /// <summary>A JSON file to load at start and rewrite after changes; in memory only when null.</summary>
    public string? StateFile { get; set; }

    /// <summary>Users to create at start (user000001…), unless a state file was loaded.</summary>
    public int SeedUsers { get; set; }

    /// <summary>How many of the seeded users (the first ones) are frozen: Status "freeze" in ListUsers.</summary>
    public int SeedFrozenUsers { get; set; }

    /// <summary>AccessKeys each seeded user gets (0–2).</summary>
    public int SeedKeysPerUser { get; set; }

    /// <summary>Users CreateUser allows (LimitExceeded.User beyond); 0 = unlimited. The real default quota is 5,000.</summary>
    public int UserQuota { get; set; }

    /// <summary>Initial run-time knobs; <see cref="EmulatorServer.Reset"/> returns to these.</summary>
    public EmulatorKnobs Knobs { get; set; } = new();

    /// <summary>The clock (tests pass a fake one to expire tokens without waiting).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How long after a change the state file is rewritten.</summary>
    public TimeSpan StateSaveDelay { get; set; } = TimeSpan.FromMilliseconds(200);
}
