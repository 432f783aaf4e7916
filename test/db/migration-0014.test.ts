import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../src/main/db/database'
import { upsertLeads } from '../../src/main/leads/upsert'
import type { NormalizedLead } from '../../src/main/providers/connector'
import { makeLeads, rng, seedDatabase } from '../helpers/lead-seed'

let db: Database
let cleanup: () => Promise<void>
beforeAll(async () => {
  ;({ db, cleanup } = await seedDatabase(makeLeads(400, 5)))
})
afterAll(() => cleanup())

/** The kept counts per creation day minus a fresh count: every row should be zero. */
async function drift(): Promise<unknown[]> {
  return db.all(`
    SELECT * FROM (
      SELECT day, connection_id, sort_status, kind, sum(n) AS n FROM (
        SELECT day, connection_id, sort_status, kind, n FROM lead_created_counts
        UNION ALL
        SELECT substr(sort_created, 1, 10), connection_id, sort_status, kind, -1 FROM leads
      ) GROUP BY 1, 2, 3, 4
    ) WHERE n <> 0`)
}

function synced(remoteId: string, random: () => number): NormalizedLead {
  const created = random() < 0.3 ? null : new Date(Date.UTC(2025, 5, 1 + Math.floor(random() * 60))).toISOString()
  return {
    remoteId,
    kind: random() < 0.5 ? 'lead' : 'chat',
    name: 'Synced',
    email: random() < 0.5 ? null : 'x@y.z',
    phone: random() < 0.5 ? null : '123',
    phonePrefix: null,
    status: random() < 0.5 ? 'OPEN' : 'CLOSED',
    agent: null,
    picture: null,
    city: null,
    country: null,
    gender: null,
    tags: [],
    notes: [],
    attributes: [],
    lastMessageText: null,
    lastMessageAt: null,
    lastMessageBy: null,
    websiteVisits: null,
    createdAt: created,
    updatedAt: null,
    raw: { n: random() }
  }
}

const plan = async (sql: string, params: unknown[] = []): Promise<string> =>
  (await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params as string[])).map((r) => r.detail).join(' | ')

describe('migration 14: lead counts per creation day', () => {
  it('starts exact on a cache that already has leads', async () => {
    expect(await drift()).toEqual([])
    expect((await db.get<{ n: number }>('SELECT sum(n) AS n FROM lead_created_counts'))?.n).toBe(400)
  })

  it('stays exact through edits, syncs, new creation dates, deletes and a removed connection', async () => {
    const random = rng(14)
    for (let round = 0; round < 24; round++) {
      await db.write(async (tx) => {
        const id = 1 + Math.floor(random() * 400)
        switch (round % 4) {
          case 0:
            await tx.run(`UPDATE leads SET status = ?, remote_created_at = ? WHERE id % 9 = ?`, [
              random() < 0.5 ? 'REVIEW' : null,
              random() < 0.3 ? null : `2025-0${1 + (round % 9)}-1${round % 10}T12:00:00.000Z`,
              round % 9
            ])
            break
          case 1:
            await tx.run(`UPDATE leads SET email = ?, phone = ?, kind = 'chat' WHERE id % 7 = ?`, [
              random() < 0.5 ? '' : 'a@b.c',
              random() < 0.5 ? null : '1',
              round % 7
            ])
            break
          case 2:
            await tx.run(`DELETE FROM leads WHERE id = ?`, [id])
            break
          case 3: {
            const page = Array.from({ length: 20 }, (_, i) => synced(`sync-${(round * 7 + i) % 30}`, random))
            await upsertLeads(tx, 'conn-c', page, '2026-01-01T00:00:00.000Z')
          }
        }
      })
      expect(await drift(), `round ${round}`).toEqual([])
    }
    await db.write((tx) => tx.run(`DELETE FROM connections WHERE id = 'conn-b'`))
    expect(await drift()).toEqual([])
  })

  it('serves the days of a range by its key in grouping order, and the range edges by the created index', async () => {
    const days = await plan(
      `SELECT k.day, k.connection_id, k.sort_status, sum(k.n) FROM lead_created_counts k
       WHERE k.sort_status IN (1, 2) AND k.day >= ? AND k.day < ? AND k.day <> '' GROUP BY 1, 2, 3`,
      ['2025-03-01', '2025-06-01']
    )
    expect(days).toMatch(/SEARCH k USING PRIMARY KEY \(day>\? AND day<\?\)/)
    expect(days).not.toMatch(/\bleads\b|TEMP B-TREE/)
    const edges = await plan(
      `SELECT substr(l.sort_created, 1, 10), l.connection_id, l.sort_status, count(*) FROM leads l
       WHERE l.sort_created >= ? AND l.sort_created < ? AND l.sort_created <> ''
         AND (l.sort_created < ? OR l.sort_created >= ?) GROUP BY 1, 2, 3`,
      ['2025-03-01T10:00:00.000Z', '2025-06-01T10:00:00.000Z', '2025-03-02', '2025-06-01']
    )
    expect(edges).toMatch(/leads_sort_created/)
  })
})
