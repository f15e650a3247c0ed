using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace EShop.Client;

/// <summary>
/// The shop's HTTP contract (docs/openapi.json) as methods. After <see cref="LoginAsync"/> (or
/// <see cref="UseAccessToken"/>) every call carries the access token; after a login, a call answered 401 refreshes
/// the token pair once (POST /api/auth/refresh) and is sent again. Admin-only calls are in EShopClient.Admin.cs.
/// Checkout sends an Idempotency-Key (a new one unless given), so a retried POST answers the same order. An error
/// answer throws <see cref="EShopApiException"/> with its problem details. One instance per signed-in user.
/// </summary>
public sealed partial class EShopClient(HttpClient http) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private TokenResponse? _tokens;
    private string? _issuedToken;
    private string? _cartToken;

    /// <summary>The guest cart token the cart calls send, until a login merges its cart.</summary>
    public string? CartToken => _cartToken;

    /// <summary>The current token pair, after a login or a refresh.</summary>
    public TokenResponse? Tokens => _tokens;

    /// <summary>
    /// Sends <paramref name="accessToken"/>, issued elsewhere (e.g. by <see cref="CreateDevCustomersAsync"/>), on every
    /// call from now on instead of a logged-in pair. There is no refresh token: a 401 throws instead of refreshing.
    /// </summary>
    public void UseAccessToken(string accessToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        (_tokens, _issuedToken) = (null, accessToken);
    }

    public Task<RegisterResponse> RegisterAsync(string email, string password, string fullName, CancellationToken cancellationToken = default) =>
        SendAsync<RegisterResponse>(HttpMethod.Post, "/api/auth/register", new { email, password, fullName }, anonymous: true, cancellationToken: cancellationToken);

    /// <summary>Signs in; a guest cart in use (<see cref="CartToken"/>) is merged into the account's cart and dropped.</summary>
    public async Task LoginAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        object body = _cartToken is { } cartToken ? new { email, password, cartToken } : new { email, password };
        (_tokens, _issuedToken) = (await SendAsync<TokenResponse>(HttpMethod.Post, "/api/auth/login", body, anonymous: true, cancellationToken: cancellationToken), null);
        _cartToken = null;
    }

    /// <summary>Opens a guest cart: the cart calls send its token (X-Cart-Token) from now on, until a login merges it.</summary>
    public async Task<string> CreateGuestCartAsync(CancellationToken cancellationToken = default)
    {
        var created = await SendAsync<GuestCart>(HttpMethod.Post, "/api/carts", anonymous: true, cancellationToken: cancellationToken);
        UseCartToken(created.CartToken);
        return created.CartToken;
    }

    /// <summary>Sends <paramref name="cartToken"/> (from <see cref="CreateGuestCartAsync"/>, perhaps of another client) on the cart calls.</summary>
    public void UseCartToken(string cartToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(cartToken);
        _cartToken = cartToken;
    }

    public async Task LogoutAsync(CancellationToken cancellationToken = default)
    {
        if (_tokens is { } tokens)
            await SendAsync(HttpMethod.Post, "/api/auth/logout", new { refreshToken = tokens.RefreshToken }, anonymous: true, cancellationToken: cancellationToken);
        (_tokens, _issuedToken) = (null, null);
    }

    public Task<Cart> GetCartAsync(CancellationToken cancellationToken = default) =>
        SendAsync<Cart>(HttpMethod.Get, "/api/cart", cancellationToken: cancellationToken);

    public Task<Cart> AddToCartAsync(string sku, int quantity, CancellationToken cancellationToken = default) =>
        SendAsync<Cart>(HttpMethod.Post, "/api/cart/items", new { sku, quantity }, cancellationToken: cancellationToken);

    public Task<Cart> SetCartQuantityAsync(string sku, int quantity, CancellationToken cancellationToken = default) =>
        SendAsync<Cart>(HttpMethod.Put, $"/api/cart/items/{Uri.EscapeDataString(sku)}", new { quantity }, cancellationToken: cancellationToken);

    public Task<Cart> RemoveFromCartAsync(string sku, CancellationToken cancellationToken = default) =>
        SendAsync<Cart>(HttpMethod.Delete, $"/api/cart/items/{Uri.EscapeDataString(sku)}", cancellationToken: cancellationToken);

    /// <summary>Checks the cart out. Retrying with the same <paramref name="idempotencyKey"/> answers the same order.</summary>
    public Task<OrderAccepted> PlaceOrderAsync(AddressInput shippingAddress, string paymentMethodId, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        SendAsync<OrderAccepted>(HttpMethod.Post, "/api/orders", new { shippingAddress, paymentMethodId }, idempotencyKey: idempotencyKey ?? Guid.NewGuid().ToString(), cancellationToken: cancellationToken);

    public Task<Order> GetOrderAsync(string orderId, CancellationToken cancellationToken = default) =>
        SendAsync<Order>(HttpMethod.Get, $"/api/orders/{Uri.EscapeDataString(orderId)}", cancellationToken: cancellationToken);

    public Task<OrderList> ListOrdersAsync(int page = 1, int pageSize = 20, CancellationToken cancellationToken = default) =>
        SendAsync<OrderList>(HttpMethod.Get, $"/api/orders?page={page}&pageSize={pageSize}", cancellationToken: cancellationToken);

    public Task<Order> CancelOrderAsync(string orderId, CancellationToken cancellationToken = default) => OrderActionAsync(orderId, "cancel", cancellationToken);

    /// <summary>Polls the order until it leaves Pending (or <paramref name="timeout"/> passes, which throws <see cref="TimeoutException"/>).</summary>
    public async Task<Order> WaitUntilSettledAsync(string orderId, TimeSpan timeout, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var order = await GetOrderAsync(orderId, cancellationToken);
            if (order.Status != OrderStatuses.Pending)
                return order;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Order {orderId} is still Pending after {timeout}.");
            await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    private Task<Order> OrderActionAsync(string orderId, string action, CancellationToken cancellationToken) =>
        SendAsync<Order>(HttpMethod.Post, $"/api/orders/{Uri.EscapeDataString(orderId)}/{action}", cancellationToken: cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body = null, bool anonymous = false, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(method, path, body, anonymous, idempotencyKey, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new EShopApiException(response.StatusCode, null, null);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, bool anonymous = false, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var response = await http.SendAsync(Request(method, path, body, anonymous, idempotencyKey), cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && !anonymous && await TryRefreshAsync(cancellationToken))
        {
            response.Dispose();
            response = await http.SendAsync(Request(method, path, body, anonymous, idempotencyKey), cancellationToken);
        }

        if (response.IsSuccessStatusCode)
            return response;
        using (response)
        {
            throw new EShopApiException(response.StatusCode, await ProblemAsync(response, cancellationToken), RetryAfter(response));
        }
    }

    /// <summary>The answer's problem details; null when it has none or its body is not one (a proxy's error page, say).</summary>
    private static async Task<ProblemDetails?> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) != true)
            return null;
        try
        {
            return await response.Content.ReadFromJsonAsync<ProblemDetails>(Json, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > DateTimeOffset.UtcNow ? date - DateTimeOffset.UtcNow : TimeSpan.Zero,
        _ => null,
    };

    private HttpRequestMessage Request(HttpMethod method, string path, object? body, bool anonymous, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        if (!anonymous && _cartToken is { } cartToken && IsCartPath(path))
            request.Headers.Add("X-Cart-Token", cartToken);
        else if (!anonymous && (_tokens?.AccessToken ?? _issuedToken) is { } token)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    private static bool IsCartPath(string path) => path == "/api/cart" || path.StartsWith("/api/cart/", StringComparison.Ordinal);

    /// <summary>Trades the refresh token for a new pair; one refresh at a time, and a caller that waited reuses the new pair.</summary>
    private async Task<bool> TryRefreshAsync(CancellationToken cancellationToken)
    {
        var stale = _tokens;
        if (stale is null)
            return false;
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            if (!ReferenceEquals(stale, _tokens))
                return _tokens is not null;
            using var response = await http.SendAsync(Request(HttpMethod.Post, "/api/auth/refresh", new { refreshToken = stale.RefreshToken }, anonymous: true, idempotencyKey: null), cancellationToken);
            _tokens = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<TokenResponse>(Json, cancellationToken) : null;
            return _tokens is not null;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>Releases the refresh lock; the HttpClient stays the caller's.</summary>
    public void Dispose() => _refreshing.Dispose();

    private static string Query(params (string Name, string? Value)[] pairs) =>
        string.Join('&', pairs.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
}
