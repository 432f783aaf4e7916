import {
  FRESHNESS_BUCKETS,
  LEAD_STATUSES,
  type Dashboard,
  type DashboardInterval,
  type FreshnessBucket,
  type LeadQuery,
  type Platform
} from '../../shared/contract'
import { drillDown, intersectRange } from '../../shared/dashboard'
import type { Database, SqlValue } from '../db'
import { SYNC_STATE_OUTBOX, resolveRange } from '../leads'
import { agentCounts, countsByDay, freshnessCounts, topTagCounts } from './counted'
import { compileForCounting, drivesByCreated } from './counting'

/** How many agents and tags the charts list by name. */
export const TOP_AGENTS = 12
export const TOP_TAGS = 10
const DAY = 86_400_000

/**
 * The query every number counts within: the range folded into the created filter, every date
 * preset resolved against `now` (so a link made from it means the same leads later). The sort and
 * columns stay the user's: the table opened from a number shows the leads as they had them.
 */
export function baseQuery(query: LeadQuery, range: LeadQuery['filters']['created'], now: Date): LeadQuery {
  const f = { ...query.filters }
  const explicit = (r: typeof range) => (r ? resolveRange(r, now) : {})
  const created = intersectRange(explicit(f.created), explicit(range))
  if (created.from || created.to) f.created = created
  else delete f.created
  for (const key of ['updated', 'lastMessage'] as const) {
    if (f[key]) f[key] = intersectRange(undefined, explicit(f[key]))
  }
  return { ...query, filters: f }
}

/** The SQL key of a creation-date bucket, on the sort key's text (ISO-8601, UTC as synced). */
const BUCKET_SQL: Record<DashboardInterval, string> = {
  day: 'substr(l.sort_created, 1, 10)',
  // The Monday on or before the day: weekday 0 moves to the next Sunday (or stays), -6 days back.
  week: "date(substr(l.sort_created, 1, 10), 'weekday 0', '-6 days')",
  month: 'substr(l.sort_created, 1, 7)'
}

/** A bucket key → its bounds as instants, matching the text comparison the created filter makes. */
export function bucketBounds(interval: DashboardInterval, key: string): { from: string; to: string } {
  const start = new Date(interval === 'month' ? `${key}-01T00:00:00.000Z` : `${key}T00:00:00.000Z`)
  const end = new Date(start)
  if (interval === 'day') end.setUTCDate(end.getUTCDate() + 1)
  else if (interval === 'week') end.setUTCDate(end.getUTCDate() + 7)
  else end.setUTCMonth(end.getUTCMonth() + 1)
  return { from: start.toISOString(), to: end.toISOString() }
}

/** The lower bound of each freshness bucket but the last (older has only an upper bound). */
export function freshnessBounds(now: Date): Record<FreshnessBucket, { from?: string; to?: string }> {
  const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString()
  return {
    day: { from: ago(1) },
    week: { from: ago(7), to: ago(1) },
    month: { from: ago(30), to: ago(7) },
    older: { to: ago(30) }
  }
}

interface Compiled {
  from: string
  where: string
  params: SqlValue[]
}

/** The JavaScript twin of BUCKET_SQL, for days summed from the kept counts; null for a day that is no date. */
function bucketOfDay(interval: DashboardInterval, day: string): string | null {
  const date = new Date(`${day}T00:00:00.000Z`)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(date.getTime())) return null
  if (interval === 'day') return day
  if (interval === 'month') return day.slice(0, 7)
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7))
  return date.toISOString().slice(0, 10)
}

type Totals = { total: number; timeline: TimelineRow[]; funnel: { s: number; n: number }[] }
type TimelineRow = { b: string | null; c: string; n: number }

/** Total, timeline and funnel: from the counts per creation day when they hold the filters. */
async function totals(db: Database, q: Compiled, input: DashboardRead, now: Date): Promise<Totals> {
  const counted = await countsByDay(db, input.base, now)
  if (counted) {
    const timeline = new Map<string, TimelineRow>()
    const funnel = new Map<number, number>()
    let total = 0
    for (const d of counted.statuses) {
      total += d.n
      funnel.set(d.status, (funnel.get(d.status) ?? 0) + d.n)
    }
    for (const d of counted.days) {
      const b = d.day === '' ? null : bucketOfDay(input.interval, d.day)
      if (b === null) continue
      const row = timeline.get(`${b}|${d.connection}`) ?? { b, c: d.connection, n: 0 }
      row.n += d.n
      timeline.set(`${b}|${d.connection}`, row)
    }
    return {
      total,
      timeline: [...timeline.values()].sort((a, b) => (a.b! < b.b! ? -1 : a.b! > b.b! ? 1 : 0)),
      funnel: [...funnel.entries()].map(([s, n]) => ({ s, n }))
    }
  }
  const at = (extra: string) => `FROM ${q.from} WHERE ${q.where}${extra}`
  const [total, timeline, funnel] = await Promise.all([
    db.get<{ n: number }>(`SELECT count(*) AS n ${at('')}`, q.params),
    db.all<TimelineRow>(
      `SELECT ${BUCKET_SQL[input.interval]} AS b, l.connection_id AS c, count(*) AS n ${at(" AND l.sort_created <> ''")}
       GROUP BY 1, 2 ORDER BY 1`,
      q.params
    ),
    db.all<{ s: number; n: number }>(`SELECT l.sort_status AS s, count(*) AS n ${at('')} GROUP BY 1`, q.params)
  ])
  return { total: total?.n ?? 0, timeline, funnel }
}

