import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { EXPRESS_CHAT } from '../../src/main/providers/decisions'
import { startSandbox, type RunningSandbox } from '../../src/main/sandbox'
import type { ExpressChatAccount } from '../../src/main/sandbox'
import {
  xcChatSchema,
  xcErrorSchema,
  xcListResponseSchema,
  xcWriteResponseSchema
} from '../../src/main/sandbox/schemas'
import { LEAD_STATUSES } from '../../src/shared/contract/model'
import { call, count, json, xcAll, xcListUrl, xcPage, xcWrite, type XcChat } from './helpers'

let sandbox: RunningSandbox
let bot: ExpressChatAccount
let other: ExpressChatAccount

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 11, leads: 2000, chats: 120 })
  bot = sandbox.accounts.expressChat[0]!
  other = sandbox.accounts.expressChat[1]!
})
afterAll(() => sandbox.close())
beforeEach(() => sandbox.reset())

const leadCount = (account = 0): number => count(sandbox.snapshot('express-chat', account))
const list = (
  params: Record<string, string | number | undefined>,
  headers: Record<string, string> = { 'x-bot-token': bot.token }
) => call(xcListUrl(bot, params), { headers })

describe('express-chat GET /inbox/direct/chats', () => {
  it('serves one bot per brand under /express-chat', () => {
    expect(sandbox.accounts.expressChat.map((a) => a.brand)).toEqual(['reekolect', 'botbuddy', 'convertalk'])
    for (const account of sandbox.accounts.expressChat) {
      expect(account.baseUrl).toBe(`${sandbox.url}/express-chat`)
      expect(account.botId).not.toBe(account.customerId)
    }
  })

  it('answers page 1 with 20 chats in the documented envelope, newest update first', async () => {
    const reply = await list({ page: 1, type: 'lead' })
    expect(reply.status).toBe(200)
    const body = xcListResponseSchema.parse(reply.body)
    expect(body.data).toHaveLength(EXPRESS_CHAT.pageSize)
    const times = body.data.map((chat) => Date.parse(chat.updatedAt))
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeLessThan(times[i - 1]!)
  })

  it('pages through every lead exactly once, ending with an empty success page', async () => {
    const all = await xcAll(bot)
    const total = leadCount()
    expect(all).toHaveLength(total)
    expect(new Set(all.map((chat) => chat.uuid)).size).toBe(total)
    for (let i = 1; i < all.length; i++)
      expect(Date.parse(all[i]!.updatedAt)).toBeLessThan(Date.parse(all[i - 1]!.updatedAt))
    const lastPage = Math.ceil(total / EXPRESS_CHAT.pageSize)
    expect((await xcPage(bot, lastPage)).length).toBe(total - (lastPage - 1) * EXPRESS_CHAT.pageSize)
    const past = await list({ page: lastPage + 1, type: 'lead' })
    expect(past.status).toBe(200)
    expect(past.body).toEqual({ success: true, message: 'ok', code: 200, data: [] })
    expect((await list({ page: 10_000_000, type: 'lead' })).body).toMatchObject({ data: [] })
  })

  it('keeps lead and non-lead chats apart; non-leads carry no contact details', async () => {
    const leads = await xcAll(bot, 'lead')
    const chats = await xcAll(bot, 'non-lead')
    expect(chats).toHaveLength(40)
    const leadIds = new Set(leads.map((chat) => chat.uuid))
    expect(chats.some((chat) => leadIds.has(chat.uuid))).toBe(false)
    for (const chat of chats) {
      xcChatSchema.parse(chat)
      expect(chat.profile?.userDetails?.name ?? null).toBeNull()
      expect(chat.profile?.userDetails?.contact ?? null).toBeNull()
    }
  })

  it.each([
    ['no token', {}, 'missing API token'],
    ['a wrong token', { 'x-bot-token': 'nope' }, 'invalid API token'],
    ['another bot’s token', { 'x-bot-token': 'OTHER' }, 'not valid for this botId'],
    ['the write header instead', { 'x-bp-token': 'SELF' }, 'missing API token']
  ])('answers 401 with the error body for %s', async (_label, headers, message) => {
    const resolved = Object.fromEntries(
      Object.entries(headers as Record<string, string>).map(([k, v]) => [
        k,
        v === 'OTHER' ? other.token : v === 'SELF' ? bot.token : v
      ])
    )
    const reply = await list({ page: 1, type: 'lead' }, resolved)
    expect(reply.status).toBe(401)
    const body = xcErrorSchema.parse(reply.body)
    expect(body.code).toBe(401)
    expect(body.message).toContain(message)
  })

  it.each([
    ['botId missing', { botId: undefined, page: 1, type: 'lead' }, 'botId'],
    ['customerId missing', { customerId: undefined, page: 1, type: 'lead' }, 'customerId'],
    ['page missing', { type: 'lead' }, 'page'],
    ['type missing', { page: 1 }, 'type'],
    ['page 0', { page: 0, type: 'lead' }, 'page'],
    ['page not a number', { page: 'two', type: 'lead' }, 'page'],
    ['page negative', { page: -1, type: 'lead' }, 'page'],
    ['an unknown type', { page: 1, type: 'leads' }, 'type']
  ])('answers 400 for %s', async (_label, params, word) => {
    const query = new URLSearchParams()
    const all: Record<string, unknown> = { botId: bot.botId, customerId: bot.customerId, ...params }
    for (const [key, value] of Object.entries(all)) if (value !== undefined) query.set(key, String(value))
    const reply = await call(`${bot.baseUrl}/inbox/direct/chats?${query}`, { headers: { 'x-bot-token': bot.token } })
    expect(reply.status).toBe(400)
    expect(xcErrorSchema.parse(reply.body)).toMatchObject({ success: false, code: 400 })
    expect((reply.body as { message: string }).message).toContain(word)
  })

  it('answers 401 when botId or customerId is not the token’s bot', async () => {
    expect((await list({ page: 1, type: 'lead', botId: other.botId })).status).toBe(401)
    expect((await list({ page: 1, type: 'lead', customerId: other.customerId })).status).toBe(401)
  })

  it('answers 404 in the error body for an unknown route', async () => {
    const reply = await call(`${bot.baseUrl}/inbox/direct/nothing`, { headers: { 'x-bot-token': bot.token } })
    expect(reply.status).toBe(404)
    xcErrorSchema.parse(reply.body)
  })
})

