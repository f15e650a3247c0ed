using EShop.Integration.Tests.Infrastructure;
using EShop.Tests.Shared;

[assembly: AssemblyFixture(typeof(PostgresFixture))]

namespace EShop.Integration.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL server for the whole test assembly. Tests share the server, never a database: each asks for a
/// fresh one with <see cref="NewDatabaseAsync"/>.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;
    private int _databases;

    internal PostgresServer Server => _server ?? throw new InvalidOperationException("PostgreSQL has not started.");

    public async ValueTask InitializeAsync() => _server = await PostgresServer.StartAsync();

    /// <summary>Creates an empty database with a name no other test uses and returns its connection string.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = $"test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}";
        await Server.CreateDatabaseAsync(name);
        return Server.ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
