namespace EShop.Grains.Abstractions.Events;

/// <summary>
/// What happened, as it travels on an Orleans stream: the CloudEvents 1.0 context attributes plus the data as
/// JSON text, so that the Kafka provider writes it as a CloudEvent any client can read, and the type tells a
/// consumer how to read the data. The stream is the namespace of <see cref="EventStreams"/>; its key is the subject.
/// </summary>
[GenerateSerializer, Immutable, Alias("eshop.domain-event.v1")]
public sealed record DomainEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] string Source,
    [property: Id(3)] string Subject,
    [property: Id(4)] DateTimeOffset Time,
    [property: Id(5)] string? TraceParent,
    [property: Id(6)] string Data);

/// <summary>Stream namespaces; the Kafka provider maps each to a topic (with a configurable prefix).</summary>
public static class EventStreams
{
    public const string Users = "users";
    public const string Catalog = "catalog";
    public const string Orders = "orders";
    public const string Payments = "payments";
    public const string Inventory = "inventory";

    /// <summary>JSON written to the configured external topic by systems outside the shop.</summary>
    public const string External = "external";

    public static IReadOnlyList<string> Domain { get; } = [Users, Catalog, Orders, Payments, Inventory];

    private const string SourcePrefix = "/eshop/";

    /// <summary>The CloudEvents <c>source</c> of the events the shop publishes on a namespace.</summary>
    public static string SourceOf(string streamNamespace) => SourcePrefix + streamNamespace;

    /// <summary>The namespace a shop event is published on, read back from its source.</summary>
    public static string NamespaceOf(DomainEvent domainEvent) =>
        domainEvent.Source.StartsWith(SourcePrefix, StringComparison.Ordinal)
            ? domainEvent.Source[SourcePrefix.Length..]
            : throw new ArgumentException($"Event {domainEvent.Id} was not published by the shop (source {domainEvent.Source}).", nameof(domainEvent));
}

/// <summary>The CloudEvents <c>type</c> of every event; the suffix is the version of its data's shape.</summary>
public static class EventTypes
{
    public const string UserRegistered = "eshop.user.registered.v1";
    public const string UserUpdated = "eshop.user.updated.v1";
    public const string UserDeleted = "eshop.user.deleted.v1";
    public const string ProductCreated = "eshop.product.created.v1";
    public const string ProductUpdated = "eshop.product.updated.v1";
    public const string OrderPlaced = "eshop.order.placed.v1";
    public const string OrderConfirmed = "eshop.order.confirmed.v1";
    public const string OrderFailed = "eshop.order.failed.v1";
    public const string OrderCancelled = "eshop.order.cancelled.v1";
    public const string OrderShipped = "eshop.order.shipped.v1";
    public const string OrderDelivered = "eshop.order.delivered.v1";
    public const string PaymentSucceeded = "eshop.payment.succeeded.v1";
    public const string PaymentFailed = "eshop.payment.failed.v1";
    public const string PaymentRefunded = "eshop.payment.refunded.v1";
    public const string InventoryLowStock = "eshop.inventory.low-stock.v1";

    /// <summary>A plain JSON message from the external topic that carried no CloudEvents envelope.</summary>
    public const string ExternalMessage = "eshop.external.message.v1";
}
