import type { ImportOptions } from '../../../shared/contract'
import type { Tx } from '../../db'
import { leadsByEmail, leadsByPhoneKey, leadsByRemoteId, type ExistingLead } from './lead-store'
export type { ExistingLead } from './lead-store'
import type { CheckedRow } from './validate'
import { phoneKey } from './values/phone'

export type MatchedBy = 'remoteId' | 'email' | 'phone'
export interface Match {
  by: MatchedBy
  leads: ExistingLead[]
}

type Reader = Pick<Tx, 'all'>

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
      const found = await leadsByRemoteId(db, connection, [...ids])
      const map = new Map<string, ExistingLead[]>()
      for (const lead of found) add(map, lead.remote_id, lead)
      byRemote.set(connection, map)
    }
  }
  if (options.matchBy.email) {
    const emails = [...new Set(rows.map((r) => r.keys.email).filter((e): e is string => e !== null))]
    for (const lead of await leadsByEmail(db, emails)) add(byEmail, lead.email!.trim().toLowerCase(), lead)
  }
  if (options.matchBy.phone) {
    const phones = [...new Set(rows.map((r) => r.keys.phone).filter((p): p is string => p !== null))]
    const found = await leadsByPhoneKey(db, phones)
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
