namespace EShop.Grains.Inventory;

/// <summary>
/// Coalesces the state writes of one reentrant grain. Callers change the state in memory synchronously, then await
/// <see cref="Changed"/>: one write runs at a time, changes made while it runs wait for the next one, and that next
/// write carries all of them, so a hot grain makes one storage round trip per batch instead of one per call. A
/// caller is released only once a write that began after its change succeeded. If a write fails, its callers and
/// every caller after them get that exception: the state in memory is then ahead of storage, and the grain drops
/// the activation (in <c>write</c>) so that the next call starts from what storage holds.
/// </summary>
/// <remarks>Not thread-safe: used from the grain's own turns, which never run in parallel. <c>write</c> must take
/// what it writes from memory synchronously, before its first await.</remarks>
public sealed class WriteBatcher(Func<Task> write)
{
    // Changes made since the write in flight began; null when there are none.
    private TaskCompletionSource? _next;

    // The batch being written; null when no write runs.
    private TaskCompletionSource? _writing;

    private Exception? _failure;

    /// <summary>The writes started so far.</summary>
    public int Writes { get; private set; }

    /// <summary>Call right after changing the state: completes once a write that holds the change succeeded.</summary>
    public Task Changed()
    {
        if (_failure is not null)
            return Task.FromException(_failure);
        _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stored = _next.Task;
        if (_writing is null)
            _ = WriteBatches();
        return stored;
    }

    /// <summary>
    /// Completes once every change made so far is stored (at once when none waits): for an answer read from memory,
    /// which must not be given before what it rests on is stored.
    /// </summary>
    public Task Settled() =>
        _failure is not null ? Task.FromException(_failure) : (_next ?? _writing)?.Task ?? Task.CompletedTask;

    private async Task WriteBatches()
    {
        while (_next is { } batch)
        {
            (_writing, _next) = (batch, null);
            try
            {
                Writes++;
                await write();
            }
            catch (Exception ex)
            {
                _failure = ex;
                var waiting = _next;
                (_writing, _next) = (null, null);
                batch.SetException(ex);
                waiting?.SetException(ex);
                return;
            }

            _writing = null;
            batch.SetResult();
        }
    }
}
