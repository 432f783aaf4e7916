import { afterEach, describe, expect, it } from 'vitest'
import { ChatbotComConnector, createConnector } from '../../src/main/providers'
import { ProviderError, type Connector, type StreamCursor } from '../../src/main/providers/connector'
import { BOT, startFakeExpressChat } from './helpers/fake-express-chat'
import { CHATBOT_TOKEN, startFakeChatbotCom } from './helpers/fake-chatbot-com'
import { CHATZURI, startFakeChatzuri } from './helpers/fake-chatzuri'
import { sendJson, startLocalServer, type LocalServer } from './helpers/local-server'

const signal = new AbortController().signal
const servers: LocalServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})
function track<T extends { server: LocalServer }>(fake: T): T {
  servers.push(fake.server)
  return fake
}

async function syncAll(connector: Connector, stream: string, start: StreamCursor | null) {
  const ids: string[] = []
  let cursor = start
  for (let pages = 1; pages < 100; pages++) {
    const page = await connector.fetchPage(stream, cursor, signal)
    ids.push(...page.leads.map((lead) => lead.remoteId))
    cursor = JSON.parse(JSON.stringify(page.next)) as StreamCursor
    if (page.done) return { ids, cursor, pages }
  }
  throw new Error('never done')
}

describe('createConnector', () => {
  it('builds the connector of each platform', () => {
    expect(createConnector({ platform: 'express-chat', baseUrl: '', token: 't' }).streams()).toEqual([
      'lead',
      'non-lead'
    ])
    expect(createConnector({ platform: 'chatbot-com', baseUrl: '', token: 't' }).streams()).toEqual(['users'])
    const chatzuri = createConnector({ platform: 'chatzuri', baseUrl: '', token: 't' })
    expect(chatzuri.streams()).toEqual(['leads'])
    expect(chatzuri.readOnly).toBe(true)
  })
})

describe('express-chat connector', () => {
  const settings = (url: string, token = BOT.token) =>
    ({
      platform: 'express-chat',
      brand: 'reekolect',
      baseUrl: url,
      token,
      botId: BOT.botId,
      customerId: BOT.customerId
    }) as const

  it('test(): one request, a sentence with the brand, the bot and the count', async () => {
    const fake = track(await startFakeExpressChat({ initial: 60 }))
    const result = await createConnector(settings(fake.server.url)).test(signal)
    expect(result).toEqual({
      ok: true,
      status: 200,
      message: 'Connected to Reekolect bot bot-0001: 20 leads on the first page.',
      sample: 20
    })
    expect(fake.listRequests).toBe(1)
    const long = await createConnector({ ...settings(fake.server.url), botId: '63d9ffa77a8d152facbe2f2f' }).test(signal)
    expect(long.ok).toBe(false)
    expect(long.message).toBe('The request was refused (400): unknown bot')
  })

  it('test(): a refused token, with the platform message', async () => {
    const fake = track(await startFakeExpressChat({ initial: 5 }))
    const result = await createConnector(settings(fake.server.url, 'wrong')).test(signal)
    expect(result).toEqual({
      ok: false,
      status: 401,
      message: 'The token was refused (401): Invalid token',
      sample: null
    })
  })

  it('test(): nothing listening, and a 500', async () => {
    const gone = await startLocalServer(() => undefined)
    await gone.close()
    const refused = await createConnector(settings(gone.url)).test(signal)
    expect(refused).toEqual({
      ok: false,
      status: null,
      message: `Could not reach ${gone.url}: connection refused`,
      sample: null
    })

    const failing = await startLocalServer((_, res) => sendJson(res, 500, {}))
    servers.push(failing)
    expect(await createConnector(settings(failing.url)).test(signal)).toEqual({
      ok: false,
      status: 500,
      message: 'The server answered 500',
      sample: null
    })
  })

  it('test(): missing ids are said plainly, without a request', async () => {
    const result = await createConnector({ platform: 'express-chat', baseUrl: 'http://127.0.0.1:1', token: 't' }).test(
      signal
    )
    expect(result.ok).toBe(false)
    expect(result.message).toMatch(/bot id and customer id are missing/)
  })

  it('push: PUT with x-bp-token and the uuid from raw; promotion of a chat is the same call', async () => {
    const fake = track(await startFakeExpressChat({ initial: 6 }))
    const connector = createConnector(settings(fake.server.url))
    const chat = fake.list('non-lead')[0]!
    const outcome = await connector.push(
      { remoteId: chat.uuid, kind: 'chat', raw: { _id: chat._id, uuid: chat.uuid } },
      { name: 'Promoted', status: 'OPEN' },
      signal
    )
    expect(outcome).toEqual({ kind: 'delivered', remoteId: chat.uuid })
    const put = fake.server.requests.at(-1)!
    expect(put.method).toBe('PUT')
    expect(put.headers['x-bp-token']).toBe(BOT.token)
    expect(JSON.parse(put.body)).toEqual({
      uuid: chat.uuid,
      botId: BOT.botId,
      customerId: BOT.customerId,
      name: 'Promoted',
      status: 'OPEN'
    })
    expect(fake.chats.get(chat.uuid)?.type).toBe('lead')
  })

  it('push: refuses a chat known only by its _id (the PUT would create a new chat)', async () => {
    const connector = createConnector(settings('http://127.0.0.1:1'))
    const target = {
      remoteId: '63d9ffa77a8d152facbe2f2f',
      kind: 'chat' as const,
      raw: { _id: '63d9ffa77a8d152facbe2f2f' }
    }
    await expect(connector.push(target, { name: 'x' }, signal)).rejects.toMatchObject({ kind: 'bad-request' })
  })
})

