import { leadQuerySchema, type Lead, type LeadListQuery } from '../../shared/contract'
import type { Database } from '../db/database'
import { toLead, type LeadRow } from './columns'
import { UNDELIVERED_STATES } from './outbox'
import { compileLeadQuery } from './query'

const SELECT = `
  SELECT l.*,
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

/** Whole leads for ids, in the order given. */
export async function leadsByIds(db: Database, ids: readonly number[]): Promise<Lead[]> {
  if (ids.length === 0) return []
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
