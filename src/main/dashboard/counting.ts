import { DEFAULT_SORT, type LeadQuery } from '../../shared/contract'
import { compileLeadQuery, type CompiledLeadQuery } from '../leads'

/**
 * The query compiled for counting, not paging. With a creation-date range, the rows are found by
 * the created index and every other filter is checked per row: without table statistics SQLite
 * would otherwise pick, say, the status index and read a third of a million leads to keep the
 * few thousand created this month. Without a range the planner chooses; the default sort keeps
 * `from` to the leads table alone.
 */
export function compileForCounting(base: LeadQuery, now: Date): CompiledLeadQuery {
  const { from, to } = base.filters.created ?? {}
  if (from || to)
    return compileLeadQuery({ ...base, sort: [{ column: 'created', dir: 'asc' }] }, { now, drive: 'sort' })
  return compileLeadQuery({ ...base, sort: [...DEFAULT_SORT] }, { now })
}
