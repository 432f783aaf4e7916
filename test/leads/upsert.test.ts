import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { Database, type Tx } from '../../src/main/db/database'
import { SYNC_COLUMNS, leadValues } from '../../src/main/leads/columns'
import { recordEdit } from '../../src/main/leads/outbox'
import { prepareLeads, unchangedRecords, upsertLeads, writePreparedLeads } from '../../src/main/leads/upsert'
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

it('names the records a page brings that the cache holds with the same JSON and kind', async () => {
  const leads = Array.from({ length: 20 }, (_, n) => lead(n))
  await upsert(leads)
  const received = leads.map((l) => ({ remoteId: l.remoteId, kind: l.kind, rawJson: JSON.stringify(l.raw) }))
  received[1] = { ...received[1]!, rawJson: JSON.stringify({ id: 1, email: 'changed@example.com' }) }
  received[2] = { ...received[2]!, kind: 'chat' }
  received.push({ remoteId: 'r99', kind: 'lead', rawJson: '{"id":99}' })
  const same = await unchangedRecords(db, 'c1', received)
  expect([...same].sort()).toEqual(
    leads
      .map((l) => l.remoteId)
      .filter((id) => id !== 'r1' && id !== 'r2')
      .sort()
  )
  // Another connection's leads are not this one's.
  expect(await unchangedRecords(db, 'c2', received)).toEqual(new Set())
})

it('names none while the connection has edits waiting, so they are reconciled against every record', async () => {
  await db.write((tx) =>
    tx.run(
      `INSERT INTO connections (id, platform, name, base_url, created_at, updated_at)
       VALUES ('c2', 'chatbot-com', 'cb', 'http://127.0.0.1:1', 'now', 'now')`
    )
  )
  const leads = Array.from({ length: 5 }, (_, n) => lead(n))
  await db.write((tx) => upsertLeads(tx, 'c2', leads, new Date().toISOString()))
  const received = leads.map((l) => ({ remoteId: l.remoteId, kind: l.kind, rawJson: JSON.stringify(l.raw) }))
  expect((await unchangedRecords(db, 'c2', received)).size).toBe(5)
  const id = (await db.get<{ id: number }>("SELECT id FROM leads WHERE connection_id = 'c2' AND remote_id = 'r3'"))!.id
  await db.write((tx) => recordEdit(tx, [id], { status: 'CLOSED' }, new Date().toISOString()))
  expect(await unchangedRecords(db, 'c2', received)).toEqual(new Set())
  // The read-only connection beside it keeps its answer.
  await upsert(leads)
  expect((await unchangedRecords(db, 'c1', received)).size).toBe(5)
})

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

it('stores each value as given, in the order given, types included (rows travel to SQLite as one JSON text)', async () => {
  const odd: NormalizedLead = {
    ...lead(1),
    name: 'Zoë "Q" O\'Neil \\ back\\slash',
    city: '🔥 重要 \u0000 nul',
    country: '',
    phone: null,
    websiteVisits: 3,
    // A lone surrogate cannot be stored as UTF-8: it becomes U+FFFD, as the driver binds it.
    lastMessageText: 'a\ud800b \\ud800',
    tags: ['x"y', 'é', '\\'],
    notes: [{ title: 'T', description: 'line\nnext' }],
    rawJson: '{"id":1,"q":"\\"\\ud800"}'
  }
  const float: NormalizedLead = { ...lead(2), websiteVisits: 2.5, kind: 'chat' }
  const big: NormalizedLead = { ...lead(0), websiteVisits: 2 ** 40 }
  await db.write((tx) => upsertLeads(tx, 'c1', [odd, float, big], 'at'))
  const rows = await db.all<Record<string, unknown>>(
    `SELECT ${SYNC_COLUMNS.map((c) => `${c}, typeof(${c}) AS "${c}:type"`).join(', ')} FROM leads ORDER BY id`
  )
  const expected = [odd, float, big].map((l) => {
    const row: Record<string, unknown> = {}
    leadValues('c1', l, 'at').forEach((value, n) => {
      const column = SYNC_COLUMNS[n]!
      row[column] = typeof value === 'string' ? value.replace(LONE_SURROGATE, '\ufffd') : value
      row[`${column}:type`] =
        value === null ? 'null' : typeof value === 'string' ? 'text' : Number.isInteger(value) ? 'integer' : 'real'
    })
    return row
  })
  expect(rows).toEqual(expected)
})

it('writes prepared batches together in the order handed over: a record in two ends as the later copy', async () => {
  // Over one statement's worth of rows (1,000) in each batch.
  const first = Array.from({ length: 2600 }, (_, n) => lead(n))
  const second = Array.from({ length: 2600 }, (_, n) => lead(n + 2000, `second${n + 2000}@example.com`))
  const written = await db.write((tx) =>
    writePreparedLeads(tx, [prepareLeads('c1', first), prepareLeads('c1', second)], 'at')
  )
  // 2,600 new, then 600 new and 2,000 rewritten (their JSON changed: another email).
  expect(written).toBe(2600 + 600 + 2000)
  const rows = await db.all<{ remote_id: string; email: string }>('SELECT remote_id, email FROM leads ORDER BY id')
  expect(rows.map((r) => r.remote_id)).toEqual(Array.from({ length: 4600 }, (_, n) => `r${n}`))
  expect(rows[1999]!.email).toBe('lead1999@example.com')
  expect(rows[2000]!.email).toBe('second2000@example.com')
  expect(rows[2599]!.email).toBe('second2599@example.com')
  expect(await db.get("SELECT count(*) AS n FROM leads WHERE synced_at = 'at'")).toEqual({ n: 4600 })
})
