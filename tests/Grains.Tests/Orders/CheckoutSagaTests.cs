using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Orders;
using static EShop.Grains.Orders.SagaEventKind;
using static EShop.Grains.Orders.SagaStep;

namespace EShop.Grains.Tests.Orders;

public sealed class CheckoutSagaTests
{
    /// <summary>Every transition the saga knows; every other (step, event) pair must be refused.</summary>
    private static readonly Dictionary<(SagaStep, SagaEventKind), SagaStep> Transitions = new()
    {
        [(Started, StockReserved)] = InventoryReserved,
        [(Started, StockRefused)] = Compensating,
        [(Started, DiscountRefused)] = Compensating,
        [(Started, ReservationsLapsed)] = Compensating,
        [(InventoryReserved, PaymentRequested)] = PaymentProcessing,
        [(InventoryReserved, ReservationsLapsed)] = Compensating,
        [(PaymentProcessing, PaymentSucceeded)] = Committing,
        [(PaymentProcessing, PaymentDeclined)] = Compensating,
        [(PaymentProcessing, ReservationsLapsed)] = Compensating,
        [(Committing, StockCommitted)] = Completed,
        [(Committing, CommitRefused)] = Compensating,
        [(Compensating, Compensated)] = Failed,
        [(Cancelling, Compensated)] = Cancelled,
        [(Started, CancelRequested)] = Cancelling,
        [(InventoryReserved, CancelRequested)] = Cancelling,
        [(PaymentProcessing, CancelRequested)] = Cancelling,
        [(Committing, CancelRequested)] = Cancelling,
        [(Completed, CancelRequested)] = Cancelling,
        [(Completed, ShipRequested)] = Shipped,
        [(Shipped, DeliverRequested)] = Delivered,
    };

    public static TheoryData<SagaStep, SagaEventKind> EveryPair()
    {
        var data = new TheoryData<SagaStep, SagaEventKind>();
        foreach (var step in Enum.GetValues<SagaStep>())
        {
            foreach (var kind in Enum.GetValues<SagaEventKind>())
                data.Add(step, kind);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Every_step_takes_exactly_its_events(SagaStep step, SagaEventKind kind)
    {
        var next = CheckoutSaga.Next(new SagaState(step), new SagaEvent(kind, "pi_1"));

        if (Transitions.TryGetValue((step, kind), out var expected))
            Assert.Equal(expected, next?.Step);
        else
            Assert.Null(next);
    }

    [Theory]
    [InlineData(Started, StockRefused, FailureReasons.OutOfStock)]
    [InlineData(Started, DiscountRefused, FailureReasons.DiscountUnavailable)]
    [InlineData(PaymentProcessing, PaymentDeclined, FailureReasons.PaymentDeclined)]
    [InlineData(PaymentProcessing, ReservationsLapsed, FailureReasons.PaymentTimeout)]
    [InlineData(InventoryReserved, ReservationsLapsed, FailureReasons.PaymentTimeout)]
    [InlineData(Started, ReservationsLapsed, FailureReasons.PaymentTimeout)]
    [InlineData(Committing, CommitRefused, FailureReasons.ReservationExpired)]
    public void Each_failure_names_its_reason_and_compensation_ends_failed(SagaStep step, SagaEventKind kind, string reason)
    {
        var compensating = CheckoutSaga.Next(new SagaState(step), new SagaEvent(kind))!;
        var failed = CheckoutSaga.Next(compensating, new SagaEvent(Compensated))!;

        Assert.Equal(reason, compensating.FailureReason);
        Assert.Equal((OrderStatus.Pending, OrderStatus.Failed), (CheckoutSaga.PublicStatus(compensating.Step), CheckoutSaga.PublicStatus(failed.Step)));
        Assert.Equal(reason, failed.FailureReason);
        Assert.Empty(CheckoutSaga.CommandsFor(failed));
    }

    [Fact]
    public void The_happy_path_reserves_then_pays_then_commits_and_updates_the_cart()
    {
        var state = new SagaState(Started);
        var commands = new List<SagaCommand>();
        foreach (var e in new[] { StockReserved, PaymentRequested, PaymentSucceeded, StockCommitted })
        {
            commands.AddRange(CheckoutSaga.CommandsFor(state));
            state = CheckoutSaga.Next(state, new SagaEvent(e, "pi_42"))!;
        }

        Assert.Equal(
            [SagaCommand.ReserveStock, SagaCommand.BeginPayment, SagaCommand.RequestPayment, SagaCommand.CommitStock, SagaCommand.RemoveFromCart],
            commands);
        Assert.Equal((Completed, "pi_42"), (state.Step, state.PaymentIntentId));
        Assert.False(CheckoutSaga.IsRunning(state));
        Assert.Equal(OrderStatus.Confirmed, CheckoutSaga.PublicStatus(state.Step));
    }

    [Theory]
    [InlineData(Started, StockRefused)]
    [InlineData(Started, DiscountRefused)]
    [InlineData(PaymentProcessing, PaymentDeclined)]
    [InlineData(PaymentProcessing, ReservationsLapsed)]
    [InlineData(Committing, CommitRefused)]
    [InlineData(Completed, CancelRequested)]
    [InlineData(Started, CancelRequested)]
    public void Compensation_undoes_everything_that_might_have_been_done(SagaStep step, SagaEventKind kind)
    {
        var state = CheckoutSaga.Next(new SagaState(step), new SagaEvent(kind))!;

        Assert.Equal([SagaCommand.ReleaseStock, SagaCommand.RestockStock, SagaCommand.AbandonPayment], CheckoutSaga.CommandsFor(state));
    }

    [Theory]
    [InlineData(Started, true)]
    [InlineData(InventoryReserved, false)]
    [InlineData(PaymentProcessing, false)]
    [InlineData(Committing, false)]
    [InlineData(Completed, true)]
    [InlineData(Compensating, true)]
    [InlineData(Failed, true)]
    [InlineData(Cancelling, true)]
    [InlineData(Cancelled, true)]
    [InlineData(Shipped, true)]
    [InlineData(Delivered, true)]
    public void Only_steps_that_cannot_be_re_derived_are_written(SagaStep step, bool durable) =>
        Assert.Equal(durable, CheckoutSaga.IsDurable(step));

    [Theory]
    [InlineData(Compensating, true)]
    [InlineData(Failed, true)]
    [InlineData(Cancelling, true)]
    [InlineData(Cancelled, true)]
    [InlineData(PaymentProcessing, false)]
    [InlineData(Completed, false)]
    [InlineData(Shipped, false)]
    public void A_late_payment_is_given_back_only_by_orders_that_gave_up(SagaStep step, bool gaveUp) =>
        Assert.Equal(gaveUp, CheckoutSaga.GaveUp(step));

    [Theory]
    [InlineData(Started, OrderStatus.Pending)]
    [InlineData(InventoryReserved, OrderStatus.Pending)]
    [InlineData(PaymentProcessing, OrderStatus.Pending)]
    [InlineData(Committing, OrderStatus.Pending)]
    [InlineData(Compensating, OrderStatus.Pending)]
    [InlineData(Completed, OrderStatus.Confirmed)]
    [InlineData(Shipped, OrderStatus.Shipped)]
    [InlineData(Delivered, OrderStatus.Delivered)]
    [InlineData(Cancelling, OrderStatus.Cancelled)]
    [InlineData(Cancelled, OrderStatus.Cancelled)]
    [InlineData(Failed, OrderStatus.Failed)]
    public void Steps_map_to_the_contracts_statuses(SagaStep step, string status) =>
        Assert.Equal(status, CheckoutSaga.PublicStatus(step));
}
