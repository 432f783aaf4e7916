import type { Migration } from '../migrate'

/*
 * Leads an import created stay on this machine ("local") until pushed to a platform; import_id
 * names the import that created them, so a revert removes exactly those. The two indexes serve the
 * importer's duplicate check: e-mail without regard to case, and the phone reduced to its digits
 * (dial code + number, leading zeros of the number dropped). The phone expression is repeated
 * verbatim in src/main/csv/import/lead-store.ts, which must match it for SQLite to use the index.
 */
export const m0013importedLeads: Migration = {
  version: 13,
  name: 'imported leads and duplicate lookups',
  up: `
    ALTER TABLE leads ADD COLUMN import_id INTEGER;
    ALTER TABLE leads ADD COLUMN import_state TEXT CHECK (import_state IN ('local', 'pushing', 'pushed'));
    ALTER TABLE leads ADD COLUMN push_attempted_at TEXT;
    CREATE INDEX leads_by_import ON leads (import_id, import_state) WHERE import_id IS NOT NULL;
    CREATE INDEX leads_by_email_nocase ON leads (email COLLATE NOCASE) WHERE email IS NOT NULL;
    CREATE INDEX leads_by_phone_key ON leads (
      CASE WHEN substr(ltrim(phone), 1, 1) = '+'
        THEN replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', '')
        ELSE replace(replace(replace(replace(replace(replace(coalesce(phone_prefix, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', '')
          || ltrim(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '0')
      END
    ) WHERE phone IS NOT NULL;
  `
}
