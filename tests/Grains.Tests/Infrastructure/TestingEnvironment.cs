using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace EShop.Grains.Tests.Infrastructure;

/// <summary>The environment handed to the silo set-up: neither Development (no demo seeding) nor Production.</summary>
internal sealed class TestingEnvironment : IHostEnvironment
{
    public const string Name = "Testing";

    public string EnvironmentName { get; set; } = Name;

    public string ApplicationName { get; set; } = "EShop.Grains.Tests";

    public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
