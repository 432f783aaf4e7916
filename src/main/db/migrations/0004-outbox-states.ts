import type { Migration } from '../migrate'

// Two more ends for an edit: 'superseded' (a newer edit of the lead replaced every field it held)
// and 'discarded' (the user dropped it). SQLite cannot change a CHECK constraint in place, so the
// table is rebuilt with the same columns, rows and indexes.
export const m0004outboxStates: Migration = {
  version: 4,
  name: 'outbox: superseded and discarded edits',
  up: `
    CREATE TABLE outbox_next (
      id INTEGER PRIMARY KEY,
      lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      op TEXT NOT NULL CHECK (op IN ('update', 'promote')),
      patch_json TEXT NOT NULL,
      base_json TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN (
        'pending', 'sending', 'delivered', 'conflict', 'local-only', 'failed', 'superseded', 'discarded'
      )),
      conflict_json TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT,
      last_error TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      delivered_at TEXT
    );
    INSERT INTO outbox_next SELECT id, lead_id, connection_id, op, patch_json, base_json, state, conflict_json,
      attempts, next_attempt_at, last_error, created_at, updated_at, delivered_at FROM outbox;
    DROP TABLE outbox;
    ALTER TABLE outbox_next RENAME TO outbox;
    CREATE INDEX outbox_by_connection_state ON outbox (connection_id, state, id);
    CREATE INDEX outbox_by_lead ON outbox (lead_id, state);
  `
}
