import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../src/main/db/database'
import { findConnection, listConnections } from '../../src/main/connections/store'
import { SEED_CONNECTIONS, makeLeads, seedDatabase } from '../helpers/lead-seed'
import { recording } from '../../bench/frame/recording'

const LEADS = makeLeads(400, 3)
let db: Database
let cleanup: () => Promise<void>
beforeAll(async () => {
  ;({ db, cleanup } = await seedDatabase(LEADS))
})
afterAll(() => cleanup())

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
    const reads = await recording(db, async () => {
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
