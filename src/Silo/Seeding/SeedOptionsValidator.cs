using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EShop.Silo.Seeding;

/// <summary>
/// Outside Development a seeded admin needs a password of the operator's own: the documented default is in the
/// README for anyone to read, and an empty or blank one is no password at all. Checked only when seeding is on.
/// </summary>
public sealed class SeedOptionsValidator(IHostEnvironment environment) : IValidateOptions<SeedOptions>
{
    public ValidateOptionsResult Validate(string? name, SeedOptions options)
    {
        if (environment.IsDevelopment())
            return ValidateOptionsResult.Success;
        if (string.IsNullOrWhiteSpace(options.AdminPassword))
            return ValidateOptionsResult.Fail("Seed:AdminPassword is empty: set a password of your own for the seeded admin, or Seed:Enabled=false.");
        return string.Equals(options.AdminPassword.Trim(), SeedOptions.DevelopmentAdminPassword, StringComparison.OrdinalIgnoreCase)
            ? ValidateOptionsResult.Fail("Seed:AdminPassword is the documented Development default: set a password of your own for the seeded admin, or Seed:Enabled=false.")
            : ValidateOptionsResult.Success;
    }
}
