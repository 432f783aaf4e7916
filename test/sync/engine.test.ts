import { afterEach, beforeEach, expect, it } from 'vitest'
import type { Connection, Lead, OutboxEntry, SyncProgress } from '../../src/shared/contract'
import type { RunningSandbox } from '../../src/main/sandbox'
import { startSandbox } from '../../src/main/sandbox'
import { startTestApp, type TestApp } from '../helpers/app'
import { connectAll, sandboxRecords, startTestSandbox, syncAndWait } from '../helpers/workspace'

let app: TestApp
let sandbox: RunningSandbox
let connections: Connection[]

beforeEach(async () => {
  sandbox = await startTestSandbox()
  app = await startTestApp()
  connections = await connectAll(app, sandbox)
})
afterEach(async () => {
  await app.dispose()
  await sandbox.close()
})

const byPlatform = (platform: Connection['platform']): Connection => connections.find((c) => c.platform === platform)!

it('reports progress per connection, ending at completion', async () => {
  const events: SyncProgress[] = []
  app.events.subscribe((name, payload) => {
    if (name === 'sync.progress') events.push(payload as SyncProgress)
  })
  await syncAndWait(app)
  for (const connection of connections) {
    const mine = events.filter((e) => e.connectionId === connection.id)
    expect(mine[0]?.phase).toBe('starting')
    expect(mine.some((e) => e.phase === 'pulling' && e.records > 0 && e.pages > 0)).toBe(true)
    expect(mine.at(-1)).toMatchObject({ phase: 'done', fraction: 1 })
    // Every record was read at least once (a catch-up pass may read page 1 again).
    expect(mine.at(-1)!.records).toBeGreaterThanOrEqual(sandboxRecords(sandbox, connection).size)
    expect(mine.at(-1)!.ratePerSecond).toBeGreaterThan(0)
  }
  // How far along a sync is (records read over records expected) is test/sync/progress.test.ts.
})

it('can cancel a sync; what was committed stays, and the next sync completes', async () => {
  sandbox.setFaults('express-chat', { latencyMs: 40 })
  const target = byPlatform('express-chat')
  await app.call('sync.run', { connectionId: target.id })
  await new Promise((resolve) => setTimeout(resolve, 500))
  expect(await app.call<{ cancelled: string[] }>('sync.cancel', { connectionId: target.id })).toEqual({
    cancelled: [target.id]
  })
  await app.sync.idle()
  const after = (await app.call<Connection[]>('connections.list')).find((c) => c.id === target.id)!
  expect(after.state).toBe('idle')
  expect(after.leadCount).toBeLessThan(sandboxRecords(sandbox, target).size)
  sandbox.setFaults('express-chat', { latencyMs: 0 })
  await app.call('sync.run', { connectionId: target.id })
  await app.sync.idle()
  expect((await app.call<Connection[]>('connections.list')).find((c) => c.id === target.id)).toMatchObject({
    state: 'ok',
    leadCount: sandboxRecords(sandbox, target).size
  })
})

it('goes offline when the platforms vanish and recovers by itself when they return', async () => {
  await syncAndWait(app)
  const port = sandbox.port
  await sandbox.close()
  process.env.LEADS_OFFLINE_RETRY_MS = '300'
  try {
    await syncAndWait(app)
    const offline = await app.call<{ online: boolean; connections: { state: string; message: string | null }[] }>(
      'sync.status'
    )
    expect(offline.online).toBe(false)
    expect(offline.connections.every((c) => c.state === 'offline')).toBe(true)
    expect(offline.connections[0]!.message).toMatch(/Cannot reach/)
    sandbox = await startSandbox({ port, seed: 1234, leads: 1500, chats: 150 })
    const deadline = Date.now() + 20_000
    let status = offline
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200))
      await app.sync.idle()
      status = await app.call('sync.status')
      if (status.online && status.connections.every((c) => c.state === 'ok')) break
    }
    expect(status.online).toBe(true)
    expect(status.connections.map((c) => c.state)).toEqual(connections.map(() => 'ok'))
  } finally {
    process.env.LEADS_OFFLINE_RETRY_MS = '600000'
  }
})