describe('express-chat PUT /inbox/direct/lead', () => {
  it('updates a chat, moves it to the top of page 1 and out of its old place', async () => {
    const before = await xcAll(bot)
    const target = before[47]!
    const reply = await xcWrite(bot, { uuid: target.uuid, status: 'CLOSED' })
    expect(reply.status).toBe(200)
    expect(xcWriteResponseSchema.parse(reply.body)).toEqual({ success: true, message: 'ok', code: 200 })

    const after = await xcAll(bot)
    expect(after).toHaveLength(before.length)
    expect(after[0]!.uuid).toBe(target.uuid)
    expect(after.filter((chat) => chat.uuid === target.uuid)).toHaveLength(1)
    expect(Date.parse(after[0]!.updatedAt)).toBeGreaterThan(Date.parse(before[0]!.updatedAt))
    expect(after[0]!.status).toBe('CLOSED')
    // Everyone above the old place shifted down one; everyone below stayed.
    expect(after.slice(1, 48).map((c) => c.uuid)).toEqual(before.slice(0, 47).map((c) => c.uuid))
    expect(after.slice(48).map((c) => c.uuid)).toEqual(before.slice(48).map((c) => c.uuid))
  })

  it('leaves fields that are left out unchanged and replaces notes, tags and attributes', async () => {
    const target = (await xcPage(bot, 3))[5]!
    await xcWrite(bot, {
      uuid: target.uuid,
      notes: [{ title: 'One', description: 'first' }],
      tags: ['a', 'b'],
      attributes: [{ key: 'plan', value: 'gold' }],
      dialCode: '+91',
      phone: '98765 43210',
      agentId: 'abcdefabcdefabcdefabcdef'
    })
    await xcWrite(bot, { uuid: target.uuid, tags: ['c'] })
    const [top] = await xcPage(bot, 1)
    expect(top!.uuid).toBe(target.uuid)
    expect(top!.status).toBe(target.status)
    expect(top!.profile?.userDetails?.name).toBe(target.profile?.userDetails?.name)
    expect(top!.profile?.userDetails?.tags).toEqual(['c'])
    expect(top!.profile?.userDetails?.attributes).toEqual([{ key: 'plan', value: 'gold' }])
    expect(top!.profile?.notes).toHaveLength(1)
    expect(top!.profile?.notes?.[0]).toMatchObject({ title: 'One', description: 'first' })
    expect(top!.profile?.notes?.[0]?._id).toMatch(/^[0-9a-f]{24}$/)
    expect(top!.profile?.userDetails?.contact?.phone).toEqual({ number: '98765 43210', prefix: '91' })
    expect(top!._agentAssigned).toBe('abcdefabcdefabcdefabcdef')
    xcChatSchema.parse(top)

    await xcWrite(bot, { uuid: target.uuid, notes: [], name: null })
    const [cleared] = await xcPage(bot, 1)
    expect(cleared!.profile?.notes).toEqual([])
    expect(cleared!.profile?.userDetails?.name).toBeNull()
  })

  it('accepts every status and refuses anything else with 400', async () => {
    const target = (await xcPage(bot, 2))[0]!
    for (const status of LEAD_STATUSES) expect((await xcWrite(bot, { uuid: target.uuid, status })).status).toBe(200)
    const reply = await xcWrite(bot, { uuid: target.uuid, status: 'DEPENDENCY' })
    expect(reply.status).toBe(400)
    expect(xcErrorSchema.parse(reply.body).message).toContain('status')
    expect((await xcPage(bot, 1))[0]!.status).toBe('CLOSED')
  })

  it.each([
    ['uuid missing', { uuid: undefined }, 'uuid'],
    ['botId missing', { botId: undefined }, 'botId'],
    ['customerId missing', { customerId: undefined }, 'customerId'],
    ['agentId not 24-hex', { agentId: 'agent-7' }, 'agentId'],
    ['agentId a boolean (the docs’ typo)', { agentId: true }, 'agentId'],
    ['dialCode without +', { dialCode: '91' }, 'dialCode'],
    ['picture not an http URL', { picture: 'javascript:alert(1)' }, 'picture'],
    ['tags not a list', { tags: 'a,b' }, 'tags'],
    ['a note without description', { notes: [{ title: 'x' }] }, 'notes']
  ])('answers 400 for %s', async (_label, patch, word) => {
    const target = (await xcPage(bot, 1))[0]!
    const body: Record<string, unknown> = { uuid: target.uuid, botId: bot.botId, customerId: bot.customerId, ...patch }
    for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key]
    const reply = await call(`${bot.baseUrl}/inbox/direct/lead`, json('PUT', body, { 'x-bp-token': bot.token }))
    expect(reply.status).toBe(400)
    expect(xcErrorSchema.parse(reply.body).message).toContain(word)
    expect(sandbox.writes()).toEqual([])
  })

  it('answers 400 for a body that is not JSON, 401 for a missing, read-only or foreign token', async () => {
    const bad = await call(`${bot.baseUrl}/inbox/direct/lead`, json('PUT', '{"uuid":', { 'x-bp-token': bot.token }))
    expect(bad.status).toBe(400)
    xcErrorSchema.parse(bad.body)
    const uuid = (await xcPage(bot, 1))[0]!.uuid
    expect(
      (
        await call(
          `${bot.baseUrl}/inbox/direct/lead`,
          json('PUT', { uuid, botId: bot.botId, customerId: bot.customerId })
        )
      ).status
    ).toBe(401)
    const readHeader = await call(
      `${bot.baseUrl}/inbox/direct/lead`,
      json('PUT', { uuid, botId: bot.botId, customerId: bot.customerId }, { 'x-bot-token': bot.token })
    )
    expect(readHeader.status).toBe(401)
    expect((await xcWrite(bot, { uuid }, other.token)).status).toBe(401)
    expect(sandbox.writes()).toEqual([])
  })

  it('turns a non-lead chat that receives contact details into a lead', async () => {
    const leadsBefore = leadCount()
    const chat = (await xcPage(bot, 2, 'non-lead'))[0]!
    await xcWrite(bot, { uuid: chat.uuid, status: 'REVIEW' })
    expect((await xcPage(bot, 1, 'non-lead'))[0]!.uuid).toBe(chat.uuid)
    expect(leadCount()).toBe(leadsBefore)

    await xcWrite(bot, { uuid: chat.uuid, email: 'new@example.com' })
    const leads = await xcAll(bot, 'lead')
    expect(leads).toHaveLength(leadsBefore + 1)
    expect(leads[0]).toMatchObject({ uuid: chat.uuid, status: 'REVIEW' })
    expect(leads[0]!.profile?.userDetails?.contact?.email).toBe('new@example.com')
    expect((await xcAll(bot, 'non-lead')).some((c) => c.uuid === chat.uuid)).toBe(false)
  })

  it('creates a chat for an unknown uuid: a lead with contact details, a non-lead without', async () => {
    await xcWrite(bot, { uuid: 'brand-new-1', name: 'Zoë 🚀', phone: '555', dialCode: '+1' })
    await xcWrite(bot, { uuid: 'brand-new-2', tags: ['x'] })
    const [lead] = await xcPage(bot, 1, 'lead')
    const [chat] = await xcPage(bot, 1, 'non-lead')
    expect(lead).toMatchObject({ uuid: 'brand-new-1' })
    expect(lead!.profile?.userDetails?.name).toBe('Zoë 🚀')
    expect(chat).toMatchObject({ uuid: 'brand-new-2' })
    xcChatSchema.parse(lead)
    xcChatSchema.parse(chat)
    // The uuid is per bot: the same uuid at another bot is another chat.
    expect((await xcPage(other, 1))[0]!.uuid).not.toBe('brand-new-1')
  })

  it('logs each applied write once, with its body', async () => {
    const uuid = (await xcPage(bot, 1))[3]!.uuid
    await xcWrite(bot, { uuid, status: 'ONHOLD' })
    const writes = sandbox.writes('express-chat')
    expect(writes).toHaveLength(1)
    expect(writes[0]).toMatchObject({
      platform: 'express-chat',
      method: 'PUT',
      path: '/inbox/direct/lead',
      body: { uuid, status: 'ONHOLD' }
    })
    expect(Number.isNaN(Date.parse(writes[0]!.at))).toBe(false)
  })

  it('keeps every chat in the snapshot in list order', async () => {
    await xcWrite(bot, { uuid: (await xcPage(bot, 4))[2]!.uuid, status: 'OPEN' })
    const listed = (await xcAll(bot)).map((chat: XcChat) => chat.uuid)
    expect([...sandbox.snapshot('express-chat', bot.botId)].map((chat) => chat.uuid)).toEqual(listed)
  })
})
