import type { Migration } from '../migrate'

/**
 * The history of bulk edits, for undo: one row per edit, and per lead it changed the field's value
 * before and after (one action edits one field). Written in the same transaction as the leads and
 * their outbox rows, so a bulk edit and its history are kept or lost together.
 *
 * bulk_edit_leads has no foreign key to leads: removing a connection deletes its leads, and a key
 * would make every one of those deletes search this table. Undo skips leads that are gone.
 */
export const m0015bulkEdits: Migration = {
  version: 15,
  name: 'bulk edits',
  up: `
    CREATE TABLE bulk_edits (
      id INTEGER PRIMARY KEY,
      action_json TEXT NOT NULL,
      summary TEXT NOT NULL,
      field TEXT NOT NULL,
      changed INTEGER NOT NULL DEFAULT 0,
      unchanged INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      undone_at TEXT
    );
    CREATE TABLE bulk_edit_leads (
      bulk_id INTEGER NOT NULL REFERENCES bulk_edits(id) ON DELETE CASCADE,
      lead_id INTEGER NOT NULL,
      before_json TEXT NOT NULL,
      after_json TEXT NOT NULL,
      PRIMARY KEY (bulk_id, lead_id)
    ) WITHOUT ROWID;
  `
}
