using System.Collections.Concurrent;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using EShop.Client;
using EShop.Tests.Shared;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EShop.Api.Tests.Storefront;

/// <summary>
/// The storefront at <c>/</c> in a real browser (Debian's chromium through Playwright) against the real Api on Kestrel:
/// a guest fills a cart, signs up (the cart comes along), applies a code, pays with a test card and watches the order
/// turn Confirmed live. Every page is checked with axe, and the browser must log no error on the way.
/// <c>UPDATE_SCREENSHOTS=1</c> writes the screenshots into docs/screenshots.
/// </summary>
[Collection(StorefrontCollection.Name)]
public sealed class StorefrontBrowserTests(StorefrontApiFactory factory) : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _browserErrors = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async ValueTask InitializeAsync()
    {
        (_playwright, _browser) = await Chromium.LaunchAsync();
        SetDefaultExpectTimeout(15_000);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
    }

    [Fact(Timeout = 180_000)]
    public async Task A_guest_fills_a_cart_signs_up_with_it_uses_a_code_pays_and_watches_the_order_confirm_live()
    {
        await using var context = await _browser!.NewContextAsync(new() { BaseURL = factory.Url.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.Console += (_, message) => { if (message.Type == "error") _browserErrors.Enqueue($"console: {message.Text} ({message.Location})"); };
        page.PageError += (_, error) => _browserErrors.Enqueue($"page: {error}");
        var code = await CreateDiscountCodeAsync();

        // The catalog, searched with the keyboard.
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Products", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Products" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(12);
        await CheckAccessibilityAndShoot(page, "catalog");
        await page.GetByLabel("Search products").FillAsync("tee");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Results for “tee”" })).ToBeVisibleAsync();

        // A product page: a variant and a quantity, added as a guest (the cart token is made on the first write).
        await page.GetByRole(AriaRole.Link, new() { Name = "Classic Tee" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Classic Tee", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Classic Tee black M ·").CheckAsync();
        await page.GetByLabel("Quantity").FillAsync("2");
        await page.GetByLabel("Quantity").PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Added 2 × Classic Tee to your cart.");
        await Expect(page.Locator("#cart-count")).ToHaveTextAsync("2");
        await CheckAccessibilityAndShoot(page, "product");

        // The cart with a discount code: 2 × $19.99 with 10% off ($3.998, taken off as $3.99: whole cents, rounded down).
        await page.GetByRole(AriaRole.Link, new() { Name = "Cart (2)" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your cart" })).ToBeVisibleAsync();
        await page.GetByLabel("Discount code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.GetByTestId("discount")).ToHaveTextAsync("−$3.99");
        await Expect(page.GetByTestId("total")).ToHaveTextAsync("$35.99");
        await CheckAccessibilityAndShoot(page, "cart");

        // Checkout needs an account: signing up brings the guest cart (and its code) along.
        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        await page.GetByLabel("Full name").FillAsync("Bea Browser");
        await page.GetByLabel("Email").FillAsync($"bea-{Guid.NewGuid():N}@example.com");
        await page.GetByLabel("Password (at least 8 characters)").FillAsync("correct-horse-battery");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Checkout" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Items" })).ToHaveTextAsync("2 × Classic Tee black M · $39.98");
        await page.GetByLabel("Address", new() { Exact = true }).FillAsync("1 Main St");
        await page.GetByLabel("City").FillAsync("Springfield");
        await page.GetByLabel("Postal code").FillAsync("12345");
        await Expect(page.GetByLabel("Visa test card (succeeds)")).ToBeCheckedAsync();
        await CheckAccessibilityAndShoot(page, "checkout");
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order · $35.99" }).ClickAsync();

        // The order page: Pending while the payment is held on the shop's clock, then Confirmed over the event stream.
        var status = page.GetByTestId("order-status");
        await Expect(status).ToHaveAttributeAsync("data-status", "Pending");
        await Expect(page.GetByText("Updates appear here as they happen.")).ToBeVisibleAsync();
        var orderId = (await page.Locator("h1 .mono").TextContentAsync())!;
        await AdvanceUntil(() => status.GetAttributeAsync("data-status"), "Confirmed", TestContext.Current.CancellationToken);
        await Expect(status).ToHaveTextAsync("Confirmed");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Order {orderId} is now Confirmed.");
        await Expect(page.Locator("#cart-count")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("total")).ToHaveTextAsync("$35.99");
        await CheckAccessibilityAndShoot(page, "order");

        // The history lists it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Orders", Exact = true }).ClickAsync();
        var row = page.Locator($"tr[data-order-id='{orderId}']");
        await Expect(row).ToContainTextAsync("Confirmed");
        await Expect(row).ToContainTextAsync("$35.99");
        await CheckAccessibilityAndShoot(page, "orders");

        Assert.True(_browserErrors.IsEmpty, string.Join("\n", _browserErrors));
    }

    private async Task<string> CreateDiscountCodeAsync()
    {
        using var http = new HttpClient { BaseAddress = factory.Url };
        using var admin = new EShopClient(http);
        await admin.LoginAsync(StorefrontApiFactory.AdminEmail, StorefrontApiFactory.AdminPassword, TestContext.Current.CancellationToken);
        var code = $"BROWSER{Random.Shared.Next(1000, 9999)}";
        await admin.CreateDiscountAsync(new DiscountInput(code, PercentOff: 10), TestContext.Current.CancellationToken);
        return code;
    }

    /// <summary>The payment waits on the shop's clock: moves it on until the page shows the status (or 30 s pass).</summary>
    private async Task AdvanceUntil(Func<Task<string?>> current, string expected, CancellationToken cancellation)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (await current() != expected && DateTime.UtcNow < until)
        {
            factory.Time.Advance(StorefrontApiFactory.PaymentLatency);
            await Task.Delay(200, cancellation);
        }
    }

    /// <summary>No serious or critical axe finding on the page; a full-page screenshot for the docs.</summary>
    private static async Task CheckAccessibilityAndShoot(IPage page, string name)
    {
        var results = await page.RunAxe();
        var findings = results.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}").ToList();
        Assert.True(findings.Count == 0, $"{name}: {string.Join('\n', findings)}");
        var folder = Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1"
            ? Repository.PathOf("docs/screenshots")
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"storefront-{name}.png");
        await page.ScreenshotAsync(new() { Path = file, FullPage = true });
        Assert.True(new FileInfo(file).Length > 10_000, $"{file} is nearly empty");
    }
}
