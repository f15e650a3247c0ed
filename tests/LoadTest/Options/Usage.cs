namespace EShop.LoadTest.Options;

/// <summary>The --help text; docs/load-testing.md says the same at length.</summary>
public static class Usage
{
    public const string Text = """
        EShop load tester: drives a running shop over its HTTP API only.

        usage: dotnet run -c Release --project tests/LoadTest -- <scenario> [options]

        scenarios
          browse     anonymous GET /api/products (pages, search) and GET /api/products/{id}
          checkout   each user loops: --lines cart adds, POST /api/orders, poll the order until it settles
          flash      --buyers race for --units of one fresh sku: each adds 1 to its cart and checks out at once
          mixed      per user iteration: browse, cart add or checkout by --mix (default 80/15/5)

        options
          --url URL                 the shop (http://127.0.0.1:5000)
          --users N                 concurrent users for timed scenarios (32)
          --seconds S               measured duration (20)        --warmup S   not measured, before it (3)
          --lines N                 cart lines per checkout (1; e.g. 3)
          --buyers N / --units N    flash sale size (2000 / 100)
          --mix B/C/K               mixed shares in percent (80/15/5)
          --settle-timeout S        longest wait for an order to leave Pending; then it counts as stuck (30)
          --request-timeout S       every HTTP call's deadline (10)
          --setup-timeout S         registering and logging in users (600)
          --poll-interval MS        order polling period (50)
          --register-concurrency N  registrations in flight (32); 503/429 answers are retried after Retry-After
          --payment ID              payment method (pm_card_visa)
          --admin-email / --admin-password   the admin account (admin@eshop.local / Admin123!ChangeMe)
          --one-address             every user from the default address, not its own 127.0.x.y
          --dev-customers           make users with the shop's POST /api/dev/customers (Development only, admin)
                                    instead of registering and logging in each: seconds instead of minutes
          --out DIR                 report folder (loadtest-results/<scenario>-<timestamp>)
          --label TEXT              a name for the run in the report
          --note KEY=VALUE          extra facts for the report, repeatable

        exit codes: 0 passed, 1 an invariant failed, 2 bad command line, 3 the run could not be done

        Start the shop with raised limits, e.g. dotnet run -c Release --project src/Api --
          --RateLimits:Auth:PermitLimit=1000000 --RateLimits:Checkout:PermitLimit=1000000
          --RateLimits:CartWrites:PermitLimit=1000000 --RateLimits:PasswordHashing:QueueLimit=100000
        (or --RateLimits:Enabled=false); every user connects from its own loopback address, so per-address limits
        see many clients.
        """;
}
