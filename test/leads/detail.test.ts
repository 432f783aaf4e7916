import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Connection, LeadDetail, LeadPatch, TableRow } from '../../src/shared/contract'
import type { RunningSandbox } from '../../src/main/sandbox'
import { webAddress } from '../../src/main/leads/detail-store'
import { inboxLink } from '../../src/main/providers'
import { startTestApp, type TestApp } from '../helpers/app'
import { connectAll, sandboxRecords, startTestSandbox, syncAndWait } from '../helpers/workspace'

// Issue 10's detail panel reads: leads.detail (the cached lead, safe picture, inbox link, its edits)
// and leads.conversations (ChatBot.com's user details, asked of the sandbox over HTTP).

let app: TestApp
let sandbox: RunningSandbox
let connections: Connection[]

beforeAll(async () => {
  sandbox = await startTestSandbox()
  app = await startTestApp()
  connections = await connectAll(app, sandbox)
  await syncAndWait(app)
}, 120_000)
afterAll(async () => {
  await app.dispose()
  await sandbox.close()
})

const byPlatform = (platform: Connection['platform']): Connection => connections.find((c) => c.platform === platform)!

async function firstRow(connection: Connection, extra: object = {}): Promise<TableRow> {
  const { rows } = await app.call<{ rows: TableRow[] }>('leads.query', {
    query: { filters: { connection: [connection.id], ...extra } },
    window: { offset: 0 },
    limit: 1
  })
  return rows[0]!
}

it('keeps only http(s) pictures: never javascript:, data: or a bare word', () => {
  expect(webAddress('https://cdn.example.com/a.png')).toBe('https://cdn.example.com/a.png')
  expect(webAddress('http://cdn.example.com/a.png')).toBe('http://cdn.example.com/a.png')
  expect(webAddress('javascript:alert(1)')).toBeNull()
  expect(webAddress('JAVASCRIPT:alert(1)')).toBeNull()
  expect(webAddress('data:image/png;base64,AAAA')).toBeNull()
  expect(webAddress('my-picture')).toBeNull()
  expect(webAddress(null)).toBeNull()
})

it('links a lead to its inbox only where the platform has one', () => {
  const remote = 'a/b?c'
  expect(inboxLink({ platform: 'chatbot-com', baseUrl: '', botId: null }, remote)).toBe(
    'https://app.chatbot.com/users/a%2Fb%3Fc'
  )
  expect(inboxLink({ platform: 'express-chat', baseUrl: 'https://api.v7.botpenguin.com', botId: 'B1' }, 'u1')).toBe(
    'https://app.botpenguin.com/inbox/B1/u1'
  )
  expect(inboxLink({ platform: 'express-chat', baseUrl: 'http://127.0.0.1:9/express-chat', botId: 'B1' }, 'u1')).toBe(
    null
  )
  expect(inboxLink({ platform: 'chatzuri', baseUrl: '', botId: null }, 'x')).toBeNull()
})

it('reads a lead with its picture, platform facts and the edits not yet delivered', async () => {
  const connection = byPlatform('express-chat')
  // A picture from the sandbox's data is either an https address or the bare word 'my-picture'.
  const rows = await app.db.all<{ id: number; picture: string }>(
    'SELECT id, picture FROM leads WHERE connection_id = ? AND picture IS NOT NULL LIMIT 50',
    [connection.id]
  )
  const web = rows.find((r) => r.picture.startsWith('https://'))!
  const bare = rows.find((r) => !/^https?:/.test(r.picture))!
  expect((await app.call<LeadDetail>('leads.detail', { id: web.id })).picture).toBe(web.picture)
  expect((await app.call<LeadDetail>('leads.detail', { id: bare.id })).picture).toBeNull()

  const lead = await firstRow(connection, { kind: 'lead' })
  sandbox.setFaults('express-chat', { errorRate: 1 })
  const patch: LeadPatch = { tags: ['detail-test'] }
  await app.call('leads.update', { ids: [lead.id], patch })
  const detail = await app.call<LeadDetail>('leads.detail', { id: lead.id })
  expect(detail).toMatchObject({
    id: lead.id,
    connectionName: connection.name,
    readOnly: false,
    conversationCount: null,
    tags: ['detail-test'],
    syncState: 'waiting'
  })
  expect(detail.edits.map((e) => [e.state === 'sending' ? 'pending' : e.state, e.patch])).toEqual([['pending', patch]])
  await app.sync.idle()
  sandbox.setFaults('express-chat', { errorRate: 0 })
  await app.call('outbox.discard', { ids: detail.edits.map((e) => e.id) })
})

