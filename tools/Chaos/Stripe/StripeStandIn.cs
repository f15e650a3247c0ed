using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EShop.Chaos.Stripe;

/// <summary>
/// A stand-in for api.stripe.com that the silos are pointed at (<c>Payments:Stripe:ApiBase</c>) during a chaos run.
/// It answers POST /v1/payment_intents and POST /v1/refunds as Stripe test mode does (<c>pm_card_*chargeDeclined*</c>
/// declines with 402, any other <c>pm_card_*</c> succeeds; a repeated Idempotency-Key gets the first answer byte for
/// byte), keeps its own ledger of the money taken and given back, the checker's truth independent of the shop, and
/// misbehaves on demand through fault windows (<see cref="SetFault"/>).
/// </summary>
public sealed class StripeStandIn : IAsyncDisposable
{
    public const string SecretKey = "sk_test_chaos";
    public const string PaymentIntentsPath = "/v1/payment_intents";
    public const string RefundsPath = "/v1/refunds";
    public const string WebhookSecret = "whsec_chaos";

    public static readonly TimeSpan DefaultSlowDelay = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, (string Request, StripeAnswer Answer)> _answers = new(StringComparer.Ordinal);
    private readonly List<StripeIntent> _intents = [];
    private readonly List<StripeRefund> _refunds = [];
    private readonly Dictionary<StripeFault, int> _seen = [];
    private int _replayed;
    private int _conflicts;
    private int _unauthorized;
    private int _refusedRefunds;
    private int _ids;
    private StripeFault _fault;
    private TimeSpan _slowDelay = DefaultSlowDelay;
    private CancellationTokenSource _window = new();
    private int _disposed;

    /// <summary>Set to send Stripe's webhooks to the shop (signed with <see cref="WebhookSecret"/>); none are sent before.</summary>
    public StripeWebhookSender? Webhooks { get; set; }

