import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { Database } from '../../src/main/db/database'
import { leadLandmarks, NTH_LEAD } from '../../src/main/leads/landmarks-store'
import { upsertLeads } from '../../src/main/leads/upsert'
import type { NormalizedLead } from '../../src/main/providers/connector'
import { blankLead } from '../../src/main/providers/lead-fields'
import { tempDir } from '../helpers/temp-dir'

let dir: { path: string; cleanup: () => Promise<void> }
let db: Database

beforeEach(async () => {
  dir = await tempDir()
  db = await Database.open(join(dir.path, 'leads.sqlite'))
  await db.write(async (tx) => {
    for (const id of ['c1', 'c2'])
      await tx.run(
        `INSERT INTO connections (id, platform, name, base_url, created_at, updated_at)
         VALUES (?, 'chatbot-com', ?, 'http://127.0.0.1:1', 'now', 'now')`,
        [id, id]
      )
  })
})
afterEach(async () => {
  await db.close()
  await dir.cleanup()
})

/** Stores `ids` as a sync would, in this order, in one transaction per call. */
async function store(connectionId: string, ids: string[], email = (id: string) => `${id}@example.com`) {
  const leads: NormalizedLead[] = ids.map((id) => ({
    ...blankLead(id, 'lead', { id, email: email(id) }),
    email: email(id)
  }))
  await db.write((tx) => upsertLeads(tx, connectionId, leads, new Date().toISOString()))
}

it('spreads the ids evenly over the order they were first stored in, and keeps it when rows are rewritten', async () => {
  // Ids that sort otherwise than they were stored: the order is the sync's, not the ids'.
  const ids = Array.from({ length: 100 }, (_, n) => `u${String(99 - n).padStart(3, '0')}`)
  await store('c2', ['other1', 'other2', 'other3', 'other4', 'other5'])
  await store('c1', ids.slice(0, 60))
  await store('c1', ids.slice(60))
  await store('c2', ['other6'])
  expect(await leadLandmarks(db, 'c1', 3)).toEqual([ids[25], ids[50], ids[75]])
  // A later sync that changes every row moves none of them.
  await store('c1', [...ids].reverse(), (id) => `changed-${id}@example.com`)
  expect(await leadLandmarks(db, 'c1', 3)).toEqual([ids[25], ids[50], ids[75]])
  expect(await leadLandmarks(db, 'c1', 1)).toEqual([ids[50]])
})

it('gives none for a cache too small to split, or when none are asked for', async () => {
  expect(await leadLandmarks(db, 'c1', 3)).toEqual([])
  await store('c1', ['a', 'b', 'c'])
  expect(await leadLandmarks(db, 'c1', 3)).toEqual([])
  expect(await leadLandmarks(db, 'c1', 0)).toEqual([])
  await store('c1', ['d'])
  expect(await leadLandmarks(db, 'c1', 3)).toEqual(['b', 'c', 'd'])
})

it('reads the ids from the connection index, without sorting the connection', async () => {
  const plan = await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${NTH_LEAD}`, ['c1', 10])
  const details = plan.map((row) => row.detail).join('\n')
  expect(details).toMatch(/USING INDEX leads_by_connection_id/)
  expect(details).not.toMatch(/TEMP B-TREE/)
})
