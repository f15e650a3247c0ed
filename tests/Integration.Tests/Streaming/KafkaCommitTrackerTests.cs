using EShop.Silo.Streaming.Kafka;

namespace EShop.Integration.Tests.Streaming;

/// <summary>What a partition may commit: never past a message that was not delivered.</summary>
public sealed class KafkaCommitTrackerTests
{
    private static KafkaCommitTracker HandedOut(params long[] offsets)
    {
        var tracker = new KafkaCommitTracker();
        foreach (var offset in offsets)
            tracker.HandedOut(offset);
        return tracker;
    }

    [Fact]
    public void Deliveries_in_any_order_commit_the_run_settled_from_the_start()
    {
        var tracker = HandedOut(10, 11, 12, 13);

        tracker.Delivered(12);
        Assert.Null(tracker.Advance());
        tracker.Delivered(10);
        Assert.Equal(11, tracker.Advance());
        tracker.Delivered(11);
        Assert.Equal(13, tracker.Advance());
        Assert.Equal(1, tracker.Pending);
    }

    [Fact]
    public void A_message_never_delivered_holds_every_later_commit_back()
    {
        var tracker = HandedOut(10, 11, 12);

        tracker.Delivered(11);
        tracker.Delivered(12);

        Assert.Null(tracker.Advance());
        Assert.Equal(3, tracker.Pending);
    }

    [Fact]
    public void A_skipped_message_is_settled_at_once_and_commits_with_what_precedes_it()
    {
        var tracker = HandedOut(10);
        tracker.Skipped(11);
        tracker.Skipped(12);

        Assert.Null(tracker.Advance());
        tracker.Delivered(10);
        Assert.Equal(13, tracker.Advance());
        Assert.Equal(0, tracker.Pending);
    }

    [Fact]
    public void A_repeated_or_foreign_delivery_commits_nothing_twice()
    {
        var tracker = HandedOut(5);
        tracker.Delivered(5);
        Assert.Equal(6, tracker.Advance());

        tracker.Delivered(5);
        tracker.Delivered(3);

        Assert.Null(tracker.Advance());
        tracker.HandedOut(6);
        tracker.Delivered(6);
        Assert.Equal(7, tracker.Advance());
    }
}
