import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createConnector } from '../../src/main/providers'
import type { Connector, ConnectorSettings, NormalizedLead, StreamCursor } from '../../src/main/providers/connector'
import { NO_FAULTS, startSandbox, type RunningSandbox } from '../../src/main/sandbox'

/*
 * The connectors against the real provider sandbox: full passes, incremental passes under churn,
 * pushes read back, test() success and refusal, and the sandbox's fault switches.
 */

const signal = new AbortController().signal
let sandbox: RunningSandbox

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 20240501, leads: 1200, chats: 150 })
})
afterAll(() => sandbox.close())
beforeEach(() => sandbox.reset())

function expressSettings(extra: Partial<ConnectorSettings> = {}): ConnectorSettings {
  const account = sandbox.accounts.expressChat[0]!
  return {
    platform: 'express-chat',
    brand: account.brand,
    baseUrl: account.baseUrl,
    token: account.token,
    botId: account.botId,
    customerId: account.customerId,
    ...extra
  }
}
function chatbotSettings(extra: Partial<ConnectorSettings> = {}): ConnectorSettings {
  const account = sandbox.accounts.chatbotCom[0]!
  return { platform: 'chatbot-com', baseUrl: account.baseUrl, token: account.token, ...extra }
}
function chatzuriSettings(extra: Partial<ConnectorSettings> = {}): ConnectorSettings {
  const account = sandbox.accounts.chatzuri[0]!
  return { platform: 'chatzuri', baseUrl: account.baseUrl, token: account.token, agentId: account.agentId, ...extra }
}

async function syncStream(connector: Connector, stream: string, start: StreamCursor | null) {
  const leads = new Map<string, NormalizedLead>()
  let cursor = start
  for (let pages = 1; pages < 2000; pages++) {
    const page = await connector.fetchPage(stream, cursor, signal)
    for (const lead of page.leads) leads.set(lead.remoteId, lead)
    cursor = JSON.parse(JSON.stringify(page.next)) as StreamCursor
    if (page.done) return { leads, cursor, pages }
  }
  throw new Error('never done')
}

/** A fetch that turns the sandbox's churn off from request `after` on: changes stop, as the spec's guarantee needs. */
function churnFor(requests: number, perRequest: number): typeof fetch {
  let count = 0
  sandbox.setFaults('express-chat', { churnPerRequest: perRequest })
  return (input, init) => {
    if (++count > requests) sandbox.setFaults('express-chat', { churnPerRequest: 0 })
    return fetch(input, init)
  }
}

/** API requests the sandbox received per platform, from its admin counter. */
async function requests(): Promise<Record<string, number>> {
  const reply = await fetch(`${sandbox.adminUrl}/requests`, {
    headers: { authorization: `Bearer ${sandbox.adminToken}` }
  })
  return (await reply.json()) as Record<string, number>
}

describe('reading ahead', () => {
  it('asks for the next pages while one is mapped: in order where the list moves, three at a time where it cannot', async () => {
    // `ahead`: requests out after one full page; `unused`: read-aheads a pass leaves untaken at its end.
    const cases = [
      { platform: 'express-chat', settings: expressSettings(), stream: 'lead', ahead: 1, unused: 0 },
      { platform: 'chatbot-com', settings: chatbotSettings(), stream: 'users', ahead: 1, unused: 0 },
      // 120 leads: page 1 full, page 2 short; pages 3 and 4 were asked for and are not read.
      { platform: 'chatzuri', settings: chatzuriSettings(), stream: 'leads', ahead: 3, unused: 2 }
    ]
    for (const { platform, settings, stream, unused } of cases) {
      const before = (await requests())[platform]!
      const full = await syncStream(createConnector(settings), stream, null)
      await expect
        .poll(async () => (await requests())[platform]! - before, { message: platform })
        .toBe(full.pages + unused)
      const again = await syncStream(createConnector(settings), stream, full.cursor)
      await expect
        .poll(async () => (await requests())[platform]! - before - full.pages - unused, { message: platform })
        .toBe(again.pages + unused)
    }
    // After one full page the next ones are already asked for, before anyone asked the connector.
    for (const { platform, settings, stream, ahead } of cases) {
      const before = (await requests())[platform]!
      await createConnector(settings).fetchPage(stream, null, signal)
      await expect.poll(async () => (await requests())[platform]! - before, { message: platform }).toBe(1 + ahead)
    }
    // express-chat's incremental pass over an unchanged list: one page, one request.
    const full = await syncStream(createConnector(expressSettings()), 'lead', null)
    const before = (await requests())['express-chat']!
    expect((await syncStream(createConnector(expressSettings()), 'lead', full.cursor)).pages).toBe(1)
    expect((await requests())['express-chat']! - before).toBe(1)
  })
})

