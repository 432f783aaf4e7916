import type { Migration } from '../migrate'

// Contentless FTS5 (with delete support) keeps the index small: the text already lives in leads.
export const m0002search: Migration = {
  version: 2,
  name: 'search',
  up: `
    CREATE VIRTUAL TABLE leads_fts USING fts5(
      name, email, phone, tags, notes, attributes, last_message,
      content = '', contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 2'
    );

    CREATE TRIGGER leads_fts_insert AFTER INSERT ON leads BEGIN
      INSERT INTO leads_fts (rowid, name, email, phone, tags, notes, attributes, last_message)
      VALUES (new.id, new.name, new.email, coalesce(new.phone_prefix, '') || ' ' || coalesce(new.phone, ''),
              new.tags_json, new.notes_json, new.attributes_json, new.last_message_text);
    END;
    CREATE TRIGGER leads_fts_update AFTER UPDATE OF
      name, email, phone, phone_prefix, tags_json, notes_json, attributes_json, last_message_text ON leads BEGIN
      DELETE FROM leads_fts WHERE rowid = old.id;
      INSERT INTO leads_fts (rowid, name, email, phone, tags, notes, attributes, last_message)
      VALUES (new.id, new.name, new.email, coalesce(new.phone_prefix, '') || ' ' || coalesce(new.phone, ''),
              new.tags_json, new.notes_json, new.attributes_json, new.last_message_text);
    END;
    CREATE TRIGGER leads_fts_delete AFTER DELETE ON leads BEGIN
      DELETE FROM leads_fts WHERE rowid = old.id;
    END;

    INSERT INTO leads_fts (rowid, name, email, phone, tags, notes, attributes, last_message)
      SELECT id, name, email, coalesce(phone_prefix, '') || ' ' || coalesce(phone, ''),
             tags_json, notes_json, attributes_json, last_message_text FROM leads;
  `
}
