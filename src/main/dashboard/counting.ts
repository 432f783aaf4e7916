import { DEFAULT_SORT, type LeadQuery } from '../../shared/contract'
import { compileLeadQuery, type CompiledLeadQuery } from '../leads'

/** Whether the query has a creation-date range (then counting drives by the created index). */
export function drivesByCreated(base: LeadQuery): boolean {
  const { from, to } = base.filters.created ?? {}
  return !!(from || to)
}

/**
 * The query compiled for counting, not paging. With a creation-date range, the rows are found by
 * the created index and every other filter is checked per row: without table statistics SQLite
 * would otherwise pick, say, the status index (or the agent index, to group without sorting) and
 * read a third of a million leads to keep the few thousand created this month. Without a range
 * the planner chooses; the default sort keeps `from` to the leads table alone.
 */
export function compileForCounting(base: LeadQuery, now: Date): CompiledLeadQuery {
  if (!drivesByCreated(base)) return compileLeadQuery({ ...base, sort: [...DEFAULT_SORT] }, { now })
  const q = compileLeadQuery({ ...base, sort: [{ column: 'created', dir: 'asc' }] }, { now, drive: 'sort' })
  return q.from === 'leads l' ? { ...q, from: 'leads l INDEXED BY leads_sort_created' } : q
}