describe('express-chat against the sandbox', () => {
  it('a full pass of each stream reads exactly the sandbox list', async () => {
    const connector = createConnector(expressSettings())
    for (const stream of ['lead', 'non-lead'] as const) {
      const { leads, cursor } = await syncStream(connector, stream, null)
      const expected = [...sandbox.snapshot('express-chat', 0, { type: stream })].map((chat) => chat.uuid)
      expect([...leads.keys()].sort()).toEqual(expected.sort())
      expect(cursor).toMatchObject({ state: 'resting' })
      for (const lead of leads.values()) expect(lead.kind).toBe(stream === 'lead' ? 'lead' : 'chat')
    }
  })

  it('chats inserted and updated between page requests are all read, in their last version', async () => {
    const before = [...sandbox.snapshot('express-chat', 0, { type: 'lead' })].length
    const connector = createConnector(expressSettings({ fetch: churnFor(9, 3) }))
    const { leads } = await syncStream(connector, 'lead', null)
    const final = [...sandbox.snapshot('express-chat', 0, { type: 'lead' })]
    expect(final.length).toBe(before + 9 * 3)
    expect([...leads.keys()].sort()).toEqual(final.map((chat) => chat.uuid).sort())
    const stale = final.filter((chat) => leads.get(chat.uuid)?.updatedAt !== chat.updatedAt)
    expect(stale).toEqual([])
  })

  it('push: the edit reaches the sandbox once and the next incremental pass reads it back', async () => {
    const connector = createConnector(expressSettings())
    const first = await syncStream(connector, 'lead', null)
    const target = [...first.leads.values()][37]!
    const outcome = await connector.push(
      { remoteId: target.remoteId, kind: 'lead', raw: target.raw },
      {
        status: 'CLOSED',
        name: '=HYPERLINK("x")',
        phone: '98765 43210',
        phonePrefix: '91',
        tags: ['vip', 'हिन्दी'],
        notes: [{ title: 'Call', description: 'Wants a demo 🦊' }]
      },
      signal
    )
    expect(outcome).toEqual({ kind: 'delivered', remoteId: target.remoteId })
    expect(sandbox.writes('express-chat')).toHaveLength(1)

    const second = await syncStream(connector, 'lead', first.cursor)
    expect(second.pages).toBe(2)
    expect(second.leads.get(target.remoteId)).toMatchObject({
      status: 'CLOSED',
      name: '=HYPERLINK("x")',
      phone: '98765 43210',
      phonePrefix: '91',
      tags: ['vip', 'हिन्दी'],
      notes: [{ title: 'Call', description: 'Wants a demo 🦊' }]
    })
  })

  it('push: a non-lead chat given lead details is promoted into the lead stream', async () => {
    const connector = createConnector(expressSettings())
    const lead = await syncStream(connector, 'lead', null)
    const chats = await syncStream(connector, 'non-lead', null)
    const chat = [...chats.leads.values()][3]!
    await connector.push(
      { remoteId: chat.remoteId, kind: 'chat', raw: chat.raw },
      { name: 'Now a lead', email: 'lead@example.com' },
      signal
    )
    const next = await syncStream(connector, 'lead', lead.cursor)
    expect(next.leads.get(chat.remoteId)).toMatchObject({ kind: 'lead', name: 'Now a lead', email: 'lead@example.com' })
  })

  it('test(): success names brand and bot; a revoked token is a 401', async () => {
    const account = sandbox.accounts.expressChat[0]!
    const ok = await createConnector(expressSettings()).test(signal)
    expect(ok).toMatchObject({ ok: true, status: 200, sample: 20 })
    expect(ok.message).toBe(`Connected to Reekolect bot ${account.botId.slice(0, 4)}…: 20 leads on the first page.`)
    sandbox.revokeToken('express-chat', account.token)
    const refused = await createConnector(expressSettings()).test(signal)
    expect(refused).toMatchObject({ ok: false, status: 401 })
    expect(refused.message).toMatch(/^The token was refused \(401\)/)
    expect(refused.message).not.toContain(account.token)
  })

  it("the sandbox's faults become the right ProviderError kinds", async () => {
    const connector = createConnector(expressSettings())
    const kindOf = async () =>
      connector.fetchPage('lead', null, signal).then(
        () => 'ok',
        (error: { kind?: string }) => error.kind
      )
    sandbox.setFaults('express-chat', { truncateRate: 1 })
    expect(await kindOf()).toBe('network')
    sandbox.setFaults('express-chat', { ...NO_FAULTS, malformedRate: 1 })
    expect(await kindOf()).toBe('malformed')
    sandbox.setFaults('express-chat', { ...NO_FAULTS, errorRate: 1 })
    expect(await kindOf()).toBe('server')
    sandbox.setFaults('express-chat', { ...NO_FAULTS, rate: 1 })
    await kindOf()
    const limited = await connector.fetchPage('lead', null, signal).catch((error: unknown) => error)
    expect(limited).toMatchObject({ kind: 'rate-limited' })
    expect((limited as { retryAfterSeconds: number | null }).retryAfterSeconds).toBeGreaterThanOrEqual(1)
  })
})

