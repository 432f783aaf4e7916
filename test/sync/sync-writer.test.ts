import { afterEach, beforeEach, expect, it } from 'vitest'
import type { Connection } from '../../src/shared/contract'
import type { RunningSandbox } from '../../src/main/sandbox'
import { createConnector, type NormalizedLead, type StreamCursor } from '../../src/main/providers'
import { SyncWriter } from '../../src/main/sync/sync-writer'
import { startTestApp, type TestApp } from '../helpers/app'
import { connectAll, startTestSandbox } from '../helpers/workspace'

// The sync writer puts the batches of several connections in one transaction. Its rows are real
// ChatBot.com and Chatzuri pages read from the sandbox over HTTP, written to the app's SQLite file.

let app: TestApp
let sandbox: RunningSandbox
let chatbot: Connection
let chatzuri: Connection

beforeEach(async () => {
  // Chatzuri gets a tenth of the leads: three full pages of 100 and more.
  sandbox = await startTestSandbox({ leads: 4000, chats: 0 })
  app = await startTestApp()
  const connections = await connectAll(app, sandbox)
  chatbot = connections.find((c) => c.platform === 'chatbot-com')!
  chatzuri = connections.find((c) => c.platform === 'chatzuri')!
})
afterEach(async () => {
  await app.dispose()
  await sandbox.close()
})

/** The first `count` pages of a connection's one stream, with the cursor after each. */
async function pages(
  connection: Connection,
  count: number
): Promise<{ leads: NormalizedLead[]; next: StreamCursor }[]> {
  const account =
    connection.platform === 'chatzuri'
      ? { ...sandbox.accounts.chatzuri[0]! }
      : { ...sandbox.accounts.chatbotCom[0]!, agentId: undefined }
  const connector = createConnector({ platform: connection.platform, ...account })
  const stream = connector.streams()[0]!
  const out: { leads: NormalizedLead[]; next: StreamCursor }[] = []
  let cursor: StreamCursor | null = null
  for (let n = 0; n < count; n++) {
    const page = await connector.fetchPage(stream, cursor, new AbortController().signal)
    expect(page.done).toBe(false)
    out.push({ leads: page.leads, next: page.next })
    cursor = page.next
  }
  return out
}

const stored = (connectionId: string): Promise<{ n: number; at: string | null }[]> =>
  app.db.all('SELECT count(*) AS n, synced_at AS at FROM leads WHERE connection_id = ? GROUP BY synced_at', [
    connectionId
  ])

const checkpoint = async (connectionId: string): Promise<unknown> => {
  const row = await app.db.get<{ cursor_json: string }>(
    'SELECT cursor_json FROM sync_checkpoints WHERE connection_id = ?',
    [connectionId]
  )
  return row ? JSON.parse(row.cursor_json) : null
}

it('writes batches handed over meanwhile in one transaction, each with its cursor', async () => {
  const [a1, a2] = await pages(chatbot, 2)
  const [b1] = await pages(chatzuri, 1)
  const writer = new SyncWriter(app.db)
  const a = writer.lane(chatbot.id)
  const b = writer.lane(chatzuri.id)
  // a1 starts a transaction at once; a2 and b1 arrive while it is written and share the next one.
  await Promise.all([
    a.write('users', a1!.leads, a1!.next),
    a.write('users', a2!.leads, a2!.next),
    b.write('leads', b1!.leads, b1!.next)
  ])
  await Promise.all([a.flush(), b.flush()])

  const chatbotRows = await stored(chatbot.id)
  const chatzuriRows = await stored(chatzuri.id)
  expect(chatbotRows.map((r) => r.n)).toEqual([a1!.leads.length, a2!.leads.length])
  expect(chatzuriRows).toEqual([{ n: b1!.leads.length, at: chatbotRows[1]!.at }])
  expect(await checkpoint(chatbot.id)).toEqual(a2!.next)
  expect(await checkpoint(chatzuri.id)).toEqual(b1!.next)
})

it('a lane whose rows fail fails alone: the others in its transaction are written, its cursor stays', async () => {
  const [a1, a2] = await pages(chatbot, 2)
  const [b1, b2] = await pages(chatzuri, 2)
  const writer = new SyncWriter(app.db)
  const a = writer.lane(chatbot.id)
  const b = writer.lane(chatzuri.id)
  await b.write('leads', b1!.leads, b1!.next)
  await b.flush()
  // A kind the schema refuses (CHECK): the whole transaction fails, then each lane is tried alone.
  const broken = b2!.leads.map((lead, n) => (n === 3 ? { ...lead, kind: 'bogus' as NormalizedLead['kind'] } : lead))
  const handed = Promise.all([
    a.write('users', a1!.leads, a1!.next),
    b.write('leads', broken, b2!.next),
    a.write('users', a2!.leads, a2!.next)
  ])
  await expect(b.flush()).rejects.toThrow(/CHECK/)
  await handed.catch(() => undefined)
  await a.flush()

  expect((await stored(chatbot.id)).reduce((n, r) => n + r.n, 0)).toBe(a1!.leads.length + a2!.leads.length)
  expect(await checkpoint(chatbot.id)).toEqual(a2!.next)
  // None of the failed batch, and the cursor still after the last batch that was stored.
  expect((await stored(chatzuri.id)).reduce((n, r) => n + r.n, 0)).toBe(b1!.leads.length)
  expect(await checkpoint(chatzuri.id)).toEqual(b1!.next)
  // The failed lane writes nothing more: its cursor must never pass rows that were not stored.
  await expect(b.write('leads', b2!.leads, b2!.next)).rejects.toThrow(/CHECK/)
  expect(await checkpoint(chatzuri.id)).toEqual(b1!.next)
})

