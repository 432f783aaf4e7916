import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Connection, Platform } from '../../src/shared/contract'
import type { FaultPatch, RunningSandbox } from '../../src/main/sandbox'
import { startTestApp, type TestApp } from '../helpers/app'
import { compareWithSandbox, connectAll, expectIdentical, startTestSandbox, syncAndWait } from '../helpers/workspace'

const PLATFORMS: Platform[] = ['express-chat', 'chatbot-com', 'chatzuri']

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

function setEverywhere(patch: FaultPatch): void {
  for (const platform of PLATFORMS) sandbox.setFaults(platform, patch)
}
function clearFaults(): void {
  setEverywhere({ latencyMs: 0, rate: 0, errorRate: 0, malformedRate: 0, truncateRate: 0, churnPerRequest: 0 })
}

it('a clean first sync caches exactly what the sandbox holds', async () => {
  await syncAndWait(app)
  expectIdentical(await compareWithSandbox(app, sandbox, connections))
  const status = await app.call<{ connections: { state: string }[] }>('sync.status')
  expect(status.connections.map((c) => c.state)).toEqual(connections.map(() => 'ok'))
})

describe.each<[string, FaultPatch]>([
  ['latency', { latencyMs: 30 }],
  ['a rate limit (429 + Retry-After)', { rate: 15 }],
  ['500s', { errorRate: 0.25 }],
  ['malformed JSON', { malformedRate: 0.25 }],
  ['truncated bodies', { truncateRate: 0.25 }],
  ['data changing while it is paged', { churnPerRequest: 2 }]
])('with %s', (_name, fault) => {
  it('ends, once the fault stops, with the cache equal to the sandbox: no duplicates, no losses', async () => {
    setEverywhere(fault)
    await syncAndWait(app) // may end in error for some connections; nothing wrong may be stored
    const during = await compareWithSandbox(app, sandbox, connections)
    for (const c of during) expect(c.duplicates, c.connection).toBe(0)
    clearFaults()
    await syncAndWait(app)
    expectIdentical(await compareWithSandbox(app, sandbox, connections))
  }, 120_000)
})

it('a revoked token stops only its own connection and asks for a new token', async () => {
  const chatbot = connections.find((c) => c.platform === 'chatbot-com')!
  const token = sandbox.accounts.chatbotCom[0]!.token
  expect(sandbox.revokeToken('chatbot-com', token)).toBe(true)
  await syncAndWait(app)
  const list = await app.call<Connection[]>('connections.list')
  expect(list.find((c) => c.id === chatbot.id)).toMatchObject({ state: 'needs-token' })
  expect(list.find((c) => c.id === chatbot.id)!.stateMessage).toMatch(/token/)
  for (const other of list.filter((c) => c.id !== chatbot.id)) expect(other.state, other.name).toBe('ok')

  // The fix: a new token, after which the connection syncs again.
  const fresh = sandbox.issueToken('chatbot-com', token)!
  await app.call('connections.update', { id: chatbot.id, token: fresh })
  await syncAndWait(app)
  expect((await app.call<Connection[]>('connections.list')).find((c) => c.id === chatbot.id)).toMatchObject({
    state: 'ok'
  })
  expectIdentical(await compareWithSandbox(app, sandbox, connections))
})

it('an incremental sync picks up what changed on the platform', async () => {
  await syncAndWait(app)
  setEverywhere({ churnPerRequest: 5 })
  // Churn happens after list requests: one request per platform is enough to change data.
  await fetch(
    `${sandbox.accounts.chatzuri[0]!.baseUrl}/api/v1/get-leads?agentId=${sandbox.accounts.chatzuri[0]!.agentId}&page=1`,
    {
      headers: { authorization: `Bearer ${sandbox.accounts.chatzuri[0]!.token}` }
    }
  )
  for (const a of sandbox.accounts.expressChat) {
    await fetch(`${a.baseUrl}/inbox/direct/chats?botId=${a.botId}&customerId=${a.customerId}&page=1&type=lead`, {
      headers: { 'x-bot-token': a.token }
    })
  }
  clearFaults()
  const before = await compareWithSandbox(app, sandbox, connections)
  expect(before.some((c) => c.lost > 0 || c.differing > 0)).toBe(true)
  await syncAndWait(app)
  expectIdentical(await compareWithSandbox(app, sandbox, connections))
})
