namespace EShop.Silo.Streaming.Kafka;

/// <summary>
/// Which offset of one partition may be committed: the one after the longest run of settled messages from the
/// start. A message is settled once Orleans reports it delivered to every consumer, or at once when it was
/// skipped as undecodable. A message Orleans gave up on (a consumer failed past MaxEventDeliveryTime) is never
/// settled: commits stop there, the lag metric shows the stall, and the next reader of the partition (after a
/// restart or a queue move) reads it again. At least once, never past an undelivered message.
/// </summary>
public sealed class KafkaCommitTracker
{
    private readonly Queue<long> _taken = new();
    private readonly HashSet<long> _settled = [];
    private long _committed = -1;

    /// <summary>Messages taken from the partition and not yet committed.</summary>
    public int Pending => _taken.Count;

    /// <summary>A message handed to Orleans, in offset order.</summary>
    public void HandedOut(long offset) => _taken.Enqueue(offset);

    /// <summary>A message passed over (not decodable): settled as it is taken.</summary>
    public void Skipped(long offset)
    {
        _taken.Enqueue(offset);
        _settled.Add(offset);
    }

    /// <summary>A message Orleans reports delivered; only messages this tracker handed out count.</summary>
    public void Delivered(long offset)
    {
        if (_taken.TryPeek(out var first) && offset >= first)
            _settled.Add(offset);
    }

    /// <summary>The offset to commit now (the next one to read), or null when the settled run did not grow.</summary>
    public long? Advance()
    {
        var last = -1L;
        while (_taken.TryPeek(out var offset) && _settled.Remove(offset))
            last = _taken.Dequeue();
        if (last < 0 || last + 1 <= _committed)
            return null;
        _committed = last + 1;
        return _committed;
    }
}
