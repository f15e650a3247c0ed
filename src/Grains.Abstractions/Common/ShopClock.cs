namespace EShop.Grains.Abstractions.Common;

/// <summary>
/// The shop's own clock. Orleans takes <see cref="TimeProvider"/> from the container for its internals, so the
/// shop's time is a separate service: tests swap this one for a FakeTimeProvider without freezing the runtime.
/// </summary>
public sealed class ShopClock(TimeProvider time)
{
    public static ShopClock System { get; } = new(TimeProvider.System);

    public TimeProvider Time => time;

    public DateTimeOffset UtcNow => time.GetUtcNow();
}
