using System.Net;
using EShop.LoadTest.Measurement;

namespace EShop.LoadTest.Http;

// Making the signed-in customers of a run: registered and logged in, or made by the shop's Development route.
public sealed partial class ShopClient
{
    private const string Password = "load-test-password-1";

    // Register and login queue for the server's capped password hasher: under a burst they wait longer than a
    // load call should, and a timed-out one is retried.
    private static readonly TimeSpan SetupCallTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Registers and logs in <paramref name="count"/> customers, --register-concurrency at a time. Password hashing
    /// is CPU-bound and capped on the server: a 503 or 429 is retried after its Retry-After, until the set-up deadline.
    /// </summary>
    public async Task<IReadOnlyList<Customer>> Customers(int count, Action<int> progress, CancellationToken cancellationToken)
    {
        if (_options.DevCustomers)
            return await DevCustomers(count, progress, cancellationToken);
        using var gate = new SemaphoreSlim(_options.RegisterConcurrency);
        var ready = 0;
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async index =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var connection = Connection(index);
                var email = $"load-{Guid.NewGuid():N}@example.com";
                var (registered, attempts) = await Retrying(() => connection.Call(Operations.Register,
                    (client, token) => client.RegisterAsync(email, Password, "Load Test", token), SetupCallTimeout, cancellationToken), cancellationToken);
                // The email is fresh: taken on a retry means an earlier attempt that timed out on our side went through.
                var landedBefore = attempts > 1 && registered.Is(HttpStatusCode.Conflict);
                if (!registered.Ok && !landedBefore)
                    throw new SetupException($"Registering a customer answered {registered.Error}; raise the shop's RateLimits (see --help).");
                if (!await Login(connection, email, Password, cancellationToken))
                    throw new SetupException("A newly registered customer could not log in.");
                progress(Interlocked.Increment(ref ready));
                return new Customer(connection);
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
            var answer = await _admin.Call(Operations.Admin, (client, token) => client.CreateDevCustomersAsync(wanted, token), SetupCallTimeout, cancellationToken);
            if (!answer.Ok)
                throw new SetupException($"POST /api/dev/customers answered {answer.Error}: it exists only when the shop runs in Development.");
            foreach (var made in answer.Value)
            {
                var connection = Connection(customers.Count);
                connection.UseAccessToken(made.AccessToken);
                customers.Add(new Customer(connection));
            }

            progress(customers.Count);
        }

        return customers;
    }

    /// <summary>Logs the connection in (its client keeps the tokens); false if the shop refused.</summary>
    private static async Task<bool> Login(ShopConnection connection, string email, string password, CancellationToken cancellationToken)
    {
        var (answer, _) = await Retrying(() => connection.Call(Operations.Login, async (client, token) =>
        {
            await client.LoginAsync(email, password, token);
            return client.Tokens;
        }, SetupCallTimeout, cancellationToken), cancellationToken);
        return answer.Ok;
    }

    /// <summary>Repeats a call the shop refused for now (503 busy, 429 limited, no answer), waiting as Retry-After asks.</summary>
    private static async Task<(Outcome<T> Outcome, int Attempts)> Retrying<T>(Func<Task<Outcome<T>>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await call();
            var busy = outcome.Is(HttpStatusCode.ServiceUnavailable) || outcome.Is(HttpStatusCode.TooManyRequests) || outcome.Unanswered;
            if (!busy)
                return (outcome, attempt);
            var wait = outcome.RetryAfter ?? TimeSpan.FromMilliseconds(Math.Min(2000, 100 * attempt));
            // Jitter, so that the refused do not all come back in the same instant.
            await Task.Delay(wait + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 250)), cancellationToken);
        }
    }
}
