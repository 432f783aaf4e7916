import { afterEach, describe, expect, it } from 'vitest'
import type { Connector, StreamCursor } from '../../src/main/providers/connector'
import { MAX_CATCH_UP_PASSES } from '../../src/main/providers/express-chat/cursor'
import { createConnector } from '../../src/main/providers'
import { BOT, seeded, startFakeExpressChat, type FakeChat, type FakeExpressChat } from './helpers/fake-express-chat'

const signal = new AbortController().signal
let fake: FakeExpressChat | null = null
afterEach(async () => {
  await fake?.server.close()
  fake = null
})

function connectorFor(server: FakeExpressChat): Connector {
  return createConnector({
    platform: 'express-chat',
    baseUrl: server.server.url,
    token: BOT.token,
    botId: BOT.botId,
    customerId: BOT.customerId
  })
}

/** Pages a stream until `done`, as the engine does: the cursor goes through JSON between pages. */
async function syncStream(connector: Connector, stream: string, start: StreamCursor | null) {
  const seen = new Map<string, string | null>()
  let cursor = start
  for (let pages = 1; ; pages++) {
    const page = await connector.fetchPage(stream, cursor, signal)
    for (const lead of page.leads) seen.set(lead.remoteId, lead.updatedAt)
    cursor = JSON.parse(JSON.stringify(page.next)) as StreamCursor
    if (page.done) return { seen, cursor, pages }
    if (pages > 1000) throw new Error('the pass never ended')
  }
}

/** Every chat of the final list was seen, in its final version, and nothing else was. */
function expectComplete(server: FakeExpressChat, type: FakeChat['type'], seen: Map<string, string | null>): void {
  const final = new Map(server.list(type).map((chat) => [chat.uuid, new Date(chat.updatedAt).toISOString()]))
  expect([...seen.keys()].sort()).toEqual([...final.keys()].sort())
  const stale = [...final].filter(([uuid, updatedAt]) => seen.get(uuid) !== updatedAt)
  expect(stale).toEqual([])
}

/** Before each of the first `requests` list requests: new chats and updates of older ones. */
function churn(server: FakeExpressChat, type: FakeChat['type'], requests: number, seed: number): void {
  const random = seeded(seed)
  server.onList = (request) => {
    if (request > requests) return
    server.insert(type)
    // Updates are picked from the whole list, so most come from pages not read yet.
    for (let n = 0; n < 2; n++) server.touch(server.pick(type, random))
    if (type === 'lead' && random() < 0.5) server.touch(server.pick('non-lead', random), 'lead')
  }
}

/** Pages 1..end once, the obvious way: what the catch-up passes exist to fix. */
async function naivePass(server: FakeExpressChat, type: FakeChat['type']): Promise<Set<string>> {
  const seen = new Set<string>()
  for (let page = 1; ; page++) {
    const url = `${server.server.url}/inbox/direct/chats?botId=${BOT.botId}&customerId=${BOT.customerId}&type=${type}&page=${page}`
    const body = (await (await fetch(url, { headers: { 'x-bot-token': BOT.token } })).json()) as {
      data: { uuid: string }[]
    }
    if (body.data.length === 0) return seen
    for (const chat of body.data) seen.add(chat.uuid)
  }
}

describe('express-chat paging over a list that shifts', () => {
  it('a quiet list: one full pass and one confirming request', async () => {
    fake = await startFakeExpressChat({ initial: 150 })
    const { seen, pages, cursor } = await syncStream(connectorFor(fake), 'lead', null)
    expectComplete(fake, 'lead', seen)
    expect(seen.size).toBe(100)
    // 5 full pages, the empty page that ends the pass, 1 request that finds nothing newer.
    expect(pages).toBe(7)
    expect(cursor).toMatchObject({ state: 'resting', mark: new Date(fake.list('lead')[0]!.updatedAt).toISOString() })
  })

  it('the churn really makes a naive pass miss chats (so the tests below can fail)', async () => {
    fake = await startFakeExpressChat({ initial: 150 })
    churn(fake, 'lead', 6, 7)
    const seen = await naivePass(fake, 'lead')
    const missed = fake.list('lead').filter((chat) => !seen.has(chat.uuid))
    expect(missed.length).toBeGreaterThan(0)
  })

  it.each([1, 2, 3, 4])('inserts and updates between page requests: nothing lost (seed %i)', async (seed) => {
    fake = await startFakeExpressChat({ initial: 150 })
    churn(fake, 'lead', 8, seed)
    const { seen } = await syncStream(connectorFor(fake), 'lead', null)
    expectComplete(fake, 'lead', seen)
  })

  it('the non-lead stream too', async () => {
    fake = await startFakeExpressChat({ initial: 150 })
    churn(fake, 'non-lead', 6, 11)
    const { seen } = await syncStream(connectorFor(fake), 'non-lead', null)
    expectComplete(fake, 'non-lead', seen)
  })

  it.each([8, 16])(
    'writes in the same millisecond as the pass mark are still read (%i churned requests)',
    async (requests) => {
      // Every write takes the newest updatedAt already in the list: ties with the mark, pages of them.
      fake = await startFakeExpressChat({ initial: 150, clock: (newest) => newest })
      churn(fake, 'lead', requests, 5)
      const { seen } = await syncStream(connectorFor(fake), 'lead', null)
      expectComplete(fake, 'lead', seen)
    }
  )

  it('endless churn: the sync still ends, and the next one picks up from a safe mark', async () => {
    fake = await startFakeExpressChat({ initial: 150 })
    churn(fake, 'lead', Number.POSITIVE_INFINITY, 3)
    const connector = connectorFor(fake)
    const first = await syncStream(connector, 'lead', null)
    expect(first.cursor).toMatchObject({ state: 'resting' })
    // A full pass plus at most MAX_CATCH_UP_PASSES catch-ups, each a few pages.
    expect(first.pages).toBeLessThan(8 + MAX_CATCH_UP_PASSES * 4)

    fake.onList = null
    const second = await syncStream(connector, 'lead', first.cursor)
    const seen = new Map([...first.seen, ...second.seen])
    expectComplete(fake, 'lead', seen)
  })

  it('the next sync is incremental: it reads only what changed since', async () => {
    fake = await startFakeExpressChat({ initial: 300 })
    const connector = connectorFor(fake)
    const first = await syncStream(connector, 'lead', null)
    expect(first.pages).toBe(12)

    const random = seeded(9)
    const changed = [fake.insert('lead').uuid, fake.insert('lead').uuid]
    for (let n = 0; n < 5; n++) {
      const uuid = fake.pick('lead', random)
      fake.touch(uuid)
      changed.push(uuid)
    }
    const second = await syncStream(connector, 'lead', first.cursor)
    expect([...second.seen.keys()]).toEqual(expect.arrayContaining(changed))
    // Page 1 holds the 7 changes and stops at the old mark; one more request confirms.
    expect(second.pages).toBe(2)
    expectComplete(fake, 'lead', new Map([...first.seen, ...second.seen]))
  })

  it('a cursor from an unknown version starts a full pass instead of failing', async () => {
    fake = await startFakeExpressChat({ initial: 30 })
    const { seen } = await syncStream(connectorFor(fake), 'lead', { v: 99, page: 'x' })
    expectComplete(fake, 'lead', seen)
  })
})
