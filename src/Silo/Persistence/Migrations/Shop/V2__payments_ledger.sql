-- EShop's own tables (the main database only).

-- The payments ledger: one row per charge the gateway took, written by the payment grain before it records
-- the charge in its own state. The unique constraint is the last line of defence against a double charge:
-- a retried write of the same charge is a no-op, never a second row.
CREATE TABLE IF NOT EXISTS payments_ledger
(
    order_id          varchar(100) NOT NULL,
    payment_intent_id varchar(255) NOT NULL,
    amount            bigint       NOT NULL CHECK (amount >= 0),
    currency          char(3)      NOT NULL,
    charged_at        timestamptz  NOT NULL DEFAULT now(),
    refund_id         varchar(255),
    refunded_at       timestamptz,
    CONSTRAINT uq_payments_ledger_order_intent UNIQUE (order_id, payment_intent_id)
);

CREATE INDEX IF NOT EXISTS ix_payments_ledger_charged_at ON payments_ledger (charged_at);