it('says a Chatzuri lead is read-only', async () => {
  const lead = await firstRow(byPlatform('chatzuri'))
  expect(await app.call<LeadDetail>('leads.detail', { id: lead.id })).toMatchObject({ readOnly: true, inboxUrl: null })
})

it("lists a ChatBot.com user's conversations from the platform, as many as it counts", async () => {
  const connection = byPlatform('chatbot-com')
  const records = sandboxRecords(sandbox, connection)
  const withChats = [...records.entries()].find(
    ([, r]) => ((r.raw as { conversations?: number }).conversations ?? 0) > 1
  )!
  const row = await app.db.get<{ id: number }>('SELECT id FROM leads WHERE connection_id = ? AND remote_id = ?', [
    connection.id,
    withChats[0]
  ])
  const detail = await app.call<LeadDetail>('leads.detail', { id: row!.id })
  const count = (withChats[1].raw as { conversations: number }).conversations
  expect(detail.conversationCount).toBe(count)
  expect(detail.inboxUrl).toBe(`https://app.chatbot.com/users/${withChats[0]}`)
  const listed = await app.call<{ listed: boolean; conversations: { id: string; startedAt: string | null }[] }>(
    'leads.conversations',
    { id: row!.id }
  )
  expect(listed.listed).toBe(true)
  expect(listed.conversations).toHaveLength(count)
  expect(listed.conversations.every((c) => c.startedAt === null || !Number.isNaN(Date.parse(c.startedAt)))).toBe(true)

  // express-chat lists no conversations per lead: said so, without asking the platform.
  const other = await firstRow(byPlatform('express-chat'))
  expect(await app.call('leads.conversations', { id: other.id })).toEqual({
    listed: false,
    conversations: [],
    savedAt: null,
    unreachable: null
  })
})

it('shows the conversations last read when the platform cannot be reached, with when and why', async () => {
  const connection = byPlatform('chatbot-com')
  const records = [...sandboxRecords(sandbox, connection).entries()].filter(
    ([, r]) => ((r.raw as { conversations?: number }).conversations ?? 0) > 0
  )
  const idOf = async (remoteId: string): Promise<number> =>
    (await app.db.get<{ id: number }>('SELECT id FROM leads WHERE connection_id = ? AND remote_id = ?', [
      connection.id,
      remoteId
    ]))!.id
  const [read, neverRead] = [await idOf(records[0]![0]), await idOf(records[1]![0])]
  type Listed = { listed: boolean; conversations: unknown[]; savedAt: string | null; unreachable: string | null }
  const live = await app.call<Listed>('leads.conversations', { id: read })
  expect(live).toMatchObject({ listed: true, savedAt: null, unreachable: null })
  expect(live.conversations.length).toBeGreaterThan(0)

  sandbox.setFaults('chatbot-com', { errorRate: 1 })
  try {
    const offline = await app.call<Listed>('leads.conversations', { id: read })
    expect(offline.conversations).toEqual(live.conversations)
    expect(offline.savedAt).not.toBeNull()
    expect(offline.unreachable).toContain(connection.name)
    // A lead whose list was never read: the reason, and nothing made up.
    await expect(app.call('leads.conversations', { id: neverRead })).rejects.toMatchObject({ code: 'PROVIDER_ERROR' })
  } finally {
    sandbox.setFaults('chatbot-com', { errorRate: 0 })
  }
})

it('answers an unknown lead with NOT_FOUND', async () => {
  await expect(app.call('leads.detail', { id: 987654 })).rejects.toMatchObject({ code: 'NOT_FOUND' })
})
