import type { Migration } from '../migrate'

// Notes and custom attributes are small per lead and always read whole, so they live as JSON
// beside the normalized columns; tags get their own table because the workspace filters by them.
export const m0001core: Migration = {
  version: 1,
  name: 'core',
  up: `
    CREATE TABLE connections (
      id TEXT PRIMARY KEY,
      platform TEXT NOT NULL CHECK (platform IN ('express-chat', 'chatbot-com', 'chatzuri')),
      brand TEXT,
      name TEXT NOT NULL,
      base_url TEXT NOT NULL,
      bot_id TEXT,
      customer_id TEXT,
      agent_id TEXT,
      is_demo INTEGER NOT NULL DEFAULT 0,
      archived INTEGER NOT NULL DEFAULT 0,
      state TEXT NOT NULL DEFAULT 'idle',
      state_message TEXT,
      last_synced_at TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );

    CREATE TABLE leads (
      id INTEGER PRIMARY KEY,
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      remote_id TEXT NOT NULL,
      kind TEXT NOT NULL DEFAULT 'lead' CHECK (kind IN ('lead', 'chat')),
      name TEXT,
      email TEXT,
      phone TEXT,
      phone_prefix TEXT,
      status TEXT,
      agent TEXT,
      picture TEXT,
      city TEXT,
      country TEXT,
      gender TEXT,
      tags_json TEXT NOT NULL DEFAULT '[]',
      notes_json TEXT NOT NULL DEFAULT '[]',
      attributes_json TEXT NOT NULL DEFAULT '[]',
      last_message_text TEXT,
      last_message_at TEXT,
      last_message_by TEXT,
      website_visits INTEGER,
      remote_created_at TEXT,
      remote_updated_at TEXT,
      raw_json TEXT NOT NULL,
      synced_at TEXT NOT NULL,
      UNIQUE (connection_id, remote_id)
    );
    CREATE INDEX leads_by_connection_updated ON leads (connection_id, remote_updated_at DESC);
    CREATE INDEX leads_by_status ON leads (status);
    CREATE INDEX leads_by_email ON leads (email) WHERE email IS NOT NULL;

    CREATE TABLE lead_tags (
      lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
      tag TEXT NOT NULL,
      PRIMARY KEY (lead_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX lead_tags_by_tag ON lead_tags (tag, lead_id);

    -- Tags follow tags_json, whoever writes the lead (sync, edits, CSV import, the sqlite3 shell).
    CREATE TRIGGER leads_tags_insert AFTER INSERT ON leads WHEN new.tags_json <> '[]' BEGIN
      INSERT OR IGNORE INTO lead_tags (lead_id, tag)
        SELECT new.id, value FROM json_each(new.tags_json) WHERE type = 'text';
    END;
    CREATE TRIGGER leads_tags_update AFTER UPDATE OF tags_json ON leads
      WHEN new.tags_json IS NOT old.tags_json BEGIN
      DELETE FROM lead_tags WHERE lead_id = old.id;
      INSERT OR IGNORE INTO lead_tags (lead_id, tag)
        SELECT new.id, value FROM json_each(new.tags_json) WHERE type = 'text';
    END;

    -- Conversations a platform lists per lead (ChatBot.com user details).
    CREATE TABLE chats (
      id INTEGER PRIMARY KEY,
      lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
      remote_id TEXT NOT NULL,
      started_at TEXT,
      first_message TEXT,
      raw_json TEXT NOT NULL,
      UNIQUE (lead_id, remote_id)
    );

    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value_json TEXT NOT NULL
    );
  `
}
