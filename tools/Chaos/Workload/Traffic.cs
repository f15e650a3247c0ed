using System.Collections.Concurrent;
using System.Net;
using EShop.Client;

namespace EShop.Chaos.Workload;

/// <summary>An order the shop accepted (202): the checker must find it settled.</summary>
internal sealed record AcceptedOrder(string OrderId, int User, string IdempotencyKey, string PaymentMethod, double AcceptedAt, bool FlashSale);

/// <summary>The skus of the run: ordinary ones with plenty of stock and one flash-sale sku with little.</summary>
internal sealed record RunCatalog(IReadOnlyList<string> ProductIds, IReadOnlyList<string> Skus, string FlashSku, IReadOnlyDictionary<string, int> InitialOnHand);

/// <summary>
/// The steady mix the run drives through the typed client, one loop per user: browse the catalog, fill a cart (now and
/// then with the flash-sale sku), check out with a good or a declined card, sometimes cancel. A checkout that gets no
/// answer or a 5xx is sent again with the same Idempotency-Key, as a careful client does, until it is accepted.
/// </summary>
internal sealed class Traffic(RunOptions options, Uri api, RequestLog log)
{
    public const string AdminEmail = "admin@eshop.local";
    public const string AdminPassword = "Admin123!ChangeMe";
    private const string GoodCard = "pm_card_visa";
    private const string DeclinedCard = "pm_card_chargeDeclined";
    private static readonly AddressInput Address = new("Chaos Monkey", "1 Fault Lane", null, "Springfield", "12345", "US");

    private readonly ConcurrentQueue<AcceptedOrder> _accepted = new();
    private readonly ConcurrentDictionary<string, int> _outcomes = new();
    private readonly List<EShopClient> _users = [];

    public IReadOnlyList<AcceptedOrder> Accepted => [.. _accepted];

    public IReadOnlyDictionary<string, int> Outcomes => _outcomes;

    public IReadOnlyList<EShopClient> Users => _users;

    public EShopClient NewClient() => new(new HttpClient(new RecordingHandler(log, options.RequestTimeout)) { BaseAddress = api, Timeout = Timeout.InfiniteTimeSpan });

    /// <summary>Creates the run's products and stock and signs in the users (before any fault).</summary>
    public async Task<RunCatalog> PrepareAsync(EShopClient admin, CancellationToken cancellationToken)
    {
        await Setup(() => admin.LoginAsync(AdminEmail, AdminPassword, cancellationToken), cancellationToken);
        var run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var products = new List<string>();
        var skus = new List<string>();
        var stock = new Dictionary<string, int>();
        for (var i = 0; i <= options.Skus; i++)
        {
            var sku = i == 0 ? $"FLASH-{run}" : $"CHAOS-{run}-{i}";
            var product = await Setup(() => admin.CreateProductAsync(new ProductInput($"Chaos {sku}", "Made by the chaos runner.", "chaos",
                new Dictionary<string, string>(), [new VariantInput(sku, sku, new Dictionary<string, string>(), new Money(500 + 100 * i, "usd"))]), cancellationToken), cancellationToken);
            products.Add(product.ProductId);
            var onHand = i == 0 ? options.FlashStock : options.Stock;
            await Setup(() => admin.SetStockAsync(sku, onHand, cancellationToken), cancellationToken);
            stock[sku] = onHand;
            if (i > 0)
                skus.Add(sku);
        }

        for (var user = 0; user < options.Users; user++)
        {
            var client = NewClient();
            var email = $"chaos-{run.ToLowerInvariant()}-{user}@example.com";
            const string password = "Chaos-Passw0rd!";
            await Setup(() => client.RegisterAsync(email, password, $"Chaos User {user}", cancellationToken), cancellationToken);
            await Setup(() => client.LoginAsync(email, password, cancellationToken), cancellationToken);
            _users.Add(client);
        }
        return new RunCatalog(products, skus, $"FLASH-{run}", stock);
    }

