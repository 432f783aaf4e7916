import type { IncomingHttpHeaders } from 'node:http'
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest'
import type { RunningSandbox } from '../../src/main/sandbox'
import { createConnector } from '../../src/main/providers'
import type { Connection } from '../../src/shared/contract'
import { startTestApp, type TestApp } from '../helpers/app'
import { tempDir } from '../helpers/temp-dir'
import { startTestSandbox } from '../helpers/workspace'
import { sendJson, startLocalServer, type LocalServer } from '../providers/helpers/local-server'

// Finding 4: a token goes only to the host (origin) it was entered for.

let sandbox: RunningSandbox
let elsewhere: LocalServer
let app: TestApp

beforeAll(async () => {
  sandbox = await startTestSandbox({ leads: 200, chats: 20 })
})
afterAll(() => sandbox.close())
beforeEach(async () => {
  // Another host: it answers every request and records what it was sent.
  elsewhere = await startLocalServer((_req, res) => sendJson(res, 200, { data: [], count: 0 }))
  app = await startTestApp()
})
afterEach(async () => {
  await app.dispose()
  await elsewhere.close()
})

const account = (): { baseUrl: string; token: string } => sandbox.accounts.chatbotCom[0]!
const carries = (headers: IncomingHttpHeaders, token: string): boolean => JSON.stringify(headers).includes(token)
const tokensSeenElsewhere = (token: string): number =>
  elsewhere.requests.filter((r) => carries(r.headers, token)).length

async function connectToSandbox(): Promise<Connection> {
  return app.call<Connection>('connections.create', {
    platform: 'chatbot-com',
    name: 'ChatBot.com',
    baseUrl: account().baseUrl,
    token: account().token
  })
}

async function stateOf(id: string): Promise<Connection> {
  return (await app.call<Connection[]>('connections.list')).find((c) => c.id === id)!
}

it('refuses to move a connection to another host without its token being entered again', async () => {
  const connection = await connectToSandbox()
  const reply = await app.dispatch('connections.update', { id: connection.id, baseUrl: `${elsewhere.url}/v2` })
  expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  if (!reply.ok) expect(reply.error.message).toMatch(/token/i)
  expect((await stateOf(connection.id)).baseUrl).toBe(account().baseUrl)

  // Nothing that uses the saved token reaches the other host.
  await app.dispatch('connections.test', { id: connection.id })
  await app.call('sync.run', { connectionId: connection.id })
  await app.sync.idle()
  expect(tokensSeenElsewhere(account().token)).toBe(0)
})

it('never sends a saved token to a host other than the one it was entered for', async () => {
  const connection = await connectToSandbox()
  // However the address came to change (an older version, an edited database), the token stays home.
  await app.db.write((tx) =>
    tx.run('UPDATE connections SET base_url = ? WHERE id = ?', [`${elsewhere.url}/v2`, connection.id])
  )
  const tested = await app.dispatch('connections.test', { id: connection.id })
  expect(tested).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } })
  if (!tested.ok) expect(tested.error.message).toMatch(/enter (it|the token) again/i)

  await app.call('sync.run', { connectionId: connection.id })
  await app.sync.idle()
  expect(await stateOf(connection.id)).toMatchObject({ state: 'needs-token' })
  expect(elsewhere.requests).toHaveLength(0)
})

it('moves to another host when the token is entered again, and binds the new token to it', async () => {
  const connection = await connectToSandbox()
  const fresh = 'fresh-token-for-the-new-host'
  const moved = await app.call<Connection>('connections.update', {
    id: connection.id,
    baseUrl: `${elsewhere.url}/v2`,
    token: fresh
  })
  expect(moved.baseUrl).toBe(`${elsewhere.url}/v2`)
  expect(await app.call('connections.test', { id: connection.id })).toMatchObject({ ok: true })
  expect(tokensSeenElsewhere(fresh)).toBe(1)
  expect(tokensSeenElsewhere(account().token)).toBe(0)

  // Moving back needs the token again too: the fresh one is bound to the new host now.
  const back = await app.dispatch('connections.update', { id: connection.id, baseUrl: account().baseUrl })
  expect(back).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
})

it('keeps the token when only the path changes on the same host', async () => {
  const connection = await connectToSandbox()
  const samehost = `${sandbox.url}/somewhere-else`
  expect(await app.call<Connection>('connections.update', { id: connection.id, baseUrl: samehost })).toMatchObject({
    baseUrl: samehost
  })
  expect(await app.call<Connection>('connections.update', { id: connection.id, baseUrl: account().baseUrl }))
  expect(await app.call('connections.test', { id: connection.id })).toMatchObject({ ok: true })
})

it('a connector refuses to send its token to any origin but the one it is bound to', async () => {
  const token = 'bound-to-the-sandbox'
  const connector = createConnector({
    platform: 'chatbot-com',
    baseUrl: `${elsewhere.url}/v2`,
    token,
    tokenOrigin: new URL(account().baseUrl).origin
  })
  const result = await connector.test(AbortSignal.timeout(10_000))
  expect(result.ok).toBe(false)
  expect(result.message).toMatch(/not sent|only to/i)
  expect(elsewhere.requests).toHaveLength(0)
})

it('the demo workspace moves its connections to the new port on restart and still syncs', async () => {
  const dir = await tempDir()
  try {
    const first = await startTestApp({ dataDir: dir.path })
    await first.call('demo.start')
    await first.sync.idle()
    await first.close()

    const second = await startTestApp({ dataDir: dir.path })
    try {
      await second.call('sync.run', {})
      await second.sync.idle()
      const demos = (await second.call<Connection[]>('connections.list')).filter((c) => c.isDemo)
      expect(demos.length).toBeGreaterThan(0)
      for (const demo of demos) {
        expect(new URL(demo.baseUrl).origin).toBe(second.demo.baseUrl)
        expect(demo, demo.name).toMatchObject({ state: 'ok' })
      }
    } finally {
      await second.call('demo.remove')
      await second.close()
    }
  } finally {
    await dir.cleanup()
  }
})
