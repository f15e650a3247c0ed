namespace EShop.Grains;

/// <summary>One grain storage provider per bounded context; each may have its own connection string.</summary>
public static class StorageNames
{
    public const string Users = "users";
    public const string Catalog = "catalog";
    public const string Carts = "carts";
    public const string Inventory = "inventory";
    public const string Orders = "orders";
    public const string Payments = "payments";
    public const string Notifications = "notifications";

    /// <summary>Storage of stream subscriptions (Orleans' well-known name).</summary>
    public const string PubSub = "PubSubStore";

    public static IReadOnlyList<string> Contexts { get; } = [Users, Catalog, Carts, Inventory, Orders, Payments, Notifications];
}

public static class StreamProviders
{
    public const string Events = "events";
}
