import type { LeadSortKey, SortColumn } from '../../../shared/contract/query'

/** One term of an ORDER BY: an SQL expression over `l` (leads) or `c` (connections). */
export interface SortTerm {
  expr: string
  desc: boolean
}

/**
 * Each sortable column's key, as the columns and indexes of migration 6 define them. Platform and
 * connection are "group" sorts: the rows come from walking `connections` in order (a handful of
 * rows) and, inside each, the connection's leads by id — both from indexes, so no sort either.
 */
const KEYS: Record<Exclude<SortColumn, 'relevance'>, readonly string[]> = {
  name: ['l.sort_name'],
  email: ['l.sort_email'],
  status: ['l.sort_status', 'l.sort_updated'],
  platform: ['c.platform', 'c.name', 'c.rowid'],
  connection: ['c.name', 'c.rowid'],
  agent: ['l.sort_agent'],
  tags: ['l.sort_tags'],
  created: ['l.sort_created'],
  updated: ['l.sort_updated'],
  lastMessage: ['l.sort_last_message'],
  lastSeen: ['l.sort_last_seen'],
  websiteVisits: ['l.sort_visits']
}

/** The FTS-driven order: newest matching lead first; the store ranks each page it reads. */
export const RELEVANCE_TERM: SortTerm = { expr: 'leads_fts.rowid', desc: true }

export interface SortPlan {
  terms: SortTerm[]
  /** The sort reads connection columns, so `connections c` must be the outer loop. */
  joinsConnections: boolean
  /** Driven by the full-text index: `leads_fts` is the outer loop. */
  byRelevance: boolean
}

/**
 * The ORDER BY terms of a sort, always ending on the lead id (in the first key's direction, so a
 * single-column sort reads one index in one direction). `relevance` needs a search; without one
 * it means the default (updated, newest first).
 */
export function planSort(sort: readonly LeadSortKey[], hasSearch: boolean): SortPlan {
  const first = sort[0] ?? { column: 'updated', dir: 'desc' }
  if (first.column === 'relevance' && hasSearch) {
    return { terms: [RELEVANCE_TERM], joinsConnections: false, byRelevance: true }
  }
  const terms: SortTerm[] = []
  const seen = new Set<string>()
  for (const key of sort) {
    const column = key.column === 'relevance' ? 'updated' : key.column
    for (const expr of KEYS[column]) {
      if (seen.has(expr)) continue
      seen.add(expr)
      terms.push({ expr, desc: key.dir === 'desc' })
    }
  }
  if (terms.length === 0) terms.push({ expr: 'l.sort_updated', desc: true })
  terms.push({ expr: 'l.id', desc: terms[0]!.desc })
  return { terms, joinsConnections: terms.some((t) => t.expr.startsWith('c.')), byRelevance: false }
}

export function orderByOf(terms: readonly SortTerm[], reverse = false): string {
  return terms.map((t) => `${t.expr} ${t.desc !== reverse ? 'DESC' : 'ASC'}`).join(', ')
}
