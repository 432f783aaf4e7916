import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSandbox, type RunningSandbox } from '../../src/main/sandbox'
import { cbErrorSchema, czErrorSchema, xcErrorSchema } from '../../src/main/sandbox/schemas'
import type { Platform } from '../../src/shared/contract/model'
import { adminCall, bearer, call, count, xcListUrl, xcPage, xcWrite, type Reply } from './helpers'

let sandbox: RunningSandbox
/** Requests the sandbox is holding for their latency, until the test releases them: no clock involved. */
const held: { ms: number; release: () => void }[] = []

beforeAll(async () => {
  const delay = (ms: number): Promise<void> => new Promise((release) => held.push({ ms, release: () => release() }))
  sandbox = await startSandbox({ seed: 21, leads: 2000, chats: 60, delay })
})
afterAll(() => sandbox.close())
beforeEach(() => sandbox.reset())

/** One list request per platform, and the schema its error body must match. */
const probes: Record<
  Platform,
  { read: () => Promise<Reply>; url: () => string; init: () => RequestInit; error: { parse(v: unknown): unknown } }
> = {
  'express-chat': {
    url: () => xcListUrl(sandbox.accounts.expressChat[0]!, { page: 1, type: 'lead' }),
    init: () => ({ headers: { 'x-bot-token': sandbox.accounts.expressChat[0]!.token } }),
    read: () => call(probes['express-chat'].url(), probes['express-chat'].init()),
    error: xcErrorSchema
  },
  'chatbot-com': {
    url: () => `${sandbox.accounts.chatbotCom[0]!.baseUrl}/users?limit=5`,
    init: () => ({ headers: bearer(sandbox.accounts.chatbotCom[0]!.token) }),
    read: () => call(probes['chatbot-com'].url(), probes['chatbot-com'].init()),
    error: cbErrorSchema
  },
  chatzuri: {
    url: () =>
      `${sandbox.accounts.chatzuri[0]!.baseUrl}/api/v1/get-leads?agentId=${sandbox.accounts.chatzuri[0]!.agentId}`,
    init: () => ({ headers: bearer(sandbox.accounts.chatzuri[0]!.token) }),
    read: () => call(probes.chatzuri.url(), probes.chatzuri.init()),
    error: czErrorSchema
  }
}
const PLATFORMS = Object.keys(probes) as Platform[]

