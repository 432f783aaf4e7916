import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createConnector } from '../../src/main/providers'
import type { Page, ReceivedRecord, StreamCursor, UnchangedFilter } from '../../src/main/providers/connector'
import { leadingId, splitPage } from '../../src/main/providers/json-split'
import { startSandbox, type RunningSandbox } from '../../src/main/sandbox'

/*
 * A ChatBot.com re-scan compares each user's text as sent with the cached JSON before parsing the
 * page. Whatever the platform's text looks like (other spacing, escapes, nested objects that open
 * with an id, broken JSON), the users handed over are exactly those whose record changed, mapped
 * from the record, and a malformed page is still refused.
 */

const signal = new AbortController().signal
let sandbox: RunningSandbox

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 13, leads: 1500, chats: 0 })
})
afterAll(() => sandbox.close())

type User = Record<string, unknown> & { id: string }

/** The users as the platform holds them now, and as the cache would store them (JSON.stringify). */
function platformUsers(): User[] {
  // The sandbox's users are plain JSON objects with a string id (its schema).
  return [...sandbox.snapshot('chatbot-com', 0)].reverse() as User[]
}

/** A connector whose pages are rewritten by `rewrite` (the text of each users page) on the way in. */
function connector(rewrite: (text: string) => string) {
  const account = sandbox.accounts.chatbotCom[0]!
  const rewriting: typeof fetch = async (input, init) => {
    const response = await fetch(input, init)
    const text = await response.text()
    return new Response(rewrite(text), { status: response.status, headers: { 'content-type': 'application/json' } })
  }
  return createConnector({ platform: 'chatbot-com', baseUrl: account.baseUrl, token: account.token, fetch: rewriting })
}

/** A whole re-scan pass (one lane) with a filter that holds `stored` as the cache; what it hands over. */
async function rescan(rewrite: (text: string) => string, stored: Map<string, string>) {
  const c = connector(rewrite)
  const asked: ReceivedRecord[] = []
  const filter: UnchangedFilter = async (records) => {
    asked.push(...records)
    return new Set(records.filter((r) => stored.get(r.remoteId) === r.rawJson).map((r) => r.remoteId))
  }
  const pages: Page[] = []
  let cursor: StreamCursor | null = null
  for (let n = 0; n < 1000; n++) {
    const page = await c.fetchPage('users', cursor, signal, filter)
    pages.push(page)
    cursor = page.next
    if (page.done) break
  }
  const leads = pages.flatMap((p) => p.leads)
  return { leads, asked, unchanged: pages.reduce((n, p) => n + (p.unchanged ?? 0), 0) }
}

/** What the cache holds after a sync that read `users`: each as JSON.stringify wrote it. */
function cacheOf(users: User[]): Map<string, string> {
  return new Map(users.map((u) => [u.id, JSON.stringify(u)]))
}

describe('splitPage', () => {
  it('cuts a page written by JSON.stringify into its records, and leaves the rest to parse', () => {
    const records = [{ id: 'a', x: '},{"id":"' }, { id: 'b', n: [{ id: 'c' }, 1] }, { id: 'd' }]
    const text = JSON.stringify({ data: records, count: 3 })
    const split = splitPage(text, 'data', 'id')!
    expect(split.records).toEqual(records.map((r) => JSON.stringify(r)))
    expect(JSON.parse(split.rest)).toEqual({ data: [], count: 3 })
    expect(splitPage(JSON.stringify({ data: [], count: 0 }), 'data', 'id')).toEqual({
      records: [],
      rest: '{"data":[],"count":0}'
    })
    expect(splitPage(JSON.stringify({ count: 0, data: [] }), 'data', 'id')).toBeNull()
    expect(splitPage('{ "data": [] }', 'data', 'id')).toBeNull()
  })

  it('cuts wrongly only where the part before the cut is not JSON', () => {
    // A nested object opening with the id field after a comma: the cut falls inside the record.
    const text = JSON.stringify({ data: [{ id: 'a', list: [1, { id: 'inner' }] }], count: 1 })
    const [first] = splitPage(text, 'data', 'id')!.records
    expect(() => JSON.parse(first!)).toThrow()
  })

  it('reads the id only from a record that opens with it', () => {
    expect(leadingId('{"id":"6479db742d31af0ad0de8ab7","x":1}', 'id')).toBe('6479db742d31af0ad0de8ab7')
    expect(leadingId('{"x":1,"id":"a"}', 'id')).toBeNull()
    expect(leadingId('{"id":"a\\"b"}', 'id')).toBeNull()
    expect(leadingId('{"id":""}', 'id')).toBeNull()
  })
})

