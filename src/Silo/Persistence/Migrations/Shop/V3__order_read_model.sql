-- The operators' order list, fed by the order events (at least once, in any order): a row keeps the data of
-- the newest event it was given (highest sequence), so a redelivered or late event changes nothing.
CREATE TABLE IF NOT EXISTS order_read_model
(
    order_id       varchar(100) PRIMARY KEY,
    user_id        varchar(100) NOT NULL,
    status         varchar(20)  NOT NULL,
    total_amount   bigint       NOT NULL,
    currency       char(3)      NOT NULL,
    item_count     integer      NOT NULL,
    failure_reason varchar(100),
    payment_id     varchar(255),
    created_at     timestamptz  NOT NULL,
    updated_at     timestamptz  NOT NULL,
    sequence       integer      NOT NULL
);

-- Newest first, with or without a filter.
CREATE INDEX IF NOT EXISTS ix_order_read_model_created ON order_read_model (created_at DESC, order_id);
CREATE INDEX IF NOT EXISTS ix_order_read_model_status ON order_read_model (status, created_at DESC, order_id);
CREATE INDEX IF NOT EXISTS ix_order_read_model_user ON order_read_model (user_id, created_at DESC, order_id);
