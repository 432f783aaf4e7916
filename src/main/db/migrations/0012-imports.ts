import type { Migration } from '../migrate'

// CSV imports: each committed import, the before-image of every lead it updated (so it can be
// reverted), and saved column mappings offered again when the same header row comes back.
export const m0012imports: Migration = {
  version: 12,
  name: 'csv imports, their changes and mapping presets',
  up: `
    CREATE TABLE imports (
      id INTEGER PRIMARY KEY,
      file_name TEXT NOT NULL,
      file_size INTEGER NOT NULL,
      connection_id TEXT REFERENCES connections(id) ON DELETE SET NULL,
      mode TEXT NOT NULL CHECK (mode IN ('create', 'update', 'both')),
      state TEXT NOT NULL CHECK (state IN ('committed', 'reverted')),
      counts_json TEXT NOT NULL,
      mapping_json TEXT NOT NULL,
      created_at TEXT NOT NULL,
      reverted_at TEXT,
      revert_json TEXT
    );

    -- One row per lead an import updated: the changed fields before and after. No foreign key to
    -- leads: a lead may go with its connection later, and a revert then skips it.
    CREATE TABLE import_changes (
      import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      lead_id INTEGER NOT NULL,
      before_json TEXT NOT NULL,
      after_json TEXT NOT NULL,
      PRIMARY KEY (import_id, lead_id)
    ) WITHOUT ROWID;

    CREATE TABLE import_presets (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      header_key TEXT NOT NULL,
      mapping_json TEXT NOT NULL,
      options_json TEXT NOT NULL,
      created_at TEXT NOT NULL,
      used_at TEXT
    );
    CREATE INDEX import_presets_by_header ON import_presets (header_key);
  `
}
