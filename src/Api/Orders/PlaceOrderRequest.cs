using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EShop.Api.Users;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Payments;
using EShop.Grains.Abstractions.Users;

namespace EShop.Api.Orders;

public sealed record PlaceOrderRequest(AddressRequest? ShippingAddress, string? AddressId, string? PaymentMethodId)
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 255;

    /// <summary>Checks before the checkout: the header, one address source, a payment method the gateway takes.</summary>
    public async Task<ValidationFailure> ValidateAsync(string? idempotencyKey, IPaymentMethodsGrain paymentMethods)
    {
        var v = new Validation();
        if (string.IsNullOrEmpty(idempotencyKey) || idempotencyKey.Length > MaxIdempotencyKeyLength)
            v.Add(IdempotencyHeader, $"The {IdempotencyHeader} header is required: 1-{MaxIdempotencyKeyLength} characters.");
        if ((ShippingAddress is null) == string.IsNullOrEmpty(AddressId))
            v.Add("shippingAddress", "Give either shippingAddress or addressId.");
        else if (ShippingAddress is not null)
        {
            foreach (var (field, messages) in UserRules.ValidateAddress(ShippingAddress.ToAddress(), "shippingAddress.").Errors)
                Array.ForEach(messages, m => v.Add(field, m));
        }

        if (string.IsNullOrEmpty(PaymentMethodId) || !await paymentMethods.Accepts(PaymentMethodId))
            v.Add("paymentMethodId", "Unknown payment method; in test mode use e.g. pm_card_visa.");
        return v.ToFailure();
    }

    /// <summary>The request's identity for idempotency: the same body gives the same fingerprint.</summary>
    public string Fingerprint()
    {
        var address = ShippingAddress is null ? null : UserRules.NormalizeAddress(ShippingAddress.ToAddress());
        var canonical = JsonSerializer.Serialize(new { AddressId, Address = address, PaymentMethodId });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>The address to ship to, snapshotted now; null when the addressId is not one of the user's.</summary>
    public Address? ResolveAddress(UserProfile? profile) =>
        ShippingAddress is not null
            ? UserRules.NormalizeAddress(ShippingAddress.ToAddress())
            : profile?.Addresses.FirstOrDefault(a => a.AddressId == AddressId);
}
