import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  leadQuerySchema,
  type Cursor,
  type LeadFilters,
  type LeadQueryInput,
  type TableWindow
} from '../../src/shared/contract'
import type { Database } from '../../src/main/db/database'
import { compileLeadQuery } from '../../src/main/leads/query'
import {
  countAll,
  countMatching,
  expandSearch,
  facetValues,
  pageStatement,
  readWindow
} from '../../src/main/leads/table-store'
import { makeLeads, seedDatabase } from '../helpers/lead-seed'

const LEADS = makeLeads(900, 11)
let db: Database
let cleanup: () => Promise<void>
beforeAll(async () => {
  ;({ db, cleanup } = await seedDatabase(LEADS))
})
afterAll(() => cleanup())

const parse = (input: LeadQueryInput) => leadQuerySchema.parse(input)

/** The whole ordered result, straight from SQL: what every window must be a slice of. */
async function allIds(input: LeadQueryInput): Promise<number[]> {
  const q = compileLeadQuery(parse(input))
  return (
    await db.all<{ id: number }>(`SELECT l.id FROM ${q.from} WHERE ${q.where} ORDER BY ${q.orderBy}`, q.params)
  ).map((r) => r.id)
}
async function window(input: LeadQueryInput, w: TableWindow, limit: number) {
  return readWindow(db, parse(input), w, limit)
}

const QUERIES: LeadQueryInput[] = [
  {},
  { sort: [{ column: 'name', dir: 'asc' }] },
  { sort: [{ column: 'platform', dir: 'desc' }], filters: { kind: 'lead' } },
  { sort: [{ column: 'email', dir: 'desc' }], filters: { status: ['OPEN', 'REVIEW'], hasEmail: true } },
  { sort: [{ column: 'created', dir: 'asc' }], filters: { tags: { mode: 'any', values: ['vip'] } } },
  { sort: [{ column: 'agent', dir: 'asc' }], filters: { agent: ['bob'], connection: ['conn-a'] } },
  { sort: [{ column: 'updated', dir: 'desc' }], search: 'hel' },
  // Walked from the name index past the leads with nothing to show (see 'which index leads').
  { sort: [{ column: 'name', dir: 'asc' }], filters: { status: ['OPEN', 'REVIEW'], hasPhone: true } },
  { sort: [{ column: 'email', dir: 'asc' }], filters: { platform: ['express-chat'], hasEmail: true } }
]

describe('readWindow', () => {
  for (const input of QUERIES) {
    it(`reads the same rows by offset, from the end and by cursor: ${JSON.stringify(input)}`, async () => {
      const expected = await allIds(input)
      expect(expected.length).toBeGreaterThan(10)
      const page = 7
      // From the top by offset, and onwards by cursor, to the end.
      const top = await window(input, { offset: 0 }, page)
      const seen = top.rows.map((r) => r.id)
      let last: Cursor | null = top.last
      while (last) {
        const next = await window(input, { after: last }, page)
        seen.push(...next.rows.map((r) => r.id))
        last = next.rows.length === page ? next.last : null
      }
      expect(seen).toEqual(expected)
      // From the bottom, and upwards by cursor, to the top.
      const bottom = await window(input, { offsetFromEnd: 0 }, page)
      expect(bottom.rows.map((r) => r.id)).toEqual(expected.slice(-page))
      const up = bottom.rows.map((r) => r.id)
      let first: Cursor | null = bottom.first
      while (first) {
        const previous = await window(input, { before: first }, page)
        up.unshift(...previous.rows.map((r) => r.id))
        first = previous.rows.length === page ? previous.first : null
      }
      expect(up).toEqual(expected)
      // A jump into the middle, from either end.
      const middle = Math.floor(expected.length / 2)
      expect((await window(input, { offset: middle }, page)).rows.map((r) => r.id)).toEqual(
        expected.slice(middle, middle + page)
      )
      expect((await window(input, { offsetFromEnd: middle }, page)).rows.map((r) => r.id)).toEqual(
        expected.slice(expected.length - middle - page, expected.length - middle)
      )
      expect(await countMatching(db, parse(input))).toBe(expected.length)
    })
  }

  it('shows each row with its platform, sync state and the table-only fields', async () => {
    const { rows } = await window({ filters: { syncState: ['conflict'] } }, { offset: 0 }, 5)
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) {
      const seed = LEADS.find((l) => l.id === row.id)!
      expect(row).toMatchObject({
        syncState: 'conflict',
        platform: expect.stringMatching(/express-chat|chatbot-com|chatzuri/),
        lastSeenAt: seed.lastSeenAt,
        websiteVisits: seed.websiteVisits,
        email: seed.email
      })
    }
  })

  it('ranks a page of search hits by relevance, reading only that page', async () => {
    const input: LeadQueryInput = { search: 'hello', sort: [{ column: 'relevance', dir: 'desc' }] }
    const { rows } = await window(input, { offset: 0 }, 20)
    const hits = (await allIds(input)).slice(0, 20)
    expect([...rows.map((r) => r.id)].sort()).toEqual([...hits].sort())
    // Leads that say "hello" twice rank above those that say it once.
    const twice = (id: number): boolean =>
      (LEADS.find((l) => l.id === id)!.lastMessageText?.match(/hello/g) ?? []).length > 1
    const firstOnce = rows.findIndex((r) => !twice(r.id))
    expect(rows.slice(firstOnce).some((r) => twice(r.id))).toBe(false)
  })

  it('refuses a cursor from another sort', async () => {
    await expect(window({ sort: [{ column: 'status', dir: 'asc' }] }, { after: ['x', 1] }, 5)).rejects.toThrow(
      /another sort order/
    )
  })
})

