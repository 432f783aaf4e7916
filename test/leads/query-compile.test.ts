import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  SORTABLE_COLUMNS,
  leadQuerySchema,
  type LeadFilters,
  type LeadQueryInput,
  type SortColumn
} from '../../src/shared/contract'
import type { Database, SqlValue } from '../../src/main/db/database'
import { afterRow, compileLeadQuery, type CompiledLeadQuery } from '../../src/main/leads/query'
import { SEED_CONNECTIONS, makeLeads, seedDatabase, type SeedLead } from '../helpers/lead-seed'

const LEADS = makeLeads(600)
const NOW = new Date('2026-01-20T15:00:00.000Z')
let db: Database
let cleanup: () => Promise<void>
beforeAll(async () => {
  ;({ db, cleanup } = await seedDatabase(LEADS))
})
afterAll(() => cleanup())

type Drive = 'sort' | 'search' | undefined
const compile = (input: LeadQueryInput, drive?: Drive): CompiledLeadQuery =>
  compileLeadQuery(leadQuerySchema.parse(input), { now: NOW, drive })

async function matchingIds(input: LeadQueryInput, drive?: Drive): Promise<number[]> {
  const q = compile(input, drive)
  const rows = await db.all<{ id: number }>(`SELECT l.id FROM ${q.from} WHERE ${q.where}`, q.params)
  return rows.map((r) => r.id).sort((a, b) => a - b)
}

/** Every row of the query, read page by page the way the table reads it: by keyset. */
async function pageThrough(input: LeadQueryInput, pageSize: number, reverse = false, drive?: Drive): Promise<number[]> {
  const q = compile(input, drive)
  const keys = q.keys.map((k, i) => `${k} AS k${i}`).join(', ')
  const ids: number[] = []
  let cursor: SqlValue[] | null = null
  for (;;) {
    const after = cursor ? afterRow(q, cursor, reverse) : null
    const rows: Record<string, SqlValue>[] = await db.all<Record<string, SqlValue>>(
      `SELECT l.id AS id, ${keys} FROM ${q.from} WHERE ${q.where}${after ? ` AND ${after.sql}` : ''}
       ORDER BY ${reverse ? q.reverseOrderBy : q.orderBy} LIMIT ?`,
      [...q.params, ...(after?.params ?? []), pageSize]
    )
    ids.push(...rows.map((r) => Number(r.id)))
    if (rows.length < pageSize) return ids
    const last = rows.at(-1)!
    cursor = q.keys.map((_, i) => last[`k${i}`] ?? null)
  }
}

const connectionOf = (id: string): { platform: string; name: string; rowid: number } => {
  const i = SEED_CONNECTIONS.findIndex((c) => c.id === id)
  return { ...SEED_CONNECTIONS[i]!, rowid: i + 1 }
}
const STATUS_RANK: Record<string, number> = { OPEN: 1, INPROGRESS: 2, REVIEW: 3, ONHOLD: 4, DEPENDANCY: 5, CLOSED: 6 }

/** The expected order, computed without SQL: what each column's sort means to the user. */
function sortKey(lead: SeedLead, column: Exclude<SortColumn, 'relevance'>): (string | number)[] {
  const c = connectionOf(lead.connection)
  switch (column) {
    case 'name':
      return [(lead.name || lead.email || lead.phone || lead.lastMessageText || '').slice(0, 64).toLowerCase()]
    case 'email':
      return [(lead.email ?? '').toLowerCase()]
    case 'status':
      return [STATUS_RANK[lead.status ?? ''] ?? 7, lead.updatedAt ?? '']
    case 'platform':
      return [c.platform, c.name, c.rowid]
    case 'connection':
      return [c.name, c.rowid]
    case 'agent':
      return [(lead.agent ?? '').toLowerCase()]
    case 'tags':
      return [JSON.stringify(lead.tags).slice(0, 64).toLowerCase()]
    case 'created':
      return [lead.createdAt ?? '']
    case 'updated':
      return [lead.updatedAt ?? '']
    case 'lastMessage':
      return [lead.lastMessageAt ?? '']
    case 'lastSeen':
      return [lead.lastSeenAt ?? '']
    case 'websiteVisits':
      return [lead.websiteVisits ?? -1]
  }
}

