import type { LeadQuery } from '../../../shared/contract/query'
import type { SqlValue } from '../../db'
import { filterClauses } from './filters'
import { ftsQuery } from './fts'
import { keysetCondition } from './keyset'
import { orderByOf, planSort, type SortTerm } from './sort'

/**
 * The one place a LeadQuery becomes SQL. Everything that reads "the leads that match" (the
 * table, its counts, saved views, bulk edit "all that match", CSV export, the dashboard) builds
 * on this, with parameters only:
 *
 *   const q = compileLeadQuery(query)
 *   db.all(`SELECT l.id, l.name FROM ${q.from} WHERE ${q.where} ORDER BY ${q.orderBy} LIMIT 100`, q.params)
 *   db.get(`SELECT count(*) AS n FROM ${q.from} WHERE ${q.where}`, q.params)
 *
 * `l` is the leads table in every form; `from` takes no parameters, so `params` belong to `where`. The next
 * page starts after the last row: select `q.keys` with it and AND in `afterRow(q, thoseValues)`.
 * `from` joins connections (as `c`) or the full-text table only when the sort reads them.
 */
export interface CompiledLeadQuery {
  from: string
  where: string
  params: SqlValue[]
  orderBy: string
  /** The same order backwards: the last page is the first page of this, read bottom-up. */
  reverseOrderBy: string
  /** SQL expressions whose values on a row make its cursor, aliased-free, in ORDER BY order. */
  keys: readonly string[]
  /** The FTS5 query the search became (null without a search), for ranking a page. */
  match: string | null
  terms: readonly SortTerm[]
}

export interface CompileOptions {
  /** Resolves date presets; defaults to the current time. */
  now?: Date
  /**
   * How the rows are found. `sort`: walk the sort's index and check the filters per row (see
   * `Drive`); `search`: read the search's hits from the full-text index and sort those (for a
   * search with few hits); by default SQLite's planner chooses.
   */
  drive?: 'sort' | 'search'
  /**
   * The search as an FTS5 expression with its prefixes already expanded to the terms they match
   * (`expandSearch` in the store): the same rows as the plain prefix form, read without merging.
   */
  match?: string | null
}

export function compileLeadQuery(query: LeadQuery, options: CompileOptions = {}): CompiledLeadQuery {
  const now = options.now ?? new Date()
  const match = options.match === undefined ? ftsQuery(query.search) : options.match
  const plan = planSort(query.sort, match !== null)
  const bySort = options.drive === 'sort' && !plan.byRelevance
  const clauses = filterClauses(query.filters, now, { bySort, leadingKey: plan.terms[0]!.expr })
  let from = 'leads l'
  if (match && options.drive === 'search' && !plan.byRelevance) {
    // Few hits: the full-text index leads, each hit's row is read, and only those are sorted.
    from = `leads_fts CROSS JOIN leads l ON l.id = leads_fts.rowid${plan.joinsConnections ? ' JOIN connections c ON c.id = l.connection_id' : ''}`
    clauses.unshift({ sql: 'leads_fts MATCH ?', params: [match] })
  } else if (plan.byRelevance) {
    // Hits straight from the full-text index, newest first, filters checked per hit: the first
    // page of even a one-letter prefix reads a page's worth of hits, not all of them.
    from = 'leads_fts CROSS JOIN leads l ON l.id = leads_fts.rowid'
    clauses.unshift({ sql: 'leads_fts MATCH ?', params: [match!] })
  } else {
    if (match) {
      clauses.push({
        sql: bySort
          ? 'EXISTS (SELECT 1 FROM leads_fts WHERE leads_fts MATCH ? AND leads_fts.rowid = l.id)'
          : 'l.id IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?)',
        params: [match]
      })
    }
    // CROSS JOIN fixes the loop order: connections outside, each one's leads by index inside.
    if (plan.joinsConnections) from = 'connections c CROSS JOIN leads l ON l.connection_id = c.id'
  }
  return {
    from,
    where: clauses.length ? clauses.map((c) => c.sql).join(' AND ') : '1',
    params: clauses.flatMap((c) => c.params),
    orderBy: orderByOf(plan.terms),
    reverseOrderBy: orderByOf(plan.terms, true),
    keys: plan.terms.map((t) => t.expr),
    match,
    terms: plan.terms
  }
}

/** The condition for rows after `cursor` (the values of `q.keys` on a row), or before it with `reverse`. */
export function afterRow(
  q: CompiledLeadQuery,
  cursor: readonly SqlValue[],
  reverse = false
): { sql: string; params: SqlValue[] } {
  return keysetCondition(q.terms, cursor, reverse)
}
