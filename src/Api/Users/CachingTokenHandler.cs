using System.Collections.Concurrent;
using EShop.Grains.Abstractions.Common;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EShop.Api.Users;

/// <summary>
/// Validates each distinct access token once. A customer sends the same token with every request of a checkout, and
/// the signature check and JSON parsing of it were a tenth of the Api's CPU; so a valid result is kept, keyed by the
/// exact token text (signature included: a token changed in any character is a different key and is validated
/// afresh), and reused while the token's own lifetime holds on the shop's clock. Each request gets its own copy of
/// the claims. Invalid tokens are never kept. The cache is bounded and lives in memory: a restart, or a new signing
/// key, starts it empty.
/// </summary>
internal sealed class CachingTokenHandler(JsonWebTokenHandler inner, ShopClock clock, TimeSpan clockSkew) : TokenHandler
{
    public const int Capacity = 20_000;

    private readonly ConcurrentDictionary<string, TokenValidationResult> _valid = new(StringComparer.Ordinal);

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_valid.TryGetValue(token, out var known))
        {
            if (StillLive(known.SecurityToken))
                return Copy(known);
            _valid.TryRemove(token, out _);
        }

        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid)
        {
            // Bounded without bookkeeping: when full, start again (each token is then validated once more).
            if (_valid.Count >= Capacity)
                _valid.Clear();
            _valid[token] = result;
            return Copy(result);
        }

        return result;
    }

    private bool StillLive(SecurityToken token)
    {
        var now = clock.UtcNow.UtcDateTime;
        return now < token.ValidTo + clockSkew && (token.ValidFrom == DateTime.MinValue || now >= token.ValidFrom - clockSkew);
    }

    private static TokenValidationResult Copy(TokenValidationResult result) => new()
    {
        IsValid = true,
        ClaimsIdentity = result.ClaimsIdentity.Clone(),
        SecurityToken = result.SecurityToken,
        TokenType = result.TokenType,
        Issuer = result.Issuer,
    };
}
