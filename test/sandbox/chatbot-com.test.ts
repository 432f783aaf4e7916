import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CHATBOT_COM } from '../../src/main/providers/decisions'
import { startSandbox, type ChatbotComAccount, type RunningSandbox } from '../../src/main/sandbox'
import {
  cbCreateResponseSchema,
  cbErrorSchema,
  cbListResponseSchema,
  cbUpdateResponseSchema,
  cbUserDetailsSchema,
  cbUserSchema,
  type ChatbotComUser
} from '../../src/main/sandbox/schemas'
import { bearer, call, cbTime, json, type Reply } from './helpers'

let sandbox: RunningSandbox
let account: ChatbotComAccount
const USERS = 400 // 20 % of 2000 leads

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 12, leads: 2000, chats: 0 })
  account = sandbox.accounts.chatbotCom[0]!
})
afterAll(() => sandbox.close())
beforeEach(() => sandbox.reset())

const get = (path: string, token = account.token): Promise<Reply> =>
  call(`${account.baseUrl}${path}`, { headers: bearer(token) })
const send = (method: string, path: string, body: unknown): Promise<Reply> =>
  call(`${account.baseUrl}${path}`, json(method, body, bearer(account.token)))

async function page(query: string): Promise<ChatbotComUser[]> {
  const reply = await get(`/users?${query}`)
  expect(reply.status).toBe(200)
  const body = cbListResponseSchema.parse(reply.body)
  expect(body.count).toBe(body.data.length)
  return body.data
}

/** Every user, following `after` from page to page. */
async function walk(sort: string, limit = 40): Promise<ChatbotComUser[]> {
  const all: ChatbotComUser[] = []
  for (;;) {
    const after = all.length ? `&after=${all[all.length - 1]!.id}` : ''
    const data = await page(`limit=${limit}${sort}${after}`)
    if (data.length === 0) return all
    all.push(...data)
  }
}

/** A segment of this account, read from the first user who has one. */
async function findSegment(): Promise<{ id: string; name: string }> {
  for (const user of await page('limit=40')) {
    const [segment] = cbUserDetailsSchema.parse((await get(`/users/${user.id}`)).body).segments
    if (segment) return segment
  }
  throw new Error('no user with a segment')
}

function expectSorted(users: ChatbotComUser[], field: 'createdAt' | 'lastSeen', order: 'asc' | 'desc'): void {
  for (let i = 1; i < users.length; i++) {
    const [a, b] = [cbTime(users[i - 1]![field]), cbTime(users[i]![field])]
    if (order === 'asc') expect(b).toBeGreaterThan(a)
    else expect(b).toBeLessThan(a)
  }
}

describe('ChatBot.com GET /users', () => {
  it('defaults to 40 users, newest created first', async () => {
    const data = await page('')
    expect(data).toHaveLength(CHATBOT_COM.defaultLimit)
    expectSorted(data, 'createdAt', 'desc')
  })

  it.each([
    ['createdAt', 'desc'],
    ['createdAt', 'asc'],
    ['lastSeen', 'desc'],
    ['lastSeen', 'asc']
  ] as const)('walks every user once by %s %s with the after cursor', async (field, order) => {
    const all = await walk(`&sort[field]=${field}&sort[order]=${order}`, 37)
    expect(all).toHaveLength(USERS)
    expect(new Set(all.map((u) => u.id)).size).toBe(USERS)
    expectSorted(all, field, order)
  })

  it('gives lastSeen an order of its own', async () => {
    const byCreated = (await page('sort[field]=createdAt')).map((u) => u.id)
    const bySeen = (await page('sort[field]=lastSeen')).map((u) => u.id)
    expect(bySeen).not.toEqual(byCreated)
  })

  it('answers an empty page after the last user', async () => {
    const [oldest] = await page('limit=1&sort[order]=asc')
    const reply = await get(`/users?after=${oldest!.id}`)
    expect(reply.body).toEqual({ data: [], count: 0 })
  })

  it('emits both date forms the docs show', async () => {
    const dates = (await walk('')).flatMap((u) => [u.createdAt, u.lastSeen])
    expect(dates.some((d) => /^\d{4}-\d{2}-\d{2} \d/.test(d))).toBe(true)
    expect(dates.some((d) => /^\d{4}-\d{2}-\d{2}T\d/.test(d))).toBe(true)
  })

  it.each([
    ['limit=0', 'limit'],
    ['limit=41', 'limit'],
    ['limit=ten', 'limit'],
    ['limit=', 'limit'],
    ['sort[field]=name', 'sort[field]'],
    ['sort[order]=up', 'sort[order]'],
    ['after=000000000000000000000000', 'after']
  ])('answers 400 for %s', async (query, word) => {
    const reply = await get(`/users?${query}`)
    expect(reply.status).toBe(400)
    const body = cbErrorSchema.parse(reply.body)
    expect(body.status.code).toBe(400)
    expect(body.status.message).toContain(word)
  })

  it('accepts limit 1 and 40', async () => {
    expect(await page('limit=1')).toHaveLength(1)
    expect(await page('limit=40')).toHaveLength(40)
  })

  it('answers 401 without a token, with a wrong one, or a non-Bearer header', async () => {
    for (const headers of [{}, bearer('wrong'), { authorization: account.token }]) {
      const reply = await call(`${account.baseUrl}/users`, { headers })
      expect(reply.status).toBe(401)
      expect(cbErrorSchema.parse(reply.body).status).toMatchObject({ code: 401, type: 'error' })
    }
  })
})

