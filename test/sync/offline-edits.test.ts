import { afterAll, expect, it } from 'vitest'
import type { Lead } from '../../src/shared/contract'
import { startSandbox, type RunningSandbox } from '../../src/main/sandbox'
import { startHttpServer, type RunningHttpServer } from '../../src/main/transports/http-server'
import { startTestApp, type TestApp } from '../helpers/app'
import { invokeOverHttp } from '../helpers/http-app'
import { tempDir } from '../helpers/temp-dir'
import { connectAll, sandboxRecords } from '../helpers/workspace'

const SEED = 77
const dirs: { cleanup: () => Promise<void> }[] = []
afterAll(async () => {
  for (const d of dirs) await d.cleanup()
})

/** The app behind its loopback HTTP transport, called exactly as the renderer calls it. */
async function openApp(dataDir: string): Promise<{
  app: TestApp
  http: RunningHttpServer
  call: <T>(m: string, i?: unknown) => Promise<T>
  close(): Promise<void>
}> {
  const app = await startTestApp({ dataDir })
  const http = await startHttpServer({ dispatch: app.dispatch, events: app.events, staticDir: null })
  const call = async <T>(method: string, input: unknown = {}): Promise<T> => {
    const reply = await invokeOverHttp(http.url, http.token, method, input)
    if (!reply.ok) throw new Error(reply.error.message)
    return reply.result as T
  }
  return { app, http, call, close: async () => (await http.close(), await app.close()) }
}

it('edits made while the platforms are unreachable survive a restart and reach them once they are back, each once', async () => {
  const dir = await tempDir()
  dirs.push(dir)
  let sandbox: RunningSandbox = await startSandbox({ port: 0, seed: SEED, leads: 1200, chats: 60 })
  const port = sandbox.port

  // First run: connect and sync while everything is reachable.
  let session = await openApp(dir.path)
  const connections = await connectAll(session.app, sandbox)
  await session.call('sync.run', {})
  await session.app.sync.idle()
  const writable = connections.filter((c) => !c.readOnly)
  const picked: Lead[] = []
  for (const connection of writable) {
    const page = await session.call<{ rows: Lead[] }>('leads.list', {
      connectionId: connection.id,
      kind: 'lead',
      limit: 10
    })
    picked.push(...page.rows)
  }
  expect(picked).toHaveLength(40)
  const extra = await session.call<{ rows: Lead[] }>('leads.list', {
    connectionId: writable[0]!.id,
    kind: 'lead',
    offset: 10,
    limit: 10
  })
  picked.push(...extra.rows)
  expect(picked).toHaveLength(50)

  // The platforms go away; the salesperson changes 50 statuses, one call each, as the UI does.
  await sandbox.close()
  const wanted = new Map<number, string>()
  for (const lead of picked) {
    const status = lead.status === 'REVIEW' ? 'ONHOLD' : 'REVIEW'
    const ack = await session.call<{ updated: number; queued: number }>('leads.update', {
      ids: [lead.id],
      patch: { status }
    })
    expect(ack).toEqual({ updated: 1, queued: 1, localOnly: 0 })
    wanted.set(lead.id, status)
  }
  await session.app.sync.idle()
  const offline = await session.call<{ online: boolean; connections: { pendingEdits: number }[] }>('sync.status')
  expect(offline.connections.reduce((n, c) => n + c.pendingEdits, 0)).toBe(50)
  for (const lead of picked)
    expect((await session.call<Lead>('leads.get', { id: lead.id })).status).toBe(wanted.get(lead.id))
  await session.close()

  // Restart the app, then the platforms come back (same port, same seed, nothing written yet).
  session = await openApp(dir.path)
  expect(
    (await session.call<{ connections: { pendingEdits: number }[] }>('sync.status')).connections.reduce(
      (n, c) => n + c.pendingEdits,
      0
    )
  ).toBe(50)
  sandbox = await startSandbox({ port, seed: SEED, leads: 1200, chats: 60 })
  expect(sandbox.writes()).toHaveLength(0)
  await session.call('sync.run', {})
  await session.app.sync.idle()

  // The sandbox now holds all 50 changes, each applied by exactly one write.
  const writes = sandbox.writes()
  expect(writes).toHaveLength(50)
  for (const lead of picked) {
    const connection = connections.find((c) => c.id === lead.connectionId)!
    const raw = sandboxRecords(sandbox, connection).get(lead.remoteId)!.raw as Record<string, unknown>
    const remoteStatus =
      connection.platform === 'express-chat' ? raw.status : (raw.attributes as Record<string, unknown>).lead_status
    expect(remoteStatus, `${connection.platform} ${lead.remoteId}`).toBe(wanted.get(lead.id))
    const forThisLead = writes.filter((w) => JSON.stringify(w).includes(lead.remoteId))
    expect(forThisLead, lead.remoteId).toHaveLength(1)
  }
  const after = await session.call<{ online: boolean; connections: { pendingEdits: number; state: string }[] }>(
    'sync.status'
  )
  expect(after.online).toBe(true)
  expect(after.connections.reduce((n, c) => n + c.pendingEdits, 0)).toBe(0)
  await session.close()
  await sandbox.close()
}, 120_000)
