using System.Text.Json.Nodes;
using EShop.Api.Carts;
using EShop.Api.Catalog;
using EShop.Api.Discounts;
using EShop.Api.Inventory;
using EShop.Api.Orders;
using EShop.Api.Payments;
using EShop.Api.Users;
using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Discounts;
using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EShop.Api.Infrastructure;

/// <summary>
/// What the CLR types cannot say about the JSON: money in minor units of a lowercase ISO 4217 currency, the closed sets
/// (order status, failure reason, roles), the id syntaxes the Api checks, emails, quantity ranges, and fields that are
/// always present. A rule names one JSON property (declaring type, camelCase name), so it documents exactly that field.
/// </summary>
internal sealed class ContractSchemaTransformer : IOpenApiSchemaTransformer
{
    private static readonly string[] Statuses =
        [OrderStatus.Pending, OrderStatus.Confirmed, OrderStatus.Shipped, OrderStatus.Delivered, OrderStatus.Cancelled, OrderStatus.Failed];

    private static readonly string[] FailureReasonValues =
        [FailureReasons.OutOfStock, FailureReasons.PaymentDeclined, FailureReasons.PaymentTimeout, FailureReasons.ReservationExpired, FailureReasons.DiscountUnavailable];

    private const string UserIdText = "The account's id: 'usr_' followed by 32 lowercase hex digits ('usr_admin' for the seeded demo admin).";
    private const string AmountText = "Integer minor units of the currency (cents for usd): 1999 is 19.99.";

