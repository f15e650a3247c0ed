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

    /// <summary>
    /// HMAC-SHA256 key, keyed with its UTF-8 bytes: at least 32 of them, and outside Development the encoding of
    /// at least 32 random bytes (see <see cref="SigningKeyRules"/>).
    /// </summary>
    [Required]
    public string SigningKey { get; set; } = "";

    [Range(typeof(TimeSpan), "00:00:30", "00:15:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Tolerated clock difference between token issuer and validator.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The signing key's length everywhere; outside Development also that it is random and not committed anywhere
/// (<see cref="SigningKeyRules"/>). Development keeps its committed key, so that <c>dotnet run</c> needs no setup.
/// </summary>
internal sealed class JwtOptionsValidator(IHostEnvironment environment) : IValidateOptions<JwtOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        if (Encoding.UTF8.GetByteCount(options.SigningKey) < SigningKeyRules.MinimumBytes)
            return ValidateOptionsResult.Fail("Jwt:SigningKey must be set to at least 32 bytes (it has no default outside Development).");
        if (environment.IsDevelopment())
            return ValidateOptionsResult.Success;
        return SigningKeyRules.Problem(options.SigningKey) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