describe('a ChatBot.com re-scan reading pages as text', () => {
  it('hands over exactly the changed users, as parsed, and asks once about each as sent', async () => {
    const users = platformUsers()
    const stored = cacheOf(users)
    const changed = users.filter((_, n) => n % 7 === 3)
    for (const u of changed) stored.set(u.id, JSON.stringify({ ...u, banned: !u.banned }))
    const result = await rescan((text) => text, stored)
    expect(result.leads.map((l) => l.remoteId)).toEqual(changed.map((u) => u.id))
    expect(result.leads.map((l) => l.rawJson)).toEqual(changed.map((u) => JSON.stringify(u)))
    expect(result.unchanged).toBe(users.length - changed.length)
    expect(result.asked.map((r) => r.remoteId)).toEqual(users.map((u) => u.id))
  })

  it('knows a user sent with other spacing or escapes as unchanged, and a real change as changed', async () => {
    const users = platformUsers()
    const stored = cacheOf(users)
    const changed = users[5]!
    stored.set(changed.id, JSON.stringify({ ...changed, lastSeen: 'long ago' }))
    // Same records, other text: spaces after colons in every user, a letter escaped in one field.
    const reworded = (text: string) =>
      text.replaceAll('"banned":', '"banned": ').replaceAll('"userId":"', '"userId":"\\u0030')
    const zeroed = (u: User) => ({ ...u, userId: typeof u.userId === 'string' ? `0${u.userId}` : u.userId })
    const again = await rescan(reworded, cacheOf(users.map(zeroed)))
    expect(again.leads).toEqual([])
    expect(again.unchanged).toBe(users.length)
    const once = await rescan(
      reworded,
      new Map([...cacheOf(users.map(zeroed))].map(([id, json]) => [id, id === changed.id ? 'x' : json]))
    )
    expect(once.leads.map((l) => [l.remoteId, l.rawJson])).toEqual([[changed.id, JSON.stringify(zeroed(changed))]])
  })

  it('falls back to parsing the page whole when a user holds objects that open with an id', async () => {
    const users = platformUsers()
    const nested = (text: string) =>
      text.replaceAll('"banned":false', '"banned":false,"tags":[0,{"id":"t1"},{"id":"t2"}]')
    // The users as served, the new field where the page has it (right after "banned").
    // JSON.parse of a user's text: a user.
    const reordered = users.map((u) => JSON.parse(nested(JSON.stringify(u))) as User)
    expect(reordered.some((u) => 'tags' in u)).toBe(true)
    const stored = cacheOf(reordered)
    const changed = reordered[9]!
    stored.set(changed.id, 'stale')
    const result = await rescan(nested, stored)
    expect(result.leads.map((l) => [l.remoteId, l.rawJson])).toEqual([[changed.id, JSON.stringify(changed)]])
    expect(result.unchanged).toBe(users.length - 1)
  })

  it('still refuses a page with a user that is not JSON', async () => {
    const users = platformUsers()
    const broken = (text: string) => text.replace('"banned":', '"banned":,')
    await expect(rescan(broken, cacheOf(users))).rejects.toMatchObject({ kind: 'malformed' })
  })
})