describe('ChatBot.com connector', () => {
  const settings = (url: string) => ({ platform: 'chatbot-com', baseUrl: url, token: CHATBOT_TOKEN }) as const

  it('keyset pages of 40 until a short page, reading users created during the pass', async () => {
    const fake = track(await startFakeChatbotCom(95))
    let lists = 0
    fake.onList = () => {
      if (++lists === 2) fake.add()
    }
    const connector = createConnector(settings(fake.server.url))
    const first = await syncAll(connector, 'users', null)
    expect(first.ids).toEqual(fake.users.map((user) => user.id))
    expect(first.ids).toHaveLength(96)
    expect(first.pages).toBe(3)
    const query = fake.server.requests[0]!.url.searchParams
    expect(Object.fromEntries(query)).toEqual({ limit: '40', 'sort[field]': 'createdAt', 'sort[order]': 'asc' })
    expect(fake.server.requests[1]!.url.searchParams.get('after')).toBe(fake.users[39]!.id)

    // No updatedAt: the resting cursor starts the next pass from the beginning.
    const second = await syncAll(connector, 'users', first.cursor)
    expect(second.ids).toEqual(first.ids)
  })

  it('ends a pass while users keep signing up after every request', async () => {
    const fake = track(await startFakeChatbotCom(100))
    fake.onList = () => {
      fake.add()
      fake.add()
    }
    const pass = await syncAll(createConnector(settings(fake.server.url)), 'users', null)
    expect(pass.pages).toBeLessThan(10)
    expect(new Set(pass.ids).size).toBe(pass.ids.length)
    expect(pass.ids.slice(0, 100)).toEqual(fake.users.slice(0, 100).map((user) => user.id))
  })

  it('push: PUT /users/:id with the lead attributes, a warning when notes are cut', async () => {
    const fake = track(await startFakeChatbotCom(3))
    const connector = createConnector(settings(fake.server.url))
    const user = fake.users[1]!
    const notes = Array.from({ length: 40 }, (_, n) => ({
      title: `call ${n}`,
      description: 'talked about pricing and the trial'
    }))
    const outcome = await connector.push(
      { remoteId: user.id, kind: 'lead', raw: null },
      { status: 'REVIEW', notes },
      signal
    )
    expect(outcome).toMatchObject({ kind: 'delivered', remoteId: user.id })
    expect(outcome.kind === 'delivered' && outcome.warning).toMatch(
      /^Notes were cut to fit ChatBot.com's 1024 characters/
    )
    expect(fake.server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${CHATBOT_TOKEN}`)
    expect(user.attributes.lead_status).toBe('REVIEW')
    expect(user.attributes.lead_notes!.length).toBeLessThanOrEqual(1024)
  })

  it('push: an unknown user is not-found', async () => {
    const fake = track(await startFakeChatbotCom(1))
    const push = createConnector(settings(fake.server.url)).push(
      { remoteId: 'nope', kind: 'lead', raw: null },
      { status: 'OPEN' },
      signal
    )
    await expect(push).rejects.toMatchObject({ kind: 'not-found', message: 'ChatBot.com has no user nope (404)' })
  })

  it('createUser: POST /users, answering the new id', async () => {
    const fake = track(await startFakeChatbotCom(0))
    const connector = new ChatbotComConnector(settings(fake.server.url))
    const created = await connector.createUser({ default_email: 'new@example.com', lead_status: 'OPEN' }, signal)
    expect(created.remoteId).toBe(fake.users[0]!.id)
    await expect(connector.createUser({ lead_status: 'OPEN' }, signal)).rejects.toBeInstanceOf(ProviderError)
  })

  it('test(): the count of the first page, and a refused token', async () => {
    const fake = track(await startFakeChatbotCom(12))
    expect(await createConnector(settings(fake.server.url)).test(signal)).toMatchObject({
      ok: true,
      message: 'Connected to ChatBot.com: 12 users on the first page.',
      sample: 12
    })
    const refused = await createConnector({ ...settings(fake.server.url), token: 'bad' }).test(signal)
    expect(refused).toMatchObject({
      ok: false,
      status: 401,
      message: 'The token was refused (401): Invalid access token'
    })
  })
})

describe('Chatzuri connector', () => {
  const settings = (url: string, agentId = CHATZURI.agentId) =>
    ({ platform: 'chatzuri', baseUrl: url, token: CHATZURI.token, agentId }) as const

  it('pages from 1 until a short page; the next pass re-reads everything, new leads included', async () => {
    const days = Array.from({ length: 150 }, (_, n) => `2024-03-${String(1 + (n % 20)).padStart(2, '0')}`)
    const fake = track(await startFakeChatzuri(days))
    const connector = createConnector(settings(fake.server.url))
    const first = await syncAll(connector, 'leads', null)
    expect(first.ids).toEqual(fake.leads.map((lead) => String(lead.id)))
    expect(first.pages).toBe(2)
    expect(fake.server.requests[0]!.url.searchParams.get('startDate')).toBeNull()
    expect(first.cursor).toEqual({ v: 1, resting: true, since: null })

    fake.add('2024-03-20')
    fake.add('2024-03-22')
    const second = await syncAll(connector, 'leads', first.cursor)
    expect(fake.server.requests.at(-1)!.url.searchParams.get('startDate')).toBeNull()
    expect(second.ids).toEqual(fake.leads.map((lead) => String(lead.id)))
  })

  it('maps a lead and is read-only', async () => {
    const fake = track(await startFakeChatzuri(['2024-01-05']))
    const connector = createConnector(settings(fake.server.url))
    const page = await connector.fetchPage('leads', null, signal)
    expect(page.leads[0]).toMatchObject({
      remoteId: '1',
      kind: 'lead',
      name: 'Lead 1',
      email: null,
      phone: '+1 555',
      createdAt: '2024-01-05T01:00:00.000Z'
    })
    expect(await connector.push({ remoteId: '1', kind: 'lead', raw: null }, { status: 'OPEN' }, signal)).toEqual({
      kind: 'read-only'
    })
  })

  it('test(): success, an unknown agent, a refused key', async () => {
    const fake = track(await startFakeChatzuri(['2024-01-05', '2024-01-06']))
    expect(await createConnector(settings(fake.server.url)).test(signal)).toMatchObject({
      ok: true,
      message: 'Connected to Chatzuri agent agent-42: 2 leads on the first page.'
    })
    expect(await createConnector(settings(fake.server.url, 'X')).test(signal)).toEqual({
      ok: false,
      status: 404,
      message: 'Chatzuri does not know agent X (404)',
      sample: null
    })
    const refused = await createConnector({ ...settings(fake.server.url), token: 'bad' }).test(signal)
    expect(refused).toMatchObject({ ok: false, status: 401, message: 'The token was refused (401): Unauthorized' })
  })
})
