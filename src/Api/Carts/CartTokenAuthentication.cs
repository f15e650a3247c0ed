using System.Security.Claims;
using System.Text.Encodings.Web;
using EShop.Grains.Abstractions.Carts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace EShop.Api.Carts;

/// <summary>
/// Signs a request in as a guest cart when it carries a live <c>X-Cart-Token</c>: the principal holds only the
/// cart's key. Only the cart routes accept this scheme, so a guest token opens nothing else (checkout answers 401).
/// </summary>
internal sealed class CartTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IGrainFactory grains)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "CartToken";
    public const string CartClaim = "guest_cart";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(GuestCartTokens.Header, out var header))
            return AuthenticateResult.NoResult();
        if (GuestCartTokens.KeyOf(header.ToString()) is not { } key || !await grains.GetGrain<IGuestCartGrain>(key).IsOpen())
            return AuthenticateResult.Fail("The cart token is unknown, expired or already merged.");

        var identity = new ClaimsIdentity([new Claim(CartClaim, key)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}

public static class GuestCartPrincipal
{
    /// <summary>The guest cart's key when the request came with a cart token; a guest token wins over a Bearer token.</summary>
    public static string? GuestCartKey(this ClaimsPrincipal user) => user.FindFirstValue(CartTokenAuthenticationHandler.CartClaim);
}