describe('fault switches', () => {
  it('holds every request of the platform it is set on for latencyMs, and no other', async () => {
    expect((await probes.chatzuri.read()).status).toBe(200)
    expect(held).toEqual([])
    sandbox.setFaults('chatzuri', { latencyMs: 300 })
    let answered = false
    const slow = probes.chatzuri.read().finally(() => (answered = true))
    await expect.poll(() => held.length).toBe(1)
    expect(held[0]!.ms).toBe(300)
    // Another platform is answered, unheld, while the Chatzuri request waits.
    expect((await probes['chatbot-com'].read()).status).toBe(200)
    expect(held).toHaveLength(1)
    expect(answered).toBe(false)
    held.shift()!.release()
    expect((await slow).status).toBe(200)
  })

  it.each(PLATFORMS)('%s: rate limit answers 429 with Retry-After and the platform error body', async (platform) => {
    sandbox.setFaults(platform, { rate: 3 })
    // Sent together, so they fall in one second even on a busy machine.
    const replies = await Promise.all(Array.from({ length: 8 }, () => probes[platform].read()))
    const limited = replies.filter((r) => r.status === 429)
    expect(replies.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(3)
    expect(limited.length).toBeGreaterThan(0)
    expect(limited.length + replies.filter((r) => r.status === 200).length).toBe(8)
    for (const reply of limited) {
      expect(Number(reply.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
      expect(reply.headers.get('retry-after')).toMatch(/^\d+$/)
      probes[platform].error.parse(reply.body)
    }
    // The admin counts what it turned away, for the bench's push row.
    expect((await adminCall(sandbox, 'GET', '/limited')).body).toEqual({
      ...{ 'express-chat': 0, 'chatbot-com': 0, chatzuri: 0 },
      [platform]: limited.length
    })
    sandbox.setFaults(platform, { rate: 0 })
    expect((await probes[platform].read()).status).toBe(200)
  })

  it.each(PLATFORMS)('%s: errorRate 1 answers 500 with the platform error body', async (platform) => {
    sandbox.setFaults(platform, { errorRate: 1 })
    const reply = await probes[platform].read()
    expect(reply.status).toBe(500)
    probes[platform].error.parse(reply.body)
  })

  it.each(PLATFORMS)('%s: malformedRate 1 answers 200 with a body that is not JSON', async (platform) => {
    sandbox.setFaults(platform, { malformedRate: 1 })
    const response = await fetch(probes[platform].url(), probes[platform].init())
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('application/json')
    await expect(response.json()).rejects.toThrow()
  })

  it.each(PLATFORMS)('%s: truncateRate 1 cuts the body off mid-way', async (platform) => {
    sandbox.setFaults(platform, { truncateRate: 1 })
    await expect(fetch(probes[platform].url(), probes[platform].init()).then((r) => r.text())).rejects.toThrow()
    sandbox.setFaults(platform, { truncateRate: 0 })
    expect((await probes[platform].read()).status).toBe(200)
  })

  it('a 500 fault drops the write; a broken or cut-off answer still applies it, once', async () => {
    const bot = sandbox.accounts.expressChat[0]!
    const [first, second, third] = (await xcPage(bot, 2)).map((chat) => chat.uuid)
    sandbox.setFaults('express-chat', { errorRate: 1 })
    expect((await xcWrite(bot, { uuid: first!, status: 'CLOSED' })).status).toBe(500)
    expect(sandbox.writes()).toHaveLength(0)

    sandbox.setFaults('express-chat', { errorRate: 0, malformedRate: 1 })
    await expect(xcWrite(bot, { uuid: second!, status: 'CLOSED' })).rejects.toThrow()
    sandbox.setFaults('express-chat', { malformedRate: 0, truncateRate: 1 })
    await expect(xcWrite(bot, { uuid: third!, status: 'CLOSED' })).rejects.toThrow()
    sandbox.setFaults('express-chat', { truncateRate: 0 })

    expect(sandbox.writes().map((w) => (w.body as { uuid: string }).uuid)).toEqual([second, third])
    expect((await xcPage(bot, 1)).slice(0, 2).map((c) => c.uuid)).toEqual([third, second])
  })

  it('rolls the same faults for the same fault seed, and other ones for another', async () => {
    const sequence = async (faultSeed: number): Promise<number[]> => {
      const other = await startSandbox({
        seed: 21,
        leads: 100,
        chats: 0,
        faultSeed,
        faults: { chatzuri: { errorRate: 0.5 } }
      })
      try {
        const agent = other.accounts.chatzuri[0]!
        const statuses: number[] = []
        for (let i = 0; i < 24; i++) {
          statuses.push(
            (await call(`${agent.baseUrl}/api/v1/get-leads?agentId=${agent.agentId}`, { headers: bearer(agent.token) }))
              .status
          )
        }
        return statuses
      } finally {
        await other.close()
      }
    }
    const a = await sequence(5)
    expect(a).toContain(500)
    expect(a).toContain(200)
    expect(await sequence(5)).toEqual(a)
    expect(await sequence(6)).not.toEqual(a)
  })

  it.each(PLATFORMS)('%s: a revoked token gets 401 until restored; a newly issued one works', async (platform) => {
    const token = {
      'express-chat': sandbox.accounts.expressChat[0]!.token,
      'chatbot-com': sandbox.accounts.chatbotCom[0]!.token,
      chatzuri: sandbox.accounts.chatzuri[0]!.token
    }[platform]
    expect(sandbox.revokeToken(platform, token)).toBe(true)
    const refused = await probes[platform].read()
    expect(refused.status).toBe(401)
    expect(JSON.stringify(probes[platform].error.parse(refused.body))).toContain('revoked')

    const fresh = sandbox.issueToken(platform, token)!
    expect(fresh).not.toBe(token)
    const init = probes[platform].init()
    const headers = JSON.parse(JSON.stringify(init.headers).replace(token, fresh)) as Record<string, string>
    expect((await call(probes[platform].url(), { headers })).status).toBe(200)

    expect(sandbox.restoreToken(platform, token)).toBe(true)
    expect((await probes[platform].read()).status).toBe(200)
    // The other accounts' tokens were never affected.
    if (platform === 'express-chat') {
      const other = sandbox.accounts.expressChat[1]!
      expect((await xcPage(other, 1)).length).toBe(20)
    }
  })
})

describe('churn: data that changes while paging', () => {
  it('express-chat: after each page, k chats move to page 1 and k new ones arrive', async () => {
    const bot = sandbox.accounts.expressChat[0]!
    const uuidsBefore = new Set([...sandbox.snapshot('express-chat', 0)].map((chat) => chat.uuid))
    const total = uuidsBefore.size
    sandbox.setFaults('express-chat', { churnPerRequest: 3 })
    const page1 = await xcPage(bot, 1)
    const again = await xcPage(bot, 1)
    expect(count(sandbox.snapshot('express-chat', 0))).toBe(total + 6)
    // Six chats (3 updated + 3 new) now sit above what was the top; three of them were never listed.
    const above = again.filter((chat) => Date.parse(chat.updatedAt) > Date.parse(page1[0]!.updatedAt))
    expect(above).toHaveLength(6)
    expect(above.filter((chat) => !uuidsBefore.has(chat.uuid))).toHaveLength(3)
    // Nothing is listed twice while it churns.
    sandbox.setFaults('express-chat', { churnPerRequest: 0 })
    const uuids = [...sandbox.snapshot('express-chat', 0)].map((c) => c.uuid)
    expect(new Set(uuids).size).toBe(uuids.length)
    // A naive pager that walks pages 1, 2, 3 during churn sees a row twice (shifted down a page boundary).
    sandbox.setFaults('express-chat', { churnPerRequest: 5 })
    const seen = [...(await xcPage(bot, 1)), ...(await xcPage(bot, 2)), ...(await xcPage(bot, 3))].map((c) => c.uuid)
    expect(new Set(seen).size).toBeLessThan(seen.length)
  })

  it('ChatBot.com: new users appear on top of createdAt desc, churned ones on top of lastSeen desc', async () => {
    const account = sandbox.accounts.chatbotCom[0]!
    const read = async (query: string) =>
      (
        (await call(`${account.baseUrl}/users?${query}`, { headers: bearer(account.token) })).body as {
          data: { id: string }[]
        }
      ).data
    const createdBefore = await read('limit=40')
    const seenBefore = await read('limit=40&sort[field]=lastSeen')
    sandbox.setFaults('chatbot-com', { churnPerRequest: 2 })
    await read('limit=1')
    sandbox.setFaults('chatbot-com', { churnPerRequest: 0 })
    const createdAfter = await read('limit=40')
    const seenAfter = await read('limit=40&sort[field]=lastSeen')
    expect(createdAfter.slice(2).map((u) => u.id)).toEqual(createdBefore.slice(0, 38).map((u) => u.id))
    const newIds = createdAfter.slice(0, 2).map((u) => u.id)
    expect(newIds.some((id) => createdBefore.some((u) => u.id === id))).toBe(false)
    // lastSeen desc: 2 new users and 2 returning users, all above the old top.
    const top4 = seenAfter.slice(0, 4).map((u) => u.id)
    expect(top4).toEqual(expect.arrayContaining(newIds))
    expect(seenAfter.slice(4, 40).map((u) => u.id)).toEqual(
      seenBefore
        .map((u) => u.id)
        .filter((id) => !top4.includes(id))
        .slice(0, 36)
    )
  })

  it('Chatzuri: new leads arrive at the end, and the count grows by k per request', async () => {
    const total = count(sandbox.snapshot('chatzuri', 0))
    sandbox.setFaults('chatzuri', { churnPerRequest: 4 })
    await probes.chatzuri.read()
    await probes.chatzuri.read()
    const leads = [...sandbox.snapshot('chatzuri', 0)]
    expect(leads).toHaveLength(total + 8)
    const last = leads.slice(-8)
    for (const lead of last)
      expect(Date.parse(lead.created_at)).toBeGreaterThan(Date.parse(leads[total - 1]!.created_at))
  })
})
