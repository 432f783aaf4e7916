import type { Migration } from '../migrate'

/**
 * Leads counted per creation day, kept exact by triggers, so the dashboard's timeline, total and
 * funnel over a date range sum a few thousand rows instead of grouping a million leads. The day is
 * the first ten characters of the created sort key, as the dashboard groups and the created filter
 * compares; the other dimensions are the filters these charts answer from here (connection, hence
 * platform; status; kind), in the order the timeline groups by, so summing needs no sort. Agents,
 * has email and has phone stay out: they would multiply the rows (a million leads over two years
 * and ten connections stay under 300,000 rows, about 50,000 in the sandbox's data).
 * Whoever writes leads (sync, edits, bulk edits, CSV import, the sqlite3 shell), it stays exact.
 */
const KEY = (row: 'new' | 'old'): string =>
  `substr(${row}.sort_created, 1, 10), ${row}.connection_id, ${row}.sort_status, ${row}.kind`
const MATCH = (row: 'new' | 'old'): string =>
  `day = substr(${row}.sort_created, 1, 10) AND connection_id = ${row}.connection_id
   AND sort_status = ${row}.sort_status AND kind = ${row}.kind`

export const m0014createdCounts: Migration = {
  version: 14,
  name: 'lead counts per creation day',
  up: `
    CREATE TABLE lead_created_counts (
      day TEXT NOT NULL,
      connection_id TEXT NOT NULL,
      sort_status INTEGER NOT NULL,
      kind TEXT NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (day, connection_id, sort_status, kind)
    ) WITHOUT ROWID;

    INSERT INTO lead_created_counts
      SELECT substr(sort_created, 1, 10), connection_id, sort_status, kind, count(*) FROM leads GROUP BY 1, 2, 3, 4;

    CREATE TRIGGER lead_created_counts_insert AFTER INSERT ON leads BEGIN
      INSERT INTO lead_created_counts VALUES (${KEY('new')}, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER lead_created_counts_delete AFTER DELETE ON leads BEGIN
      UPDATE lead_created_counts SET n = n - 1 WHERE ${MATCH('old')};
    END;
    CREATE TRIGGER lead_created_counts_update
      AFTER UPDATE OF remote_created_at, connection_id, kind, status ON leads
      WHEN substr(old.sort_created, 1, 10) IS NOT substr(new.sort_created, 1, 10)
        OR old.connection_id IS NOT new.connection_id OR old.kind IS NOT new.kind
        OR old.sort_status IS NOT new.sort_status BEGIN
      UPDATE lead_created_counts SET n = n - 1 WHERE ${MATCH('old')};
      INSERT INTO lead_created_counts VALUES (${KEY('new')}, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
    END;
  `
}
