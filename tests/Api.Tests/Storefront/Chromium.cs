using Microsoft.Playwright;

namespace EShop.Api.Tests.Storefront;

/// <summary>
/// Debian's chromium (installed by .ci/run; Playwright cannot download its own browser here), driven by Playwright.
/// <c>CHROMIUM_PATH</c> names another binary.
/// </summary>
internal static class Chromium
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"No browser at {ExecutablePath}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // As root in a container, without a GPU; and no background calls to Google's hosts, which this
            // machine's closed network refuses.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        return (playwright, browser);
    }
}
