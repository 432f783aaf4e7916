import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { View } from '../../src/shared/contract'
import { startTestApp, type TestApp } from '../helpers/app'
import { startTestSandbox, connectAll, syncAndWait } from '../helpers/workspace'
import type { RunningSandbox } from '../../src/main/sandbox'

let app: TestApp
let sandbox: RunningSandbox
beforeAll(async () => {
  sandbox = await startTestSandbox({ leads: 300, chats: 40 })
  app = await startTestApp()
  await connectAll(app, sandbox)
  await syncAndWait(app)
})
afterAll(async () => {
  await app?.close()
  await rm(app.dataDir, { recursive: true, force: true })
  await sandbox?.close()
})

const list = () => app.call<View[]>('views.list')
const counts = () => app.call<{ id: string; count: number }[]>('views.counts')

describe('saved views over the contract', () => {
  it('has one view per connection by itself, counting that connection’s leads', async () => {
    const connections = await app.call<{ id: string; name: string; leadCount: number }[]>('connections.list')
    const views = await list()
    expect(
      views
        .filter((v) => v.kind === 'connection')
        .map((v) => v.connectionId)
        .sort()
    ).toEqual(connections.map((c) => c.id).sort())
    const byId = new Map((await counts()).map((c) => [c.id, c.count]))
    for (const c of connections) expect(byId.get(`connection:${c.id}`), c.name).toBe(c.leadCount)
  })

  it('creates, renames, duplicates, reorders and deletes, and a query round-trips whole', async () => {
    const query = {
      filters: { status: ['OPEN' as const], tags: { mode: 'none' as const, values: ['vip'] }, hasEmail: true },
      search: 'a',
      sort: [{ column: 'name' as const, dir: 'desc' as const }],
      columns: ['name' as const, 'status' as const]
    }
    const a = await app.call<View>('views.create', { name: 'Open, no VIP', query })
    const b = await app.call<View>('views.create', { name: 'Chats', query: { filters: { kind: 'chat' } } })
    expect((await list()).find((v) => v.id === a.id)?.query).toEqual(query)
    await app.call('views.update', { id: a.id, name: 'Open without VIP' })
    const copy = await app.call<View>('views.duplicate', { id: a.id })
    expect(copy).toMatchObject({ name: 'Open without VIP (copy)', query })
    await app.call('views.reorder', { ids: [copy.id, b.id] })
    expect((await list()).filter((v) => v.kind === 'saved').map((v) => v.name)).toEqual([
      'Open without VIP (copy)',
      'Chats',
      'Open without VIP'
    ])
    await app.call('views.delete', { id: copy.id })
    expect((await list()).map((v) => v.id)).not.toContain(copy.id)
    // Each count equals the table's own count for the same query.
    const byId = new Map((await counts()).map((c) => [c.id, c.count]))
    for (const view of [a, b]) {
      const { matching } = await app.call<{ matching: number }>('leads.count', { query: view.query })
      expect(byId.get(view.id)).toBe(matching)
    }
    expect(byId.get(b.id)).toBeGreaterThan(0)
  })

  it('keeps a connection’s own view read-only, but lets it be duplicated', async () => {
    const own = (await list()).find((v) => v.kind === 'connection')!
    await expect(app.call('views.update', { id: own.id, name: 'x' })).rejects.toMatchObject({ code: 'READ_ONLY' })
    await expect(app.call('views.delete', { id: own.id })).rejects.toMatchObject({ code: 'READ_ONLY' })
    const copy = await app.call<View>('views.duplicate', { id: own.id, name: 'Mine' })
    expect(copy).toMatchObject({ kind: 'saved', name: 'Mine', query: own.query })
    await expect(app.call('views.delete', { id: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('survives a restart of the app', async () => {
    const before = (await list()).filter((v) => v.kind === 'saved')
    const dataDir = app.dataDir
    await app.close()
    const again = await startTestApp({ dataDir })
    try {
      expect((await again.call<View[]>('views.list')).filter((v) => v.kind === 'saved')).toEqual(before)
    } finally {
      await again.close()
    }
    app = await startTestApp({ dataDir })
  })
})
