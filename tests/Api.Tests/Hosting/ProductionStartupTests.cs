using System.Net;
using System.Security.Cryptography;
using EShop.Api.Tests.Infrastructure;

namespace EShop.Api.Tests.Hosting;

/// <summary>Outside Development the Api refuses the settings that would let a reader of this repository in.</summary>
public sealed class ProductionStartupTests
{
    [Fact]
    public async Task A_production_api_seeding_the_documented_admin_password_refuses_to_start()
    {
        var settings = ProductionHostFactory.Fit();
        settings["Seed:Enabled"] = "true";

        var reason = Assert.Single(await ProductionHostFactory.RefusalOf(settings));

        Assert.Contains("Seed:AdminPassword", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("development-only-signing-key-change-me-0123456789")]
    [InlineData("compose-demo-signing-key-change-me-0123456789")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task A_production_api_with_a_committed_or_guessable_signing_key_refuses_to_start(string key)
    {
        var settings = ProductionHostFactory.Fit();
        settings["Jwt:SigningKey"] = key;

        var reason = Assert.Single(await ProductionHostFactory.RefusalOf(settings));

        Assert.Contains("Jwt:SigningKey", reason, StringComparison.Ordinal);
        Assert.DoesNotContain(key, reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_production_api_with_neither_a_stripe_key_nor_an_explicit_simulated_gateway_refuses_to_start()
    {
        var settings = ProductionHostFactory.Fit();
        settings.Remove("Payments:Gateway");

        var reason = Assert.Single(await ProductionHostFactory.RefusalOf(settings));

        Assert.Contains("Payments:Gateway", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_production_api_with_a_random_key_an_own_admin_password_and_simulated_payments_on_purpose_starts()
    {
        var settings = ProductionHostFactory.Fit();
        settings["Seed:Enabled"] = "true";
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        settings["Seed:AdminEmail"] = "owner@shop.example";
        settings["Seed:AdminPassword"] = password;
        await using var factory = new ProductionHostFactory(settings);

        var login = await factory.CreateClient().Login("owner@shop.example", password);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }
}
