import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  LEAD_STATUSES,
  dashboardInputSchema,
  type Dashboard,
  type DashboardInput,
  type LeadQuery
} from '../../src/shared/contract'
import { drillDown, type Segment } from '../../src/shared/dashboard'
import type { Database } from '../../src/main/db/database'
import { baseQuery, readDashboard } from '../../src/main/dashboard'
import { countsByDay } from '../../src/main/dashboard/counted'
import { compileLeadQuery } from '../../src/main/leads'
import { SEED_CONNECTIONS, makeLeads, seedDatabase, type SeedLead } from '../helpers/lead-seed'

const LEADS = makeLeads(1500, 23)
const NOW = new Date('2026-01-20T15:00:00.000Z')
/** Leads promoted from chats here: a delivered promotion, and one the user discarded (not counted). */
const PROMOTED = LEADS.filter((l) => l.kind === 'lead' && l.id % 7 === 0).map((l) => l.id)
const DISCARDED = LEADS.filter((l) => l.kind === 'lead' && l.id % 11 === 0 && l.id % 7 !== 0).map((l) => l.id)

let db: Database
let cleanup: () => Promise<void>
beforeAll(async () => {
  ;({ db, cleanup } = await seedDatabase(LEADS))
  await db.write(async (tx) => {
    for (const [ids, state] of [
      [PROMOTED, 'delivered'],
      [DISCARDED, 'discarded']
    ] as const) {
      for (const id of ids) {
        await tx.run(
          `INSERT INTO outbox (lead_id, connection_id, op, patch_json, base_json, state, created_at, updated_at)
           SELECT id, connection_id, 'promote', '{}', '{}', ?, '2026-01-01', '2026-01-01' FROM leads WHERE id = ?`,
          [state, id]
        )
      }
    }
  })
})
afterAll(() => cleanup())

async function summary(input: DashboardInput): Promise<Dashboard> {
  const parsed = dashboardInputSchema.parse(input)
  const base = baseQuery(parsed.query, parsed.range, NOW)
  const counts = await readDashboard(db, { base, interval: parsed.interval, stackBy: parsed.stackBy }, NOW)
  return { now: NOW.toISOString(), base, ...counts }
}

async function count(query: LeadQuery): Promise<number> {
  const q = compileLeadQuery(query, { now: NOW })
  return (await db.get<{ n: number }>(`SELECT count(*) AS n FROM ${q.from} WHERE ${q.where}`, q.params))!.n
}

/** Every number the dashboard shows, with the segment it stands for. */
function numbers(d: Dashboard): { name: string; n: number; segment: Segment }[] {
  const out: { name: string; n: number; segment: Segment }[] = [{ name: 'total', n: d.total, segment: { kind: 'all' } }]
  for (const point of d.timeline.points) {
    for (const [key, n] of Object.entries(point.counts)) {
      const by = d.timeline.stackBy === 'connection' ? { connection: key } : { platform: key as 'chatzuri' }
      out.push({ name: `created ${point.from} ${key}`, n, segment: { kind: 'created', ...point, ...by } })
    }
  }
  for (const step of d.funnel.steps) out.push({ name: step.status, n: step.n, segment: { kind: 'status', ...step } })
  for (const row of d.agents.rows) {
    out.push({ name: `agent ${row.label}`, n: row.total, segment: { kind: 'agent', agent: row.agent } })
    for (const status of LEAD_STATUSES) {
      const n = row.byStatus[status] ?? 0
      if (n) out.push({ name: `agent ${row.label} ${status}`, n, segment: { kind: 'agent', agent: row.agent, status } })
    }
  }
  for (const tag of d.tags) out.push({ name: `tag ${tag.tag}`, n: tag.n, segment: { kind: 'tag', tag: tag.tag } })
  for (const b of d.freshness.buckets) {
    out.push({ name: `freshness ${b.bucket}`, n: b.n, segment: { kind: 'lastMessage', ...b.range } })
  }
  out.push({ name: 'promoted', n: d.promoted, segment: { kind: 'promoted' } })
  for (const state of ['waiting', 'conflict', 'localOnly'] as const) {
    out.push({ name: `sync ${state}`, n: d.sync[state], segment: { kind: 'sync', state } })
  }
  return out
}

