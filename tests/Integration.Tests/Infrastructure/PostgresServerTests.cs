using Npgsql;

namespace EShop.Integration.Tests.Infrastructure;

public sealed class PostgresServerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_fresh_database_answers_a_query()
    {
        await using var connection = new NpgsqlConnection(await postgres.NewDatabaseAsync());
        await connection.OpenAsync(TestContext.Current.CancellationToken);

        await using var command = new NpgsqlCommand("select 1", connection);
        Assert.Equal(1, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Two_fresh_databases_are_distinct_and_empty()
    {
        var first = await postgres.NewDatabaseAsync();
        var second = await postgres.NewDatabaseAsync();
        var token = TestContext.Current.CancellationToken;

        await using (var connection = new NpgsqlConnection(first))
        {
            await connection.OpenAsync(token);
            await using var create = new NpgsqlCommand("create table marker (id int); insert into marker values (42)", connection);
            await create.ExecuteNonQueryAsync(token);
        }

        await using var other = new NpgsqlConnection(second);
        await other.OpenAsync(token);
        Assert.NotEqual(new NpgsqlConnectionStringBuilder(first).Database, other.Database);
        await using var lookup = new NpgsqlCommand("select count(*) from pg_tables where schemaname = 'public'", other);
        Assert.Equal(0L, await lookup.ExecuteScalarAsync(token));
    }
}
