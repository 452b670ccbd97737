namespace AliyunAccessKey.Emulator.Tests.Support;

/// <summary>A clock the test moves: expiry without waiting.</summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
