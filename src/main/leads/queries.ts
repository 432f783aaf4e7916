import { LIMITS, type Lead, type LeadQuery } from '../../shared/contract'
import type { Database, SqlValue } from '../db/database'
import { toLead, type LeadRow } from './columns'
import { UNDELIVERED_STATES } from './outbox'

const SELECT = `
  SELECT l.id, l.connection_id, l.remote_id, l.kind, l.name, l.email, l.phone, l.phone_prefix, l.status, l.agent,
    l.city, l.country, l.tags_json, l.notes_json, l.attributes_json, l.last_message_text, l.last_message_at,
    l.remote_created_at, l.remote_updated_at,
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

function whereOf(query: LeadQuery): { sql: string; params: SqlValue[] } {
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

// About what a row weighs in a reply: its lists and last message, plus the short columns.
const ROW_BYTES = `octet_length(l.tags_json) + octet_length(l.notes_json) + octet_length(l.attributes_json)
  + coalesce(octet_length(l.last_message_text), 0) + 1024`

/**
 * A page of leads, cut short once the rows before it already weigh LIMITS.replyBytes (the first row
 * always comes): SQLite sizes the page before a single large row reaches JavaScript, so a page of
 * leads stuffed with notes costs a bounded reply and bounded memory. raw_json never leaves the table.
 */
export async function listLeads(db: Database, query: LeadQuery): Promise<{ rows: Lead[]; total: number }> {
  const { sql, params } = whereOf(query)
  const limit = query.limit ?? 100
  const offset = query.offset ?? 0
  const [rows, count] = await Promise.all([
    db.all<LeadRow>(
      `WITH page AS (
         SELECT l.id, l.remote_updated_at AS updated FROM leads l WHERE ${sql}
         ORDER BY l.remote_updated_at DESC, l.id DESC LIMIT ? OFFSET ?
       ), fitted AS (
         SELECT page.id, sum(${ROW_BYTES}) OVER (ORDER BY page.updated DESC, page.id DESC ROWS UNBOUNDED PRECEDING)
           - (${ROW_BYTES}) AS before
         FROM page JOIN leads l ON l.id = page.id
       )
       ${SELECT} JOIN fitted ON fitted.id = l.id WHERE fitted.before < ?
       ORDER BY l.remote_updated_at DESC, l.id DESC`,
      [...params, limit, offset, LIMITS.replyBytes]
    ),
    db.get<{ total: number }>(`SELECT count(*) AS total FROM leads l WHERE ${sql}`, params)
  ])
  return { rows: rows.map(toLead), total: count?.total ?? 0 }
}

export async function getLead(db: Database, id: number): Promise<Lead | null> {
  const row = await db.get<LeadRow>(`${SELECT} WHERE l.id = ?`, [id])
  return row ? toLead(row) : null
}
