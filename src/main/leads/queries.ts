import { LIMITS, leadQuerySchema, type Lead, type LeadListQuery } from '../../shared/contract'
import type { Database } from '../db'
import { toLead, type LeadRow } from './columns'
import { UNDELIVERED_STATES } from './outbox-rows'
import { compileLeadQuery } from './query'

const SELECT = `
  SELECT l.id, l.connection_id, l.remote_id, l.kind, l.name, l.email, l.phone, l.phone_prefix, l.status, l.agent,
    l.city, l.country, l.tags_json, l.notes_json, l.attributes_json, l.last_message_text, l.last_message_at,
    l.remote_created_at, l.remote_updated_at,
    (SELECT count(*) FROM outbox o WHERE o.lead_id = l.id AND o.state IN ${UNDELIVERED_STATES}) AS pending_edits,
    (SELECT count(*) FROM outbox o WHERE o.lead_id = l.id AND o.state = 'local-only') AS local_only
  FROM leads l`

/** The old offset-paged list, answered through the one query model. */
export async function listLeads(db: Database, list: LeadListQuery): Promise<{ rows: Lead[]; total: number }> {
  const query = leadQuerySchema.parse({
    search: list.search ?? '',
    filters: {
      ...(list.connectionId ? { connection: [list.connectionId] } : {}),
      ...(list.kind ? { kind: list.kind } : {}),
      ...(list.status ? { status: [list.status] } : {}),
      ...(list.tag ? { tags: { mode: 'any', values: [list.tag] } } : {})
    }
  })
  const q = compileLeadQuery(query)
  const [ids, count] = await Promise.all([
    db.all<{ id: number }>(`SELECT l.id FROM ${q.from} WHERE ${q.where} ORDER BY ${q.orderBy} LIMIT ? OFFSET ?`, [
      ...q.params,
      list.limit ?? 100,
      list.offset ?? 0
    ]),
    db.get<{ total: number }>(`SELECT count(*) AS total FROM ${q.from} WHERE ${q.where}`, q.params)
  ])
  return {
    rows: await leadsByIds(
      db,
      ids.map((r) => r.id)
    ),
    total: count?.total ?? 0
  }
}

// About what a row weighs in a reply: its lists and last message, plus the short columns.
const ROW_BYTES = `octet_length(l.tags_json) + octet_length(l.notes_json) + octet_length(l.attributes_json)
  + coalesce(octet_length(l.last_message_text), 0) + 1024`

/** The leading ids whose rows fit in one reply (LIMITS.replyBytes); the first always does. */
async function fittingIds(db: Database, ids: readonly number[]): Promise<readonly number[]> {
  const sizes = await db.all<{ id: number; bytes: number }>(
    `SELECT l.id, ${ROW_BYTES} AS bytes FROM leads l WHERE l.id IN (${ids.map(() => '?').join(',')})`,
    ids
  )
  const bytesOf = new Map(sizes.map((s) => [s.id, s.bytes]))
  let total = 0
  let count = 0
  for (const id of ids) {
    total += bytesOf.get(id) ?? 0
    if (count > 0 && total > LIMITS.replyBytes) break
    count++
  }
  return count === ids.length ? ids : ids.slice(0, count)
}

/**
 * Whole leads for ids, in the order given: as many of the leading ids as fit in one reply. SQLite
 * weighs the rows before any of them reaches JavaScript, so a page of leads stuffed with notes costs
 * a bounded reply and bounded memory; a caller pages on from the last lead returned. raw_json is
 * never read.
 */
export async function leadsByIds(db: Database, wanted: readonly number[]): Promise<Lead[]> {
  if (wanted.length === 0) return []
  const ids = await fittingIds(db, wanted)
  const rows = await db.all<LeadRow>(`${SELECT} WHERE l.id IN (${ids.map(() => '?').join(',')})`, ids)
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap((id) => {
    const row = byId.get(id)
    return row ? [toLead(row)] : []
  })
}

export async function getLead(db: Database, id: number): Promise<Lead | null> {
  const row = await db.get<LeadRow>(`${SELECT} WHERE l.id = ?`, [id])
  return row ? toLead(row) : null
}
