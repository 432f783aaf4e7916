import type { DateRange, LeadFilters, SyncState } from '../../../shared/contract/query'
import type { SqlValue } from '../../db'

/** A piece of WHERE over `l` (leads), with its parameters in order. */
export interface Clause {
  sql: string
  params: SqlValue[]
}

/**
 * How the page query should find its rows. By default SQLite's planner chooses; `bySort` makes it
 * walk the sort's index and check each filter per row, which is what a first page needs unless
 * the filters are rare (the store decides, from counts it keeps: see table-store.ts).
 */
export interface Drive {
  bySort: boolean
  /** The sort's first key (e.g. `l.sort_updated`): a filter on it stays an index range. */
  leadingKey?: string
}

export const STATUS_RANK: Record<string, number> = {
  OPEN: 1,
  INPROGRESS: 2,
  REVIEW: 3,
  ONHOLD: 4,
  DEPENDANCY: 5,
  CLOSED: 6
}

/** Outbox states behind each sync state the user can filter by. */
export const SYNC_STATE_OUTBOX: Record<SyncState, readonly string[]> = {
  waiting: ['pending', 'sending'],
  conflict: ['conflict'],
  localOnly: ['local-only'],
  failed: ['failed']
}

const marks = (values: readonly unknown[]): string => values.map(() => '?').join(', ')

/** A preset resolved against `now` ("today" starts at local midnight); explicit bounds as given. */
export function resolveRange(range: DateRange, now: Date): { from?: string; to?: string } {
  if (range.preset === 'today') {
    const midnight = new Date(now)
    midnight.setHours(0, 0, 0, 0)
    return { from: midnight.toISOString() }
  }
  if (range.preset) {
    const days = range.preset === '7d' ? 7 : 30
    return { from: new Date(now.getTime() - days * 86_400_000).toISOString() }
  }
  return { from: range.from, to: range.to }
}

function dateClauses(column: string, range: DateRange | undefined, now: Date): Clause[] {
  if (!range) return []
  const { from, to } = resolveRange(range, now)
  const out: Clause[] = []
  // The sort keys hold '' for "no date": a lower bound leaves those out, as it should.
  if (from) out.push({ sql: `${column} >= ?`, params: [from] })
  if (to) out.push({ sql: `${column} < ? AND ${column} <> ''`, params: [to] })
  return out
}

/**
 * Whether the filters alone rule out '' as the value of a sort key. By migration 6's definitions,
 * sort_email is '' exactly when there is no email, and sort_name (name, else email, else phone,
 * else the last message) is '' only when there is none of those.
 */
function impliesNonEmpty(filters: LeadFilters, key: string): boolean {
  if (key === 'l.sort_email') return filters.hasEmail === true
  if (key === 'l.sort_name') return filters.hasEmail === true || filters.hasPhone === true
  return false
}

/**
 * Filters → WHERE clauses on the indexed sort keys of migration 6 where one exists, so the planner
 * can drive from a filter's index when it is selective and from the sort's index otherwise.
 */
export function filterClauses(filters: LeadFilters, now: Date, drive: Drive = { bySort: false }): Clause[] {
  const out: Clause[] = []
  // Driving by the sort's index, a filter is checked per row: `+` keeps SQLite from reading its
  // index instead (and sorting), except on the sort's own leading key, where the range is the seek.
  const col = (column: string): string => (drive.bySort && column !== drive.leadingKey ? `+${column}` : column)
  const inSet = (sql: string, correlated: string): string => (drive.bySort ? correlated : sql)
  const { status, platform, connection, tags, agent, syncState } = filters
  if (status?.length) {
    const ranks = [...new Set(status.map((s) => STATUS_RANK[s]!))]
    out.push({ sql: `${col('l.sort_status')} IN (${marks(ranks)})`, params: ranks })
  }
  if (connection?.length)
    out.push({ sql: `${col('l.connection_id')} IN (${marks(connection)})`, params: [...connection] })
  if (platform?.length) {
    out.push({
      sql: `${col('l.connection_id')} IN (SELECT id FROM connections WHERE platform IN (${marks(platform)}))`,
      params: [...platform]
    })
  }
  if (tags?.values.length) {
    const values = [...new Set(tags.values)]
    const anyOf = `EXISTS (SELECT 1 FROM lead_tags t WHERE t.lead_id = l.id AND t.tag IN (${marks(values)}))`
    if (tags.mode === 'any') {
      out.push({
        sql: inSet(`l.id IN (SELECT lead_id FROM lead_tags WHERE tag IN (${marks(values)}))`, anyOf),
        params: values
      })
    } else if (tags.mode === 'none') {
      out.push({ sql: `NOT ${anyOf}`, params: values })
    } else {
      // The first tag as a set the planner may drive from; the others checked per lead by key.
      const [first, ...rest] = values
      out.push({
        sql: inSet(
          'l.id IN (SELECT lead_id FROM lead_tags WHERE tag = ?)',
          'EXISTS (SELECT 1 FROM lead_tags t WHERE t.lead_id = l.id AND t.tag = ?)'
        ),
        params: [first!]
      })
      for (const tag of rest) {
        out.push({ sql: 'EXISTS (SELECT 1 FROM lead_tags t WHERE t.lead_id = l.id AND t.tag = ?)', params: [tag] })
      }
    }
  }
  if (agent?.length) {
    // Matched without regard to case, like the sort key it reads; null means unassigned.
    const keys = [...new Set(agent.map((a) => (a ?? '').toLowerCase()))]
    out.push({ sql: `${col('l.sort_agent')} IN (${marks(keys)})`, params: keys })
  }
  out.push(...dateClauses(col('l.sort_created'), filters.created, now))
  out.push(...dateClauses(col('l.sort_updated'), filters.updated, now))
  out.push(...dateClauses(col('l.sort_last_message'), filters.lastMessage, now))
  if (filters.hasEmail !== undefined) {
    out.push({ sql: `${col('l.sort_email')} ${filters.hasEmail ? '<>' : '='} ''`, params: [] })
  }
  if (filters.hasPhone !== undefined) {
    out.push({ sql: `ifnull(l.phone, '') ${filters.hasPhone ? '<>' : '='} ''`, params: [] })
  }
  if (drive.bySort && drive.leadingKey && impliesNonEmpty(filters, drive.leadingKey)) {
    // Said as a range on the sort's index, the walk starts past the leads whose key is '' (those
    // with nothing to show): there may be many, and none of them can match.
    out.push({ sql: `${drive.leadingKey} > ''`, params: [] })
  }
  if (filters.kind) out.push({ sql: `${col('l.kind')} = ?`, params: [filters.kind] })
  if (syncState?.length) {
    const states = [...new Set(syncState.flatMap((s) => SYNC_STATE_OUTBOX[s]))]
    // Undelivered edits are few (an outbox drains): the planner drives from them either way.
    out.push({ sql: `l.id IN (SELECT lead_id FROM outbox WHERE state IN (${marks(states)}))`, params: states })
  }
  if (filters.promoted !== undefined) {
    out.push({
      sql: `${filters.promoted ? '' : 'NOT '}(l.kind = 'lead' AND l.id IN (SELECT lead_id FROM outbox WHERE op = 'promote' AND state <> 'discarded'))`,
      params: []
    })
  }
  return out
}
