import type { Lead, LeadQuery } from '../../shared/contract'
import type { Database, SqlValue } from '../db/database'
import { toLead, type LeadRow } from './columns'
import { UNDELIVERED_STATES } from './outbox'

const SELECT = `
  SELECT l.*,
    (SELECT count(*) FROM outbox o WHERE o.lead_id = l.id AND o.state IN ${UNDELIVERED_STATES}) AS pending_edits,
    (SELECT count(*) FROM outbox o WHERE o.lead_id = l.id AND o.state = 'local-only') AS local_only
  FROM leads l`

/** Turns what the user typed into an FTS5 query of quoted prefix terms: no syntax errors, no operators. */
export function ftsQuery(search: string): string | null {
  const terms = search
    .split(/\s+/)
    .map((t) => t.replace(/"/g, '""').trim())
    .filter(Boolean)
    .slice(0, 16)
  return terms.length ? terms.map((t) => `"${t}"*`).join(' ') : null
}

export function whereOf(query: LeadQuery): { sql: string; params: SqlValue[] } {
  const clauses: string[] = []
  const params: SqlValue[] = []
  if (query.connectionId) {
    clauses.push('l.connection_id = ?')
    params.push(query.connectionId)
  }
  if (query.kind) {
    clauses.push('l.kind = ?')
    params.push(query.kind)
  }
  if (query.status) {
    clauses.push('l.status = ?')
    params.push(query.status)
  }
  if (query.tag) {
    clauses.push('l.id IN (SELECT lead_id FROM lead_tags WHERE tag = ?)')
    params.push(query.tag)
  }
  const fts = query.search ? ftsQuery(query.search) : null
  if (fts) {
    clauses.push('l.id IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?)')
    params.push(fts)
  }
  return { sql: clauses.length ? clauses.join(' AND ') : '1', params }
}

/** The table's one sort order, for anything that lists leads as the table does (the CSV export). */
export const LEAD_ORDER = 'l.remote_updated_at DESC, l.id DESC'

export async function listLeads(db: Database, query: LeadQuery): Promise<{ rows: Lead[]; total: number }> {
  const { sql, params } = whereOf(query)
  const limit = query.limit ?? 100
  const offset = query.offset ?? 0
  const [rows, count] = await Promise.all([
    db.all<LeadRow>(`${SELECT} WHERE ${sql} ORDER BY ${LEAD_ORDER} LIMIT ? OFFSET ?`, [...params, limit, offset]),
    db.get<{ total: number }>(`SELECT count(*) AS total FROM leads l WHERE ${sql}`, params)
  ])
  return { rows: rows.map(toLead), total: count?.total ?? 0 }
}

export async function getLead(db: Database, id: number): Promise<Lead | null> {
  const row = await db.get<LeadRow>(`${SELECT} WHERE l.id = ?`, [id])
  return row ? toLead(row) : null
}
