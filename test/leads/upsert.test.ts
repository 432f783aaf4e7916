import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { Database, type Tx } from '../../src/main/db/database'
import { upsertLeads } from '../../src/main/leads/upsert'
import type { NormalizedLead } from '../../src/main/providers/connector'
import { blankLead } from '../../src/main/providers/lead-fields'
import { tempDir } from '../helpers/temp-dir'

let dir: { path: string; cleanup: () => Promise<void> }
let db: Database

beforeEach(async () => {
  dir = await tempDir()
  db = await Database.open(join(dir.path, 'leads.sqlite'))
  await db.write((tx) =>
    tx.run(
      `INSERT INTO connections (id, platform, name, base_url, created_at, updated_at)
       VALUES ('c1', 'chatzuri', 'cz', 'http://127.0.0.1:1', 'now', 'now')`
    )
  )
})
afterEach(async () => {
  await db.close()
  await dir.cleanup()
})

function lead(n: number, email = `lead${n}@example.com`): NormalizedLead {
  return { ...blankLead(`r${n}`, 'lead', { id: n, email }), email, name: `Lead ${n}` }
}

/** Upserts in one transaction; returns what upsertLeads reports and every row change SQLite counted. */
async function upsert(leads: NormalizedLead[]): Promise<{ written: number; changes: number }> {
  return db.write(async (tx: Tx) => {
    const before = (await tx.get<{ n: number }>('SELECT total_changes() AS n'))!.n
    const written = await upsertLeads(tx, 'c1', leads, new Date().toISOString())
    const after = (await tx.get<{ n: number }>('SELECT total_changes() AS n'))!.n
    return { written, changes: after - before }
  })
}

it('writes new leads, and nothing at all when the platform sent the same records again', async () => {
  const leads = Array.from({ length: 300 }, (_, n) => lead(n))
  expect((await upsert(leads)).written).toBe(300)
  const syncedAt = await db.all('SELECT id, synced_at FROM leads ORDER BY id')

  // A re-scan of unchanged records: no lead row, no FTS or tag row, no trigger touched.
  expect(await upsert(leads)).toEqual({ written: 0, changes: 0 })
  expect(await db.all('SELECT id, synced_at FROM leads ORDER BY id')).toEqual(syncedAt)
})

it('rewrites exactly the records whose platform JSON or kind changed', async () => {
  const leads = Array.from({ length: 50 }, (_, n) => lead(n))
  await upsert(leads)
  const changed = leads.map((l, n) => (n % 10 === 0 ? lead(n, `new${n}@example.com`) : l))
  changed[3] = { ...changed[3]!, kind: 'chat' }
  const { written } = await upsert([...changed, lead(50)])
  expect(written).toBe(5 + 1 + 1)
  expect(await db.get("SELECT email FROM leads WHERE remote_id = 'r20'")).toEqual({ email: 'new20@example.com' })
  expect(await db.get("SELECT kind FROM leads WHERE remote_id = 'r3'")).toEqual({ kind: 'chat' })
  // Search follows the rewritten row.
  expect(await db.get('SELECT count(*) AS n FROM leads_fts WHERE leads_fts MATCH \'"new20"\'')).toEqual({ n: 1 })
})
