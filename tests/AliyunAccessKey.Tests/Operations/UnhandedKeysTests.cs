using AliyunAccessKey.Client;
using AliyunAccessKey.Operations;
using Xunit;

namespace AliyunAccessKey.Tests.Operations;

/// <summary>Keys created but not handed over: exactly one party, the hand-over or the clean-up, owns each.</summary>
public sealed class UnhandedKeysTests
{
    [Fact]
    public void A_key_created_after_the_stop_is_deleted_by_its_own_unit_even_when_the_clean_up_is_over()
    {
        // New-AliyunAccessKey's Dispose stops the workers (2 s deadline), then deletes what is
        // pending. A worker that ignored the cancellation and only then got its key back comes
        // too late for that clean-up: it must delete the key itself.
        var keys = new UnhandedKeys();
        var deleted = new List<string>();
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        keys.DeleteAll((id, _, _) => deleted.Add(id), CancellationToken.None);

        var tracked = keys.Track("LATE", "u@example.onaliyun.com", (id, _, ct) =>
        {
            Assert.False(ct.IsCancellationRequested, "the deletion gets a budget of its own, not the stopped token");
            deleted.Add(id);
        }, stop.Token);

        Assert.False(tracked);
        Assert.Equal(["LATE"], deleted);
        Assert.True(keys.IsEmpty);
        Assert.False(keys.HandOver("LATE"), "nothing may write a key that was deleted");
    }

    [Fact]
    public void A_key_created_before_the_stop_is_the_clean_up_s_or_the_hand_over_s_never_both()
    {
        var keys = new UnhandedKeys();
        var deleted = new List<string>();
        Assert.True(keys.Track("A", null, (id, _, _) => deleted.Add(id), CancellationToken.None));
        Assert.True(keys.Track("B", null, (id, _, _) => deleted.Add(id), CancellationToken.None));

        Assert.True(keys.HandOver("A"));
        keys.DeleteAll((id, _, _) => deleted.Add(id), CancellationToken.None);

        Assert.Equal(["B"], deleted);
        Assert.False(keys.HandOver("B"));
    }

    [Fact]
    public void A_failed_deletion_is_silent()
    {
        var keys = new UnhandedKeys();
        using var stop = new CancellationTokenSource();
        stop.Cancel();

        var tracked = keys.Track("X", null, (_, _, _) => throw new AliyunTransportException("DeleteAccessKey", "down", false, false, null), stop.Token);

        Assert.False(tracked);
    }
}
