using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Orders.ReadModel;
using Npgsql;
using EShop.Hosting;

namespace EShop.Silo.Persistence;

/// <summary>The operators' order list in the main database (table order_read_model, see the Shop migrations).</summary>
/// <remarks>Writes ride the main database's group commit with the grains' state; queries use the shop's pool.</remarks>
internal sealed class PostgresOrderReadStore(NpgsqlDataSource database, GroupCommits commits, ShopDatabases databases) : IOrderReadStore
{
    private const string Columns =
        "order_id, user_id, status, total_amount, currency, item_count, failure_reason, payment_id, created_at, updated_at, sequence";

    // Filters are optional parameters, so that one prepared statement serves every combination.
    private const string Filter = "($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR user_id = $2)";

    public Task ApplyAsync(AdminOrderRow row, CancellationToken cancellationToken = default) =>
        commits.For(databases.MainConnectionString).ExecuteAsync(
            $"order_read_model\0{row.OrderId}",
            $"INSERT INTO order_read_model ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) " +
            "ON CONFLICT (order_id) DO UPDATE SET status = excluded.status, total_amount = excluded.total_amount, " +
            "currency = excluded.currency, item_count = excluded.item_count, failure_reason = excluded.failure_reason, " +
            "payment_id = excluded.payment_id, updated_at = excluded.updated_at, sequence = excluded.sequence " +
            "WHERE order_read_model.sequence < excluded.sequence RETURNING 1",
            row.OrderId, row.UserId, row.Status, row.Total.Amount, row.Total.Currency, row.ItemCount,
            row.FailureReason, row.PaymentId, row.CreatedAt, row.UpdatedAt, row.Sequence).WaitAsync(cancellationToken);

    /// <remarks>
    /// Outside the group commit, whose lock keys are order ids: one statement, so a crash leaves all the user's rows
    /// anonymised or none. Apply never sets user_id on a held row, so a later event does not bring the id back.
    /// </remarks>
    public async Task<int> AnonymiseUserAsync(string userId, string pseudonym, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("UPDATE order_read_model SET user_id = $2 WHERE user_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        command.Parameters.Add(new NpgsqlParameter { Value = pseudonym });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<AdminOrderPage> QueryAsync(AdminOrderQuery query, CancellationToken cancellationToken = default)
    {
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(Command($"SELECT count(*) FROM order_read_model WHERE {Filter}", query));
        var page = Command(
            $"SELECT {Columns} FROM order_read_model WHERE {Filter} ORDER BY created_at DESC, order_id LIMIT $3 OFFSET $4", query);
        page.Parameters.Add(new NpgsqlParameter { Value = query.PageSize });
        page.Parameters.Add(new NpgsqlParameter { Value = (long)(query.Page - 1) * query.PageSize });
        batch.BatchCommands.Add(page);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        var rows = new List<AdminOrderRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new AdminOrderRow(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                new Money(reader.GetInt64(3), reader.GetString(4)),
                reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.GetFieldValue<DateTimeOffset>(8),
                reader.GetFieldValue<DateTimeOffset>(9),
                reader.GetInt32(10)));
        }

        return new AdminOrderPage(rows, query.Page, query.PageSize, total);
    }

    private static NpgsqlBatchCommand Command(string sql, AdminOrderQuery query)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.Status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.UserId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        return command;
    }
}
