import type { Migration } from '../migrate'

/**
 * One index per sort order the leads table offers. Each sort key is a virtual generated column
 * that is never NULL and compares with the default (binary) collation: that is what lets a keyset
 * condition `(sort_x, id) > (?, ?)` seek straight into the index (SQLite uses only the first part of
 * a row value on a NOCASE or expression key, which scans every tie). Virtual columns cost no
 * storage; only their indexes do.
 *
 * Platform and connection sorts need no key here: they walk `connections` in order and each
 * connection's leads by `leads_by_connection_id` (see src/main/leads/query/sort.ts).
 */
export const m0006sortKeys: Migration = {
  version: 6,
  name: 'sort keys',
  up: `
    -- The name the table shows: a lead without one is shown (and sorted) by email, phone or message.
    ALTER TABLE leads ADD COLUMN sort_name TEXT GENERATED ALWAYS AS (
      lower(substr(coalesce(nullif(name, ''), nullif(email, ''), nullif(phone, ''), last_message_text, ''), 1, 64))
    ) VIRTUAL;
    ALTER TABLE leads ADD COLUMN sort_email TEXT GENERATED ALWAYS AS (lower(ifnull(email, ''))) VIRTUAL;
    -- Funnel order, not alphabetical; statuses outside express-chat's set (or none) come last.
    ALTER TABLE leads ADD COLUMN sort_status INTEGER GENERATED ALWAYS AS (
      CASE status WHEN 'OPEN' THEN 1 WHEN 'INPROGRESS' THEN 2 WHEN 'REVIEW' THEN 3 WHEN 'ONHOLD' THEN 4
        WHEN 'DEPENDANCY' THEN 5 WHEN 'CLOSED' THEN 6 ELSE 7 END
    ) VIRTUAL;
    ALTER TABLE leads ADD COLUMN sort_agent TEXT GENERATED ALWAYS AS (lower(ifnull(agent, ''))) VIRTUAL;
    -- '["…' sorts before '[]': leads with tags come before leads without, ascending.
    ALTER TABLE leads ADD COLUMN sort_tags TEXT GENERATED ALWAYS AS (lower(substr(tags_json, 1, 64))) VIRTUAL;
    ALTER TABLE leads ADD COLUMN sort_created TEXT GENERATED ALWAYS AS (ifnull(remote_created_at, '')) VIRTUAL;
    ALTER TABLE leads ADD COLUMN sort_updated TEXT GENERATED ALWAYS AS (ifnull(remote_updated_at, '')) VIRTUAL;
    ALTER TABLE leads ADD COLUMN sort_last_message TEXT GENERATED ALWAYS AS (ifnull(last_message_at, '')) VIRTUAL;
    -- Last seen is in the platform's JSON only (express-chat lastSeenAt, ChatBot.com lastSeen, both
    -- UTC with milliseconds); read from there so no sync code has to change to sort by it.
    ALTER TABLE leads ADD COLUMN sort_last_seen TEXT GENERATED ALWAYS AS (
      CASE WHEN json_valid(raw_json)
        THEN replace(coalesce(json_extract(raw_json, '$.lastSeenAt'), json_extract(raw_json, '$.lastSeen'), ''), ' ', 'T')
        ELSE '' END
    ) VIRTUAL;
    ALTER TABLE leads ADD COLUMN sort_visits INTEGER GENERATED ALWAYS AS (ifnull(website_visits, -1)) VIRTUAL;

    CREATE INDEX leads_sort_name ON leads (sort_name);
    CREATE INDEX leads_sort_email ON leads (sort_email);
    -- Also serves "status is X, newest first", the most common filter with the default sort.
    CREATE INDEX leads_sort_status ON leads (sort_status, sort_updated);
    CREATE INDEX leads_sort_agent ON leads (sort_agent);
    CREATE INDEX leads_sort_tags ON leads (sort_tags);
    CREATE INDEX leads_sort_created ON leads (sort_created);
    CREATE INDEX leads_sort_updated ON leads (sort_updated);
    CREATE INDEX leads_sort_last_message ON leads (sort_last_message);
    CREATE INDEX leads_sort_last_seen ON leads (sort_last_seen);
    CREATE INDEX leads_sort_visits ON leads (sort_visits);
    CREATE INDEX leads_by_connection_id ON leads (connection_id);
    -- A view per connection, newest first.
    CREATE INDEX leads_by_connection_sort_updated ON leads (connection_id, sort_updated);
    -- The status index of migration 1 is covered by leads_sort_status now.
    DROP INDEX leads_by_status;

    CREATE INDEX connections_by_name ON connections (name);
    CREATE INDEX connections_by_platform ON connections (platform, name);
  `
}
