import type { Migration } from '../migrate'

/**
 * Indexes a large write dropped, to build again once it is over (db/deferred-indexes.ts): listed
 * in the transaction that drops them, so a process killed in between still knows what to build.
 * `sql` is the index's own CREATE statement, as sqlite_master held it.
 */
export const m0017deferredIndexes: Migration = {
  version: 17,
  name: 'deferred indexes',
  up: `
    CREATE TABLE deferred_indexes (
      name TEXT PRIMARY KEY,
      sql TEXT NOT NULL
    );
  `
}
