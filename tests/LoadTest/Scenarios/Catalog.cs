using EShop.LoadTest.Http;
using EShop.LoadTest.Measurement;

namespace EShop.LoadTest.Scenarios;

/// <summary>What browsing picks from: product ids and words to search for, read from the catalog at set-up.</summary>
public sealed class Catalog
{
    private readonly List<string> _ids = [];
    private readonly List<string> _words = [];
    private int _pages = 1;

    public async Task Load(ShopConnection connection, CancellationToken cancellationToken)
    {
        var answer = await connection.Call(Operations.Admin,
            (client, token) => client.ListProductsAsync(page: 1, pageSize: 100, cancellationToken: token), cancellationToken: cancellationToken);
        if (!answer.Ok)
            throw new SetupException($"GET /api/products answered {answer.Error}.");
        foreach (var item in answer.Value.Items)
        {
            _ids.Add(item.ProductId);
            _words.AddRange(item.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 3));
        }

        if (_ids.Count == 0)
            throw new SetupException("The catalog is empty: browse needs products (seed the shop, Seed:Enabled=true).");
        _pages = Math.Max(1, (int)Math.Ceiling(answer.Value.Total / 20.0));
        if (_words.Count == 0)
            _words.Add("a");
    }

    /// <summary>One anonymous browsing step: a page of the list, a search, or one product.</summary>
    public Task Step(ShopConnection connection, Random random, CancellationToken cancellationToken)
    {
        switch (random.Next(3))
        {
            case 0:
                var page = random.Next(1, _pages + 1);
                return connection.Call(Operations.ProductList,
                    (client, token) => client.ListProductsAsync(page: page, pageSize: 20, cancellationToken: token), cancellationToken: cancellationToken);
            case 1:
                var word = _words[random.Next(_words.Count)];
                return connection.Call(Operations.ProductSearch,
                    (client, token) => client.ListProductsAsync(search: word, cancellationToken: token), cancellationToken: cancellationToken);
            default:
                var productId = _ids[random.Next(_ids.Count)];
                return connection.Call(Operations.ProductGet, (client, token) => client.GetProductAsync(productId, token), cancellationToken: cancellationToken);
        }
    }
}