    public Task RunAsync(RunCatalog catalog, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, _users.Count).Select(user => Task.Run(() => UserLoopAsync(user, catalog, stop), CancellationToken.None)));

    private async Task UserLoopAsync(int user, RunCatalog catalog, CancellationToken stop)
    {
        var client = _users[user];
        var random = new Random(options.Seed * 1000 + user);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await IterationAsync(client, user, catalog, random, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is EShopApiException or TimeoutException or HttpRequestException)
            {
                Count($"error {Describe(error)}");
                await Pause(random, 200, 500, stop);
            }
        }
    }

    private async Task IterationAsync(EShopClient client, int user, RunCatalog catalog, Random random, CancellationToken stop)
    {
        await Call("browse", () => client.ListProductsAsync(category: "chaos", pageSize: 10, cancellationToken: stop));
        var productId = catalog.ProductIds[random.Next(catalog.ProductIds.Count)];
        await Call("product", () => client.GetProductAsync(productId, stop));

        var flash = random.NextDouble() < options.FlashShare;
        await Call("cart", () => client.AddToCartAsync(catalog.Skus[random.Next(catalog.Skus.Count)], random.Next(1, 3), stop));
        if (flash)
            await Call("cart", () => client.AddToCartAsync(catalog.FlashSku, 1, stop));

        var card = random.NextDouble() < options.DeclinedShare ? DeclinedCard : GoodCard;
        var key = Guid.NewGuid().ToString("N");
        var accepted = await CheckoutAsync(client, card, key, random, stop);
        if (accepted is null)
        {
            await EmptyCartAsync(client, stop);
            return;
        }
        _accepted.Enqueue(new AcceptedOrder(accepted.OrderId, user, key, card, log.Now, flash));
        Count("checkout accepted");

        if (random.NextDouble() < options.CancelShare)
        {
            await Pause(random, 0, 1500, stop);
            try
            {
                await Call("cancel", () => client.CancelOrderAsync(accepted.OrderId, stop));
                Count("cancel answered 200");
            }
            catch (EShopApiException error) when (error.Status == HttpStatusCode.Conflict)
            {
                Count("cancel answered 409");
            }
        }

        // As the storefront does: watch the order until it settles (a new checkout from the same cart meanwhile is
        // refused with 409), then start again with an empty cart.
        var deadline = log.Now + 30;
        while (log.Now < deadline)
        {
            var order = await Call("order", () => client.GetOrderAsync(accepted.OrderId, stop));
            if (order.Status != OrderStatuses.Pending)
            {
                Count($"order {order.Status}");
                break;
            }
            await Pause(random, 300, 700, stop);
        }
        await EmptyCartAsync(client, stop);
        await Pause(random, 50, 250, stop);
    }

    /// <summary>POST /api/orders, again with the same key after no answer, a 5xx or a 429, for up to a minute.</summary>
    private async Task<OrderAccepted?> CheckoutAsync(EShopClient client, string card, string key, Random random, CancellationToken stop)
    {
        var deadline = log.Now + 60;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Call("checkout", () => client.PlaceOrderAsync(Address, card, key, stop));
            }
            catch (Exception error) when (Retriable(error) && log.Now < deadline && !stop.IsCancellationRequested)
            {
                Count($"checkout retried after {Describe(error)}");
                var wait = error is EShopApiException { RetryAfter: { } after } ? Math.Min(after.TotalMilliseconds, 3000) : Math.Min(200 * Math.Pow(2, attempt - 1), 3000);
                await Task.Delay(TimeSpan.FromMilliseconds(wait * (0.5 + random.NextDouble() / 2)), stop);
            }
            catch (EShopApiException error) when (!Retriable(error))
            {
                Count($"checkout refused {(int)error.Status}");
                return null;
            }
        }
    }

    private static async Task EmptyCartAsync(EShopClient client, CancellationToken stop)
    {
        var cart = await Call("cart", () => client.GetCartAsync(stop));
        foreach (var line in cart.Items)
            await Call("cart", () => client.RemoveFromCartAsync(line.Sku, stop));
    }

    /// <summary>A set-up call, sent again while a cluster that has just formed answers 503 (a create that did happen answers 409 the second time).</summary>
    private static async Task<T> Setup<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception error) when (Retriable(error) && attempt < 30)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }
    }

    private static Task<bool> Setup(Func<Task> call, CancellationToken cancellationToken) =>
        Setup(async () => { await call(); return true; }, cancellationToken);

    private static bool Retriable(Exception error) =>
        error is TimeoutException or HttpRequestException || error is EShopApiException { Status: >= HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests };

    private static string Describe(Exception error) => error switch
    {
        EShopApiException api => ((int)api.Status).ToString(System.Globalization.CultureInfo.InvariantCulture),
        TimeoutException => "no answer",
        _ => "connection error",
    };

    private void Count(string outcome) => _outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);

    private static async Task<T> Call<T>(string operation, Func<Task<T>> call)
    {
        RecordingHandler.Operation.Value = operation;
        try
        {
            return await call();
        }
        finally
        {
            RecordingHandler.Operation.Value = null;
        }
    }

    private static Task Pause(Random random, int minMs, int maxMs, CancellationToken stop) =>
        Task.Delay(random.Next(minMs, maxMs), stop);
}