const INPUTS: DashboardInput[] = [
  { query: {} },
  { query: {}, range: { from: '2025-06-01T00:00:00.000Z', to: '2025-11-15T00:00:00.000Z' }, interval: 'week' },
  { query: {}, range: { preset: '30d' }, interval: 'day', stackBy: 'connection' },
  {
    query: { filters: { status: ['OPEN', 'REVIEW', 'CLOSED'], platform: ['express-chat'] }, search: 'pricing' },
    range: { from: '2025-03-01T00:00:00.000Z' },
    stackBy: 'connection'
  },
  {
    query: {
      filters: {
        tags: { mode: 'all', values: ['vip'] },
        agent: ['ANA', null],
        lastMessage: { from: '2025-08-01T00:00:00.000Z' },
        created: { to: '2026-01-01T00:00:00.000Z' }
      }
    },
    range: { from: '2025-02-10T12:00:00.000Z' },
    interval: 'week'
  },
  { query: { filters: { kind: 'lead', hasEmail: true, syncState: ['conflict'] } } },
  // Answered from the kept counts (migrations 7 and 14), with a range that starts and ends mid-day.
  { query: { filters: { status: ['OPEN', 'CLOSED'], kind: 'lead' } }, range: { preset: '30d' } },
  {
    query: { filters: { platform: ['express-chat'], kind: 'chat' } },
    range: { from: '2025-05-03T17:30:00.000Z', to: '2025-09-09T06:00:00.000Z' },
    interval: 'day',
    stackBy: 'connection'
  },
  { query: { filters: { agent: ['bob'], connection: ['conn-a', 'conn-c'] } }, interval: 'week' },
  { query: { filters: { hasPhone: true, status: ['REVIEW'] } }, range: { preset: '7d' } },
  // All time, counted filters: the funnel and total from lead_counts, the timeline from the counts per day.
  { query: { filters: { status: ['OPEN', 'ONHOLD', 'CLOSED'], platform: ['chatzuri', 'chatbot-com'], kind: 'lead' } } }
]

/** The inputs the kept counts answer (total, timeline and funnel from lead_created_counts). */
const KEPT = INPUTS.filter(
  (input) => !JSON.stringify(input.query).match(/search|tags|agent|lastMessage|syncState|hasEmail|hasPhone/)
)

async function checkEveryNumber(input: DashboardInput): Promise<void> {
  const d = await summary(input)
  expect(d.total).toBeGreaterThan(0)
  const checked = numbers(d)
  const unlinked: string[] = []
  for (const { name, n, segment } of checked) {
    const query = drillDown(d.base, segment)
    if (!query) {
      if (n > 0) unlinked.push(segment.kind)
      continue
    }
    expect({ name, n: await count(query) }).toEqual({ name, n })
  }
  // Only a sync state other than the one the base narrows to goes without a link here.
  expect(unlinked.filter((kind) => kind !== 'sync')).toEqual([])
  // The parts add up: dated buckets plus undated, and the funnel plus other statuses, are the total.
  const dated = d.timeline.points.reduce((s, p) => s + Object.values(p.counts).reduce((a, b) => a + b, 0), 0)
  expect(dated + d.timeline.undated).toBe(d.total)
  expect(d.funnel.steps.reduce((s, x) => s + x.n, 0) + d.funnel.other).toBe(d.total)
  expect(d.agents.rows.reduce((s, r) => s + r.total, 0) + d.agents.rest).toBe(d.total)
  expect(d.freshness.buckets.reduce((s, b) => s + b.n, 0) + d.freshness.noMessage).toBe(d.total)
}

describe('every number on the dashboard equals a direct count of the leads its link opens', () => {
  for (const input of INPUTS) it(JSON.stringify(input), () => checkEveryNumber(input))

  it('names each agent as a lead of theirs spells it, not by the lower-cased key the counts hold', async () => {
    const d = await summary({ query: {} })
    const named = d.agents.rows.filter((r) => r.agent !== null)
    expect(named.map((r) => r.label).sort()).toEqual(['Ana', 'Carla', 'bob'])
    for (const r of named) {
      expect(
        (await db.get<{ n: number }>('SELECT count(*) AS n FROM leads WHERE agent = ?', [r.agent]))!.n
      ).toBeGreaterThan(0)
    }
  })

  it('answers the unsearched, date and status filtered dashboards from the kept counts', async () => {
    expect(KEPT.length).toBe(6)
    for (const input of KEPT) {
      const parsed = dashboardInputSchema.parse(input)
      expect(
        await countsByDay(db, baseQuery(parsed.query, parsed.range, NOW), NOW),
        JSON.stringify(input)
      ).not.toBeNull()
    }
    const searched = dashboardInputSchema.parse(INPUTS[3])
    expect(await countsByDay(db, baseQuery(searched.query, searched.range, NOW), NOW)).toBeNull()
  })
})