function expectedOrder(leads: SeedLead[], column: Exclude<SortColumn, 'relevance'>, desc: boolean): number[] {
  const sign = desc ? -1 : 1
  return [...leads]
    .sort((a, b) => {
      const ka = [...sortKey(a, column), a.id]
      const kb = [...sortKey(b, column), b.id]
      for (let i = 0; i < ka.length; i++) {
        if (ka[i]! < kb[i]!) return -sign
        if (ka[i]! > kb[i]!) return sign
      }
      return 0
    })
    .map((l) => l.id)
}

describe('compileLeadQuery: sorting and keyset paging', () => {
  for (const column of SORTABLE_COLUMNS) {
    for (const dir of ['asc', 'desc'] as const) {
      it(`pages through every lead by ${column} ${dir}, forwards and backwards, in the expected order`, async () => {
        const expected = expectedOrder(LEADS, column, dir === 'desc')
        const input: LeadQueryInput = { sort: [{ column, dir }] }
        expect(await pageThrough(input, 37)).toEqual(expected)
        expect(await pageThrough(input, 50, true)).toEqual([...expected].reverse())
      })
    }
  }

  it('pages through a filtered sort (chats only, by connection)', async () => {
    const chats = LEADS.filter((l) => l.kind === 'chat')
    const input: LeadQueryInput = { filters: { kind: 'chat' }, sort: [{ column: 'connection', dir: 'desc' }] }
    expect(await pageThrough(input, 7)).toEqual(expectedOrder(chats, 'connection', true))
  })

  it('pages through a two-column sort with mixed directions', async () => {
    const expected = [...LEADS]
      .sort((a, b) => {
        const agent =
          sortKey(a, 'agent')[0]! < sortKey(b, 'agent')[0]! ? -1 : sortKey(a, 'agent') > sortKey(b, 'agent') ? 1 : 0
        if (agent !== 0) return agent
        const ca = a.createdAt ?? ''
        const cb = b.createdAt ?? ''
        if (ca !== cb) return ca < cb ? 1 : -1
        return a.id - b.id
      })
      .map((l) => l.id)
    const input: LeadQueryInput = {
      sort: [
        { column: 'agent', dir: 'asc' },
        { column: 'created', dir: 'desc' }
      ]
    }
    expect(await pageThrough(input, 41)).toEqual(expected)
  })
})

function tokens(lead: SeedLead): string[] {
  return [lead.name, lead.email, lead.phone, JSON.stringify(lead.tags), lead.lastMessageText]
    .join(' ')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
}
const ids = (leads: SeedLead[]): number[] => leads.map((l) => l.id).sort((a, b) => a - b)
const inRange = (value: string | null, from: string, to?: string): boolean =>
  value !== null && value >= from && (to === undefined || value < to)

