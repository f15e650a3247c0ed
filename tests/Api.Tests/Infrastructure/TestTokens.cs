using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>Access tokens made by the test: the shop's issuer and audience, signed with the test key unless told otherwise, valid on the shop's clock.</summary>
public static class TestTokens
{
    private static readonly JsonWebTokenHandler Handler = new();

    public static string Mint(ApiFactory factory, IDictionary<string, object> claims, string? signingKey = null)
    {
        var now = factory.Time.GetUtcNow().UtcDateTime;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "eshop",
            Audience = "eshop-api",
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey ?? factory.SigningKey)), SecurityAlgorithms.HmacSha256),
            Claims = claims,
        });
    }

    /// <summary>The claims of an access token, read without checking it.</summary>
    public static IReadOnlyCollection<string> ClaimTypes(string accessToken) =>
        [.. Handler.ReadJsonWebToken(accessToken).Claims.Select(c => c.Type).Distinct()];
}
