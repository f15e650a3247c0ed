using Microsoft.AspNetCore.Hosting;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>
/// The Api with small limits, so that tests meet them within a few requests. Windows are an hour long: a window
/// never runs out during a test, so no answer depends on timing.
/// </summary>
public sealed class RateLimitedApiFactory : ApiFactory
{
    public const int AuthPermits = 3;
    public const int CheckoutPermits = 2;
    public const int CartWritePermits = 3;
    public const int GuestCartPermits = 3;

    /// <summary>One hash at a time and one waiting: a test that holds both sees every further hash refused.</summary>
    public static readonly TimeSpan HashingRetryAfter = TimeSpan.FromSeconds(7);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimits:Auth:PermitLimit", $"{AuthPermits}");
        builder.UseSetting("RateLimits:Auth:Window", "01:00:00");
        builder.UseSetting("RateLimits:Checkout:PermitLimit", $"{CheckoutPermits}");
        builder.UseSetting("RateLimits:Checkout:Window", "01:00:00");
        builder.UseSetting("RateLimits:CartWrites:PermitLimit", $"{CartWritePermits}");
        builder.UseSetting("RateLimits:CartWrites:Window", "01:00:00");
        builder.UseSetting("RateLimits:GuestCarts:PermitLimit", $"{GuestCartPermits}");
        builder.UseSetting("RateLimits:GuestCarts:Window", "01:00:00");
        builder.UseSetting("RateLimits:PasswordHashing:Permits", "1");
        builder.UseSetting("RateLimits:PasswordHashing:QueueLimit", "1");
        builder.UseSetting("RateLimits:PasswordHashing:RetryAfter", "00:00:07");
    }
}

[CollectionDefinition(Name)]
public sealed class RateLimitedCollection : ICollectionFixture<RateLimitedApiFactory>
{
    public const string Name = "rate-limited api";
}
