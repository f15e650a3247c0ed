-- Grain state of the shop's own storage provider (GrainStateStorage): one row per grain and state name, written in
-- group commits. The version is the etag: a write names the version it read and is refused when the row moved on.
-- pending marks a grain with work to resume after a crash (a running checkout saga); the recovery loop scans it.
CREATE TABLE IF NOT EXISTS eshop_grain_state
(
    grain_type  varchar(150) NOT NULL,
    grain_key   varchar(512) NOT NULL,
    state_name  varchar(150) NOT NULL,
    payload     bytea        NOT NULL,
    version     bigint       NOT NULL,
    pending     boolean      NOT NULL DEFAULT false,
    modified_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (grain_type, grain_key, state_name)
);

CREATE INDEX IF NOT EXISTS ix_eshop_grain_state_pending ON eshop_grain_state (modified_at) WHERE pending;
