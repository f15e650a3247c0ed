namespace EShop.Grains.Inventory;

/// <summary>
/// The orders a sku refused lately, in memory only and at most <see cref="Capacity"/> of them (the oldest go first).
/// A refusal takes nothing, so it is never written: in a flash sale that would be most of the writes. Remembering
/// it for a while lets a repeat, and the order's compensating Release, answer OutOfStock without a write; once
/// forgotten (or after a deactivation) a repeat is simply answered afresh.
/// </summary>
public sealed class RecentRefusals(int capacity = RecentRefusals.DefaultCapacity)
{
    public const int DefaultCapacity = 4_096;

    private readonly HashSet<string> _orders = new(StringComparer.Ordinal);
    private readonly Queue<string> _oldestFirst = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public int Count => _orders.Count;

    public bool Contains(string orderId) => _orders.Contains(orderId);

    public void Add(string orderId)
    {
        if (!_orders.Add(orderId))
            return;
        _oldestFirst.Enqueue(orderId);
        if (_oldestFirst.Count > Capacity)
            _orders.Remove(_oldestFirst.Dequeue());
    }
}