describe('ChatBot.com GET /users/:id', () => {
  it('returns the user with sessionAttributes, conversations and segments', async () => {
    for (const user of (await page('limit=15')).slice(0, 15)) {
      const reply = await get(`/users/${user.id}`)
      expect(reply.status).toBe(200)
      const details = cbUserDetailsSchema.parse(reply.body)
      expect(details.conversations).toHaveLength(user.conversations)
      const { sessionAttributes: _s, conversations: _c, segments: _g, ...bare } = details
      expect({ ...bare, conversations: user.conversations }).toEqual(user)
    }
  })

  it('answers 404 for an id it does not know', async () => {
    for (const id of ['5b7ff847cc3c3fb33c9249a8', 'nope']) {
      const reply = await get(`/users/${id}`)
      expect(reply.status).toBe(404)
      expect(cbErrorSchema.parse(reply.body).status.code).toBe(404)
    }
  })
})

describe('ChatBot.com POST /users', () => {
  it('creates a user from default_email alone; it is listed first and readable by id', async () => {
    const reply = await send('POST', '/users', {
      attributes: { default_email: 'new@example.com', lead_status: 'OPEN' }
    })
    expect(reply.status).toBe(200)
    const [created] = cbCreateResponseSchema.parse(reply.body)
    const [first] = await page('limit=1')
    expect(first!.id).toBe(created!.id)
    expect(first!.attributes).toMatchObject({
      default_email: 'new@example.com',
      lead_status: 'OPEN',
      default_name: null
    })
    const details = cbUserDetailsSchema.parse((await get(`/users/${created!.id}`)).body)
    expect(details.attributes.default_email).toBe('new@example.com')
    expect(await walk('')).toHaveLength(USERS + 1)
    expect(sandbox.writes('chatbot-com')).toMatchObject([{ method: 'POST', path: '/users' }])
  })

  it('takes userId and segments (one id or a list), and refuses a segment it does not know', async () => {
    const segment = await findSegment()
    for (const segments of [segment.id, [segment.id]]) {
      const reply = await send('POST', '/users', { userId: 'visitor-7', attributes: { default_name: 'Ana' }, segments })
      expect(reply.status).toBe(200)
      const details = cbUserDetailsSchema.parse(
        (await get(`/users/${cbCreateResponseSchema.parse(reply.body)[0]!.id}`)).body
      )
      expect(details).toMatchObject({
        userId: 'visitor-7',
        segments: [segment],
        conversations: [],
        sessionAttributes: {}
      })
    }
    const unknown = await send('POST', '/users', {
      userId: 'v',
      attributes: { a: 'b' },
      segments: ['0123456789abcdef01234567']
    })
    expect(unknown.status).toBe(400)
    expect(cbErrorSchema.parse(unknown.body).status.message).toContain('segment')
  })

  it.each([
    ['no attributes', { userId: 'u' }],
    ['no userId nor default_email', { attributes: { default_name: 'Ana' } }],
    ['empty attributes', { userId: 'u', attributes: {} }],
    [
      '100 keys',
      { userId: 'u', attributes: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 'v'])) }
    ],
    ['a key with a space', { userId: 'u', attributes: { 'lead status': 'OPEN' } }],
    ['a 129-character key', { userId: 'u', attributes: { ['k'.repeat(129)]: 'v' } }],
    ['an empty value', { userId: 'u', attributes: { lead_status: '' } }],
    ['a 1025-character value', { userId: 'u', attributes: { lead_notes: 'x'.repeat(1025) } }],
    ['a 257-character default_name', { userId: 'u', attributes: { default_name: 'n'.repeat(257) } }],
    ['a number value', { userId: 'u', attributes: { employees: 12 } }],
    ['a 257-character userId', { userId: 'u'.repeat(257), attributes: { a: 'b' } }]
  ])('answers 400 for %s', async (_label, body) => {
    const reply = await send('POST', '/users', body)
    expect(reply.status).toBe(400)
    expect(cbErrorSchema.parse(reply.body).status.type).toBe('error')
    expect(sandbox.writes()).toEqual([])
  })
})

