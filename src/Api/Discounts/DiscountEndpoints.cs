using EShop.Api.Catalog;
using EShop.Api.Infrastructure;
using EShop.Api.Users;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Discounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.Api.Discounts;

public sealed record CreateDiscountRequest(
    string? Code,
    int? PercentOff,
    MoneyRequest? AmountOff,
    int? MaxRedemptions,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidUntil,
    MoneyRequest? MinSubtotal);

/// <summary>Admins create discount codes and read their redemption counts; customers apply them through the cart routes.</summary>
public static class DiscountEndpoints
{
    public static RouteGroupBuilder MapDiscountEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/discounts").WithTags("Discounts").RequireAuthorization(AuthSetup.AdminPolicy).ValidateRouteIds();
        group.MapPost("/", Create).ProducesProblem(StatusCodes.Status409Conflict).WithDescription(
            $"Creates a discount code (admin): exactly one of percentOff (1-100) and amountOff (in '{DiscountRules.ShopCurrency}'), optionally " +
            "maxRedemptions (Confirmed orders that may carry it), a validity window [validFrom, validUntil) and a minSubtotal. Codes are " +
            "case-insensitive and stored in upper case. 409 when the code exists.");
        group.MapGet("/{code}", Get).WithDescription(
            "A discount code with its counts (admin): redeemed by Confirmed orders, and reserved by orders still being placed.");
        return group;
    }

    internal static async Task<Results<Created<Discount>, ValidationProblem, ProblemHttpResult>> Create(CreateDiscountRequest request, IGrainFactory grains)
    {
        var validation = new Validation();
        var code = DiscountRules.Normalize(request.Code);
        if (string.IsNullOrWhiteSpace(request.Code))
            validation.Add("code", "'code' is required.");
        else if (code is null)
            validation.Add("code", Ids.DiscountCode.Rule);
        var terms = new DiscountTerms(
            code ?? "",
            request.PercentOff,
            ToMoney(request.AmountOff, "amountOff", validation),
            request.MaxRedemptions,
            request.ValidFrom,
            request.ValidUntil,
            ToMoney(request.MinSubtotal, "minSubtotal", validation));
        if (!DiscountRules.Validate(terms, validation).IsValid)
            return Problems.Invalid(validation.ToFailure());

        var result = await grains.GetGrain<IDiscountGrain>(DiscountRules.GrainKey(code!)).Create(terms);
        return result.Status == DiscountCreateStatus.Created
            ? TypedResults.Created($"/api/admin/discounts/{code}", result.Discount)
            : Problems.Conflict($"The discount code '{code}' exists.");
    }

    internal static async Task<Results<Ok<Discount>, ProblemHttpResult>> Get(string code, IGrainFactory grains) =>
        await grains.GetGrain<IDiscountGrain>(DiscountRules.GrainKey(DiscountRules.Normalize(code)!)).GetDiscount() is { } discount
            ? TypedResults.Ok(discount)
            : Problems.NotFound("No such discount code.");

    private static Money? ToMoney(MoneyRequest? money, string field, Validation validation)
    {
        if (money is null)
            return null;
        if (money.Amount is null)
            validation.Add($"{field}.amount", "An amount in minor units is required.");
        return new Money(money.Amount ?? 0, money.Currency?.Trim().ToLowerInvariant() ?? "");
    }
}