describe('which index leads a page', () => {
  /** The plan of the statement readWindow sends for the first page, one line per step. */
  async function plan(input: LeadQueryInput): Promise<string> {
    const { sql, params } = await pageStatement(db, parse(input), { offset: 0 }, 100)
    const steps = await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params)
    return steps.map((s) => s.detail).join('\n')
  }
  const share = async (input: LeadQueryInput): Promise<number> => (await countMatching(db, parse(input))) / LEADS.length

  it('walks the sort index when the filters match a big share of the leads', async () => {
    const broad: LeadQueryInput = {
      filters: { status: ['OPEN', 'REVIEW'], platform: ['express-chat'] },
      sort: [{ column: 'name', dir: 'asc' }]
    }
    expect(await share(broad)).toBeGreaterThan(0.05)
    expect(await plan(broad)).toMatch(/^SCAN l USING INDEX leads_sort_name$/m)
    expect(await plan(broad)).not.toMatch(/TEMP B-TREE/)
  })

  it('starts that walk past the leads with an empty key when the filters rule those out', async () => {
    // A lead with an email always has a name key (name, else email, …), so "has email" sorted by
    // name never needs the leads with nothing to show, which all sort first.
    const walks: LeadFilters[] = [
      { status: ['OPEN', 'REVIEW'], platform: ['express-chat'], hasEmail: true },
      { hasPhone: true }
    ]
    for (const filters of walks) {
      const input: LeadQueryInput = { filters, sort: [{ column: 'name', dir: 'asc' }] }
      expect(await plan(input), JSON.stringify(filters)).toMatch(
        /^SEARCH l USING INDEX leads_sort_name \(sort_name>\?\)$/m
      )
      expect(await plan(input)).not.toMatch(/TEMP B-TREE/)
    }
    const byEmail: LeadQueryInput = { filters: { hasEmail: true }, sort: [{ column: 'email', dir: 'desc' }] }
    expect(await plan(byEmail)).toMatch(/^SEARCH l USING INDEX leads_sort_email \(sort_email>\?\)$/m)
    // Without such a filter, the walk starts at the top of the index as before.
    const noEmail: LeadQueryInput = { filters: { hasEmail: false }, sort: [{ column: 'name', dir: 'asc' }] }
    expect(await plan(noEmail)).toMatch(/^SCAN l USING INDEX leads_sort_name$/m)
  })

  it('reads a selective filter from its own index and sorts only those leads', async () => {
    const selective: LeadQueryInput = {
      filters: { status: ['OPEN'], agent: ['ana'], connection: ['conn-a'] },
      sort: [{ column: 'name', dir: 'asc' }]
    }
    const n = await share(selective)
    expect(n).toBeGreaterThan(0)
    expect(n).toBeLessThan(0.02)
    const steps = await plan(selective)
    expect(steps).not.toMatch(/leads_sort_name/)
    expect(steps).toMatch(/^SEARCH l USING INDEX \w+ \((sort_status|sort_agent|connection_id)=\?/m)
    expect(steps).toMatch(/USE TEMP B-TREE FOR ORDER BY/)
  })

  it('finds the same rows in the same order either way', async () => {
    const inputs: LeadQueryInput[] = [
      { filters: { status: ['OPEN', 'REVIEW'], platform: ['express-chat'], hasEmail: true } },
      { filters: { status: ['OPEN'], agent: ['ana'], connection: ['conn-a'] } },
      { filters: { hasPhone: true, kind: 'lead' } },
      { filters: { hasEmail: true, hasPhone: false } }
    ]
    for (const base of inputs) {
      for (const dir of ['asc', 'desc'] as const) {
        const input: LeadQueryInput = { ...base, sort: [{ column: 'name', dir }] }
        const expected = await allIds(input) // SQLite's own plan, no drive
        const walked = compileLeadQuery(parse(input), { drive: 'sort' })
        const ids = await db.all<{ id: number }>(
          `SELECT l.id FROM ${walked.from} WHERE ${walked.where} ORDER BY ${walked.orderBy}`,
          walked.params
        )
        expect(
          ids.map((r) => r.id),
          JSON.stringify(input)
        ).toEqual(expected)
        expect(expected.length).toBeGreaterThan(0)
        const page = await window(input, { offset: 0 }, 100)
        expect(page.rows.map((r) => r.id)).toEqual(expected.slice(0, 100))
      }
    }
  })
})

