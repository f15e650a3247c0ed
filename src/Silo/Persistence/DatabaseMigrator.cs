using System.Reflection;
using EvolveDb;
using Microsoft.Extensions.Logging;
using Npgsql;
using EShop.Hosting;

namespace EShop.Silo.Persistence;

/// <summary>
/// Applies the project's own PostgreSQL migrations (embedded V*.sql, versioned by Evolve in its changelog
/// table). Evolve's cluster mode holds a PostgreSQL advisory lock while it migrates, so silos starting at once
/// on an empty database wait for each other and end with one schema.
/// </summary>
public sealed partial class DatabaseMigrator(ShopDatabases databases, ILogger<DatabaseMigrator> logger)
{
    private const string Root = "EShop.Silo.Persistence.Migrations";

    public void MigrateAll()
    {
        foreach (var connectionString in databases.Distinct)
        {
            var main = connectionString == databases.MainConnectionString;
            var applied = Migrate(connectionString, main ? [$"{Root}.Orleans", $"{Root}.Shop"] : [$"{Root}.Orleans"]);
            var database = new NpgsqlConnectionStringBuilder(connectionString).Database ?? "?";
            LogMigrated(logger, database, applied);
        }
    }

    /// <summary>Migrates one database with the scripts under the given resource folders; answers how many ran.</summary>
    public static int Migrate(string connectionString, IEnumerable<string> folders)
    {
        using var connection = new NpgsqlConnection(connectionString);
        var evolve = new Evolve(connection, _ => { })
        {
            EmbeddedResourceAssemblies = [Assembly.GetExecutingAssembly()],
            EmbeddedResourceFilters = [.. folders],
            EnableClusterMode = true,
            IsEraseDisabled = true,
            MetadataTableName = "eshop_schema_changelog",
        };
        evolve.Migrate();
        return evolve.NbMigration;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database {Database} migrated: {Applied} new migration(s)")]
    private static partial void LogMigrated(ILogger logger, string database, int applied);
}
