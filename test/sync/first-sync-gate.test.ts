// Browser mode holds the sync on start until the first page of leads is served (or a few seconds
// pass): it must start once that gate opens, and not before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../src/main/sandbox'
import { firstPageGate } from '../../src/main/first-page-gate'
import { startTestApp, type TestApp } from '../helpers/app'
import { tempDir } from '../helpers/temp-dir'
import { connectAll, startTestSandbox } from '../helpers/workspace'

describe('the sync on start behind a gate', () => {
  let sandbox: RunningSandbox
  let dir: Awaited<ReturnType<typeof tempDir>>
  const apps: TestApp[] = []

  beforeAll(async () => {
    sandbox = await startTestSandbox({ leads: 50, chats: 0 })
    dir = await tempDir()
    // Connections made by an earlier run of the app, with nothing synced yet.
    const first = await startTestApp({ dataDir: dir.path })
    apps.push(first)
    await connectAll(first, sandbox)
    await first.close()
  }, 120_000)

  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined)
    await sandbox?.close()
    await dir?.cleanup()
  })

  it('waits for the gate, then syncs every connection', async () => {
    let open!: () => void
    const gate = new Promise<void>((resolve) => (open = resolve))
    const app = await startTestApp({ dataDir: dir.path, schedule: true, firstSyncAfter: gate })
    apps.push(app)
    const leads = async (): Promise<number> =>
      (await app.db.get<{ n: number }>('SELECT count(*) AS n FROM leads'))?.n ?? 0

    // Requests served meanwhile (as the page's first ones are) start nothing.
    await app.call('connections.list', {})
    await new Promise((resolve) => setTimeout(resolve, 1500))
    await app.sync.idle()
    expect(await leads()).toBe(0)

    open()
    const deadline = Date.now() + 60_000
    while ((await leads()) === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
    await app.sync.idle()
    expect(await leads()).toBeGreaterThan(0)
  }, 120_000)
})

describe("browser mode's first-page gate", () => {
  let app: TestApp
  beforeAll(async () => {
    app = await startTestApp()
  })
  afterAll(async () => {
    await app?.dispose()
  })

  const opened = async (gate: Promise<void>, withinMs: number): Promise<boolean> =>
    Promise.race([gate.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), withinMs))])

  it('opens a moment after the first page of leads is answered, not on other requests', async () => {
    const gate = firstPageGate(60_000, 50)
    const dispatch = gate.dispatch(app.dispatch)
    expect((await dispatch('connections.list', {})).ok).toBe(true)
    expect(await opened(gate.served, 300)).toBe(false)
    expect((await dispatch('leads.query', { query: {}, window: { offset: 0 }, limit: 50 })).ok).toBe(true)
    expect(await opened(gate.served, 2_000)).toBe(true)
  })

  it('opens by itself when no page asks', async () => {
    const gate = firstPageGate(200, 50)
    expect(await opened(gate.served, 5_000)).toBe(true)
  })
})
