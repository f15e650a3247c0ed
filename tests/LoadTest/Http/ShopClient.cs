using System.Net;
using EShop.LoadTest.Measurement;
using EShop.LoadTest.Options;

namespace EShop.LoadTest.Http;

/// <summary>A step of the set-up that failed: the run cannot go on (exit code 3).</summary>
public sealed class SetupException(string message) : Exception(message);

/// <summary>Stock of one sku as the admin API reports it.</summary>
public sealed record StockLevel(long OnHand, long Reserved, long Available);

/// <summary>The shop as the load needs it: the admin's calls and making signed-in customers.</summary>
public sealed class ShopClient(LoadOptions options, RunRecorder recorder) : IDisposable
{
    private const string Password = "load-test-password-1";

    // Register and login queue for the server's capped password hasher: under a burst they wait longer than a
    // load call should, and a timed-out one is retried.
    private static readonly TimeSpan SetupCallTimeout = TimeSpan.FromSeconds(60);

    // The admin (and anonymous set-up) from the default address; each customer gets its own (see ClientAddresses).
    private readonly ShopConnection _admin = new(options.Url, null, options.RequestTimeout, recorder);
    private readonly List<ShopConnection> _connections = [];
    private readonly Lock _gate = new();
    private string? _adminToken;

    /// <summary>A connection for anonymous user <paramref name="index"/>, from its own address unless --one-address.</summary>
    public ShopConnection Connection(int index)
    {
        if (options.OneAddress)
            return _admin;
        var connection = new ShopConnection(options.Url, ClientAddresses.Of(index), options.RequestTimeout, recorder);
        lock (_gate)
            _connections.Add(connection);
        return connection;
    }

    public async Task LoginAdmin(CancellationToken cancellationToken) =>
        _adminToken = await Login(_admin, options.AdminEmail, options.AdminPassword, cancellationToken)
            ?? throw new SetupException($"The admin {options.AdminEmail} could not log in at {options.Url} (see --admin-email, --admin-password).");

    /// <summary>A fresh product with one sku holding <paramref name="onHand"/> units.</summary>
    public async Task<string> CreateSku(int onHand, CancellationToken cancellationToken)
    {
        var sku = $"LOAD-{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        var product = new
        {
            name = $"Load {sku}",
            description = "Made by the load tester.",
            category = "load",
            attributes = new Dictionary<string, string>(),
            variants = new[] { new { sku, name = sku, attributes = new Dictionary<string, string>(), price = new { amount = 1000, currency = "usd" } } },
        };
        var created = await Admin(HttpMethod.Post, "/api/products", product, cancellationToken);
        var stocked = await Admin(HttpMethod.Put, $"/api/inventory/{sku}", new { onHand }, cancellationToken);
        return created.Ok && stocked.Ok
            ? sku
            : throw new SetupException($"Creating sku {sku} failed: product {created.Status}, stock {stocked.Status}.");
    }

    public async Task<StockLevel> Stock(string sku, CancellationToken cancellationToken)
    {
        var answer = await Admin(HttpMethod.Get, $"/api/inventory/{sku}", null, cancellationToken);
        if (!answer.Ok)
            throw new SetupException($"GET /api/inventory/{sku} answered {answer.Error}.");
        return new StockLevel(answer.Body.GetProperty("onHand").GetInt64(), answer.Body.GetProperty("reserved").GetInt64(), answer.Body.GetProperty("available").GetInt64());
    }

    /// <summary>
    /// Registers and logs in <paramref name="count"/> customers, --register-concurrency at a time. Password hashing
    /// is CPU-bound and capped on the server: a 503 or 429 is retried after its Retry-After, until the set-up deadline.
    /// </summary>
    public async Task<IReadOnlyList<Customer>> Customers(int count, Action<int> progress, CancellationToken cancellationToken)
    {
        if (options.DevCustomers)
            return await DevCustomers(count, progress, cancellationToken);
        using var gate = new SemaphoreSlim(options.RegisterConcurrency);
        var ready = 0;
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async index =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var connection = Connection(index);
                var email = $"load-{Guid.NewGuid():N}@example.com";
                var (registered, attempts) = await Retrying(() => connection.Send(Operations.Register, HttpMethod.Post, "/api/auth/register",
                    null, new { email, password = Password, fullName = "Load Test" }, timeout: SetupCallTimeout, cancellationToken: cancellationToken), cancellationToken);
                // The email is fresh: taken on a retry means an earlier attempt that timed out on our side went through.
                var landedBefore = attempts > 1 && registered.Is(HttpStatusCode.Conflict);
                if (!registered.Ok && !landedBefore)
                    throw new SetupException($"Registering a customer answered {registered.Error}; raise the shop's RateLimits (see --help).");
                var token = await Login(connection, email, Password, cancellationToken)
                    ?? throw new SetupException("A newly registered customer could not log in.");
                progress(Interlocked.Increment(ref ready));
                return new Customer(connection, token);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    /// <summary>Customers made by the shop's Development-only route, a thousand per call, each with its own connection.</summary>
    private async Task<IReadOnlyList<Customer>> DevCustomers(int count, Action<int> progress, CancellationToken cancellationToken)
    {
        const int PerCall = 1000;
        var customers = new List<Customer>(count);
        while (customers.Count < count)
        {
            var wanted = Math.Min(PerCall, count - customers.Count);
            var answer = await _admin.Send("admin", HttpMethod.Post, "/api/dev/customers", _adminToken, new { count = wanted },
                timeout: SetupCallTimeout, cancellationToken: cancellationToken);
            if (!answer.Ok)
                throw new SetupException($"POST /api/dev/customers answered {answer.Error}: it exists only when the shop runs in Development.");
            foreach (var made in answer.Body.EnumerateArray())
                customers.Add(new Customer(Connection(customers.Count), made.GetProperty("accessToken").GetString()!));
            progress(customers.Count);
        }

        return customers;
    }

    public void Dispose()
    {
        _connections.ForEach(c => c.Dispose());
        _admin.Dispose();
    }

    private Task<Answer> Admin(HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        _admin.Send("admin", method, path, _adminToken, body, cancellationToken: cancellationToken);

    private static async Task<string?> Login(ShopConnection connection, string email, string password, CancellationToken cancellationToken)
    {
        var (answer, _) = await Retrying(() => connection.Send(Operations.Login, HttpMethod.Post, "/api/auth/login", null, new { email, password },
            timeout: SetupCallTimeout, cancellationToken: cancellationToken), cancellationToken);
        return answer.Ok ? answer.Text("accessToken") : null;
    }

    /// <summary>Repeats a call the shop refused for now (503 busy, 429 limited, no answer), waiting as Retry-After asks.</summary>
    private static async Task<(Answer Answer, int Attempts)> Retrying(Func<Task<Answer>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var answer = await call();
            var busy = answer.Is(HttpStatusCode.ServiceUnavailable) || answer.Is(HttpStatusCode.TooManyRequests) || answer.Status == 0;
            if (!busy)
                return (answer, attempt);
            var wait = answer.RetryAfter ?? TimeSpan.FromMilliseconds(Math.Min(2000, 100 * attempt));
            // Jitter, so that the refused do not all come back in the same instant.
            await Task.Delay(wait + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 250)), cancellationToken);
        }
    }
}