    private StripeStandIn(IReadOnlyList<IPAddress> addresses, int port)
    {
        Addresses = addresses;
        Port = port;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(StripeStandIn).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var address in addresses)
                kestrel.Listen(address, port);
        });
        _app = builder.Build();
        _app.MapPost(PaymentIntentsPath, context => HandleAsync(context, Charge));
        _app.MapPost(RefundsPath, context => HandleAsync(context, Refund));
        _app.MapFallback(context => WriteAsync(context, StripeAnswers.InvalidRequest(null, $"Unrecognized request URL ({context.Request.Method}: {context.Request.Path})."), replayed: false));
    }

    /// <summary>The addresses it listens on, each on <see cref="Port"/>.</summary>
    public IReadOnlyList<IPAddress> Addresses { get; }

    public int Port { get; private set; }

    public StripeFault Fault
    {
        get
        {
            lock (_gate)
                return _fault;
        }
    }

    /// <summary>Every PaymentIntent created, in order, declined ones included.</summary>
    public IReadOnlyList<StripeIntent> Intents
    {
        get
        {
            lock (_gate)
                return [.. _intents];
        }
    }

    /// <summary>Every refund made, in order.</summary>
    public IReadOnlyList<StripeRefund> Refunds
    {
        get
        {
            lock (_gate)
                return [.. _refunds];
        }
    }

    public StripeRequestCounts Counts
    {
        get
        {
            lock (_gate)
                return new StripeRequestCounts(new Dictionary<StripeFault, int>(_seen), _replayed, _conflicts, _unauthorized, _refusedRefunds);
        }
    }

    /// <summary>
    /// The ledger by order id (the <c>metadata[order_id]</c> of the intents; "" for intents without one): its intents
    /// and the refunds against them.
    /// </summary>
    public IReadOnlyDictionary<string, StripeOrderLedger> Ledger
    {
        get
        {
            lock (_gate)
            {
                var orderOfIntent = _intents.ToDictionary(i => i.Id, i => i.OrderId ?? "", StringComparer.Ordinal);
                var refunds = _refunds.ToLookup(r => orderOfIntent.GetValueOrDefault(r.PaymentIntentId, ""), StringComparer.Ordinal);
                return _intents
                    .GroupBy(i => i.OrderId ?? "", StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => new StripeOrderLedger(g.Key, [.. g], [.. refunds[g.Key]]), StringComparer.Ordinal);
            }
        }
    }

    /// <summary>
    /// Starts listening on every one of <paramref name="addresses"/> at <paramref name="port"/> (0 picks a free port,
    /// for one address only).
    /// </summary>
    public static async Task<StripeStandIn> StartAsync(IReadOnlyList<IPAddress> addresses, int port, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        if (addresses.Count == 0)
            throw new ArgumentException("At least one address to listen on is needed.", nameof(addresses));
        if (port == 0 && addresses.Count > 1)
            throw new ArgumentException("Several addresses need one port given: 0 would pick a different one for each.", nameof(port));

        var stripe = new StripeStandIn(addresses, port);
        try
        {
            await stripe._app.StartAsync(cancellationToken);
            if (port == 0)
            {
                stripe.Port = new Uri(stripe._app.Urls.Single()).Port;
            }

            return stripe;
        }
        catch
        {
            await stripe.DisposeAsync();
            throw;
        }
    }

    /// <summary>The <c>Payments:Stripe:ApiBase</c> for a silo that reaches the stand-in at <paramref name="address"/>.</summary>
    public Uri Url(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!Addresses.Contains(address))
            throw new ArgumentException($"The stand-in does not listen on {address}.", nameof(address));
        return new Uri($"http://{new IPEndPoint(address, Port)}");
    }

    /// <summary>
    /// Applies <paramref name="fault"/> to every request from now on, until the next call. Requests held by a hang
    /// fault are reset when it ends. <paramref name="slowDelay"/> is the delay of <see cref="StripeFault.Slow"/>
    /// (<see cref="DefaultSlowDelay"/> when null).
    /// </summary>
    public void SetFault(StripeFault fault, TimeSpan? slowDelay = null)
    {
        if (slowDelay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(slowDelay), slowDelay, "A delay cannot be negative.");
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        CancellationTokenSource ended;
        lock (_gate)
        {
            _fault = fault;
            _slowDelay = slowDelay ?? DefaultSlowDelay;
            ended = _window;
            _window = new CancellationTokenSource();
        }

        // Not disposed: a request that read the window just before may still link to it.
        ended.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _stopping.CancelAsync();
        if (Webhooks is { } webhooks)
            await webhooks.DisposeAsync();
        try
        {
            await _app.StopAsync(CancellationToken.None);
        }
        finally
        {
            await _app.DisposeAsync();
            _stopping.Dispose();
            lock (_gate)
                _window.Dispose();
        }
    }

    private async Task HandleAsync(HttpContext context, Func<IFormCollection, string?, StripeAnswer> operation)
    {
        StripeFault fault;
        TimeSpan slowDelay;
        CancellationToken window;
        lock (_gate)
        {
            fault = _fault;
            slowDelay = _slowDelay;
            window = _window.Token;
            _seen[fault] = _seen.GetValueOrDefault(fault) + 1;
        }

        switch (fault)
        {
            case StripeFault.Error:
                await WriteAsync(context, StripeAnswers.ApiError(), replayed: false);
                return;
            case StripeFault.HangBeforeCharge:
                await HangAsync(context, window);
                return;
            case StripeFault.Slow:
                using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token))
                {
                    try
                    {
                        await Task.Delay(slowDelay, waiting.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        context.Abort();
                        return;
                    }
                }

                break;
        }

        if (!string.Equals(context.Request.Headers.Authorization, $"Bearer {SecretKey}", StringComparison.Ordinal))
        {
            lock (_gate)
                _unauthorized++;
            await WriteAsync(context, StripeAnswers.Failure(401, "invalid_request_error", null, "Invalid API Key provided."), replayed: false);
            return;
        }

        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        var key = context.Request.Headers["Idempotency-Key"].FirstOrDefault();
        var (answer, replayed) = Answer(context.Request.Path, form, key, operation);
        if (fault == StripeFault.HangAfterCharge)
        {
            await HangAsync(context, window);
            return;
        }

        if (key is not null)
            context.Response.Headers["Idempotency-Key"] = key;
        await WriteAsync(context, answer, replayed);
    }

    /// <summary>The first answer for a key seen before; else the operation's, kept under the key when it did something.</summary>
    private (StripeAnswer Answer, bool Replayed) Answer(string path, IFormCollection form, string? key, Func<IFormCollection, string?, StripeAnswer> operation)
    {
        var request = $"POST {path}?{string.Join('&', form.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"))}";
        lock (_gate)
        {
            if (key is not null && _answers.TryGetValue(key, out var first))
            {
                if (first.Request != request)
                {
                    _conflicts++;
                    return (StripeAnswers.Failure(400, "idempotency_error", null,
                        $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request.") with { Kept = false }, false);
                }

                _replayed++;
                return (first.Answer, true);
            }

            var answer = operation(form, key);

            if (key is not null && answer.Kept)
                _answers[key] = (request, answer);
            return (answer, false);
        }
    }

    private StripeAnswer Charge(IFormCollection form, string? key)
    {
        if (Missing(form, "amount", "currency", "payment_method") is { } missing)
            return StripeAnswers.InvalidRequest("parameter_missing", $"Missing required param: {missing}.", missing);
        if (!long.TryParse(form["amount"], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount < 1)
            return StripeAnswers.InvalidRequest("parameter_invalid_integer", "Invalid positive integer", "amount");
        var paymentMethod = form["payment_method"].ToString();
        if (!paymentMethod.StartsWith("pm_card_", StringComparison.Ordinal))
            return StripeAnswers.InvalidRequest("resource_missing", $"No such PaymentMethod: '{paymentMethod}'", "payment_method");

        var declineCode = StripeAnswers.DeclineCode(paymentMethod);
        var intent = new StripeIntent(NextId("pi"), form["metadata[order_id]"].FirstOrDefault(), key, declineCode is null, amount,
            form["currency"].ToString(), paymentMethod, declineCode, DateTimeOffset.UtcNow);
        _intents.Add(intent);
        Webhooks?.Announce(intent);
        var body = StripeAnswers.Intent(intent, form);
        return declineCode is null ? StripeAnswer.Json(200, body) : StripeAnswers.Declined(body, declineCode);
    }

    private StripeAnswer Refund(IFormCollection form, string? key)
    {
        if (Missing(form, "payment_intent") is { } missing)
            return StripeAnswers.InvalidRequest("parameter_missing", $"Missing required param: {missing}.", missing);
        var intentId = form["payment_intent"].ToString();
        var intent = _intents.LastOrDefault(i => i.Id == intentId);
        if (intent is null)
        {
            _refusedRefunds++;
            return StripeAnswers.InvalidRequest("resource_missing", $"No such payment_intent: '{intentId}'", "payment_intent");
        }

        if (!intent.Succeeded)
        {
            _refusedRefunds++;
            return StripeAnswers.Failure(400, "invalid_request_error", "payment_intent_unexpected_state", $"PaymentIntent {intentId} has no successful charge to refund.");
        }

        var left = intent.Amount - _refunds.Where(r => r.PaymentIntentId == intentId).Sum(r => r.Amount);
        var amount = left;
        if (form.ContainsKey("amount") && (!long.TryParse(form["amount"], NumberStyles.None, CultureInfo.InvariantCulture, out amount) || amount < 1))
            return StripeAnswers.InvalidRequest("parameter_invalid_integer", "Invalid positive integer", "amount");
        if (left == 0 || amount > left)
        {
            _refusedRefunds++;
            return left == 0
                ? StripeAnswers.Failure(400, "invalid_request_error", "charge_already_refunded", $"Charge for {intentId} has already been refunded.")
                : StripeAnswers.Failure(400, "invalid_request_error", "amount_too_large", $"Refund amount ({amount}) is greater than unrefunded amount on charge ({left}).", "amount");
        }

        var refund = new StripeRefund(NextId("re"), intentId, form["metadata[order_id]"].FirstOrDefault(), key, amount, DateTimeOffset.UtcNow);
        _refunds.Add(refund);
        return StripeAnswer.Json(200, StripeAnswers.Refund(refund, intent.Currency, form));
    }

    /// <summary>Holds the request without an answer until the fault ends, the client gives up or the stand-in stops; then resets it.</summary>
    private async Task HangAsync(HttpContext context, CancellationToken window)
    {
        using var held = CancellationTokenSource.CreateLinkedTokenSource(window, context.RequestAborted, _stopping.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, held.Token);
        }
        catch (OperationCanceledException)
        {
            // Released.
        }

        context.Abort();
    }

    private static async Task WriteAsync(HttpContext context, StripeAnswer answer, bool replayed)
    {
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = answer.Body.Length;
        context.Response.Headers["Request-Id"] = $"req_{Guid.NewGuid():N}";
        if (replayed)
            context.Response.Headers["Idempotent-Replayed"] = "true";
        await context.Response.Body.WriteAsync(answer.Body, context.RequestAborted);
    }

    private string NextId(string prefix) => $"{prefix}_chaos{++_ids:D8}";

    private static string? Missing(IFormCollection form, params string[] names) =>
        names.FirstOrDefault(name => string.IsNullOrEmpty(form[name]));
}