/** The dashboard of every lead created in [from, to), computed in JavaScript over the seeded rows. */
function reference(leads: readonly SeedLead[], from: string, to: string) {
  const inRange = leads.filter((l) => l.createdAt !== null && l.createdAt >= from && l.createdAt < to)
  const tally = <K extends string>(keys: K[]) =>
    keys.reduce<Record<string, number>>((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {})
  const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString()
  const fresh = (at: string | null) =>
    at === null ? 'none' : at >= ago(1) ? 'day' : at >= ago(7) ? 'week' : at >= ago(30) ? 'month' : 'older'
  const platformOf = (id: string) => SEED_CONNECTIONS.find((c) => c.id === id)!.platform
  const months = tally(inRange.map((l) => `${l.createdAt!.slice(0, 7)}|${platformOf(l.connection)}`))
  const outboxIn = (states: string[]) => inRange.filter((l) => l.outbox && states.includes(l.outbox)).length
  return {
    total: inRange.length,
    months,
    status: tally(inRange.map((l) => (LEAD_STATUSES.includes(l.status as 'OPEN') ? l.status! : 'other'))),
    agents: tally(inRange.map((l) => (l.agent ?? '').toLowerCase())),
    tags: tally(inRange.flatMap((l) => l.tags)),
    freshness: tally(inRange.map((l) => fresh(l.lastMessageAt))),
    promoted: inRange.filter((l) => PROMOTED.includes(l.id)).length,
    sync: {
      waiting: outboxIn(['pending', 'sending']),
      conflict: outboxIn(['conflict']),
      localOnly: outboxIn(['local-only'])
    }
  }
}

describe('the dashboard against a count computed in JavaScript over the seeded rows', () => {
  it('counts the leads created in a range by month and platform, status, agent, tag, freshness and sync state', async () => {
    const from = '2025-04-01T00:00:00.000Z'
    const to = '2026-01-01T00:00:00.000Z'
    const d = await summary({ query: {}, range: { from, to }, interval: 'month', stackBy: 'platform' })
    const ref = reference(LEADS, from, to)
    expect(d.total).toBe(ref.total)
    const months: Record<string, number> = {}
    for (const p of d.timeline.points) {
      for (const [key, n] of Object.entries(p.counts)) months[`${p.from.slice(0, 7)}|${key}`] = n
    }
    expect(months).toEqual(ref.months)
    const status: Record<string, number> = Object.fromEntries(
      d.funnel.steps.filter((s) => s.n).map((s) => [s.status, s.n])
    )
    if (d.funnel.other) status.other = d.funnel.other
    expect(status).toEqual(ref.status)
    expect(Object.fromEntries(d.agents.rows.map((r) => [(r.agent ?? '').toLowerCase(), r.total]))).toEqual(ref.agents)
    expect(Object.fromEntries(d.tags.map((t) => [t.tag, t.n]))).toEqual(ref.tags)
    const freshness: Record<string, number> = Object.fromEntries(
      d.freshness.buckets.filter((b) => b.n).map((b) => [b.bucket, b.n])
    )
    if (d.freshness.noMessage) freshness.none = d.freshness.noMessage
    expect(freshness).toEqual(ref.freshness)
    expect(d.promoted).toBe(ref.promoted)
    expect(d.promoted).toBeGreaterThan(0)
    expect(d.sync).toEqual(ref.sync)
  })
})

describe('after edits, deletes and new leads', () => {
  it('every number still equals a direct count (the kept counts follow every write)', async () => {
    await db.write(async (tx) => {
      await tx.run(
        `UPDATE leads SET status = 'REVIEW', remote_created_at = '2026-01-10T08:00:00.000Z' WHERE id % 13 = 0`
      )
      await tx.run(`UPDATE leads SET agent = 'BOB', email = NULL WHERE id % 17 = 0`)
      await tx.run(
        `UPDATE leads SET tags_json = '["vip","new"]', last_message_at = '2026-01-20T10:00:00.000Z' WHERE id % 19 = 0`
      )
      await tx.run(`DELETE FROM leads WHERE id % 23 = 0`)
      await tx.run(
        `INSERT INTO leads (connection_id, remote_id, kind, status, remote_created_at, raw_json, synced_at)
         VALUES ('conn-a', 'new-1', 'lead', 'OPEN', '2026-01-19T23:59:59.000Z', '{}', '2026-01-20'),
                ('conn-c', 'new-2', 'chat', NULL, NULL, '{}', '2026-01-20')`
      )
    })
    for (const input of INPUTS) await checkEveryNumber(input)
  })
})