type DashboardRead = { base: LeadQuery; interval: DashboardInterval; stackBy: 'platform' | 'connection' }

/**
 * Every aggregate of the dashboard over the leads that match `base`: from the counts the triggers
 * keep where they hold the query's filters (counted.ts), else grouped from the leads in SQL.
 */
export async function readDashboard(
  db: Database,
  input: DashboardRead,
  now: Date
): Promise<Omit<Dashboard, 'now' | 'base'>> {
  const q: Compiled = compileForCounting(input.base, now)
  const at = (extra: string) => `FROM ${q.from} WHERE ${q.where}${extra}`
  const fresh = freshnessBounds(now)
  const [sums, connections, agents, tags, promoted, sync] = await Promise.all([
    totals(db, q, input, now),
    db.all<{ id: string; name: string; platform: Platform }>('SELECT id, name, platform FROM connections'),
    agentCounts(db, input.base, TOP_AGENTS).then(
      (kept) =>
        kept ??
        db.all<{ k: string; label: string | null; s: number; n: number }>(
          `SELECT l.sort_agent AS k, max(l.agent) AS label, l.sort_status AS s, count(*) AS n ${at('')} GROUP BY 1, 3`,
          q.params
        )
    ),
    topTagCounts(db, input.base, TOP_TAGS).then(
      (kept) =>
        kept ??
        db.all<{ tag: string; n: number }>(
          `SELECT t.tag AS tag, count(*) AS n FROM ${q.from} JOIN lead_tags t ON t.lead_id = l.id WHERE ${q.where}
           GROUP BY t.tag ORDER BY n DESC, t.tag LIMIT ${TOP_TAGS}`,
          q.params
        )
    ),
    countOf(db, drillDown(input.base, { kind: 'promoted' }), now),
    syncCounts(db, q, drivesByCreated(input.base))
  ])
  const bounds = { day: fresh.day.from!, week: fresh.week.from!, month: fresh.month.from! }
  const freshness =
    (await freshnessCounts(db, input.base, bounds, sums.total)) ??
    (await db.all<{ b: FreshnessBucket | 'none'; n: number }>(
      `SELECT CASE WHEN l.sort_last_message = '' THEN 'none' WHEN l.sort_last_message >= ? THEN 'day'
         WHEN l.sort_last_message >= ? THEN 'week' WHEN l.sort_last_message >= ? THEN 'month' ELSE 'older' END AS b,
         count(*) AS n ${at('')} GROUP BY 1`,
      [bounds.day, bounds.week, bounds.month, ...q.params]
    ))
  return {
    total: sums.total,
    timeline: shapeTimeline(input, sums.timeline, connections, sums.total),
    funnel: shapeFunnel(sums.funnel),
    agents: shapeAgents(agents),
    tags,
    freshness: {
      buckets: FRESHNESS_BUCKETS.map((bucket) => ({
        bucket,
        range: fresh[bucket],
        n: freshness.find((r) => r.b === bucket)?.n ?? 0
      })),
      noMessage: freshness.find((r) => r.b === 'none')?.n ?? 0
    },
    promoted: promoted?.n ?? 0,
    sync: {
      waiting: sync.find((r) => r.s === 'waiting')?.n ?? 0,
      conflict: sync.find((r) => r.s === 'conflict')?.n ?? 0,
      localOnly: sync.find((r) => r.s === 'localOnly')?.n ?? 0
    }
  }
}

async function countOf(db: Database, query: LeadQuery | null, now: Date): Promise<{ n: number } | undefined> {
  if (!query) return { n: 0 }
  const q = compileForCounting(query, now)
  return db.get<{ n: number }>(`SELECT count(*) AS n FROM ${q.from} WHERE ${q.where}`, q.params)
}

/**
 * Leads per sync state. Every outbox row has its lead (ON DELETE CASCADE): with no filter the
 * outbox alone answers; with a created range the range's leads are read and each one's edits
 * looked up by lead; otherwise the edits are read and each one's lead checked.
 */
