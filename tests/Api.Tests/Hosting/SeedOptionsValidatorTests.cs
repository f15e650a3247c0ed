using EShop.Silo.Seeding;
using EShop.Tests.Shared;
using Microsoft.Extensions.Options;

namespace EShop.Api.Tests.Hosting;

public sealed class SeedOptionsValidatorTests
{
    [Theory]
    [InlineData(SeedOptions.DevelopmentAdminPassword)]
    [InlineData(" admin123!changeme ")]
    [InlineData("")]
    [InlineData("          ")]
    public void The_documented_or_a_blank_admin_password_fails_outside_development(string password)
    {
        var result = Validate("Production", password);

        Assert.True(result.Failed);
        Assert.Contains("Seed:AdminPassword", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_options_fail_in_testing_too()
    {
        Assert.True(new SeedOptionsValidator(new NamedEnvironment("Testing")).Validate(null, new SeedOptions()).Failed);
    }

    [Fact]
    public void A_password_of_the_operators_own_passes_outside_development()
    {
        Assert.True(Validate("Production", "kettle-Harbour-41-lantern").Succeeded);
    }

    [Fact]
    public void Development_keeps_its_documented_admin_password()
    {
        Assert.True(Validate("Development", SeedOptions.DevelopmentAdminPassword).Succeeded);
    }

    private static ValidateOptionsResult Validate(string environment, string password) =>
        new SeedOptionsValidator(new NamedEnvironment(environment)).Validate(null, new SeedOptions { AdminPassword = password });
}