describe('ChatBot.com PUT /users/:id', () => {
  it('merges attributes; reads by id and in the list reflect it, the user keeps its place', async () => {
    const before = await page('limit=40')
    const target = before[17]!
    const reply = await send('PUT', `/users/${target.id}`, {
      attributes: {
        lead_status: 'REVIEW',
        lead_tags: 'vip,hot',
        default_name: 'n'.repeat(256),
        ['k'.repeat(128)]: 'x'.repeat(1024)
      }
    })
    expect(reply.status).toBe(200)
    expect(cbUpdateResponseSchema.parse(reply.body).status).toEqual({ code: 200, type: 'success' })

    const after = await page('limit=40')
    expect(after.map((u) => u.id)).toEqual(before.map((u) => u.id))
    expect(after[17]!.attributes).toMatchObject({
      lead_status: 'REVIEW',
      lead_tags: 'vip,hot',
      default_email: target.attributes.default_email
    })
    const details = cbUserDetailsSchema.parse((await get(`/users/${target.id}`)).body)
    expect(details.attributes.lead_status).toBe('REVIEW')
    expect(sandbox.writes('chatbot-com')).toMatchObject([{ method: 'PUT', path: `/users/${target.id}` }])
  })

  it('accepts 99 keys and refuses 100', async () => {
    const [target] = await page('limit=1')
    const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`key_${i}`, 'v']))
    expect((await send('PUT', `/users/${target!.id}`, { attributes: keys(99) })).status).toBe(200)
    expect((await send('PUT', `/users/${target!.id}`, { attributes: keys(100) })).status).toBe(400)
  })

  it('updates a user created in this session', async () => {
    const created = cbCreateResponseSchema.parse(
      (await send('POST', '/users', { attributes: { default_email: 'a@example.com' } })).body
    )[0]!
    expect((await send('PUT', `/users/${created.id}`, { attributes: { lead_status: 'CLOSED' } })).status).toBe(200)
    expect(cbUserSchema.parse((await page('limit=1'))[0]).attributes.lead_status).toBe('CLOSED')
  })

  it('answers 404 for an unknown id and 400 for a bad body', async () => {
    const missing = await send('PUT', '/users/5b7ff847cc3c3fb33c9249a8', { attributes: { lead_status: 'OPEN' } })
    expect(missing.status).toBe(404)
    expect(cbErrorSchema.parse(missing.body).status.code).toBe(404)
    const [target] = await page('limit=1')
    for (const body of [{}, { attributes: [] }, { attributes: { a: '' } }, 'not json{']) {
      const reply = await send('PUT', `/users/${target!.id}`, body)
      expect(reply.status).toBe(400)
      cbErrorSchema.parse(reply.body)
    }
    expect(sandbox.writes()).toEqual([])
  })
})
