using System.Text;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Users;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EShop.Api.Users;

public sealed record TokenResponse(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn);

/// <summary>
/// Issues access tokens (HS256 JWTs) on the shop's clock. They carry the subject and roles only: no email, since a
/// token ends up in logs, proxies and browser storage, and every handler reads the account from its grain.
/// </summary>
public sealed class TokenService(IOptions<JwtOptions> options, ShopClock clock)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public static SymmetricSecurityKey SigningKey(JwtOptions jwt) => new(Encoding.UTF8.GetBytes(jwt.SigningKey));

    public TokenResponse Issue(UserProfile profile, Secret refreshToken)
    {
        var jwt = options.Value;
        var now = clock.UtcNow.UtcDateTime;
        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + jwt.AccessTokenLifetime,
            SigningCredentials = new SigningCredentials(SigningKey(jwt), SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = profile.UserId,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
                [AuthSetup.RoleClaim] = profile.Roles.ToArray(),
            },
        });
        return new TokenResponse(token, refreshToken.Value, "Bearer", (int)jwt.AccessTokenLifetime.TotalSeconds);
    }
}