async function syncCounts(db: Database, q: Compiled, byCreated: boolean): Promise<{ s: string; n: number }[]> {
  if (q.where === '1') {
    return db.all(`SELECT o.s AS s, count(*) AS n FROM (${syncStatesSql()}) o GROUP BY o.s`)
  }
  if (byCreated) {
    const states = (['waiting', 'conflict', 'localOnly'] as const).map(
      (s) =>
        `sum(EXISTS (SELECT 1 FROM outbox o WHERE o.lead_id = l.id AND o.state IN (${SYNC_STATE_OUTBOX[s]
          .map((x) => `'${x}'`)
          .join(', ')}))) AS ${s}`
    )
    const row = await db.get<Record<string, number | null>>(
      `SELECT ${states.join(', ')} FROM ${q.from} WHERE ${q.where}`,
      q.params
    )
    return ['waiting', 'conflict', 'localOnly'].map((s) => ({ s, n: row?.[s] ?? 0 }))
  }
  return db.all(
    `SELECT o.s AS s, count(*) AS n FROM (${syncStatesSql()}) o JOIN leads l ON l.id = o.lead_id
     WHERE ${q.where} GROUP BY o.s`,
    q.params
  )
}

/** One row per lead and sync state it is in, with the outbox states the syncState filter reads. */
function syncStatesSql(): string {
  return (['waiting', 'conflict', 'localOnly'] as const)
    .map(
      (s) =>
        `SELECT DISTINCT lead_id, '${s}' AS s FROM outbox WHERE state IN (${SYNC_STATE_OUTBOX[s].map((x) => `'${x}'`).join(', ')})`
    )
    .join(' UNION ALL ')
}

function shapeTimeline(
  input: { interval: DashboardInterval; stackBy: 'platform' | 'connection' },
  rows: readonly { b: string | null; c: string; n: number }[],
  connections: readonly { id: string; name: string; platform: Platform }[],
  total: number
): Dashboard['timeline'] {
  const byId = new Map(connections.map((c) => [c.id, c]))
  const seriesTotals = new Map<string, number>()
  const points = new Map<string, Record<string, number>>()
  let dated = 0
  for (const row of rows) {
    // A creation date that is not one (a platform's odd value) has no bucket: it counts as undated.
    if (row.b === null || !/^\d{4}-\d{2}(-\d{2})?$/.test(row.b)) continue
    const key = input.stackBy === 'connection' ? row.c : (byId.get(row.c)?.platform ?? row.c)
    const counts = points.get(row.b) ?? {}
    counts[key] = (counts[key] ?? 0) + row.n
    points.set(row.b, counts)
    seriesTotals.set(key, (seriesTotals.get(key) ?? 0) + row.n)
    dated += row.n
  }
  const series = [...seriesTotals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key]) => {
      const connection = byId.get(key)
      if (input.stackBy === 'connection' && connection) {
        return { key, label: connection.name, platform: connection.platform }
      }
      const platform = connections.find((c) => c.platform === key)?.platform ?? 'express-chat'
      return { key, label: key, platform }
    })
  return {
    interval: input.interval,
    stackBy: input.stackBy,
    series,
    points: [...points.entries()].map(([key, counts]) => ({ ...bucketBounds(input.interval, key), counts })),
    undated: total - dated
  }
}

function shapeFunnel(rows: readonly { s: number; n: number }[]): Dashboard['funnel'] {
  return {
    steps: LEAD_STATUSES.map((status, i) => ({ status, n: rows.find((r) => r.s === i + 1)?.n ?? 0 })),
    other: rows.filter((r) => r.s > LEAD_STATUSES.length).reduce((sum, r) => sum + r.n, 0)
  }
}

function shapeAgents(rows: readonly { k: string; label: string | null; s: number; n: number }[]): Dashboard['agents'] {
  const byKey = new Map<string, Dashboard['agents']['rows'][number]>()
  for (const row of rows) {
    const agent = row.k === '' ? null : (row.label ?? row.k)
    const entry = byKey.get(row.k) ?? { agent, label: agent ?? 'Unassigned', total: 0, byStatus: {}, other: 0 }
    // The spelling shown is one the agent has: the largest, so the same every time.
    if (agent !== null && entry.agent !== null && agent > entry.agent) entry.agent = entry.label = agent
    entry.total += row.n
    const status = LEAD_STATUSES[row.s - 1]
    if (status) entry.byStatus[status] = (entry.byStatus[status] ?? 0) + row.n
    else entry.other += row.n
    byKey.set(row.k, entry)
  }
  const sorted = [...byKey.values()].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label))
  return {
    rows: sorted.slice(0, TOP_AGENTS),
    rest: sorted.slice(TOP_AGENTS).reduce((sum, r) => sum + r.total, 0)
  }
}
