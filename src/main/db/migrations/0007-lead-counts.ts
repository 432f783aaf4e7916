import type { Migration } from '../migrate'

/**
 * Counts kept exact by triggers, so the table's "12,408 of 1,000,000", the sidebar's live view
 * counts and the dashboard never count a million rows. One row per combination of the dimensions
 * filters use most (connection, hence platform; kind; status; agent; has email; has phone): a
 * filter on those alone is a sum over a few hundred rows. Tags have a count per tag.
 * Whoever writes leads (sync, edits, bulk edits, CSV import, the sqlite3 shell), they stay exact.
 */
const KEY = (row: 'new' | 'old'): string =>
  `${row}.connection_id, ${row}.kind, ${row}.sort_status, ${row}.sort_agent, ${row}.sort_email <> '', ifnull(${row}.phone, '') <> ''`
const MATCH = (row: 'new' | 'old'): string =>
  `connection_id = ${row}.connection_id AND kind = ${row}.kind AND sort_status = ${row}.sort_status
   AND sort_agent = ${row}.sort_agent AND has_email = (${row}.sort_email <> '') AND has_phone = (ifnull(${row}.phone, '') <> '')`

export const m0007leadCounts: Migration = {
  version: 7,
  name: 'lead counts',
  up: `
    CREATE TABLE lead_counts (
      connection_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      sort_status INTEGER NOT NULL,
      sort_agent TEXT NOT NULL,
      has_email INTEGER NOT NULL,
      has_phone INTEGER NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (connection_id, kind, sort_status, sort_agent, has_email, has_phone)
    ) WITHOUT ROWID;

    INSERT INTO lead_counts
      SELECT connection_id, kind, sort_status, sort_agent, sort_email <> '', ifnull(phone, '') <> '', count(*)
      FROM leads GROUP BY 1, 2, 3, 4, 5, 6;

    CREATE TRIGGER lead_counts_insert AFTER INSERT ON leads BEGIN
      INSERT INTO lead_counts VALUES (${KEY('new')}, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER lead_counts_delete AFTER DELETE ON leads BEGIN
      UPDATE lead_counts SET n = n - 1 WHERE ${MATCH('old')};
    END;
    CREATE TRIGGER lead_counts_update AFTER UPDATE OF connection_id, kind, status, agent, email, phone ON leads
      WHEN old.connection_id IS NOT new.connection_id OR old.kind IS NOT new.kind
        OR old.sort_status IS NOT new.sort_status OR old.sort_agent IS NOT new.sort_agent
        OR (old.sort_email <> '') IS NOT (new.sort_email <> '')
        OR (ifnull(old.phone, '') <> '') IS NOT (ifnull(new.phone, '') <> '') BEGIN
      UPDATE lead_counts SET n = n - 1 WHERE ${MATCH('old')};
      INSERT INTO lead_counts VALUES (${KEY('new')}, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
    END;

    CREATE TABLE tag_counts (tag TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO tag_counts SELECT tag, count(*) FROM lead_tags GROUP BY tag;
    CREATE TRIGGER tag_counts_insert AFTER INSERT ON lead_tags BEGIN
      INSERT INTO tag_counts VALUES (new.tag, 1) ON CONFLICT DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER tag_counts_delete AFTER DELETE ON lead_tags BEGIN
      UPDATE tag_counts SET n = n - 1 WHERE tag = old.tag;
    END;
  `
}
