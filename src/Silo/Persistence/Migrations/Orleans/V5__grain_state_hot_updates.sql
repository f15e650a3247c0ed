-- Grain state rows are rewritten on every save. An index on modified_at (which every save changes) made each of
-- those updates a non-HOT update: a new entry in every index of the table, more WAL, more vacuum. The recovery scan
-- reads only the few pending rows, so its index needs no column that changes on every save; and each page keeps
-- room for the row's next version, so that a save stays on its page.
DROP INDEX IF EXISTS ix_eshop_grain_state_pending;
CREATE INDEX IF NOT EXISTS ix_eshop_grain_state_pending_rows ON eshop_grain_state (grain_type) WHERE pending;
ALTER TABLE eshop_grain_state SET (fillfactor = 80);
