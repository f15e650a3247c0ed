using EShop.Grains.Payments;
using Npgsql;
using EShop.Hosting;

namespace EShop.Silo.Persistence;

/// <summary>The payments ledger in the main database (table payments_ledger, see the Shop migrations).</summary>
/// <remarks>Writes ride the main database's group commit with the grains' state; reads use the shop's pool.</remarks>
internal sealed class PostgresPaymentLedger(NpgsqlDataSource database, GroupCommits commits, ShopDatabases databases) : IPaymentLedger
{
    private GroupCommit Commit => commits.For(databases.MainConnectionString);

    public Task RecordChargeAsync(LedgerCharge charge, CancellationToken cancellationToken = default) =>
        Commit.ExecuteAsync(
            LockKey(charge.OrderId),
            "INSERT INTO payments_ledger (order_id, payment_intent_id, amount, currency) VALUES ($1, $2, $3, $4) " +
            "ON CONFLICT (order_id, payment_intent_id) DO NOTHING RETURNING 1",
            charge.OrderId, charge.PaymentIntentId, charge.Amount, charge.Currency).WaitAsync(cancellationToken);

    public Task RecordRefundAsync(string orderId, string paymentIntentId, string refundId, CancellationToken cancellationToken = default) =>
        Commit.ExecuteAsync(
            LockKey(orderId),
            "UPDATE payments_ledger SET refund_id = $3, refunded_at = coalesce(refunded_at, now()) " +
            "WHERE order_id = $1 AND payment_intent_id = $2 RETURNING 1",
            orderId, paymentIntentId, refundId).WaitAsync(cancellationToken);

    private static string LockKey(string orderId) => $"payments_ledger\0{orderId}";

    public async Task<IReadOnlyList<LedgerCharge>> ChargesAsync(string orderId, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            "SELECT order_id, payment_intent_id, amount, currency FROM payments_ledger WHERE order_id = $1 ORDER BY charged_at");
        command.Parameters.Add(new() { Value = orderId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var charges = new List<LedgerCharge>();
        while (await reader.ReadAsync(cancellationToken))
            charges.Add(new LedgerCharge(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3)));
        return charges;
    }
}
