import type { LeadFilters, LeadQuery } from '../../shared/contract'
import type { Database, SqlValue } from '../db'
import { countedClauses } from '../leads'
import { compileForCounting } from './counting'

/**
 * The dashboard's aggregates from counts kept by triggers (lead_created_counts, migration 14;
 * lead_counts and tag_counts, migration 7), when the query's filters are ones those counts hold:
 * then a million leads are a sum over a few thousand rows. Each returns null when it cannot answer
 * exactly, and the store groups the leads instead.
 */

/** Filters lead_created_counts has a dimension for (created is its day). */
const BY_DAY = new Set<keyof LeadFilters>(['status', 'platform', 'connection', 'kind', 'created'])

function isEmpty(value: LeadFilters[keyof LeadFilters]): boolean {
  if (value === undefined) return true
  if (Array.isArray(value)) return value.length === 0
  if (typeof value === 'object') return 'values' in value ? value.values.length === 0 : !value.from && !value.to
  return false
}

const only = (query: LeadQuery, allowed: ReadonlySet<keyof LeadFilters>): boolean =>
  !query.search.trim() &&
  (Object.keys(query.filters) as (keyof LeadFilters)[]).every((k) => allowed.has(k) || isEmpty(query.filters[k]))

const nextDay = (day: string): string => {
  const d = new Date(`${day}T00:00:00.000Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

/** Leads per (creation day, connection), for the timeline, and per status, for the funnel and total. */
export interface DayCounts {
  days: { day: string; connection: string; n: number }[]
  statuses: { status: number; n: number }[]
}

/**
 * Leads per (creation day, connection) and per status matching `base`, or null if its filters are
 * not all counted per day. Two sums rather than one per (day, connection, status): the timeline's
 * follows the counts' key order and returns a few thousand rows at a million leads, not 20,000.
 * Days wholly inside the created range come from the counts; the range's first and last day (a
 * range may start mid-day) are counted from the leads, by the created index.
 */
export async function countsByDay(db: Database, base: LeadQuery, now: Date): Promise<DayCounts | null> {
  if (!only(base, BY_DAY)) return null
  const { clauses } = countedClauses(base.filters)
  const { from, to } = base.filters.created ?? {}
  // Whole days: on or after the day after `from`'s, before `to`'s (text order, as the filter compares).
  const first = from ? nextDay(from.slice(0, 10)) : null
  const last = to ? to.slice(0, 10) : null
  const where = [...clauses.map((c) => c.sql)]
  const params: SqlValue[] = clauses.flatMap((c) => c.params)
  if (first) {
    where.push('k.day >= ?')
    params.push(first)
  }
  if (last) {
    where.push("k.day < ? AND k.day <> ''")
    params.push(last)
  }
  const kept = `FROM lead_created_counts k WHERE ${where.length ? where.join(' AND ') : '1'}`
  const days = db.all<DayCounts['days'][number]>(
    `SELECT k.day AS day, k.connection_id AS connection, sum(k.n) AS n ${kept} GROUP BY 1, 2 HAVING sum(k.n) > 0`,
    params
  )
  // Without a created range lead_counts holds the same sums (its dimensions include these filters) in
  // a few hundred rows instead of one per day.
  const statuses = db.all<DayCounts['statuses'][number]>(
    `SELECT k.sort_status AS status, sum(k.n) AS n ${first || last ? kept : `FROM lead_counts k WHERE ${clauses.length ? clauses.map((c) => c.sql).join(' AND ') : '1'}`}
     GROUP BY 1 HAVING sum(k.n) > 0`,
    params
  )
  const edges: string[] = []
  const edgeParams: SqlValue[] = []
  if (first) {
    edges.push('l.sort_created < ?')
    edgeParams.push(first)
  }
  if (last) {
    edges.push('l.sort_created >= ?')
    edgeParams.push(last)
  }
  if (!edges.length) return { days: await days, statuses: await statuses }
  const q = compileForCounting(base, now)
  const edge = await db.all<{ day: string; connection: string; status: number; n: number }>(
    `SELECT substr(l.sort_created, 1, 10) AS day, l.connection_id AS connection, l.sort_status AS status, count(*) AS n
     FROM ${q.from} WHERE ${q.where} AND (${edges.join(' OR ')}) GROUP BY 1, 2, 3`,
    [...q.params, ...edgeParams]
  )
  return {
    days: [...(await days), ...edge.map(({ day, connection, n }) => ({ day, connection, n }))],
    statuses: [...(await statuses), ...edge.map(({ status, n }) => ({ status, n }))]
  }
}

/**
 * Leads per (agent key, status) from lead_counts, when the query has no date, search or tag
 * filters; the `top` busiest agents get a spelling to show (the counts hold the lower-cased key).
 */
export async function agentCounts(
  db: Database,
  base: LeadQuery,
  top: number
): Promise<{ k: string; label: string | null; s: number; n: number }[] | null> {
  const { clauses, complete } = countedClauses(base.filters)
  if (!complete || base.search.trim()) return null
  const rows = await db.all<{ k: string; s: number; n: number }>(
    `SELECT k.sort_agent AS k, k.sort_status AS s, sum(k.n) AS n FROM lead_counts k
     WHERE ${clauses.length ? clauses.map((c) => c.sql).join(' AND ') : '1'} GROUP BY 1, 2 HAVING sum(k.n) > 0`,
    clauses.flatMap((c) => c.params)
  )
  const totals = new Map<string, number>()
  for (const r of rows) totals.set(r.k, (totals.get(r.k) ?? 0) + r.n)
  const shown = [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top + 1)
    .map(([k]) => k)
    .filter((k) => k !== '')
  // Any lead's spelling, found by the agent index: one row each, in one statement (each statement is
  // a round trip to the database thread, which a busy machine makes costly).
  const spelled = await db.all<{ k: string; agent: string | null }>(
    `SELECT j.value AS k, (SELECT agent FROM leads WHERE sort_agent = j.value LIMIT 1) AS agent FROM json_each(?) j`,
    [JSON.stringify(shown)]
  )
  const labels = new Map(spelled.map((r) => [r.k, r.agent ?? r.k]))
  return rows.map((r) => ({ ...r, label: labels.get(r.k) ?? (r.k === '' ? null : r.k) }))
}

const noFilters = (base: LeadQuery): boolean => only(base, new Set())

/** The most used tags, from tag_counts: only for the whole cache (no filter, no search). */
export async function topTagCounts(db: Database, base: LeadQuery, limit: number) {
  if (!noFilters(base)) return null
  return db.all<{ tag: string; n: number }>(
    `SELECT tag, n FROM tag_counts WHERE n > 0 ORDER BY n DESC, tag LIMIT ${limit}`
  )
}

/** Leads per freshness bucket over the whole cache, as ranges of the last-message index. */
export async function freshnessCounts(
  db: Database,
  base: LeadQuery,
  bounds: { day: string; week: string; month: string },
  total: number
): Promise<{ b: string; n: number }[] | null> {
  if (!noFilters(base)) return null
  // One statement of four counts over ranges of the last-message index.
  const counts = await db.get<{ none: number; day: number; week: number; month: number }>(
    `SELECT (SELECT count(*) FROM leads WHERE sort_last_message = '') AS none,
       (SELECT count(*) FROM leads WHERE sort_last_message >= ?) AS day,
       (SELECT count(*) FROM leads WHERE sort_last_message >= ? AND sort_last_message < ?) AS week,
       (SELECT count(*) FROM leads WHERE sort_last_message >= ? AND sort_last_message < ?) AS month`,
    [bounds.day, bounds.week, bounds.day, bounds.month, bounds.week]
  )
  const { none, day, week, month } = counts ?? { none: 0, day: 0, week: 0, month: 0 }
  return [
    { b: 'none', n: none },
    { b: 'day', n: day },
    { b: 'week', n: week },
    { b: 'month', n: month },
    { b: 'older', n: total - none - day - week - month }
  ]
}
