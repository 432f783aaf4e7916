import type { ImportOptions } from '../../../shared/contract'
import type { SqlValue, Tx } from '../../db'
import type { CheckedRow } from './validate'
import { phoneKey } from './values/phone'

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

export type MatchedBy = 'remoteId' | 'email' | 'phone'
export interface Match {
  by: MatchedBy
  leads: ExistingLead[]
}

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

/** Resolves the "connection" column of a row (our export writes the connection's id) to a connection id. */
export type ConnectionOf = (reference: string | null) => string

/**
 * The existing leads each row matches, by the first key that finds any: platform id (within the
 * row's connection, else the import's), then e-mail without regard to case, then phone key.
 * One query per key per batch, each served by an index.
 */
export async function findMatches(
  db: Reader,
  rows: readonly CheckedRow[],
  options: ImportOptions,
  connectionOf: ConnectionOf
): Promise<Map<number, Match>> {
  const byRemote = new Map<string, Map<string, ExistingLead[]>>()
  const byEmail = new Map<string, ExistingLead[]>()
  const byPhone = new Map<string, ExistingLead[]>()
  const add = <K>(map: Map<K, ExistingLead[]>, key: K, lead: ExistingLead): void => {
    const list = map.get(key)
    if (list) list.push(lead)
    else map.set(key, [lead])
  }

  if (options.matchBy.remoteId) {
    const perConnection = new Map<string, Set<string>>()
    for (const row of rows) {
      if (!row.keys.remoteId) continue
      const connection = connectionOf(row.keys.connection)
      const set = perConnection.get(connection) ?? new Set<string>()
      set.add(row.keys.remoteId)
      perConnection.set(connection, set)
    }
    for (const [connection, ids] of perConnection) {
      const found = await lookup(db, [...ids], (marks) => `l.connection_id = ? AND l.remote_id IN (${marks})`, [
        connection
      ])
      const map = new Map<string, ExistingLead[]>()
      for (const lead of found) add(map, lead.remote_id, lead)
      byRemote.set(connection, map)
    }
  }
  if (options.matchBy.email) {
    const emails = [...new Set(rows.map((r) => r.keys.email).filter((e): e is string => e !== null))]
    for (const lead of await lookup(db, emails, (marks) => `l.email COLLATE NOCASE IN (${marks})`))
      add(byEmail, lead.email!.trim().toLowerCase(), lead)
  }
  if (options.matchBy.phone) {
    const phones = [...new Set(rows.map((r) => r.keys.phone).filter((p): p is string => p !== null))]
    const found = await lookup(db, phones, (marks) => `l.phone IS NOT NULL AND ${PHONE_KEY_SQL} IN (${marks})`)
    for (const lead of found) add(byPhone, phoneKey(lead.phone, lead.phone_prefix)!, lead)
  }

  const matches = new Map<number, Match>()
  for (const row of rows) {
    const remote = row.keys.remoteId
      ? byRemote.get(connectionOf(row.keys.connection))?.get(row.keys.remoteId)
      : undefined
    if (remote) matches.set(row.row, { by: 'remoteId', leads: remote })
    else if (row.keys.email && byEmail.has(row.keys.email))
      matches.set(row.row, { by: 'email', leads: byEmail.get(row.keys.email)! })
    else if (row.keys.phone && byPhone.has(row.keys.phone))
      matches.set(row.row, { by: 'phone', leads: byPhone.get(row.keys.phone)! })
  }
  return matches
}