describe('ChatBot.com against the sandbox', () => {
  it('a full pass reads every user, mapping both date forms', async () => {
    const { leads, cursor } = await syncStream(createConnector(chatbotSettings()), 'users', null)
    const expected = [...sandbox.snapshot('chatbot-com', 0)].map((user) => user.id)
    expect([...leads.keys()].sort()).toEqual(expected.sort())
    expect(cursor).toMatchObject({ after: null })
    for (const lead of leads.values()) expect(lead.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
  })

  it('push: lead fields as attributes, notes cut with a warning, cleared name; read back by the next pass', async () => {
    const connector = createConnector(chatbotSettings())
    const first = await syncStream(connector, 'users', null)
    const target = [...first.leads.values()][5]!
    const notes = Array.from({ length: 30 }, (_, n) => ({
      title: `call ${n}`,
      description: 'talked about pricing, the trial and the invoice'
    }))
    const outcome = await connector.push(
      { remoteId: target.remoteId, kind: 'lead', raw: target.raw },
      { status: 'REVIEW', tags: ['hot', 'renewal'], agent: null, name: '', notes },
      signal
    )
    expect(outcome.kind === 'delivered' && outcome.warning).toMatch(/^Notes were cut/)
    expect(sandbox.writes('chatbot-com')).toHaveLength(1)

    const second = await syncStream(connector, 'users', first.cursor)
    const back = second.leads.get(target.remoteId)!
    expect(back).toMatchObject({ status: 'REVIEW', tags: ['hot', 'renewal'], agent: null, name: null })
    expect(back.notes.slice(0, 3)).toEqual(notes.slice(0, 3))
    expect(back.notes.length).toBeLessThan(notes.length)
  })

  it('test(): success and a wrong token', async () => {
    expect(await createConnector(chatbotSettings()).test(signal)).toMatchObject({
      ok: true,
      sample: 40,
      message: 'Connected to ChatBot.com: 40 users on the first page.'
    })
    const refused = await createConnector(chatbotSettings({ token: 'not-a-token' })).test(signal)
    expect(refused).toMatchObject({ ok: false, status: 401 })
  })
})

describe('Chatzuri against the sandbox', () => {
  it('a full pass reads every lead; the next pass re-reads them all, to see leads changed in place', async () => {
    const connector = createConnector(chatzuriSettings())
    const { leads, cursor } = await syncStream(connector, 'leads', null)
    const expected = [...sandbox.snapshot('chatzuri', 0)]
    expect([...leads.keys()].sort()).toEqual(expected.map((lead) => String(lead.id)).sort())
    expect(cursor).toEqual({ v: 1, resting: true, since: null })
    const again = await syncStream(connector, 'leads', cursor)
    expect(again.leads.size).toBe(leads.size)
  })

  it('is read-only: push sends nothing', async () => {
    const connector = createConnector(chatzuriSettings())
    expect(connector.readOnly).toBe(true)
    expect(await connector.push({ remoteId: '1', kind: 'lead', raw: null }, { status: 'OPEN' }, signal)).toEqual({
      kind: 'read-only'
    })
    expect(sandbox.writes('chatzuri')).toHaveLength(0)
  })

  it('test(): success, unknown agent, refused key', async () => {
    const account = sandbox.accounts.chatzuri[0]!
    expect(await createConnector(chatzuriSettings()).test(signal)).toMatchObject({ ok: true, status: 200 })
    expect(await createConnector(chatzuriSettings({ agentId: 'X' })).test(signal)).toEqual({
      ok: false,
      status: 404,
      message: 'Chatzuri does not know agent X (404)',
      sample: null
    })
    sandbox.revokeToken('chatzuri', account.token)
    expect(await createConnector(chatzuriSettings()).test(signal)).toMatchObject({ ok: false, status: 401 })
  })
})
