import { afterAll, beforeAll, expect, it } from 'vitest'
import type { BulkResult, Connection, PushProgress } from '../../src/shared/contract'
import type { RunningSandbox } from '../../src/main/sandbox'
import { startTestApp, type TestApp } from '../helpers/app'
import { connectAll, startTestSandbox, syncAndWait } from '../helpers/workspace'

/*
 * The header's pushed / waiting / failed counts come from push.progress events: one at the start of a
 * push with edits to send, a few as they go out, one at the end. A connection with nothing to send
 * says nothing. Real SQLite, the sandbox over HTTP.
 */
let sandbox: RunningSandbox
let app: TestApp
let connections: Connection[]

beforeAll(async () => {
  sandbox = await startTestSandbox({ seed: 77, leads: 800, chats: 0 })
  app = await startTestApp()
  connections = await connectAll(app, sandbox)
  await syncAndWait(app)
}, 120_000)
afterAll(async () => {
  await app?.dispose()
  await sandbox?.close()
})

it('counts a push from all waiting to all pushed, per connection, and is quiet where nothing waits', async () => {
  const target = connections.find((c) => c.platform === 'chatbot-com')!
  const idle = connections.find((c) => c.platform === 'express-chat')!
  // Slow answers, so the push lasts long enough for counts in between.
  sandbox.setFaults('chatbot-com', { latencyMs: 30 })
  const applied = await app.call<BulkResult>('bulk.apply', {
    jobId: 'push-progress',
    selection: { kind: 'query', query: { filters: { connection: [target.id] } }, except: [] },
    action: { kind: 'addTags', tags: ['counted'] }
  })
  expect(applied.queued).toBeGreaterThan(50)

  const events: PushProgress[] = []
  const off = app.events.subscribe((name, payload) => {
    if (name === 'push.progress') events.push(payload as PushProgress)
  })
  try {
    await syncAndWait(app)
  } finally {
    off()
  }
  const mine = events.filter((e) => e.connectionId === target.id)
  expect(mine[0]).toEqual({ connectionId: target.id, pushed: 0, waiting: applied.queued, failed: 0, done: false })
  expect(mine.at(-1)).toEqual({ connectionId: target.id, pushed: applied.queued, waiting: 0, failed: 0, done: true })
  expect(mine.filter((e) => e.done)).toHaveLength(1)
  // In between: pushed only goes up, waiting only down.
  expect(mine.length).toBeGreaterThan(2)
  for (let i = 1; i < mine.length; i++) {
    expect(mine[i]!.pushed).toBeGreaterThanOrEqual(mine[i - 1]!.pushed)
    expect(mine[i]!.waiting).toBeLessThanOrEqual(mine[i - 1]!.waiting)
  }
  expect(events.filter((e) => e.connectionId === idle.id)).toEqual([])
  sandbox.setFaults('chatbot-com', { latencyMs: 0 })
})
