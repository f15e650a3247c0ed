using Orleans.Concurrency;

namespace EShop.Grains.Abstractions.Notifications;

/// <summary>The customer notifications of one order (keyed by orderId), fed by the order's events.</summary>
[Alias("eshop.notification-grain")]
public interface INotificationGrain : IGrainWithStringKey
{
    /// <summary>The occasions notified so far ("confirmed", "shipped", "failed"), in order.</summary>
    [ReadOnly, Alias("GetSent")]
    Task<IReadOnlyList<string>> GetSent();

    /// <summary>The occasions not notified because the customer's account is gone or erased, in order.</summary>
    [ReadOnly, Alias("GetWithheld")]
    Task<IReadOnlyList<string>> GetWithheld();
}
