using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.Extensions.Options;

namespace EShop.Api.Users;

/// <summary>The <c>Jwt</c> section. The signing key has no default outside Development: start-up fails without it.</summary>
public sealed class JwtOptions
{
    public const string Section = "Jwt";

    [Required]
    public string Issuer { get; set; } = "eshop";

    [Required]
    public string Audience { get; set; } = "eshop-api";

    /// <summary>HMAC-SHA256 key, at least 32 bytes of UTF-8.</summary>
    [Required]
    public string SigningKey { get; set; } = "";

    [Range(typeof(TimeSpan), "00:00:30", "00:15:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Tolerated clock difference between token issuer and validator.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}

internal sealed class JwtOptionsValidator : IValidateOptions<JwtOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtOptions options) =>
        Encoding.UTF8.GetByteCount(options.SigningKey) < 32
            ? ValidateOptionsResult.Fail("Jwt:SigningKey must be set to at least 32 bytes (it has no default outside Development).")
            : ValidateOptionsResult.Success;
}
