using System.Globalization;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Events;
using EShop.Grains.Abstractions.Users;

namespace EShop.Grains.Notifications;

/// <summary>Which order events a customer hears about, and what they read.</summary>
public static class OrderMessages
{
    public const string Confirmed = "confirmed";
    public const string Shipped = "shipped";
    public const string Failed = "failed";

    public static string? Occasion(string eventType) => eventType switch
    {
        EventTypes.OrderConfirmed => Confirmed,
        EventTypes.OrderShipped => Shipped,
        EventTypes.OrderFailed => Failed,
        _ => null,
    };

    public static Notification For(string occasion, OrderEventV1 order, UserProfile customer)
    {
        var (subject, body) = occasion switch
        {
            Confirmed => ($"Your order {order.OrderId} is confirmed",
                $"Thank you! We have received your payment of {Format(order.Total)} and are preparing {order.ItemCount} item(s)."),
            Shipped => ($"Your order {order.OrderId} is on its way", "Your order has left our warehouse."),
            _ => ($"Your order {order.OrderId} could not be completed",
                $"We could not complete your order ({order.FailureReason ?? "unknown reason"}). You have not been charged for it."),
        };
        return new Notification($"{order.OrderId}/{occasion}", customer.Email, customer.FullName, subject, $"Hello {customer.FullName},\n\n{body}\n");
    }

    private static string Format(Money money) =>
        string.Create(CultureInfo.InvariantCulture, $"{money.Amount / 100m:0.00} {money.Currency.ToUpperInvariant()}");
}