    private static readonly Dictionary<(Type Type, string Property), Action<OpenApiSchema>> Rules = new()
    {
        [(typeof(Money), "amount")] = s => Describe(s, AmountText, minimum: 0),
        [(typeof(Money), "currency")] = s => Match(s, "^[a-z]{3}$", "Lowercase ISO 4217 currency code."),
        [(typeof(MoneyRequest), "amount")] = s => Describe(s, AmountText, minimum: 0, maximum: Money.MaxAmount),
        [(typeof(MoneyRequest), "currency")] = s => Match(s, "^[A-Za-z]{3}$", "ISO 4217 currency code, stored and answered in lower case."),
        [(typeof(Order), "orderId")] = Id(Ids.Order),
        [(typeof(Order), "userId")] = s => Describe(s, UserIdText),
        [(typeof(Order), "status")] = Status,
        [(typeof(Order), "paymentId")] = PaymentId,
        [(typeof(Order), "failureReason")] = FailureReason,
        [(typeof(OrderSummary), "orderId")] = Id(Ids.Order),
        [(typeof(OrderSummary), "status")] = Status,
        [(typeof(OrderAccepted), "orderId")] = Id(Ids.Order),
        [(typeof(OrderAccepted), "status")] = Status,
        [(typeof(AdminOrderRow), "orderId")] = Id(Ids.Order),
        [(typeof(AdminOrderRow), "userId")] = s => Describe(s, UserIdText),
        [(typeof(AdminOrderRow), "status")] = Status,
        [(typeof(AdminOrderRow), "paymentId")] = PaymentId,
        [(typeof(AdminOrderRow), "failureReason")] = FailureReason,
        [(typeof(StatusChange), "status")] = Status,
        [(typeof(OrderLine), "sku")] = Id(Ids.Sku),
        [(typeof(OrderLine), "quantity")] = s => Describe(s, "Units of the sku.", minimum: 1, maximum: CartRules.MaxQuantity),
        [(typeof(CartLine), "sku")] = Id(Ids.Sku),
        [(typeof(CartLine), "productId")] = Id(Ids.Product),
        [(typeof(CartLine), "quantity")] = s => Describe(s, "Units of the sku.", minimum: 1, maximum: CartRules.MaxQuantity),
        [(typeof(Product), "productId")] = Id(Ids.Product),
        [(typeof(ProductVariant), "sku")] = Id(Ids.Sku),
        [(typeof(Product), "images")] = Images,
        [(typeof(ProductVariant), "images")] = Images,
        [(typeof(ProductImage), "url")] = s => Describe(s, "An absolute https URL, or the shop's placeholder path (/images/products/...svg), relative to the Api."),
        [(typeof(ProductImage), "alt")] = s => Describe(s, "What the picture shows, for screen readers and when it cannot load."),
        [(typeof(ImageRequest), "url")] = s => Describe(s, ProductImageRules.UrlRule),
        [(typeof(ImageRequest), "alt")] = s => Describe(s, $"Required: 1-{ProductImageRules.MaxAltLength} characters once trimmed."),
        [(typeof(ProductRequest), "images")] = s => Describe(s, $"In display order, at most {ProductImageRules.MaxImages}; none if omitted."),
        [(typeof(VariantRequest), "images")] = s => Describe(s, $"In display order, at most {ProductImageRules.MaxImages}; none if omitted."),
        [(typeof(ProductRequest), "productId")] = s => Describe(s, $"Ignored on create (the shop mints the id); on update, if given, the path's id. {Ids.Product.Rule}"),
        [(typeof(VariantRequest), "sku")] = Id(Ids.Sku),
        [(typeof(StockLevelView), "sku")] = Id(Ids.Sku),
        [(typeof(StockLevelView), "onHand")] = s => Describe(s, "Units in the warehouse.", minimum: 0),
        [(typeof(StockLevelView), "reserved")] = s => Describe(s, "Units held by orders still being placed.", minimum: 0),
        [(typeof(StockLevelView), "available")] = s => Describe(s, "onHand - reserved: what new orders can take.", minimum: 0),
        [(typeof(SetStockRequest), "onHand")] = s => Describe(s, "Units in the warehouse; at least the units reserved.", minimum: 0),
        [(typeof(AddCartItemRequest), "sku")] = Id(Ids.Sku),
        [(typeof(AddCartItemRequest), "quantity")] = s => Describe(s, "Units to add to the sku's line.", minimum: 1, maximum: CartRules.MaxQuantity),
        [(typeof(SetCartQuantityRequest), "quantity")] = s => Describe(s, "The line's new quantity; 0 removes the line.", minimum: 0, maximum: CartRules.MaxQuantity),
        // An order snapshots its address; one given inline at checkout was never saved and has the empty id.
        [(typeof(Address), "addressId")] = s => Match(s, $"^(?:{Ids.Address.Pattern[1..^1]})?$",
            $"{Ids.Address.Rule} Empty in an order's shippingAddress when the address was given inline at checkout."),
        [(typeof(Address), "country")] = s => Match(s, "^[A-Z]{2}$", "ISO 3166-1 alpha-2 country code, upper case."),
        [(typeof(AddressRequest), "country")] = s => Match(s, "^[A-Za-z]{2}$", "ISO 3166-1 alpha-2 country code, stored and answered in upper case."),
        [(typeof(PlaceOrderRequest), "addressId")] = s => Match(s, Ids.Address.Pattern, $"One of your saved addresses, instead of shippingAddress. {Ids.Address.Rule}"),
        [(typeof(PlaceOrderRequest), "paymentMethodId")] = s => Describe(s,
            "A payment method id as Stripe names them: in test mode pm_card_visa and pm_card_mastercard succeed, pm_card_chargeDeclined and pm_card_chargeDeclinedInsufficientFunds are declined."),
        [(typeof(UserProfile), "userId")] = s => Describe(s, UserIdText),
        [(typeof(UserProfile), "email")] = Email,
        [(typeof(UserProfile), "roles")] = s => ((OpenApiSchema)s.Items!).Enum = [Roles.Customer, Roles.Admin],
        [(typeof(RegisterRequest), "email")] = Email,
        [(typeof(RegisterRequest), "password")] = s => Describe(s, $"{UserRules.MinPasswordLength}-{UserRules.MaxPasswordLength} characters, not only spaces."),
        [(typeof(RegisterResponse), "userId")] = s => Describe(s, UserIdText),
        [(typeof(RegisterResponse), "email")] = Email,
        [(typeof(LoginRequest), "email")] = Email,
        [(typeof(TokenResponse), "accessToken")] = s => Describe(s, "A JWT to send as 'Authorization: Bearer <accessToken>'."),
        [(typeof(TokenResponse), "refreshToken")] = s => Describe(s, "Opaque; POST /api/auth/refresh exchanges it once for a new pair."),
        [(typeof(TokenResponse), "tokenType")] = s => s.Enum = ["Bearer"],
        [(typeof(TokenResponse), "expiresIn")] = s => Describe(s, "Seconds until the access token expires (at most 900).", minimum: 1),
        [(typeof(StripeWebhookAnswer), "outcome")] = s => s.Enum = ["applied", "ignored"],
        [(typeof(Cart), "total")] = s => Describe(s, "subtotal - discount.amount: what checkout charges."),
        [(typeof(Order), "total")] = s => Describe(s, "What the order charges: the items' sum less discount.amount."),
        [(typeof(AppliedDiscount), "code")] = Id(Ids.DiscountCode),
        [(typeof(AppliedDiscount), "amount")] = s => Describe(s,
            "What the code takes off: percentOff of the subtotal rounded down to whole minor units, or amountOff capped at the subtotal; 0 while the cart is below minSubtotal or the code is outside its validity window."),
        [(typeof(Discount), "code")] = Id(Ids.DiscountCode),
        [(typeof(Discount), "percentOff")] = s => Describe(s, "Percent off the subtotal (1-100); null when amountOff is set.", minimum: 1, maximum: 100),
        [(typeof(Discount), "redeemed")] = s => Describe(s, "Redemptions committed by Confirmed orders.", minimum: 0),
        [(typeof(Discount), "reserved")] = s => Describe(s, "Redemptions held by orders still being placed (they lapse with the stock reservations).", minimum: 0),
        [(typeof(CreateDiscountRequest), "code")] = s => Match(s, Ids.DiscountCode.Pattern, Ids.DiscountCode.Rule + " Stored in upper case."),
        [(typeof(CreateDiscountRequest), "percentOff")] = s => Describe(s, "Percent off the subtotal (1-100); give this or amountOff.", minimum: 1, maximum: 100),
        [(typeof(CreateDiscountRequest), "maxRedemptions")] = s => Describe(s, "At most this many Confirmed orders carry the code; unlimited when absent.", minimum: 1),
        [(typeof(ApplyDiscountRequest), "code")] = s => Match(s, Ids.DiscountCode.Pattern, Ids.DiscountCode.Rule),
        [(typeof(ProblemDetails), "type")] = s => s.Format = "uri-reference",
        [(typeof(HttpValidationProblemDetails), "type")] = s => s.Format = "uri-reference",
    };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is { DeclaringType: var declaring, Name: var name } && Rules.TryGetValue((declaring, name), out var rule))
            rule(schema);
        else if (context.JsonPropertyInfo is null)
            DescribeType(schema, context.JsonTypeInfo.Type);
        return Task.CompletedTask;
    }

    /// <summary>Rules about a whole object: fields the serializer always writes, and the problem bodies' traceId.</summary>
    private static void DescribeType(OpenApiSchema schema, Type type)
    {
        if (type == typeof(StockLevelView))
            schema.Required?.Add("available");
        if (type == typeof(Product) || type == typeof(ProductVariant))
            (schema.Required ??= new HashSet<string>()).Add("images");
        if (type == typeof(ProblemDetails) || type == typeof(HttpValidationProblemDetails))
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties["traceId"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "The W3C traceparent of the request, to quote when reporting a problem.",
            };
            schema.Required ??= new HashSet<string>();
            schema.Required.Add("traceId");
        }
    }

    /// <summary>Never null: a product stored before images existed answers an empty list.</summary>
    private static void Images(OpenApiSchema schema) => Describe(schema, "Pictures in display order; empty when there are none.").Type = JsonSchemaType.Array;

    private static Action<OpenApiSchema> Id(IdKind kind) => s => Match(s, kind.Pattern, kind.Rule);

    private static void Status(OpenApiSchema schema) =>
        Describe(schema, "Pending while the checkout runs; Failed means compensated (stock released, nothing charged).").Enum = [.. Statuses.Select(v => (JsonNode)v)];

    private static void FailureReason(OpenApiSchema schema) =>
        Describe(schema, "Why a Failed order failed; null otherwise.").Enum = [JsonNullSentinel.JsonNull, .. FailureReasonValues.Select(v => (JsonNode)v)];

    private static void PaymentId(OpenApiSchema schema) =>
        Describe(schema, "The payment gateway's id for the charge (a Stripe PaymentIntent id, 'pi_...'); null until a payment is attempted.");

    private static void Email(OpenApiSchema schema) => schema.Format = "email";

    private static void Match(OpenApiSchema schema, string pattern, string description) => Describe(schema, description).Pattern = pattern;

    private static OpenApiSchema Describe(OpenApiSchema schema, string description, long? minimum = null, long? maximum = null)
    {
        schema.Description = description;
        if (minimum is { } min)
            schema.Minimum = min.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (maximum is { } max)
            schema.Maximum = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return schema;
    }
}
