using EShop.Grains.Abstractions.Orders;
using Orleans.Runtime;

namespace EShop.Grains.Orders;

[GenerateSerializer, Alias("eshop.user-orders-state.v1")]
public sealed class UserOrdersState
{
    /// <summary>The newest orders, newest first (all of them until the first run is sealed).</summary>
    [Id(0)] public List<UserOrderEntry> Orders { get; set; } = [];

    /// <summary>The sealed runs of older orders, oldest first; run n lives at "{userId}/{n}".</summary>
    [Id(1)] public List<ArchivedRun> Archived { get; set; } = [];

    public int Total => Orders.Count + Archived.Sum(run => run.Count);

    /// <summary>
    /// Whether an order created then belongs among the sealed runs: older than every order kept here. (An order as old
    /// as the oldest kept one stays here; with a real clock two orders of one user do not share a tick.)
    /// </summary>
    public bool BelongsToArchive(DateTimeOffset createdAt) => Archived.Count > 0 && (Orders.Count == 0 || createdAt < Orders[^1].CreatedAt);

    public bool Add(string orderId, DateTimeOffset createdAt) => Insert(Orders, new UserOrderEntry(orderId, createdAt));

    /// <summary>Lists an order once, before every older one; of orders created at the same instant the later added is newer.</summary>
    public static bool Insert(List<UserOrderEntry> newestFirst, UserOrderEntry order)
    {
        if (newestFirst.Exists(o => o.OrderId == order.OrderId))
            return false;
        var at = newestFirst.FindIndex(o => o.CreatedAt <= order.CreatedAt);
        newestFirst.Insert(at < 0 ? newestFirst.Count : at, order);
        return true;
    }

    /// <summary>The run a late order belongs to: the oldest whose newest order is not older than it, else the newest run.</summary>
    public int RunFor(DateTimeOffset createdAt)
    {
        var index = Archived.FindIndex(run => run.Newest >= createdAt);
        return index < 0 ? Archived.Count - 1 : index;
    }

    /// <summary>The oldest <paramref name="size"/> of the newest orders, once they are twice that many: the next run to seal.</summary>
    public IReadOnlyList<UserOrderEntry>? RunToSeal(int size) => Orders.Count >= 2 * size ? Orders[^size..] : null;

    public void Sealed(IReadOnlyList<UserOrderEntry> run)
    {
        Orders.RemoveRange(Orders.Count - run.Count, run.Count);
        Archived.Add(new ArchivedRun(run.Count, run[0].CreatedAt));
    }

    /// <summary>
    /// Where a 1-based page falls: (segment, skip, take) triples over the newest orders (segment -1) and the sealed runs,
    /// newest first. A page past the end has none. Page and size come validated.
    /// </summary>
    public IReadOnlyList<(int Run, int Skip, int Take)> Locate(int page, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var skip = (long)(page - 1) * pageSize;
        var left = pageSize;
        var parts = new List<(int, int, int)>();
        var segments = Enumerable.Range(0, Archived.Count).Reverse().Select(run => (Run: run, Archived[run].Count)).Prepend((Run: -1, Orders.Count));
        foreach (var (run, count) in segments)
        {
            if (left == 0)
                break;
            if (skip >= count)
            {
                skip -= count;
                continue;
            }

            var take = (int)Math.Min(left, count - skip);
            parts.Add((run, (int)skip, take));
            left -= take;
            skip = 0;
        }

        return parts;
    }
}

/// <summary>A sealed run's size and its newest order's time.</summary>
[GenerateSerializer, Immutable, Alias("eshop.user-orders-run.v1")]
public sealed record ArchivedRun([property: Id(0)] int Count, [property: Id(1)] DateTimeOffset Newest);

/// <summary>
/// A user's orders, newest first. Only the newest (fewer than twice <see cref="RunSize"/>) live in this grain's state,
/// written on every checkout; older ones are sealed in runs of <see cref="RunSize"/> into archive grains written once,
/// so that a checkout's write does not grow with the user's history.
/// </summary>
public sealed class UserOrdersGrain(
    [PersistentState("user-orders", StorageNames.Orders)] IPersistentState<UserOrdersState> state,
    IGrainFactory grains) : Grain, IUserOrdersGrain
{
    public const int RunSize = 32;

    private UserOrdersState S => state.State;

    public async Task Add(string orderId, DateTimeOffset createdAt)
    {
        if (S.BelongsToArchive(createdAt))
        {
            // Older than every order kept here: resumed late after a crash, or added again by a resumed order.
            var index = S.RunFor(createdAt);
            var count = await Run(index).AddLate(new UserOrderEntry(orderId, createdAt));
            if (count != S.Archived[index].Count)
            {
                S.Archived[index] = S.Archived[index] with { Count = count };
                await state.WriteStateAsync();
            }

            return;
        }

        if (!S.Add(orderId, createdAt))
            return;
        // The run is written before the list forgets it; a crash in between seals the same run again.
        if (S.RunToSeal(RunSize) is { } run)
        {
            await Run(S.Archived.Count).Seal([.. run]);
            S.Sealed(run);
        }

        await state.WriteStateAsync();
    }

    public async Task<UserOrderPage> Page(int page, int pageSize)
    {
        var parts = S.Locate(page, pageSize);
        var slices = await Task.WhenAll(parts.Select(part => part.Run < 0
            ? Task.FromResult<IReadOnlyList<string>>([.. S.Orders.Skip(part.Skip).Take(part.Take).Select(o => o.OrderId)])
            : Run(part.Run).Slice(part.Skip, part.Take)));
        return new UserOrderPage([.. slices.SelectMany(ids => ids)], S.Total);
    }

    private IUserOrdersArchiveGrain Run(int index) => grains.GetGrain<IUserOrdersArchiveGrain>($"{this.GetPrimaryKeyString()}/{index}");
}

[GenerateSerializer, Alias("eshop.user-orders-archive-state.v1")]
public sealed class UserOrdersArchiveState
{
    /// <summary>Newest first.</summary>
    [Id(0)] public List<UserOrderEntry> Orders { get; set; } = [];
}

public sealed class UserOrdersArchiveGrain(
    [PersistentState("user-orders-run", StorageNames.Orders)] IPersistentState<UserOrdersArchiveState> state) : Grain, IUserOrdersArchiveGrain
{
    public async Task Seal(IReadOnlyList<UserOrderEntry> orders)
    {
        if (state.State.Orders.SequenceEqual(orders))
            return;
        state.State.Orders = [.. orders];
        await state.WriteStateAsync();
    }

    public async Task<int> AddLate(UserOrderEntry order)
    {
        if (UserOrdersState.Insert(state.State.Orders, order))
            await state.WriteStateAsync();
        return state.State.Orders.Count;
    }

    public Task<IReadOnlyList<string>> Slice(int skip, int take) =>
        Task.FromResult<IReadOnlyList<string>>([.. state.State.Orders.Skip(skip).Take(take).Select(o => o.OrderId)]);
}
