import type { Migration } from '../migrate'

/** Saved views: a name and a LeadQuery as JSON (validated again whenever it is read). */
export const m0009views: Migration = {
  version: 9,
  name: 'saved views',
  up: `
    CREATE TABLE views (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      query_json TEXT NOT NULL,
      position INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX views_by_position ON views (position);
  `
}
