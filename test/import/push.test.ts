import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Connection, ImportRecord } from '../../src/shared/contract'
import type { RunningSandbox } from '../../src/main/sandbox'
import { startTestApp, type TestApp } from '../helpers/app'
import { connectAll, startTestSandbox } from '../helpers/workspace'
import { importFile, options } from './helpers'

/*
 * Pushing local leads to the platforms, against the sandbox over HTTP. The interesting failure is a
 * create whose reply is lost (the sandbox's truncated response: the write is applied, the body is
 * cut): a retry must not create the lead a second time.
 */

let sandbox: RunningSandbox
let app: TestApp
let connections: Connection[]
beforeAll(async () => {
  sandbox = await startTestSandbox({ leads: 200, chats: 20 })
  app = await startTestApp()
  connections = await connectAll(app, sandbox)
})
afterAll(async () => {
  await app?.dispose()
  await sandbox?.close()
})
beforeEach(() => {
  for (const platform of ['express-chat', 'chatbot-com', 'chatzuri'] as const)
    sandbox.setFaults(platform, { truncateRate: 0 })
})

const byPlatform = (platform: Connection['platform']): Connection => connections.find((c) => c.platform === platform)!

let serial = 100000
function csv(tag: string, n: number): string {
  // Phones differ across tests too, or a later file would match an earlier one's leads by phone.
  const rows = Array.from(
    { length: n },
    (_, i) => `Lead ${tag} ${i},${tag}.${i}@example.com,+44 7400 ${serial++},won,"vip, ${tag}"`
  )
  return ['Name,Email,Phone,Status,Tags', ...rows].join('\n')
}

async function imported(tag: string, n: number, connectionId: string): Promise<ImportRecord> {
  const { record } = await importFile(app, csv(tag, n), options(connectionId))
  expect(record.local).toBe(n)
  return record
}

type PushResult = { pushed: number; failed: number; messages: string[] }

describe('pushing imported leads', () => {
  it('creates them on ChatBot.com with every field, and the cache takes the ids the platform gave', async () => {
    const target = byPlatform('chatbot-com')
    const record = await imported('cb', 5, target.id)
    const result = await app.call<PushResult>('imports.push', { importId: record.id })
    expect(result).toEqual({ pushed: 5, failed: 0, messages: [] })
    const users = [...sandbox.snapshot('chatbot-com', 0)].filter((u) =>
      String(u.attributes.default_email).startsWith('cb.')
    )
    expect(users).toHaveLength(5)
    expect(users.find((u) => u.attributes.default_email === 'cb.0@example.com')!.attributes).toMatchObject({
      default_name: 'Lead cb 0',
      phone: '+44 7400100000',
      lead_status: 'CLOSED',
      lead_tags: 'vip,cb'
    })
    const cached = await app.db.all<{ remote_id: string; import_state: string; connection_id: string }>(
      'SELECT remote_id, import_state, connection_id FROM leads WHERE import_id = ? ORDER BY id',
      [record.id]
    )
    expect(cached.map((l) => l.remote_id).sort()).toEqual(users.map((u) => u.id).sort())
    expect(cached.every((l) => l.import_state === 'pushed' && l.connection_id === target.id)).toBe(true)
    const history = await app.call<ImportRecord[]>('imports.history')
    expect(history.find((r) => r.id === record.id)).toMatchObject({ local: 0, pushed: 5 })
  })

  it('never creates a lead twice when the reply to the create is lost: it reads back first', async () => {
    const target = byPlatform('chatbot-com')
    const record = await imported('lost', 3, target.id)
    const posts = (): number => sandbox.writes('chatbot-com').filter((w) => w.method === 'POST').length
    const before = posts()
    // Every reply cut off: the first create is applied, its answer lost, and so is every read-back.
    sandbox.setFaults('chatbot-com', { truncateRate: 1 })
    await expect(app.call('imports.push', { importId: record.id })).rejects.toMatchObject({ code: 'PROVIDER_ERROR' })
    expect(posts()).toBe(before + 1)
    const pending = await app.db.all<{ import_state: string }>(
      'SELECT import_state FROM leads WHERE import_id = ? ORDER BY id',
      [record.id]
    )
    expect(pending.map((l) => l.import_state)).toEqual(['pushing', 'local', 'local'])
    // The platform answers again: the lead in doubt is found by its client id, not created again.
    sandbox.setFaults('chatbot-com', { truncateRate: 0 })
    expect(await app.call<PushResult>('imports.push', { importId: record.id })).toMatchObject({ pushed: 3, failed: 0 })
    expect(posts()).toBe(before + 3)
    const users = [...sandbox.snapshot('chatbot-com', 0)].filter((u) =>
      String(u.attributes.default_email).startsWith('lost.')
    )
    expect(users.map((u) => u.attributes.default_email).sort()).toEqual([
      'lost.0@example.com',
      'lost.1@example.com',
      'lost.2@example.com'
    ])
  })

  it('creates them on express-chat under the uuid chosen here, so a repeat writes the same chat', async () => {
    const target = byPlatform('express-chat')
    const record = await imported('xc', 4, target.id)
    sandbox.setFaults('express-chat', { truncateRate: 0.5 })
    expect(await app.call<PushResult>('imports.push', { importId: record.id })).toMatchObject({ pushed: 4, failed: 0 })
    const cached = await app.db.all<{ remote_id: string }>('SELECT remote_id FROM leads WHERE import_id = ?', [
      record.id
    ])
    const chats = [...sandbox.snapshot('express-chat', target.botId!)].filter((c) =>
      String(c.profile?.userDetails?.contact?.email ?? '').startsWith('xc.')
    )
    expect(chats.map((c) => c.uuid).sort()).toEqual(cached.map((l) => l.remote_id).sort())
    expect(chats[0]).toMatchObject({ status: 'CLOSED', profile: { userDetails: { tags: ['vip', 'xc'] } } })
  })

  it('moves leads imported under a read-only connection to the one they are pushed to; Chatzuri itself takes none', async () => {
    const record = await imported('cz', 2, byPlatform('chatzuri').id)
    await expect(app.call('imports.push', { importId: record.id })).rejects.toMatchObject({ code: 'READ_ONLY' })
    const target = byPlatform('chatbot-com')
    expect(await app.call<PushResult>('imports.push', { importId: record.id, connectionId: target.id })).toMatchObject({
      pushed: 2
    })
    const cached = await app.db.all<{ connection_id: string }>('SELECT connection_id FROM leads WHERE import_id = ?', [
      record.id
    ])
    expect(cached.every((l) => l.connection_id === target.id)).toBe(true)
  })

  it('a lead the platform refuses stays local with the reason; the others go', async () => {
    const target = byPlatform('express-chat')
    // A verbatim import keeps a status express-chat does not know: its create is refused with a 400.
    const { record } = await importFile(
      app,
      'Name,Email,Status\nGood One,good.one@example.com,OPEN\nOdd One,odd.one@example.com,Stage 7\n',
      options(target.id, { verbatim: true })
    )
    const result = await app.call<PushResult>('imports.push', { importId: record.id })
    expect(result).toMatchObject({ pushed: 1, failed: 1 })
    expect(result.messages.join(' ')).toMatch(/Odd One/)
    const states = await app.db.all('SELECT name, import_state FROM leads WHERE import_id = ? ORDER BY id', [record.id])
    expect(states).toEqual([
      { name: 'Good One', import_state: 'pushed' },
      { name: 'Odd One', import_state: 'pushing' }
    ])
  })
})
