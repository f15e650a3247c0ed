using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace EShop.Grains.Carts;

[GenerateSerializer, Alias("eshop.guest-cart-state.v1")]
public sealed class GuestCartState
{
    /// <summary>When the cart was issued or last changed; null for a cart never issued, expired or merged.</summary>
    [Id(0)]
    public DateTimeOffset? ChangedAt { get; set; }
}

/// <summary>
/// A guest's cart, keyed by the hash of its token. The token's life is kept here; the lines live in an
/// <see cref="ICartGrain"/> under the same key, so that a guest cart prices, caps and refuses exactly as a
/// user's does. Expiry is judged on every call; the reminder empties carts nobody calls any more.
/// </summary>
public sealed partial class GuestCartGrain(
    [PersistentState("guest-cart", StorageNames.Carts)] IPersistentState<GuestCartState> state,
    IGrainFactory grains,
    ShopClock clock,
    IOptions<CartOptions> options,
    ILogger<GuestCartGrain> logger) : Grain, IGuestCartGrain, IRemindable
{
    internal const string ExpiryReminder = "guest-cart-expiry";

    private string Key => this.GetPrimaryKeyString();

    private ICartGrain Lines => grains.GetGrain<ICartGrain>(Key);

    private bool IsOpenAt(DateTimeOffset now) => state.State.ChangedAt is { } at && now - at < options.Value.GuestIdleTimeout;

    public async Task Issue()
    {
        if (state.State.ChangedAt is not null)
            return;
        state.State.ChangedAt = clock.UtcNow;
        await state.WriteStateAsync();
        var period = options.Value.GuestReminderPeriod;
        await this.RegisterOrUpdateReminder(ExpiryReminder, period, period);
    }

    public Task<bool> IsOpen() => Task.FromResult(IsOpenAt(clock.UtcNow));

    public async Task<Cart?> GetCart() => IsOpenAt(clock.UtcNow) ? await Lines.GetCart() : null;

    public Task<CartChange?> AddItem(string sku, int quantity) => Change<CartChange>(cart => cart.AddItem(sku, quantity));

    public Task<CartChange?> SetQuantity(string sku, int quantity) => Change<CartChange>(cart => cart.SetQuantity(sku, quantity));

    public Task<Cart?> RemoveItem(string sku) => Change<Cart>(cart => cart.RemoveItem(sku));

    public Task<CartDiscountChange?> ApplyDiscount(string code) => Change<CartDiscountChange>(cart => cart.ApplyDiscount(code));

    public Task<Cart?> RemoveDiscount() => Change<Cart>(cart => cart.RemoveDiscount());

    public async Task<bool> Clear() => await Change<object>(async cart =>
    {
        await cart.Clear();
        return new object();
    }) is not null;

    public async Task MergeInto(string userId)
    {
        if (IsOpenAt(clock.UtcNow) && await Lines.GetLines() is { Count: > 0 } lines)
        {
            await grains.GetGrain<ICartGrain>(userId).MergeGuest(GuestCartTokens.MergeId(Key), lines, await Lines.GetDiscountCode());
            LogMerged(logger, Key, userId);
        }

        await Close();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ExpiryReminder || IsOpenAt(clock.UtcNow))
            return;
        await Close();
        LogExpired(logger, Key, options.Value.GuestIdleTimeout);
    }

    private async Task<T?> Change<T>(Func<ICartGrain, Task<T>> change) where T : class
    {
        var now = clock.UtcNow;
        if (!IsOpenAt(now))
        {
            await Close();
            return null;
        }

        var result = await change(Lines);
        state.State.ChangedAt = now;
        await state.WriteStateAsync();
        return result;
    }

    // The lines go first: a crash after them leaves a cart that is still open but empty, never a closed one with lines.
    private async Task Close()
    {
        if (state.State.ChangedAt is null && !state.RecordExists)
            return;
        await Lines.Clear();
        state.State.ChangedAt = null;
        await state.ClearStateAsync();
        if (await this.GetReminder(ExpiryReminder) is { } reminder)
            await this.UnregisterReminder(reminder);
    }

    [LoggerMessage(EventId = 2210, Level = LogLevel.Information, Message = "Guest cart {Key} merged into the cart of user {UserId}")]
    private static partial void LogMerged(ILogger logger, string key, string userId);

    [LoggerMessage(EventId = 2211, Level = LogLevel.Information, Message = "Guest cart {Key} closed after {IdleTimeout} without a change")]
    private static partial void LogExpired(ILogger logger, string key, TimeSpan idleTimeout);
}
