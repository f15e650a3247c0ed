using Npgsql;

namespace EShop.Integration.Tests.Persistence;

/// <summary>
/// What a database holds, read with plain SQL behind Orleans' back. Grain rows (table eshop_grain_state) are found
/// by state name and the grain's key text.
/// </summary>
internal static class ShopDatabase
{
    /// <summary>State name -> number of rows that hold a payload.</summary>
    public static async Task<Dictionary<string, long>> StateRowsAsync(string connectionString)
    {
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(
            "SELECT state_name, count(*) FROM eshop_grain_state GROUP BY state_name", connection);
        await using var reader = await command.ExecuteReaderAsync(Token);
        while (await reader.ReadAsync(Token))
            rows[reader.GetString(0)] = reader.GetInt64(1);
        return rows;
    }

    /// <summary>How many rows of <paramref name="stateName"/> hold a payload for <paramref name="key"/>.</summary>
    public static Task<long> RowsAsync(string connectionString, string stateName, string key) => ScalarAsync<long>(
        connectionString,
        "SELECT count(*) FROM eshop_grain_state WHERE state_name = $1 AND grain_key = $2",
        stateName,
        key);

    /// <summary>The text at <paramref name="path"/> in the stored JSON of one grain, or null.</summary>
    public static Task<string?> StoredValueAsync(string connectionString, string stateName, string key, params string[] path) => ScalarAsync<string?>(
        connectionString,
        "SELECT convert_from(payload, 'UTF8')::jsonb #>> $3 FROM eshop_grain_state WHERE state_name = $1 AND grain_key = $2",
        stateName,
        key,
        path);

    /// <summary>Reminder rows of one grain, by its grain id ("inventory/SKU-...").</summary>
    public static Task<long> RemindersAsync(string connectionString, string grainId) => ScalarAsync<long>(
        connectionString, "SELECT count(*) FROM orleansreminderstable WHERE grainid = $1", grainId);

    /// <summary>The migration versions Evolve recorded, one entry per changelog row (so a duplicate shows twice).</summary>
    public static async Task<List<string>> AppliedVersionsAsync(string connectionString)
    {
        var versions = new List<string>();
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(
            "SELECT version::text FROM eshop_schema_changelog WHERE type = 0 ORDER BY version::int", connection);
        await using var reader = await command.ExecuteReaderAsync(Token);
        while (await reader.ReadAsync(Token))
            versions.Add(reader.GetString(0));
        return versions;
    }

    public static async Task<bool> TableExistsAsync(string connectionString, string table) =>
        await ScalarAsync<string?>(connectionString, "SELECT to_regclass($1)::text", table) is not null;

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        var value = await command.ExecuteScalarAsync(Token);
        return value is null or DBNull ? default! : (T)value;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Token);
        return connection;
    }
}
