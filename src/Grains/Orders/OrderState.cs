using EShop.Grains.Abstractions.Orders;

namespace EShop.Grains.Orders;

[GenerateSerializer, Alias("eshop.order-state.v1")]
public sealed class OrderState
{
    [Id(0)] public PlaceOrder? Placed { get; set; }
    [Id(1)] public SagaState Saga { get; set; } = new(SagaStep.Started);
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the order's stock reservations lapse: a payment not settled by then fails the order.</summary>
    [Id(4)] public DateTimeOffset ReservationDeadline { get; set; }

    [Id(5)] public List<StatusChange> History { get; set; } = [];

    public Order ToOrder(string orderId) => new(
        orderId,
        Placed!.UserId,
        CheckoutSaga.PublicStatus(Saga.Step),
        Placed.Lines,
        Placed.Total,
        Placed.ShippingAddress,
        Saga.PaymentIntentId,
        Saga.Step is SagaStep.Compensating or SagaStep.Failed ? Saga.FailureReason : null,
        CreatedAt,
        UpdatedAt,
        [.. History]);
}