it('shows both values when the platform changed a field after the edit, and lets the user choose per field', async () => {
  await syncAndWait(app)
  const connection = byPlatform('express-chat')
  const account = sandbox.accounts.expressChat.find((a) => a.botId === connection.botId)!
  const [first, second] = (
    await app.call<{ rows: Lead[] }>('leads.list', { connectionId: connection.id, kind: 'lead', limit: 2 })
  ).rows
  sandbox.setFaults('express-chat', { errorRate: 1 }) // edits stay queued
  await app.call('leads.update', { ids: [first!.id, second!.id], patch: { status: 'CLOSED', tags: ['mine'] } })
  // The push starts a moment after the edit: wait until it was tried and refused, or it could
  // start only once the platform accepts writes again and deliver the edits before the sync below.
  await expect
    .poll(async () =>
      (await app.call<OutboxEntry[]>('outbox.list', { connectionId: connection.id })).some((e) => e.attempts > 0)
    )
    .toBe(true)
  await app.sync.idle()
  sandbox.setFaults('express-chat', { errorRate: 0 })
  // Meanwhile someone changes the status on the platform itself.
  for (const lead of [first!, second!]) {
    const res = await fetch(`${account.baseUrl}/inbox/direct/lead`, {
      method: 'PUT',
      headers: { 'x-bp-token': account.token, 'content-type': 'application/json' },
      body: JSON.stringify({
        uuid: lead.remoteId,
        botId: account.botId,
        customerId: account.customerId,
        status: 'ONHOLD'
      })
    })
    expect(res.status).toBe(200)
  }
  const writesBefore = sandbox.writes('express-chat').length
  await app.call('sync.run', { connectionId: connection.id })
  await app.sync.idle()
  expect(sandbox.writes('express-chat').length).toBe(writesBefore) // nothing overwritten blindly

  const queue = await app.call<OutboxEntry[]>('outbox.list', { connectionId: connection.id })
  expect(queue.map((e) => e.state)).toEqual(['conflict', 'conflict'])
  expect(queue[0]!.conflicts).toEqual([{ field: 'status', local: 'CLOSED', base: first!.status, remote: 'ONHOLD' }])
  expect((await app.call<Lead>('leads.get', { id: first!.id })).status).toBe('CLOSED') // the user still sees their edit

  await app.call('outbox.resolve', { id: queue[0]!.id, choices: { status: 'theirs' } })
  await app.call('outbox.resolve', { id: queue[1]!.id, choices: { status: 'mine' } })
  await app.sync.idle()
  const records = sandboxRecords(sandbox, connection)
  const remote = (lead: Lead): Record<string, unknown> => records.get(lead.remoteId)!.raw as Record<string, unknown>
  expect(remote(first!).status).toBe('ONHOLD')
  expect(remote(second!).status).toBe('CLOSED')
  // Tags were not in conflict: both edits deliver them.
  expect((remote(first!).profile as { userDetails: { tags: string[] } }).userDetails.tags).toEqual(['mine'])
  expect((await app.call<Lead>('leads.get', { id: first!.id })).status).toBe('ONHOLD')
  expect(await app.call<OutboxEntry[]>('outbox.list', { connectionId: connection.id })).toEqual([])
})

it('keeps edits to read-only Chatzuri leads local, marked so, across syncs', async () => {
  await syncAndWait(app)
  const connection = byPlatform('chatzuri')
  const [lead] = (await app.call<{ rows: Lead[] }>('leads.list', { connectionId: connection.id, limit: 1 })).rows
  const ack = await app.call('leads.update', { ids: [lead!.id], patch: { tags: ['local-note'], status: 'REVIEW' } })
  expect(ack).toEqual({ updated: 1, queued: 0, localOnly: 1 })
  await syncAndWait(app)
  const after = await app.call<Lead>('leads.get', { id: lead!.id })
  expect(after).toMatchObject({ tags: ['local-note'], status: 'REVIEW', localOnly: true, pendingEdits: 0 })
  expect(sandbox.writes('chatzuri')).toHaveLength(0)
  expect((await app.call<Connection[]>('connections.list')).find((c) => c.id === connection.id)!.readOnly).toBe(true)
})

it('promotes a non-lead chat to a lead with the details typed', async () => {
  await syncAndWait(app)
  const connection = byPlatform('express-chat')
  const [chat] = (
    await app.call<{ rows: Lead[] }>('leads.list', { connectionId: connection.id, kind: 'chat', limit: 1 })
  ).rows
  expect(chat).toBeDefined()
  const promoted = await app.call<Lead>('leads.promote', {
    id: chat!.id,
    name: 'Priya Raman',
    email: 'priya@example.com',
    phone: '98765 43210',
    phonePrefix: '91'
  })
  expect(promoted).toMatchObject({ kind: 'lead', name: 'Priya Raman', pendingEdits: 1 })
  await app.sync.idle()
  await syncAndWait(app)
  const record = sandboxRecords(sandbox, connection).get(chat!.remoteId)!
  expect(record.kind).toBe('lead')
  const body = sandbox.writes('express-chat').at(-1)!.body as Record<string, unknown>
  expect(body).toMatchObject({ uuid: chat!.remoteId, name: 'Priya Raman', email: 'priya@example.com', dialCode: '+91' })
  expect((await app.call<Lead>('leads.get', { id: chat!.id })).kind).toBe('lead')
})
