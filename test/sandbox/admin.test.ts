import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { NO_FAULTS, startSandbox, type RunningSandbox } from '../../src/main/sandbox'
import { xcChatSchema } from '../../src/main/sandbox/schemas'
import { adminCall, bearer, call, count, xcAll, xcPage, xcWrite } from './helpers'

let sandbox: RunningSandbox

beforeAll(async () => {
  sandbox = await startSandbox({
    seed: 31,
    leads: 2000,
    chats: 30,
    adminToken: 'admin-secret',
    faults: { chatzuri: { latencyMs: 5 } }
  })
})
afterAll(() => sandbox.close())
beforeEach(() => sandbox.reset())

describe('admin endpoints', () => {
  it('refuse a missing or wrong admin token, and accept x-admin-token too', async () => {
    expect((await call(`${sandbox.adminUrl}/faults`)).status).toBe(401)
    expect((await adminCall(sandbox, 'GET', '/faults', undefined, 'admin-secreT')).status).toBe(401)
    expect((await call(`${sandbox.adminUrl}/faults`, { headers: { 'x-admin-token': 'admin-secret' } })).status).toBe(
      200
    )
    expect((await adminCall(sandbox, 'GET', '/nothing')).status).toBe(404)
  })

  it('list the accounts', async () => {
    expect((await adminCall(sandbox, 'GET', '/accounts')).body).toEqual(sandbox.accounts)
  })

  it('read and patch faults per platform, refusing unknown names and bad values', async () => {
    const initial = (await adminCall(sandbox, 'GET', '/faults')).body
    expect(initial).toEqual({
      'express-chat': NO_FAULTS,
      'chatbot-com': NO_FAULTS,
      chatzuri: { ...NO_FAULTS, latencyMs: 5 }
    })
    const patched = await adminCall(sandbox, 'PATCH', '/faults/chatbot-com', { errorRate: 1, rate: 9 })
    expect(patched.body).toEqual({ ...NO_FAULTS, errorRate: 1, rate: 9 })
    const account = sandbox.accounts.chatbotCom[0]!
    expect((await call(`${account.baseUrl}/users`, { headers: bearer(account.token) })).status).toBe(500)
    expect((await adminCall(sandbox, 'PATCH', '/faults/chatbot-com', { errorRate: 2 })).status).toBe(400)
    expect((await adminCall(sandbox, 'PATCH', '/faults/chatbot-com', { explode: true })).status).toBe(400)
    expect((await adminCall(sandbox, 'PATCH', '/faults/slack', { errorRate: 0 })).status).toBe(404)
  })

  it('revoke, restore and issue tokens', async () => {
    const bot = sandbox.accounts.expressChat[2]!
    expect(
      (await adminCall(sandbox, 'POST', '/tokens/revoke', { platform: 'express-chat', token: bot.token })).body
    ).toEqual({ ok: true })
    await expect(xcPage(bot, 1)).rejects.toThrow(/401/)
    const issued = await adminCall(sandbox, 'POST', '/tokens/issue', { platform: 'express-chat', token: bot.token })
    const fresh = (issued.body as { token: string }).token
    expect(await xcPage({ ...bot, token: fresh }, 1)).toHaveLength(20)
    expect(
      (await adminCall(sandbox, 'POST', '/tokens/restore', { platform: 'express-chat', token: bot.token })).status
    ).toBe(200)
    expect(await xcPage(bot, 1)).toHaveLength(20)
    expect(
      (await adminCall(sandbox, 'POST', '/tokens/revoke', { platform: 'chatzuri', token: bot.token })).status
    ).toBe(404)
    expect(
      (await adminCall(sandbox, 'POST', '/tokens/issue', { platform: 'express-chat', token: 'never' })).status
    ).toBe(404)
  })

  it('show the write log, filtered by platform', async () => {
    const bot = sandbox.accounts.expressChat[0]!
    const uuid = (await xcPage(bot, 1))[0]!.uuid
    await xcWrite(bot, { uuid, tags: ['t'] })
    const account = sandbox.accounts.chatbotCom[0]!
    await call(`${account.baseUrl}/users`, {
      method: 'POST',
      headers: { ...bearer(account.token), 'content-type': 'application/json' },
      body: JSON.stringify({ attributes: { default_email: 'w@example.com' } })
    })
    const all = (await adminCall(sandbox, 'GET', '/writes')).body as { platform: string }[]
    expect(all.map((w) => w.platform)).toEqual(['express-chat', 'chatbot-com'])
    const express = (await adminCall(sandbox, 'GET', '/writes?platform=express-chat')).body
    expect(express).toEqual([
      {
        platform: 'express-chat',
        method: 'PUT',
        path: '/inbox/direct/lead',
        body: { uuid, tags: ['t'], botId: bot.botId, customerId: bot.customerId },
        at: expect.any(String)
      }
    ])
    expect((await adminCall(sandbox, 'GET', '/writes?platform=nope')).status).toBe(400)
  })

  it('count API requests per platform, faulted ones too, until a reset', async () => {
    const bot = sandbox.accounts.expressChat[0]!
    await xcPage(bot, 1)
    await xcPage(bot, 2)
    const account = sandbox.accounts.chatbotCom[0]!
    sandbox.setFaults('chatbot-com', { errorRate: 1 })
    expect((await call(`${account.baseUrl}/users`, { headers: bearer(account.token) })).status).toBe(500)
    await adminCall(sandbox, 'GET', '/faults')
    expect((await adminCall(sandbox, 'GET', '/requests')).body).toEqual({
      'express-chat': 2,
      'chatbot-com': 1,
      chatzuri: 0
    })
    await adminCall(sandbox, 'POST', '/reset')
    expect((await adminCall(sandbox, 'GET', '/requests')).body).toEqual({
      'express-chat': 0,
      'chatbot-com': 0,
      chatzuri: 0
    })
  })

  it('churn a fraction of every account once: changed records move up, new ones arrive', async () => {
    const bots = sandbox.accounts.expressChat
    const before = await Promise.all(bots.map((bot) => xcAll(bot)))
    const reply = await adminCall(sandbox, 'POST', '/churn', {
      platform: 'express-chat',
      changed: 0.02,
      inserted: 0.01
    })
    const changed = before.reduce((sum, leads) => sum + Math.round(leads.length * 0.02), 0)
    const inserted = before.reduce((sum, leads) => sum + Math.round(leads.length * 0.01), 0)
    expect(reply.body).toEqual({ changed, inserted })
    for (const [n, bot] of bots.entries()) {
      const after = await xcAll(bot)
      const old = new Map(before[n]!.map((chat) => [chat.uuid, chat.updatedAt]))
      expect(after).toHaveLength(before[n]!.length + Math.round(before[n]!.length * 0.01))
      const moved = after.filter((chat) => old.has(chat.uuid) && old.get(chat.uuid) !== chat.updatedAt)
      const fresh = after.filter((chat) => !old.has(chat.uuid))
      // Changed and new chats sit on top (updatedAt = now); a chat picked twice is one change.
      expect(moved.length).toBeGreaterThan(0)
      expect(moved.length).toBeLessThanOrEqual(Math.round(before[n]!.length * 0.02))
      const top = new Set(after.slice(0, moved.length + fresh.length).map((chat) => chat.uuid))
      for (const chat of [...moved, ...fresh]) expect(top.has(chat.uuid)).toBe(true)
    }
    const cz = sandbox.accounts.chatzuri[0]!
    const czBefore = count(sandbox.snapshot('chatzuri', 0))
    expect((await adminCall(sandbox, 'POST', '/churn', { platform: 'chatzuri', changed: 0.05 })).body).toEqual({
      changed: Math.round(czBefore * 0.05),
      inserted: 0
    })
    expect(count(sandbox.snapshot('chatzuri', cz.agentId))).toBe(czBefore)
    expect((await adminCall(sandbox, 'POST', '/churn', { platform: 'chatzuri', changed: 2 })).status).toBe(400)
    expect((await adminCall(sandbox, 'POST', '/churn', { platform: 'slack', changed: 0.1 })).status).toBe(400)
  })

  it('reset undoes writes, inserts, faults and revocations', async () => {
    const bot = sandbox.accounts.expressChat[0]!
    const before = await xcPage(bot, 1)
    await xcWrite(bot, { uuid: (await xcPage(bot, 5))[0]!.uuid, status: 'OPEN' })
    await xcWrite(bot, { uuid: 'inserted', name: 'New' })
    sandbox.setFaults('express-chat', { latencyMs: 1 })
    sandbox.revokeToken('chatbot-com', sandbox.accounts.chatbotCom[0]!.token)
    expect(await xcPage(bot, 1)).not.toEqual(before)

    expect((await adminCall(sandbox, 'POST', '/reset')).body).toEqual({ ok: true })
    expect(await xcPage(bot, 1)).toEqual(before)
    expect(sandbox.writes()).toEqual([])
    expect(sandbox.faults()['express-chat']).toEqual(NO_FAULTS)
    expect(sandbox.faults().chatzuri.latencyMs).toBe(5)
    const account = sandbox.accounts.chatbotCom[0]!
    expect((await call(`${account.baseUrl}/users?limit=1`, { headers: bearer(account.token) })).status).toBe(200)
  })

  it('stream a snapshot as NDJSON in list order, including writes', async () => {
    const bot = sandbox.accounts.expressChat[1]!
    await xcWrite(bot, { uuid: (await xcPage(bot, 3))[4]!.uuid, status: 'REVIEW' })
    const response = await fetch(`${sandbox.adminUrl}/snapshot?platform=express-chat&account=${bot.botId}`, {
      headers: bearer('admin-secret')
    })
    expect(response.headers.get('content-type')).toContain('application/x-ndjson')
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => xcChatSchema.parse(JSON.parse(line)))
    expect(lines.map((c) => c.uuid)).toEqual((await xcAll(bot)).map((c) => c.uuid))
    expect(lines[0]!.status).toBe('REVIEW')

    const byIndex = await fetch(`${sandbox.adminUrl}/snapshot?platform=express-chat&account=1&type=non-lead`, {
      headers: bearer('admin-secret')
    })
    expect((await byIndex.text()).trim().split('\n')).toHaveLength(
      count(sandbox.snapshot('express-chat', 1, { type: 'non-lead' }))
    )
    for (const platform of ['chatbot-com', 'chatzuri'] as const) {
      const reply = await fetch(`${sandbox.adminUrl}/snapshot?platform=${platform}&account=0`, {
        headers: bearer('admin-secret')
      })
      expect((await reply.text()).trim().split('\n')).toHaveLength(count(sandbox.snapshot(platform, 0)))
    }
    expect((await adminCall(sandbox, 'GET', '/snapshot?platform=express-chat&account=9')).status).toBe(404)
    expect((await adminCall(sandbox, 'GET', '/snapshot?platform=other')).status).toBe(400)
  })

  it('snapshots 100k express-chat leads, newest first', async () => {
    const big = await startSandbox({ seed: 1, leads: 430_000, chats: 0 })
    try {
      let n = 0
      let last = Infinity
      for (const chat of big.snapshot('express-chat', 0)) {
        const at = Date.parse(chat.updatedAt)
        if (at >= last) throw new Error('snapshot out of order')
        last = at
        n++
      }
      // 430k leads: 20 % ChatBot.com, 10 % Chatzuri, 301,000 over three bots, the first takes the remainder.
      expect(n).toBe(100_334)
    } finally {
      await big.close()
    }
  })
})
