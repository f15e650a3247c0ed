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
        var answer = await connection.Send("admin", HttpMethod.Get, "/api/products?page=1&pageSize=100", null, cancellationToken: cancellationToken);
        if (!answer.Ok)
            throw new SetupException($"GET /api/products answered {answer.Error}.");
        foreach (var item in answer.Body.GetProperty("items").EnumerateArray())
        {
            _ids.Add(item.GetProperty("productId").GetString()!);
            _words.AddRange((item.GetProperty("name").GetString() ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 3));
        }

        if (_ids.Count == 0)
            throw new SetupException("The catalog is empty: browse needs products (seed the shop, Seed:Enabled=true).");
        _pages = Math.Max(1, (int)Math.Ceiling(answer.Body.GetProperty("total").GetInt32() / 20.0));
        if (_words.Count == 0)
            _words.Add("a");
    }

    /// <summary>One anonymous browsing step: a page of the list, a search, or one product.</summary>
    public Task<Answer> Step(ShopConnection connection, Random random, CancellationToken cancellationToken) => random.Next(3) switch
    {
        0 => connection.Send(Operations.ProductList, HttpMethod.Get, $"/api/products?page={random.Next(1, _pages + 1)}&pageSize=20", null, cancellationToken: cancellationToken),
        1 => connection.Send(Operations.ProductSearch, HttpMethod.Get, $"/api/products?search={Uri.EscapeDataString(_words[random.Next(_words.Count)])}", null, cancellationToken: cancellationToken),
        _ => connection.Send(Operations.ProductGet, HttpMethod.Get, $"/api/products/{Uri.EscapeDataString(_ids[random.Next(_ids.Count)])}", null, cancellationToken: cancellationToken),
    };
}