describe('expandSearch', () => {
  it('names the indexed terms a prefix stands for, and finds exactly what the prefix finds', async () => {
    expect(await expandSearch(db, 'HEL pric')).toBe('"hello" AND "pricing"')
    for (const search of ['hel', 'pri zeb', 'user1', 'a', 'user1@a', 'Zebra 5', 'nothing-like-it', 'ü']) {
      const plain = compileLeadQuery(parse({ search }))
      const expanded = compileLeadQuery(parse({ search }), { match: await expandSearch(db, search) })
      const run = async (q: typeof plain) =>
        (await db.all<{ id: number }>(`SELECT l.id FROM ${q.from} WHERE ${q.where} ORDER BY l.id`, q.params)).map(
          (r) => r.id
        )
      expect(await run(expanded), search).toEqual(await run(plain))
    }
  })
})

describe('counts', () => {
  it('answers counted filters from the kept counts and the rest by counting, the same numbers', async () => {
    const inputs: LeadQueryInput[] = [
      {},
      { filters: { kind: 'chat' } },
      { filters: { status: ['OPEN'], platform: ['express-chat'], agent: [null], hasPhone: true } },
      { filters: { tags: { mode: 'any', values: ['hot'] } } },
      { filters: { tags: { mode: 'all', values: ['hot', 'vip'] }, kind: 'lead' } },
      { filters: { created: { from: '2025-06-01T00:00:00.000Z' } } },
      { search: 'pricing', filters: { hasEmail: false } }
    ]
    for (const input of inputs) {
      const q = compileLeadQuery(parse(input))
      const direct = await db.get<{ n: number }>(`SELECT count(*) AS n FROM ${q.from} WHERE ${q.where}`, q.params)
      expect(await countMatching(db, parse(input)), JSON.stringify(input)).toBe(direct!.n)
    }
    expect(await countAll(db)).toBe(LEADS.length)
  })
})

describe('facets', () => {
  it('completes tags by count and agents by name, each once', async () => {
    const tags = await facetValues(db, 'tag', '', 10)
    expect(tags.map((t) => t.value).sort()).toEqual(['b2b', 'cold', 'expo', 'hot', 'vip'])
    expect(tags[0]!.count).toBe(Math.max(...tags.map((t) => t.count!)))
    expect((await facetValues(db, 'tag', 'h', 10)).map((t) => t.value)).toEqual(['hot'])
    expect((await facetValues(db, 'agent', '', 10)).map((a) => a.value)).toEqual(['Ana', 'bob', 'Carla'])
    expect((await facetValues(db, 'agent', 'C', 10)).map((a) => a.value)).toEqual(['Carla'])
  })
})
