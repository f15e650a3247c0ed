using EShop.Client;
using EShop.LoadTest.Measurement;
using EShop.LoadTest.Options;

namespace EShop.LoadTest.Http;

/// <summary>A step of the set-up that failed: the run cannot go on (exit code 3).</summary>
public sealed class SetupException(string message) : Exception(message);

/// <summary>The shop as the load needs it: the admin's calls and making signed-in customers (ShopClient.Customers.cs).</summary>
public sealed partial class ShopClient : IDisposable
{
    private static readonly Dictionary<string, string> NoAttributes = [];

    private readonly LoadOptions _options;
    private readonly RunRecorder _recorder;
    // The admin (and anonymous set-up) from the default address; each customer gets its own (see ClientAddresses).
    private readonly HttpClient _adminHttp;
    private readonly ShopConnection _admin;
    private readonly List<HttpClient> _http = [];
    private readonly List<ShopConnection> _connections = [];
    private readonly Lock _gate = new();

    public ShopClient(LoadOptions options, RunRecorder recorder)
    {
        (_options, _recorder) = (options, recorder);
        _adminHttp = ShopConnection.Http(options.Url, null);
        _admin = new ShopConnection(_adminHttp, options.RequestTimeout, recorder);
    }

    /// <summary>A connection for user <paramref name="index"/>, from its own address unless --one-address.</summary>
    public ShopConnection Connection(int index)
    {
        var http = _options.OneAddress ? _adminHttp : ShopConnection.Http(_options.Url, ClientAddresses.Of(index));
        var connection = new ShopConnection(http, _options.RequestTimeout, _recorder);
        lock (_gate)
        {
            if (http != _adminHttp)
                _http.Add(http);
            _connections.Add(connection);
        }

        return connection;
    }

    public async Task LoginAdmin(CancellationToken cancellationToken)
    {
        if (!await Login(_admin, _options.AdminEmail, _options.AdminPassword, cancellationToken))
            throw new SetupException($"The admin {_options.AdminEmail} could not log in at {_options.Url} (see --admin-email, --admin-password).");
    }

    /// <summary>A fresh product with one sku holding <paramref name="onHand"/> units.</summary>
    public async Task<string> CreateSku(int onHand, CancellationToken cancellationToken)
    {
        var sku = $"LOAD-{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        var product = new ProductInput($"Load {sku}", "Made by the load tester.", "load", NoAttributes,
            [new VariantInput(sku, sku, NoAttributes, new Money(1000, "usd"))]);
        var created = await _admin.Call(Operations.Admin, (client, token) => client.CreateProductAsync(product, token), cancellationToken: cancellationToken);
        var stocked = await _admin.Call(Operations.Admin, (client, token) => client.SetStockAsync(sku, onHand, token), cancellationToken: cancellationToken);
        return created.Ok && stocked.Ok
            ? sku
            : throw new SetupException($"Creating sku {sku} failed: product {created.Error ?? "201"}, stock {stocked.Error ?? "200"}.");
    }

    public async Task<StockLevel> Stock(string sku, CancellationToken cancellationToken)
    {
        var answer = await _admin.Call(Operations.Admin, (client, token) => client.GetStockAsync(sku, token), cancellationToken: cancellationToken);
        return answer.Ok ? answer.Value : throw new SetupException($"GET /api/inventory/{sku} answered {answer.Error}.");
    }

    public void Dispose()
    {
        _connections.ForEach(c => c.Dispose());
        _admin.Dispose();
        _http.ForEach(h => h.Dispose());
        _adminHttp.Dispose();
    }
}
