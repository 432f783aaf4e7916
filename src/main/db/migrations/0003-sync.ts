import type { Migration } from '../migrate'

export const m0003sync: Migration = {
  version: 3,
  name: 'sync checkpoints and outbox',
  up: `
    -- One row per stream a connector pages through (express-chat has 'lead' and 'non-lead').
    -- Written in the same transaction as the rows it covers, so a killed sync resumes from it.
    CREATE TABLE sync_checkpoints (
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      stream TEXT NOT NULL,
      cursor_json TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (connection_id, stream)
    ) WITHOUT ROWID;

    -- Local edits, written with the lead in one transaction and pushed in id order.
    -- base_json holds each edited field's value before the edit, to tell a remote change apart.
    CREATE TABLE outbox (
      id INTEGER PRIMARY KEY,
      lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      op TEXT NOT NULL CHECK (op IN ('update', 'promote')),
      patch_json TEXT NOT NULL,
      base_json TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'delivered', 'conflict', 'local-only', 'failed')),
      conflict_json TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT,
      last_error TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      delivered_at TEXT
    );
    CREATE INDEX outbox_by_connection_state ON outbox (connection_id, state, id);
    CREATE INDEX outbox_by_lead ON outbox (lead_id, state);
  `
}
