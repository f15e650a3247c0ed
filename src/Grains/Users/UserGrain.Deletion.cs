using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Events;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Users;
using EShop.Grains.Common;
using EShop.Grains.Events;
using Microsoft.Extensions.Logging;

namespace EShop.Grains.Users;

public sealed partial class UserGrain
{
    /// <summary>Set before deletion is written, so that an erasure a crash interrupted finishes even if nobody calls.</summary>
    internal const string EraseReminder = "account-erase";

    /// <summary>Set by an erasure that left shipped orders with their address; ticks until the last one is erased.</summary>
    internal const string RetentionReminder = "retention-purge";

    public async Task<DeletionResult> Delete(Secret password, string client)
    {
        if (state.RecordExists && state.State.DeletedAt is not null)
        {
            if (!state.State.Erased)
                await FinishErasure();
            return new DeletionResult(DeletionStatus.Deleted);
        }

        if (!Exists)
        {
            return await passwords.TryBurnVerificationTimeAsync(password)
                ? new DeletionResult(DeletionStatus.BadCredentials)
                : new DeletionResult(DeletionStatus.Busy, RetryAfter: passwords.RetryAfter);
        }

        var (refused, _) = await Verify(password, client);
        if (refused is not null)
        {
            return refused.Status switch
            {
                LoginStatus.LockedOut => new DeletionResult(DeletionStatus.LockedOut, LockedUntil: refused.LockedUntil),
                LoginStatus.Busy => new DeletionResult(DeletionStatus.Busy, RetryAfter: refused.RetryAfter),
                _ => new DeletionResult(DeletionStatus.BadCredentials),
            };
        }

        if (await FirstPendingOrder() is { } pending)
            return new DeletionResult(DeletionStatus.PendingOrder, PendingOrderId: pending);

        await this.RegisterOrUpdateReminder(EraseReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        state.State.DeletedAt = clock.UtcNow;
        await state.WriteStateAsync();
        await FinishErasure();
        return new DeletionResult(DeletionStatus.Deleted);
    }

    /// <summary>
    /// Each step is idempotent and the tombstone is written last, so a crash anywhere repeats the steps from the first:
    /// the email is freed only once deletion is written (never a live account without its email), and the account
    /// never reads as live again once it is.
    /// </summary>
    private async Task FinishErasure()
    {
        if (state.State.DeletedAt is not { } deletedAt || state.State.Erased)
        {
            await ForgetEraseReminder();
            return;
        }

        if (state.State.Email.Length > 0)
            await grains.GetGrain<IEmailIndexGrain>(UserRules.NormalizeEmail(state.State.Email)).Release(UserId);
        await grains.GetGrain<ICartGrain>(UserId).EraseContents();
        // Shipped orders keep their address for the retention period: a reminder erases each when its period ends. It
        // is set before the tombstone is written, so a crash in between cannot leave an address kept for ever.
        if (await EraseOrders())
            await this.RegisterOrUpdateReminderEvery(RetentionReminder, privacy.Value.PurgeInterval);

        var s = state.State;
        (s.Email, s.FullName, s.PasswordHash, s.Addresses, s.Throttle, s.Lockout, s.Locked, s.Erased) =
            ("", "", "", [], LoginThrottle.None, AccountLockout.None, false, true);
        Outbox.Record(EventStreams.Users, EventTypes.UserDeleted, UserId, new UserDeletedV1(UserId, deletedAt));
        await state.WriteStateAsync();
        Outbox.Publish();
        LogErased(logger, UserId);
        await ForgetEraseReminder();
    }

    /// <summary>A tick of <see cref="RetentionReminder"/>: erases the addresses whose retention ended, and stops once none is left.</summary>
    private async Task PurgeRetainedAddresses()
    {
        if (!state.State.Erased)
        {
            // Not erased yet (the erasure sets this reminder; it finishes first), or an account that was never deleted.
            if (state.State.DeletedAt is not null)
                await FinishErasure();
            else
                await ForgetReminder(RetentionReminder);
            return;
        }

        if (await EraseOrders())
            return;
        await ForgetReminder(RetentionReminder);
        LogRetentionEnded(logger, UserId);
    }

    /// <summary>Erases the orders' personal data, but for the addresses still in their retention period; true if any is.</summary>
    private async Task<bool> EraseOrders()
    {
        var shippedBefore = clock.UtcNow - privacy.Value.ShippedAddressRetention;
        var retained = false;
        foreach (var orderId in await OrderIds())
            retained |= await grains.GetGrain<IOrderGrain>(orderId).ErasePersonalData(shippedBefore);
        return retained;
    }

    private Task ForgetEraseReminder() => ForgetReminder(EraseReminder);

    private async Task ForgetReminder(string name)
    {
        if (await this.GetReminder(name) is { } reminder)
            await this.UnregisterReminder(reminder);
    }

    private async Task<string?> FirstPendingOrder()
    {
        foreach (var orderId in await OrderIds())
        {
            if (await grains.GetGrain<IOrderGrain>(orderId).GetOrder() is { Status: OrderStatus.Pending })
                return orderId;
        }

        return null;
    }

    private Task<List<string>> OrderIds() => grains.GetGrain<IUserOrdersGrain>(UserId).AllOrderIds();

    [LoggerMessage(EventId = 3112, Level = LogLevel.Information, Message = "Account {UserId}: the retention period of its last shipped order ended; its address is erased")]
    private static partial void LogRetentionEnded(ILogger logger, string userId);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Information, Message = "Account {UserId} erased: email freed, cart and order personal data erased")]
    private static partial void LogErased(ILogger logger, string userId);
}
