import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Connection } from '../../src/shared/contract'
import type { RunningSandbox } from '../../src/main/sandbox'
import { startTestApp, type TestApp } from '../helpers/app'
import { startSilentHost, type SilentHost } from '../helpers/silent-host'
import { startTestSandbox } from '../helpers/workspace'

// Finding 8 of issue 7: a connection saved with a typo in its base URL made the whole app "Offline",
// its card flipped between its error and "Syncing · Retrying…", and after Cancel it said "Ready".

interface Status {
  online: boolean
  connections: { connectionId: string; state: string; message: string | null }[]
}

let sandbox: RunningSandbox
let app: TestApp
let good: Connection
let typo: Connection
let host: SilentHost

beforeAll(async () => {
  process.env.LEADS_OFFLINE_RETRY_MS = '200'
  sandbox = await startTestSandbox({ leads: 200, chats: 10 })
  app = await startTestApp()
  const account = sandbox.accounts.chatbotCom[0]!
  good = await app.call<Connection>('connections.create', {
    platform: 'chatbot-com',
    name: 'ChatBot.com',
    baseUrl: account.baseUrl,
    token: account.token
  })
  // A typo in the base URL: the host there never answers.
  host = await startSilentHost()
  typo = await app.call<Connection>('connections.create', {
    platform: 'chatbot-com',
    name: 'ChatBot.com typo',
    baseUrl: host.url,
    token: account.token
  })
})
afterAll(async () => {
  process.env.LEADS_OFFLINE_RETRY_MS = '600000'
  await app?.dispose()
  await sandbox?.close()
  await host?.close()
})

const mine = (status: Status, id: string): Status['connections'][number] =>
  status.connections.find((c) => c.connectionId === id)!

it('keeps the app online and the error on the one card while that connection retries by itself', async () => {
  const networkEvents: boolean[] = []
  app.events.subscribe((name, payload) => {
    if (name === 'network.state') networkEvents.push((payload as { online: boolean }).online)
  })
  await app.call('sync.run', {})
  await app.sync.idle()
  const first = await app.call<Status>('sync.status')
  expect(first.online).toBe(true)
  expect(mine(first, good.id).state).toBe('ok')
  expect(mine(first, typo.id).message).toMatch(/Cannot reach the platform/)
  expect((await app.call<{ online: boolean }>('app.info')).online).toBe(true)

  // Automatic retries run meanwhile; the card keeps saying what is wrong the whole time.
  const seen: { state: string; message: string | null }[] = []
  const until = Date.now() + 2500
  while (Date.now() < until) {
    const status = await app.call<Status>('sync.status')
    expect(status.online).toBe(true)
    seen.push(mine(status, typo.id))
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  expect(seen.filter((s) => s.state === 'syncing' || !s.message)).toEqual([])
  expect(networkEvents).not.toContain(false)
})

it('after Cancel, the card still shows the last error', async () => {
  await host.hang(true) // the next request waits for an answer that never comes, until cancelled
  await app.call('sync.run', { connectionId: typo.id })
  await new Promise((resolve) => setTimeout(resolve, 100))
  expect(await app.call('sync.cancel', { connectionId: typo.id })).toEqual({ cancelled: [typo.id] })
  await app.sync.idle()
  await host.hang(false)
  const status = await app.call<Status>('sync.status')
  expect(mine(status, typo.id).state).not.toBe('idle')
  expect(mine(status, typo.id).message).toMatch(/Cannot reach the platform/)
  expect(status.online).toBe(true)
})

it('says offline only when no platform can be reached', async () => {
  const port = sandbox.port
  await sandbox.close()
  await app.call('sync.run', { connectionId: good.id })
  await app.sync.idle()
  expect((await app.call<Status>('sync.status')).online).toBe(false)
  sandbox = await startTestSandbox({ leads: 200, chats: 10, port })
  const deadline = Date.now() + 20_000
  let status = await app.call<Status>('sync.status')
  while (Date.now() < deadline && !(status.online && mine(status, good.id).state === 'ok')) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    status = await app.call<Status>('sync.status')
  }
  expect(status.online).toBe(true)
  expect(mine(status, good.id).state).toBe('ok')
  expect(mine(status, typo.id).message).toMatch(/Cannot reach the platform/)
})
