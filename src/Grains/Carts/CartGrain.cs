using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Catalog;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace EShop.Grains.Carts;

[GenerateSerializer, Alias("eshop.cart-state.v1")]
public sealed class CartState
{
    [Id(0)]
    public CartContents Contents { get; set; } = CartContents.Empty;

    /// <summary>The checkout whose order may still be Pending; null in carts stored before claims existed.</summary>
    [Id(1)]
    public CheckoutClaim? Checkout { get; set; }
}

/// <summary>
/// One user's cart, keyed by userId. Idleness is judged on every call (an idle cart answers empty at once);
/// the reminder only tidies carts nobody calls, so it may come up to one period after the cart went idle.
/// </summary>
public sealed partial class CartGrain(
    [PersistentState("cart", StorageNames.Carts)] IPersistentState<CartState> state,
    IGrainFactory grains,
    ShopClock clock,
    IOptions<CartOptions> options,
    ILogger<CartGrain> logger) : Grain, ICartGrain, IRemindable
{
    internal const string IdleReminder = "cart-idle";

    private bool _idleCheckScheduled;

    private string UserId => this.GetPrimaryKeyString();

    private TimeSpan IdleTimeout => options.Value.IdleTimeout;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A crash between writing the first line and registering the reminder would leave the cart unwatched.
        if (!state.State.Contents.IsEmpty)
        {
            _idleCheckScheduled = await this.GetReminder(IdleReminder, cancellationToken) is not null;
            await ScheduleIdleCheck();
        }
    }

    // Read-only calls interleave, so they never write: an idle cart reads as empty until a change or the reminder persists it.
    public async Task<Cart> GetCart()
    {
        var now = clock.UtcNow;
        var contents = ContentsAt(now);
        return await Priced(contents, await Offers(contents), now);
    }

    public Task<IReadOnlyList<StockLine>> GetLines() =>
        Task.FromResult<IReadOnlyList<StockLine>>([.. ContentsAt(clock.UtcNow).Items.Select(i => new StockLine(i.Sku, i.Quantity))]);

    public Task<CartChange> AddItem(string sku, int quantity) =>
        Change(sku, (contents, offer, currency, now) => contents.Add(sku, offer, quantity, currency, now));

    public Task<CartChange> SetQuantity(string sku, int quantity) =>
        Change(sku, (contents, offer, currency, now) => contents.SetQuantity(sku, offer, quantity, currency, now));

    public async Task<Cart> RemoveItem(string sku)
    {
        var now = clock.UtcNow;
        var contents = ContentsAt(now).Remove(sku, now);
        var offers = await Offers(contents);
        contents = contents.KeepOnly(offers);
        await Save(contents, now);
        return await Priced(contents, offers, now);
    }

    public Task Clear()
    {
        var now = clock.UtcNow;
        return Save(ContentsAt(now).Clear(now), now);
    }

    // The order is Confirmed once this returns, so its claim ends in the same write.
    public Task RemoveOrdered(string orderId, IReadOnlyList<StockLine> lines)
    {
        var now = clock.UtcNow;
        return Save(ContentsAt(now).RemoveOrdered(orderId, lines, now), CheckoutClaims.Release(state.State.Checkout, orderId), now);
    }

    public async Task EraseContents()
    {
        if (state.RecordExists)
            await state.ClearStateAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != IdleReminder)
            return;
        var now = clock.UtcNow;
        await Save(ContentsAt(now), now);
        if (!state.State.Contents.IsEmpty)
            return;

        // Nothing left to watch: the reminder goes until the cart holds something again.
        if (await this.GetReminder(IdleReminder) is { } reminder)
            await this.UnregisterReminder(reminder);
        _idleCheckScheduled = false;
    }

    private CartContents ContentsAt(DateTimeOffset now) => state.State.Contents.ClearIfIdle(now, IdleTimeout);

    private async Task<CartChange> Change(string sku, Func<CartContents, SkuOffer?, string?, DateTimeOffset, CartDecision> decide)
    {
        var now = clock.UtcNow;
        var contents = ContentsAt(now);
        var offers = await new CatalogOffers(grains).Offers(Wanted(contents).Append((sku, contents.Find(sku)?.ProductId)));
        contents = contents.KeepOnly(offers);

        var decision = decide(contents, offers.GetValueOrDefault(sku), contents.Currency(offers, exceptSku: sku), now);
        await Save(decision.Contents, now);
        return new CartChange(decision.Status, await Priced(decision.Contents, offers, now), decision.Detail);
    }

    private Task<Dictionary<string, SkuOffer>> Offers(CartContents contents) => new CatalogOffers(grains).Offers(Wanted(contents));

    private static IEnumerable<(string Sku, string? ProductId)> Wanted(CartContents contents) =>
        contents.Items.Select(i => (i.Sku, (string?)i.ProductId));

    private Task Save(CartContents contents, DateTimeOffset now) => Save(contents, state.State.Checkout, now);

    /// <summary>Persists only a real change; then makes sure a non-empty cart is watched for idleness.</summary>
    private async Task Save(CartContents contents, CheckoutClaim? checkout, DateTimeOffset now)
    {
        var (previous, previousCheckout) = (state.State.Contents, state.State.Checkout);
        if (contents == previous && checkout == previousCheckout)
            return;

        (state.State.Contents, state.State.Checkout) = (contents, checkout);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Whether the write landed is unknown: answer from storage again on the next call.
            (state.State.Contents, state.State.Checkout) = (previous, previousCheckout);
            this.DeactivateOnIdle();
            throw;
        }

        if (contents != previous && previous.IsIdle(now, IdleTimeout))
            LogIdleCleared(logger, UserId, IdleTimeout);
        if (!contents.IsEmpty)
            await ScheduleIdleCheck();
    }

    // The change is stored by now, so a failure here must not fail the call (a retried AddItem would add twice):
    // every call judges idleness anyway, and the next change or activation tries again.
    private async Task ScheduleIdleCheck()
    {
        if (_idleCheckScheduled)
            return;
        try
        {
            var period = options.Value.ReminderPeriod;
            await this.RegisterOrUpdateReminder(IdleReminder, period, period);
            _idleCheckScheduled = true;
        }
        catch (Exception exception)
        {
            LogReminderFailed(logger, exception, UserId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cart of user {UserId} emptied after {IdleTimeout} without a change")]
    private static partial void LogIdleCleared(ILogger logger, string userId, TimeSpan idleTimeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cart of user {UserId} could not register its idle reminder; it will try again")]
    private static partial void LogReminderFailed(ILogger logger, Exception exception, string userId);
}
