using EShop.Grains.Abstractions.Events;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Common;

namespace EShop.Grains.Orders;

[GenerateSerializer, Alias("eshop.order-state.v1")]
public sealed class OrderState : IPendingWorkState
{
    [Id(0)] public PlaceOrder? Placed { get; set; }
    [Id(1)] public SagaState Saga { get; set; } = new(SagaStep.Started);
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the order's stock reservations lapse: a payment not settled by then fails the order.</summary>
    [Id(4)] public DateTimeOffset ReservationDeadline { get; set; }

    [Id(5)] public List<StatusChange> History { get; set; } = [];

    /// <summary>Events recorded with the change they describe, not yet accepted by the stream.</summary>
    [Id(6)] public List<DomainEvent> Outbox { get; set; } = [];

    /// <summary>The fingerprint of the checkout request that placed the order (null: placed before orders kept it).</summary>
    [Id(7)] public string? Fingerprint { get; set; }

    /// <summary>
    /// The order gave up (failed or cancelled) and told its payment to abandon with a one-way call, which a failed
    /// write at the payment can lose: until the payment shows it abandoned and holding no money, the order keeps its
    /// pending mark, and the recovery loop wakes it to ask again (<see cref="OrderGrain.ResumePendingWork"/>).
    /// </summary>
    [Id(8)] public bool PaymentAbandonUnconfirmed { get; set; }

    /// <summary>
    /// A placed order whose saga still runs, or whose payment has not yet confirmed it abandoned: written with every
    /// durable step, so storage knows which orders a crash interrupted (the silo's recovery loop wakes them) without a
    /// reminder per checkout.
    /// </summary>
    public bool HasPendingWork => Placed is not null && (CheckoutSaga.IsRunning(Saga) || PaymentAbandonUnconfirmed);

    /// <summary>The data of the order.* event for the order as it stands now.</summary>
    public OrderEventV1 ToEvent(string orderId, DateTimeOffset now) => new(
        orderId,
        Placed!.UserId,
        CheckoutSaga.PublicStatus(Saga.Step),
        History.Count,
        Placed.Total,
        Placed.Lines.Sum(l => l.Quantity),
        Saga.Step is SagaStep.Compensating or SagaStep.Failed ? Saga.FailureReason : null,
        Saga.PaymentIntentId,
        CreatedAt,
        now,
        Placed.Discount);

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
        [.. History],
        Placed.Discount);
}
