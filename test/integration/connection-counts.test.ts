import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database, SqlValue } from '../../src/main/db/database'
import { findConnection, listConnections } from '../../src/main/connections/store'
import { SEED_CONNECTIONS, makeLeads, seedDatabase } from '../helpers/lead-seed'

const LEADS = makeLeads(400, 3)
let db: Database
let cleanup: () => Promise<void>
beforeAll(async () => {
  ;({ db, cleanup } = await seedDatabase(LEADS))
})
afterAll(() => cleanup())

/** The statements `fn` reads with, so their plans can be checked. */
async function readsOf(fn: () => Promise<unknown>): Promise<{ sql: string; params: readonly SqlValue[] }[]> {
  const seen: { sql: string; params: readonly SqlValue[] }[] = []
  const { all, get } = db
  db.all = <T>(sql: string, params: readonly SqlValue[] = []) => {
    seen.push({ sql, params })
    return all.call(db, sql, params) as Promise<T[]> // the same call, its type parameter passed through
  }
  db.get = <T>(sql: string, params: readonly SqlValue[] = []) => {
    seen.push({ sql, params })
    return get.call(db, sql, params) as Promise<T | undefined> // as above
  }
  try {
    await fn()
  } finally {
    db.all = all
    db.get = get
  }
  return seen
}

describe('connections with their lead counts', () => {
  it('counts each connection’s leads exactly', async () => {
    const list = await listConnections(db)
    expect(list.map((c) => c.id).sort()).toEqual(SEED_CONNECTIONS.map((c) => c.id).sort())
    for (const c of list) {
      const expected = LEADS.filter((l) => l.connection === c.id).length
      expect(expected).toBeGreaterThan(0)
      expect(c.leadCount, c.id).toBe(expected)
      expect((await findConnection(db, c.id))?.leadCount).toBe(expected)
    }
  })

  it('reads the counts from the kept counts, never the leads themselves (every start lists them)', async () => {
    // At 1,000,000 leads, counting them by connection read the whole index: ~200 ms per list,
    // and the app lists connections several times as it opens.
    const reads = await readsOf(async () => {
      await listConnections(db)
      await findConnection(db, SEED_CONNECTIONS[0].id)
    })
    expect(reads.length).toBe(2)
    for (const { sql, params } of reads) {
      const plan = (await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params)).map((s) => s.detail)
      expect(plan.join('\n')).not.toMatch(/\b(SCAN|SEARCH) l\b|\bleads\b|leads_/)
      expect(plan.join('\n')).toMatch(/SEARCH k USING PRIMARY KEY \(connection_id=\?\)/)
    }
  })
})
