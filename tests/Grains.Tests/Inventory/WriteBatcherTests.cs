using EShop.Grains.Inventory;

namespace EShop.Grains.Tests.Inventory;

/// <summary>
/// The batcher on its own: writes are held open by the test, so that it decides what each covers. Each test runs on
/// an exclusive scheduler, one turn at a time, as a grain's calls do.
/// </summary>
public sealed class WriteBatcherTests
{
    private readonly List<TaskCompletionSource> _writes = [];
    private readonly List<int> _written = [];
    private int _value;

    private WriteBatcher NewBatcher() => new(() =>
    {
        // What a write carries is taken before its first await, as the grain's snapshot is.
        var carried = _value;
        var write = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _writes.Add(write);
        return write.Task.ContinueWith(t => { t.GetAwaiter().GetResult(); lock (_written) _written.Add(carried); }, TaskScheduler.Default);
    });

    private Task Change(WriteBatcher batcher)
    {
        _value++;
        return batcher.Changed();
    }

    [Fact]
    public Task Changes_made_while_a_write_runs_share_the_next_write() => OneAtATime(async () =>
    {
        var batcher = NewBatcher();

        var first = Change(batcher);
        var queued = Enumerable.Range(0, 10).Select(_ => Change(batcher)).ToList();

        Assert.Single(_writes);
        _writes[0].SetResult();
        await first;
        Assert.DoesNotContain(queued, t => t.IsCompleted);
        await WaitFor(() => _writes.Count == 2);
        _writes[1].SetResult();
        await Task.WhenAll(queued);

        Assert.Equal([1, 11], _written);
        Assert.Equal(2, batcher.Writes);
    });

    [Fact]
    public Task Settled_waits_for_every_change_made_so_far_and_is_immediate_when_none_waits() => OneAtATime(async () =>
    {
        var batcher = NewBatcher();
        Assert.True(batcher.Settled().IsCompletedSuccessfully);

        var change = Change(batcher);
        var settled = batcher.Settled();

        Assert.False(settled.IsCompleted);
        _writes[0].SetResult();
        await Task.WhenAll(change, settled);
        Assert.True(batcher.Settled().IsCompletedSuccessfully);
    });

    [Fact]
    public Task A_failed_write_fails_its_callers_and_everyone_after_them() => OneAtATime(async () =>
    {
        var batcher = NewBatcher();
        var stored = Change(batcher);
        _writes[0].SetResult();
        await stored;

        var failing = new[] { Change(batcher), Change(batcher) };
        var waiting = Change(batcher);
        var settled = batcher.Settled();
        var fault = new InvalidOperationException("storage is down");
        _writes[1].SetException(fault);

        foreach (var call in failing.Append(waiting).Append(settled).Append(Change(batcher)).Append(batcher.Settled()))
            Assert.Same(fault, await Assert.ThrowsAsync<InvalidOperationException>(() => call));
        Assert.Equal(2, _writes.Count);
        Assert.Equal([1], _written);
    });

    private static Task OneAtATime(Func<Task> test) =>
        Task.Factory.StartNew(test, CancellationToken.None, TaskCreationOptions.None, new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler).Unwrap();

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(1);
        }
    }
}
