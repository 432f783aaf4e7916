// The import's reads of other domains' tables (leads, connections): matching rows to the leads
// already cached, the connections rows may name, and the leads a revert puts back.
import type { SqlValue, Tx } from '../../db'

/** Must stay identical to the expression of the leads_by_phone_key index (migration 13). */
export const PHONE_KEY_SQL = `CASE WHEN substr(ltrim(phone), 1, 1) = '+'
        THEN replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', '')
        ELSE replace(replace(replace(replace(replace(replace(coalesce(phone_prefix, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', '')
          || ltrim(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '0')
      END`

/** What the importer reads of a lead to compare and update it. */
export interface ExistingLead {
  id: number
  connection_id: string
  remote_id: string
  kind: 'lead' | 'chat'
  name: string | null
  email: string | null
  phone: string | null
  phone_prefix: string | null
  status: string | null
  agent: string | null
  city: string | null
  country: string | null
  tags_json: string
  notes_json: string
  attributes_json: string
  last_message_text: string | null
  last_message_at: string | null
  remote_created_at: string | null
  remote_updated_at: string | null
  import_state: 'local' | 'pushing' | 'pushed' | null
}

const COLUMNS = `l.id, l.connection_id, l.remote_id, l.kind, l.name, l.email, l.phone, l.phone_prefix, l.status,
  l.agent, l.city, l.country, l.tags_json, l.notes_json, l.attributes_json, l.last_message_text, l.last_message_at,
  l.remote_created_at, l.remote_updated_at, l.import_state`
// Leads of removed (archived) connections are kept for reading only: an import does not touch them.
const FROM = 'FROM leads l JOIN connections c ON c.id = l.connection_id AND c.archived = 0'

type Reader = Pick<Tx, 'all'>
const CHUNK = 900

async function lookup(
  db: Reader,
  values: readonly string[],
  where: (marks: string) => string,
  head: readonly SqlValue[] = []
): Promise<ExistingLead[]> {
  const found: ExistingLead[] = []
  for (let start = 0; start < values.length; start += CHUNK) {
    const chunk = values.slice(start, start + CHUNK)
    const marks = chunk.map(() => '?').join(',')
    found.push(...(await db.all<ExistingLead>(`SELECT ${COLUMNS} ${FROM} WHERE ${where(marks)}`, [...head, ...chunk])))
  }
  return found
}

export function leadsByRemoteId(
  db: Reader,
  connectionId: string,
  remoteIds: readonly string[]
): Promise<ExistingLead[]> {
  return lookup(db, remoteIds, (marks) => `l.connection_id = ? AND l.remote_id IN (${marks})`, [connectionId])
}

/** Leads whose e-mail is one of `emails`, without regard to case. */
export function leadsByEmail(db: Reader, emails: readonly string[]): Promise<ExistingLead[]> {
  return lookup(db, emails, (marks) => `l.email COLLATE NOCASE IN (${marks})`)
}

/** Leads whose phone reduces to one of `keys` (dial code and number, digits only). */
export function leadsByPhoneKey(db: Reader, keys: readonly string[]): Promise<ExistingLead[]> {
  return lookup(db, keys, (marks) => `l.phone IS NOT NULL AND ${PHONE_KEY_SQL} IN (${marks})`)
}

/** Leads by id, as they are now (a revert compares them with what the import wrote). */
export function leadsById(db: Reader, ids: readonly number[]): Promise<ExistingLead[]> {
  return db.all<ExistingLead>(`SELECT ${COLUMNS} FROM leads l WHERE l.id IN (${ids.map(() => '?').join(',')})`, ids)
}

/** Into a cache without leads nothing can match: the lookups are skipped then. */
export async function cacheHasLeads(db: Pick<Tx, 'get'>): Promise<boolean> {
  return (await db.get('SELECT 1 FROM leads LIMIT 1')) !== undefined
}

/** Every connection, removed ones included (their names still appear in old exports). */
export function connectionNames(db: Reader): Promise<{ id: string; name: string; archived: number }[]> {
  return db.all<{ id: string; name: string; archived: number }>('SELECT id, name, archived FROM connections')
}
