using EShop.Grains.Payments;
using Npgsql;

namespace EShop.Silo.Persistence;

/// <summary>The payments ledger in the main database (table payments_ledger, see the Shop migrations).</summary>
internal sealed class PostgresPaymentLedger(NpgsqlDataSource database) : IPaymentLedger
{
    public async Task RecordChargeAsync(LedgerCharge charge, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            "INSERT INTO payments_ledger (order_id, payment_intent_id, amount, currency) VALUES ($1, $2, $3, $4) " +
            "ON CONFLICT (order_id, payment_intent_id) DO NOTHING");
        command.Parameters.Add(new() { Value = charge.OrderId });
        command.Parameters.Add(new() { Value = charge.PaymentIntentId });
        command.Parameters.Add(new() { Value = charge.Amount });
        command.Parameters.Add(new() { Value = charge.Currency });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RecordRefundAsync(string orderId, string paymentIntentId, string refundId, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            "UPDATE payments_ledger SET refund_id = $3, refunded_at = coalesce(refunded_at, now()) WHERE order_id = $1 AND payment_intent_id = $2");
        command.Parameters.Add(new() { Value = orderId });
        command.Parameters.Add(new() { Value = paymentIntentId });
        command.Parameters.Add(new() { Value = refundId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

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
