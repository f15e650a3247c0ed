using EShop.Silo.Persistence;
using Microsoft.Extensions.Configuration;
using Npgsql;
using EShop.Hosting;

namespace EShop.Integration.Tests.Persistence;

/// <summary>Every connection string the silo hands out for one database carries the <c>Postgres:*</c> budget.</summary>
public sealed class ConnectionBudgetTests
{
    private const string Main = "Host=db.internal;Database=eshop;Username=eshop;Password=secret";

    [Fact]
    public void Every_user_of_the_main_database_shares_one_pool_and_with_the_ledger_stays_within_the_budget()
    {
        var databases = Databases(Main, ("Postgres:MaxConnections", "24"), ("Postgres:ConnectionWait", "00:00:07"));

        var orleans = Assert.Single(databases.Contexts.Values.Append(databases.MainConnectionString).Concat(databases.Distinct).Distinct());
        var (pool, shop) = (Parse(orleans), Parse(databases.ShopConnectionString));
        Assert.Equal(24, pool.MaxPoolSize + shop.MaxPoolSize);
        Assert.True(shop.MaxPoolSize >= 1);
        Assert.All(new[] { pool, shop }, b => Assert.Equal(7, b.Timeout));
        Assert.All(new[] { pool, shop }, b => Assert.Equal("db.internal", b.Host));
    }

    [Fact]
    public void The_budget_defaults_to_40_connections_and_a_15_second_wait()
    {
        var databases = Databases(Main);

        Assert.Equal(40, Parse(databases.MainConnectionString).MaxPoolSize + Parse(databases.ShopConnectionString).MaxPoolSize);
        Assert.Equal(15, Parse(databases.MainConnectionString).Timeout);
    }

    [Fact]
    public void An_operators_lower_Maximum_Pool_Size_is_kept()
    {
        var databases = Databases(Main + ";Maximum Pool Size=5", ("Postgres:MaxConnections", "40"));

        Assert.All(databases.Contexts.Values.Append(databases.MainConnectionString), s => Assert.Equal(5, Parse(s).MaxPoolSize));
        Assert.True(Parse(databases.ShopConnectionString).MaxPoolSize <= 5);
    }

    [Fact]
    public void A_context_in_a_database_of_its_own_gets_the_whole_budget_of_that_database()
    {
        var databases = Databases(Main, ("Postgres:MaxConnections", "16"), ("ConnectionStrings:orders", "Host=db.internal;Database=orders;Username=eshop"));

        var orders = Parse(databases.Contexts["orders"]);
        Assert.Equal(("orders", 16), (orders.Database, orders.MaxPoolSize));
        Assert.Equal(2, databases.Distinct.Count());
    }

    [Theory]
    [InlineData("Postgres:MaxConnections", "1")]
    [InlineData("Postgres:ConnectionWait", "00:00:00")]
    public void A_budget_that_cannot_work_is_refused_at_start(string key, string value) =>
        Assert.Throws<InvalidOperationException>(() => Databases(Main, (key, value)));

    private static ShopDatabases Databases(string main, params (string Key, string Value)[] settings) =>
        ShopDatabases.From(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)).Append(new("ConnectionStrings:eshop", main)))
            .Build());

    private static NpgsqlConnectionStringBuilder Parse(string connectionString) => new(connectionString);
}