describe('compileLeadQuery: filters', () => {
  const cases: [string, LeadFilters, (l: SeedLead) => boolean][] = [
    ['several statuses', { status: ['OPEN', 'CLOSED'] }, (l) => l.status === 'OPEN' || l.status === 'CLOSED'],
    ['a platform', { platform: ['express-chat'] }, (l) => connectionOf(l.connection).platform === 'express-chat'],
    ['connections', { connection: ['conn-b', 'conn-c'] }, (l) => ['conn-b', 'conn-c'].includes(l.connection)],
    [
      'any of two tags',
      { tags: { mode: 'any', values: ['vip', 'hot'] } },
      (l) => l.tags.includes('vip') || l.tags.includes('hot')
    ],
    [
      'all of two tags',
      { tags: { mode: 'all', values: ['vip', 'hot'] } },
      (l) => l.tags.includes('vip') && l.tags.includes('hot')
    ],
    [
      'none of two tags',
      { tags: { mode: 'none', values: ['vip', 'hot'] } },
      (l) => !l.tags.includes('vip') && !l.tags.includes('hot')
    ],
    ['an agent, any case, or unassigned', { agent: ['ana', null] }, (l) => l.agent === 'Ana' || l.agent === null],
    [
      'created between two instants',
      { created: { from: '2025-03-01T00:00:00.000Z', to: '2025-06-01T00:00:00.000Z' } },
      (l) => inRange(l.createdAt, '2025-03-01T00:00:00.000Z', '2025-06-01T00:00:00.000Z')
    ],
    [
      'updated in the last 30 days',
      { updated: { preset: '30d' } },
      (l) => inRange(l.updatedAt, '2025-12-21T15:00:00.000Z')
    ],
    [
      'last message in the last 7 days',
      { lastMessage: { preset: '7d' } },
      (l) => inRange(l.lastMessageAt, '2026-01-13T15:00:00.000Z')
    ],
    ['has an email', { hasEmail: true }, (l) => Boolean(l.email)],
    ['has no phone', { hasPhone: false }, (l) => !l.phone],
    ['chats', { kind: 'chat' }, (l) => l.kind === 'chat'],
    [
      'waiting or failed edits',
      { syncState: ['waiting', 'failed'] },
      (l) => l.outbox === 'pending' || l.outbox === 'failed'
    ],
    [
      'conflicts and local-only edits',
      { syncState: ['conflict', 'localOnly'] },
      (l) => l.outbox === 'conflict' || l.outbox === 'local-only'
    ],
    ['an empty list filters nothing', { status: [], platform: [] }, () => true],
    [
      'three at once',
      { status: ['OPEN', 'REVIEW'], platform: ['express-chat', 'chatzuri'], hasEmail: true },
      (l) =>
        (l.status === 'OPEN' || l.status === 'REVIEW') &&
        connectionOf(l.connection).platform !== 'chatbot-com' &&
        Boolean(l.email)
    ]
  ]
  for (const [name, filters, predicate] of cases) {
    it(`filters by ${name}`, async () => {
      const expected = ids(LEADS.filter(predicate))
      expect(expected.length, 'a case that matches nothing proves nothing').toBeGreaterThan(0)
      expect(await matchingIds({ filters })).toEqual(expected)
      // Walking the sort's index instead (filters checked per row) must not change the answer.
      expect(await matchingIds({ filters, sort: [{ column: 'name', dir: 'asc' }] }, 'sort')).toEqual(expected)
    })
  }

  it('"today" starts at local midnight', async () => {
    const midnight = new Date(NOW)
    midnight.setHours(0, 0, 0, 0)
    const q = compile({ filters: { updated: { preset: 'today' } } })
    expect(q.params).toEqual([midnight.toISOString()])
  })

  it('searches by word prefixes, all required, with filters, in any sort', async () => {
    const match = (l: SeedLead, terms: string[]): boolean => terms.every((t) => tokens(l).some((w) => w.startsWith(t)))
    expect(await matchingIds({ search: 'pric' })).toEqual(ids(LEADS.filter((l) => match(l, ['pric']))))
    const zebDemo = ids(LEADS.filter((l) => l.kind === 'lead' && match(l, ['zeb', 'demo'])))
    expect(await matchingIds({ search: 'zeb DEMO', filters: { kind: 'lead' } })).toEqual(zebDemo)
    for (const drive of ['sort', 'search'] as const) {
      expect(await matchingIds({ search: 'zeb DEMO', filters: { kind: 'lead' } }, drive)).toEqual(zebDemo)
    }
    const hits = LEADS.filter((l) => match(l, ['h']))
    expect(await pageThrough({ search: 'h', sort: [{ column: 'relevance', dir: 'desc' }] }, 19)).toEqual(
      hits.map((l) => l.id).sort((a, b) => b - a)
    )
    expect(await pageThrough({ search: 'h', sort: [{ column: 'email', dir: 'asc' }] }, 23)).toEqual(
      expectedOrder(hits, 'email', false)
    )
    // Led by the search's hits, sorted afterwards: the same pages, group sorts included.
    for (const column of ['email', 'platform'] as const) {
      expect(await pageThrough({ search: 'h', sort: [{ column, dir: 'desc' }] }, 17, false, 'search')).toEqual(
        expectedOrder(hits, column, true)
      )
    }
  })

  it('cannot be broken by what the user types', async () => {
    for (const search of ['"', 'a" OR "b', 'NEAR(', '*', 'x AND', "'; DROP TABLE leads; --", '^', '-']) {
      await expect(matchingIds({ search }), search).resolves.toBeInstanceOf(Array)
    }
    expect(await matchingIds({ filters: { agent: ["'; DROP TABLE leads; --"] } })).toEqual([])
    expect((await db.get<{ n: number }>('SELECT count(*) AS n FROM leads'))?.n).toBe(LEADS.length)
  })
})
