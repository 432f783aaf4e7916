import type { LeadFilters } from '../../../shared/contract/query'
import type { SqlValue } from '../../db'
import { STATUS_RANK, type Clause } from './filters'

/** Filters whose every combination lead_counts (migration 7) holds a row for. */
const COUNTED = new Set<keyof LeadFilters>([
  'status',
  'platform',
  'connection',
  'agent',
  'hasEmail',
  'hasPhone',
  'kind'
])

const marks = (values: readonly unknown[]): string => values.map(() => '?').join(', ')

/**
 * The part of `filters` that the kept counts can answer, as WHERE clauses over `lead_counts k`
 * (summing `k.n` gives how many leads match it), and whether that part is all of the filters.
 * The same meaning as filterClauses, on the counts table's columns.
 */
export function countedClauses(filters: LeadFilters): { clauses: Clause[]; complete: boolean } {
  const clauses: Clause[] = []
  const { status, platform, connection, agent } = filters
  if (status?.length) {
    const ranks = [...new Set(status.map((s) => STATUS_RANK[s]!))]
    clauses.push({ sql: `k.sort_status IN (${marks(ranks)})`, params: ranks })
  }
  if (connection?.length) clauses.push({ sql: `k.connection_id IN (${marks(connection)})`, params: [...connection] })
  if (platform?.length) {
    clauses.push({
      sql: `k.connection_id IN (SELECT id FROM connections WHERE platform IN (${marks(platform)}))`,
      params: [...platform]
    })
  }
  if (agent?.length) {
    const keys = [...new Set(agent.map((a) => (a ?? '').toLowerCase()))]
    clauses.push({ sql: `k.sort_agent IN (${marks(keys)})`, params: keys })
  }
  if (filters.hasEmail !== undefined) clauses.push({ sql: 'k.has_email = ?', params: [filters.hasEmail ? 1 : 0] })
  if (filters.hasPhone !== undefined) clauses.push({ sql: 'k.has_phone = ?', params: [filters.hasPhone ? 1 : 0] })
  if (filters.kind) clauses.push({ sql: 'k.kind = ?', params: [filters.kind] })
  const complete = (Object.keys(filters) as (keyof LeadFilters)[]).every(
    (key) => COUNTED.has(key) || isEmpty(filters[key])
  )
  return { clauses, complete }
}

function isEmpty(value: LeadFilters[keyof LeadFilters]): boolean {
  if (value === undefined) return true
  if (Array.isArray(value)) return value.length === 0
  if (typeof value === 'object')
    return 'values' in value ? value.values.length === 0 : !value.preset && !value.from && !value.to
  return false
}

/** `SELECT … FROM lead_counts k WHERE …` for the counted part of `filters`. */
export function countedSql(filters: LeadFilters): { sql: string; params: SqlValue[]; complete: boolean } {
  const { clauses, complete } = countedClauses(filters)
  return {
    sql: `SELECT ifnull(sum(k.n), 0) AS n FROM lead_counts k WHERE ${clauses.length ? clauses.map((c) => c.sql).join(' AND ') : '1'}`,
    params: clauses.flatMap((c) => c.params),
    complete
  }
}