it('a discarded lane drops what is not yet in a transaction and keeps its last committed cursor', async () => {
  const [a1, a2, a3] = await pages(chatbot, 3)
  const writer = new SyncWriter(app.db)
  const a = writer.lane(chatbot.id)
  const handed = Promise.all([
    a.write('users', a1!.leads, a1!.next),
    a.write('users', a2!.leads, a2!.next),
    a.write('users', a3!.leads, a3!.next)
  ])
  // a1 is being written; a2 and a3 wait for the next transaction and are dropped.
  await a.discard(new Error('cancelled'))
  await handed
  await expect(a.flush()).rejects.toThrow('cancelled')
  expect((await stored(chatbot.id)).reduce((n, r) => n + r.n, 0)).toBe(a1!.leads.length)
  expect(await checkpoint(chatbot.id)).toEqual(a1!.next)
})

// Lingers for an hour: only a flush, a discard or another write can end the transaction in time.
const longLived = { maxWaitingRows: 1000, maxGroupRows: 40, maxTransactionMs: 3_600_000, lingerMs: 3_600_000 }

it('holds no other write behind its open transaction: an edit waiting ends it, after what it holds is committed', async () => {
  const [a1, a2] = await pages(chatbot, 2)
  const writer = new SyncWriter(app.db, longLived)
  const a = writer.lane(chatbot.id)
  await a.write('users', a1!.leads, a1!.next)
  await a.write('users', a2!.leads, a2!.next)
  // Another write (an edit) queued meanwhile runs once the sync's transaction committed: never an hour later.
  const seen = await app.db.write((tx) =>
    tx.get<{ n: number }>('SELECT count(*) AS n FROM leads WHERE connection_id = ?', [chatbot.id])
  )
  expect(seen!.n).toBeGreaterThanOrEqual(a1!.leads.length)
  await a.flush()
  expect((await stored(chatbot.id)).reduce((n, r) => n + r.n, 0)).toBe(a1!.leads.length + a2!.leads.length)
  expect(await checkpoint(chatbot.id)).toEqual(a2!.next)
}, 60_000)

it('commits at once for a lane that flushes, however long its transaction could stay open', async () => {
  const [a1] = await pages(chatbot, 1)
  const [b1] = await pages(chatzuri, 1)
  const writer = new SyncWriter(app.db, longLived)
  const a = writer.lane(chatbot.id)
  const b = writer.lane(chatzuri.id)
  await a.write('users', a1!.leads, a1!.next)
  await b.write('leads', b1!.leads, b1!.next)
  await a.flush()
  expect((await stored(chatbot.id)).reduce((n, r) => n + r.n, 0)).toBe(a1!.leads.length)
  expect(await checkpoint(chatbot.id)).toEqual(a1!.next)
  // The other lane's batch was in the same transaction or follows in the next; its flush commits it too.
  await b.flush()
  expect(await checkpoint(chatzuri.id)).toEqual(b1!.next)
}, 60_000)

it('a transaction that fails as a whole (a full disk) fails every lane it held, with the storage error', async () => {
  const [a1] = await pages(chatbot, 1)
  const [b1] = await pages(chatzuri, 1)
  const writer = new SyncWriter(app.db)
  const a = writer.lane(chatbot.id)
  const b = writer.lane(chatzuri.id)
  // The file may not grow by a single page: the rows cannot be stored, whichever lane they are of.
  await app.db.write((tx) => tx.get('PRAGMA max_page_count = 1'))
  const handed = Promise.all([a.write('users', a1!.leads, a1!.next), b.write('leads', b1!.leads, b1!.next)])
  await expect(a.flush()).rejects.toMatchObject({ code: 'DISK_FULL' })
  await expect(b.flush()).rejects.toMatchObject({ code: 'DISK_FULL' })
  await handed.catch(() => undefined)
  await app.db.write((tx) => tx.get('PRAGMA max_page_count = 1073741823'))
  expect(await stored(chatbot.id)).toEqual([])
  expect(await checkpoint(chatzuri.id)).toBeNull()
})

