using System.Diagnostics;
using EShop.Tests.Shared;

namespace EShop.Deploy.Tests;

/// <summary>
/// The Api as its image is published (-p:ClientOnly=true): it carries none of the silo, and asked to host one it
/// refuses to start with one clear line. Published from a copy of the sources, so the build of the suite is untouched.
/// </summary>
public sealed class LeanApiTests : IAsyncLifetime
{
    /// <summary>What only a silo needs: the grains, their storage, reminders and streams, Kafka, Stripe, SMTP, migrations.</summary>
    private static readonly string[] SiloOnly =
    [
        "EShop.Silo.dll", "EShop.Grains.dll", "Confluent.Kafka.dll", "Stripe.net.dll", "MailKit.dll", "MimeKit.dll",
        "Evolve.dll", "Orleans.Persistence.AdoNet.dll", "Orleans.Reminders.AdoNet.dll", "Orleans.Streaming.dll",
        "Orleans.Hosting.Kubernetes.dll", "KubernetesClient.dll", "CloudNative.CloudEvents.dll",
    ];

    private readonly string _work = Directory.CreateTempSubdirectory("eshop-lean-api-").FullName;

    private string Published => Path.Combine(_work, "out");

    public async ValueTask InitializeAsync()
    {
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig" })
            File.Copy(Repository.PathOf(file), Path.Combine(_work, file));
        foreach (var project in new[] { "src/Api", "src/Hosting", "src/Grains.Abstractions" })
            CopySources(Repository.PathOf(project), Path.Combine(_work, project));

        var (code, output) = await Run("dotnet", ["publish", "src/Api/EShop.Api.csproj", "-c", "Release", "-p:ClientOnly=true", "-o", Published, "-nologo", "-v", "q"], TimeSpan.FromMinutes(6));
        Assert.True(code == 0, $"client-only publish failed:\n{output}");
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task The_client_only_api_carries_nothing_of_the_silo_and_refuses_to_host_one()
    {
        var files = Directory.GetFiles(Published).Select(Path.GetFileName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Contains("EShop.Api.dll", files);
        Assert.Contains("EShop.Hosting.dll", files);
        Assert.Contains("Orleans.Clustering.AdoNet.dll", files); // the membership table lists the gateways
        Assert.All(SiloOnly, name => Assert.DoesNotContain(name, files));
        Assert.False(Directory.Exists(Path.Combine(Published, "runtimes", "linux-x64", "native")) &&
            Directory.GetFiles(Path.Combine(Published, "runtimes", "linux-x64", "native")).Any(f => f.Contains("rdkafka", StringComparison.Ordinal)));

        var (code, output) = await Run("dotnet", [Path.Combine(Published, "EShop.Api.dll"), "--urls", "http://127.0.0.1:0"], TimeSpan.FromMinutes(1),
            ("ASPNETCORE_ENVIRONMENT", "Development"), ("Orleans__Mode", "CoHosted"));
        Assert.Equal(1, code);
        Assert.Contains("EShop refuses to start: ", output, StringComparison.Ordinal);
        Assert.Contains("client-only", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_published_api_carries_the_storefront_files()
    {
        // The image's working directory is the publish folder, so its wwwroot is the one served at /.
        foreach (var file in new[] { "index.html", "css/site.css", "js/app.js", "js/api.js", "js/views/checkout.js" })
            Assert.True(File.Exists(Path.Combine(Published, "wwwroot", file)), $"wwwroot/{file} is not published");
    }

    private static void CopySources(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from).Where(d => Path.GetFileName(d) is not ("bin" or "obj")))
            CopySources(dir, Path.Combine(to, Path.GetFileName(dir)));
    }

    private async Task<(int Code, string Output)> Run(string file, string[] args, TimeSpan limit, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = _work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} ran over {limit}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
