namespace EShop.Client;

// The shapes of docs/openapi.json's component schemas, as the Api writes them (camelCase JSON).

public sealed record Money(long Amount, string Currency);

public sealed record GuestCart(string CartToken);

public sealed record TokenResponse(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn);

public sealed record RegisterResponse(string UserId, string Email);

/// <summary>A picture: an https URL, or a path on the Api itself (its placeholder route), and what it shows.</summary>
public sealed record ProductImage(string Url, string Alt);

public sealed record ProductVariant(
    string Sku, string Name, IReadOnlyDictionary<string, string> Attributes, Money Price, IReadOnlyList<ProductImage>? Images = null)
{
    /// <summary>In display order; empty when there are none.</summary>
    public IReadOnlyList<ProductImage> Images { get; init; } = Images ?? [];
}

public sealed record Product(
    string ProductId, string Name, string Description, string Category, IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<ProductVariant> Variants, IReadOnlyList<ProductImage>? Images = null)
{
    /// <summary>In display order; empty when there are none.</summary>
    public IReadOnlyList<ProductImage> Images { get; init; } = Images ?? [];
}

/// <summary>A product as an admin sends it (schema ProductRequest); the Api picks the id of a new one.</summary>
public sealed record ProductInput(
    string Name, string Description, string Category, IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<VariantInput> Variants,
    IReadOnlyList<ProductImage>? Images = null);

/// <summary>Schema VariantRequest; the price is a MoneyRequest, which has the shape of <see cref="Money"/>; images are ImageRequests.</summary>
public sealed record VariantInput(
    string Sku, string Name, IReadOnlyDictionary<string, string> Attributes, Money Price, IReadOnlyList<ProductImage>? Images = null);

public sealed record ProductPage(IReadOnlyList<Product> Items, int Page, int PageSize, int Total);

public sealed record CartLine(string Sku, string ProductId, string Name, int Quantity, Money UnitPrice, Money LineTotal);

/// <summary><see cref="Total"/> is subtotal - discount: what checkout charges.</summary>
public sealed record Cart(IReadOnlyList<CartLine> Items, Money Subtotal, Money Total, AppliedDiscount? Discount = null);

public sealed record AddressInput(string FullName, string Line1, string? Line2, string City, string PostalCode, string Country);

public sealed record Address(string AddressId, string FullName, string Line1, string? Line2, string City, string PostalCode, string Country);

public sealed record OrderAccepted(string OrderId, string Status);

public sealed record OrderLine(string Sku, string Name, int Quantity, Money UnitPrice, Money LineTotal);

public sealed record StatusChange(string Status, DateTimeOffset At);

public sealed record Order(
    string OrderId,
    string UserId,
    string Status,
    IReadOnlyList<OrderLine> Items,
    Money Total,
    Address ShippingAddress,
    string? PaymentId,
    string? FailureReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<StatusChange> History,
    AppliedDiscount? Discount = null);

public sealed record OrderSummary(string OrderId, string Status, Money Total, DateTimeOffset CreatedAt);

public sealed record OrderList(IReadOnlyList<OrderSummary> Items, int Page, int PageSize, int Total);

public sealed record StockLevel(string Sku, int OnHand, int Reserved, int Available);

/// <summary>
/// One customer made by the Development-only <c>POST /api/dev/customers</c> (the Api's LoadTestCustomer; not in
/// docs/openapi.json, which documents the Api outside Development).
/// </summary>
public sealed record LoadTestCustomer(string UserId, string Email, string AccessToken);

/// <summary>An RFC 9457 problem answer; <see cref="Errors"/> holds the field errors of a validation problem.</summary>
public sealed record ProblemDetails(string? Type, string? Title, int? Status, string? Detail, string? Instance, IReadOnlyDictionary<string, string[]>? Errors);

/// <summary>The order statuses of the contract.</summary>
public static class OrderStatuses
{
    public const string Pending = "Pending";
    public const string Confirmed = "Confirmed";
    public const string Failed = "Failed";
    public const string Cancelled = "Cancelled";
    public const string Shipped = "Shipped";
    public const string Delivered = "Delivered";
}

public sealed record ExportedProfile(string UserId, string Email, string FullName, IReadOnlyList<string> Roles);

/// <summary>GET /api/me/export: everything the shop holds about the account.</summary>
public sealed record AccountExport(
    DateTimeOffset ExportedAt, ExportedProfile Profile, IReadOnlyList<Address> Addresses, Cart Cart, IReadOnlyList<Order> Orders);

public sealed record AdminUser(string UserId, string Email, string FullName, bool Locked);

public sealed record AdminUserList(IReadOnlyList<AdminUser> Items);

public sealed record AccountLock(string UserId, bool Locked);