it('a transaction that cannot begin (the database closed) fails the lanes it took, never leaves them waiting', async () => {
  const [a1] = await pages(chatbot, 1)
  const writer = new SyncWriter(app.db)
  const a = writer.lane(chatbot.id)
  await app.db.close()
  await a.write('users', a1!.leads, a1!.next).catch(() => undefined)
  await expect(a.flush()).rejects.toThrow(/closed/)
})

const leadIndexes = (): Promise<{ name: string; sql: string }[]> =>
  app.db.all(
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'leads' AND sql IS NOT NULL ORDER BY name"
  )
const byName = { query: { sort: [{ column: 'name', dir: 'asc' }] }, window: { offset: 0 }, limit: 50 }

it('a large first sync drops the leads indexes while it writes and builds them again before its pull ends', async () => {
  const before = await leadIndexes()
  expect(before.length).toBeGreaterThan(10)
  const batches = await pages(chatbot, 6)
  const rows = batches.reduce((sum, batch) => sum + batch.leads.length, 0)
  // As the default does at 10,000 rows, scaled to this sandbox: a later group drops them.
  const writer = new SyncWriter(app.db, { deferIndexesFrom: Math.ceil(rows / 2) })
  const lane = writer.lane(chatbot.id)
  for (const batch of batches) await lane.write('users', batch.leads, batch.next)
  // Committed by the linger, while the lane is still open: the cache is read without its sort indexes.
  await expect
    .poll(async () => (await app.db.get<{ n: number }>('SELECT count(*) AS n FROM deferred_indexes'))?.n)
    .toBe(before.length - 2)
  const dropped = await leadIndexes()
  expect(dropped.map((index) => index.name).sort()).toEqual(['leads_by_email_nocase', 'leads_by_phone_key'])
  const whileDropped = await app.call<{ rows: { id: number }[] }>('leads.query', byName)
  expect(whileDropped.rows).toHaveLength(50)

  let building = 0
  await lane.flush(() => building++)
  expect(building).toBe(1)
  expect(await leadIndexes()).toEqual(before)
  expect(await app.db.get('SELECT count(*) AS n FROM deferred_indexes')).toEqual({ n: 0 })
  expect(await app.db.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' })
  expect(await app.db.get('SELECT count(*) AS n FROM leads WHERE connection_id = ?', [chatbot.id])).toEqual({ n: rows })
  // The same rows, now read through the index again.
  expect((await app.call<{ rows: { id: number }[] }>('leads.query', byName)).rows).toEqual(whileDropped.rows)
  const plan = await app.db.all<{ detail: string }>(
    'EXPLAIN QUERY PLAN SELECT id FROM leads ORDER BY sort_name LIMIT 5'
  )
  expect(plan.map((p) => p.detail).join(' | ')).toMatch(/leads_sort_name/)
})

it('keeps the indexes for writes small beside the cache, and for a burst that does not reach the threshold', async () => {
  const before = await leadIndexes()
  const seed = new SyncWriter(app.db)
  const seedLane = seed.lane(chatbot.id)
  for (const batch of await pages(chatbot, 10)) await seedLane.write('users', batch.leads, batch.next)
  await seedLane.flush()
  const held = (await app.db.get<{ n: number }>('SELECT count(*) AS n FROM leads'))!.n
  const [z1] = await pages(chatzuri, 1)
  // Past the threshold, but fewer than half as many as the cache holds.
  expect(z1!.leads.length * 2).toBeLessThan(held)
  const writer = new SyncWriter(app.db, { deferIndexesFrom: z1!.leads.length / 2 })
  const lane = writer.lane(chatzuri.id)
  await lane.write('leads', z1!.leads, z1!.next)
  await lane.flush(() => expect.unreachable('nothing was dropped'))
  expect(await leadIndexes()).toEqual(before)
  expect(await app.db.get('SELECT count(*) AS n FROM deferred_indexes')).toEqual({ n: 0 })
})

it('a stopped app leaves the dropped indexes listed, and the next start builds them', async () => {
  const before = await leadIndexes()
  const batches = await pages(chatbot, 3)
  const writer = new SyncWriter(app.db, { deferIndexesFrom: 100 })
  const lane = writer.lane(chatbot.id)
  for (const batch of batches) await lane.write('users', batch.leads, batch.next)
  writer.stop()
  await lane.flush(() => expect.unreachable('a stopped writer builds nothing'))
  expect((await leadIndexes()).length).toBe(2)

  const dataDir = app.dataDir
  await app.close()
  const again = await startTestApp({ dataDir })
  try {
    await again.sync.idle()
    expect(
      await again.db.all(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'leads' AND sql IS NOT NULL ORDER BY name"
      )
    ).toEqual(before)
    expect(await again.db.get('SELECT count(*) AS n FROM deferred_indexes')).toEqual({ n: 0 })
  } finally {
    await again.close()
  }
})
