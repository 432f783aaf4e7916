import type { Migration } from '../migrate'

/**
 * Migration 2's full-text index again, now with prefix indexes for one- and two-letter prefixes:
 * the search box matches as the user types, and without them "p" merges the doclists of every
 * term starting with p (65 ms for the first page at 100,000 leads, 1.4 ms with them). Costs ~15%
 * more index. Migration 2's triggers keep writing to it by name.
 *
 * Longer prefixes ("pricing") still merge every matching term's doclist (70–110 ms for a word in
 * 20% of a million leads, against 1 ms for the exact term): leads_fts_vocab lists the indexed
 * terms, so the search can name the few terms a prefix stands for instead.
 */
export const m0008searchPrefixes: Migration = {
  version: 8,
  name: 'search prefixes',
  up: `
    DROP TABLE leads_fts;
    CREATE VIRTUAL TABLE leads_fts USING fts5(
      name, email, phone, tags, notes, attributes, last_message,
      content = '', contentless_delete = 1, prefix = '1 2',
      tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO leads_fts (rowid, name, email, phone, tags, notes, attributes, last_message)
      SELECT id, name, email, coalesce(phone_prefix, '') || ' ' || coalesce(phone, ''),
             tags_json, notes_json, attributes_json, last_message_text FROM leads;
    CREATE VIRTUAL TABLE leads_fts_vocab USING fts5vocab(leads_fts, row);
  `
}
