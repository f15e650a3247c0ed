using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Discounts;
using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Abstractions.Users;
using EShop.Grains.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EShop.Silo.Seeding;

/// <summary>
/// Seeds the demo catalog, its stock, the WELCOME10 discount code and the admin account once the silo is active. Idempotent across restarts
/// and across silos: products have fixed ids, stock is set only for skus never stocked, the admin a fixed userId.
/// </summary>
public sealed partial class DemoSeeder(IGrainFactory grains, IOptions<SeedOptions> options, ILogger<DemoSeeder> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public const string AdminUserId = "usr_admin";

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(DemoSeeder), ServiceLifecycleStage.Active, SeedAsync);

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var seed = options.Value;
        var created = 0;
        foreach (var product in DemoCatalog.Products)
        {
            var result = await grains.GetGrain<IProductGrain>(product.ProductId).Create(product);
            if (result.Status == ProductSaveStatus.Saved)
                created++;
            else if (result.Status != ProductSaveStatus.AlreadyExists)
                throw new InvalidOperationException($"Seeding {product.ProductId} failed: {result.Status} {result.TakenSku}");
            await Task.WhenAll(product.Variants.Select(v => grains.GetGrain<IInventoryGrain>(v.Sku).StockIfNew(seed.StockPerSku)));
        }

        await SeedAdminAsync(seed, cancellationToken);
        // Exists after the first time: the code keeps its counts across restarts.
        await grains.GetGrain<IDiscountGrain>(DiscountRules.GrainKey(DemoCatalog.WelcomeDiscount.Code)).Create(DemoCatalog.WelcomeDiscount);

        var adminAccount = Redact.Email(seed.AdminEmail);
        LogSeeded(logger, created, DemoCatalog.Products.Count, adminAccount);
    }

    /// <summary>Registers the admin as any customer registers: the silo hashes the password under its hashing cap.</summary>
    private async Task SeedAdminAsync(SeedOptions seed, CancellationToken cancellationToken)
    {
        var emailIndex = grains.GetGrain<IEmailIndexGrain>(UserRules.NormalizeEmail(seed.AdminEmail));
        if (await emailIndex.GetUserId() is not null)
            return;

        var admin = new Registration(AdminUserId, seed.AdminEmail, "Shop Admin", new Secret(seed.AdminPassword), [Roles.Admin, Roles.Customer]);
        var result = await emailIndex.Register(admin);
        while (result.Status == RegistrationStatus.Busy)
        {
            // Only a burst of logins at start-up can fill the hashing queue; it drains within seconds.
            await Task.Delay(result.RetryAfter ?? TimeSpan.FromSeconds(1), cancellationToken);
            result = await emailIndex.Register(admin);
        }

        if (result.Status == RegistrationStatus.EmailTaken)
            throw new InvalidOperationException("Seeding the admin account failed: its email belongs to another user.");
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Demo data seeded: {Created} of {Total} products created, admin account {AdminAccount}")]
    private static partial void LogSeeded(ILogger logger, int created, int total, string adminAccount);
}

internal static class DemoSeedingExtensions
{
    public static void AddDemoSeeding(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(SeedOptions.Section);
        var enabled = section.GetValue<bool?>(nameof(SeedOptions.Enabled)) ?? environment.IsDevelopment();
        if (!enabled)
            return;

        services.AddOptions<SeedOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SeedOptions>>(new SeedOptionsValidator(environment));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, DemoSeeder>();
    }
}
