import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createConnector } from '../../src/main/providers'
import type { Landmarks, Page, StreamCursor, UnchangedFilter } from '../../src/main/providers/connector'
import { startSandbox, type RunningSandbox } from '../../src/main/sandbox'

/*
 * A ChatBot.com re-scan reads in lanes started after ids the cache holds (landmarks). Whatever the
 * landmarks are (current, stale, unknown to the platform, out of order) every user is read, and
 * every changed one reaches the sync: the lanes are a speed-up, never a filter.
 */

const signal = new AbortController().signal
let sandbox: RunningSandbox

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 11, leads: 3000, chats: 0 })
})
afterAll(() => sandbox.close())

function connector() {
  const account = sandbox.accounts.chatbotCom[0]!
  return createConnector({ platform: 'chatbot-com', baseUrl: account.baseUrl, token: account.token })
}

/** The users in the platform's order, as a plain one-lane pass reads them. */
function platformIds(): string[] {
  return [...sandbox.snapshot('chatbot-com', 0)].map((user) => user.id).reverse()
}

/** A pass from `cursor` (null: the start), `stopAfter` pages at most; every page and the last cursor. */
async function pass(options: {
  landmarks?: Landmarks
  unchanged?: UnchangedFilter
  cursor?: StreamCursor | null
  stopAfter?: number
}): Promise<{ pages: Page[]; cursor: StreamCursor | null; done: boolean }> {
  const c = connector()
  const pages: Page[] = []
  let cursor = options.cursor ?? null
  for (let n = 0; n < (options.stopAfter ?? 1000); n++) {
    const page = await c.fetchPage('users', cursor, signal, options.unchanged, options.landmarks)
    pages.push(page)
    cursor = page.next
    if (page.done) return { pages, cursor, done: true }
  }
  return { pages, cursor, done: false }
}

const read = (pages: Page[]): string[] => pages.flatMap((p) => p.leads.map((lead) => lead.remoteId))
const every =
  (ids: string[]): Landmarks =>
  async (count) =>
    ids.slice(0, count)

describe('ChatBot.com re-scan lanes', () => {
  it('reads every user exactly once from landmarks spread over the order, and ends at rest', async () => {
    const ids = platformIds()
    expect(ids.length).toBeGreaterThan(400)
    const spread = [1, 2, 3].map((k) => ids[Math.floor((k * ids.length) / 4)]!)
    const asked: number[] = []
    const result = await pass({ landmarks: async (count) => (asked.push(count), spread.slice(0, count)) })
    expect(asked).toEqual([3])
    expect(result.done).toBe(true)
    expect(result.cursor).toEqual({ v: 1, after: null, resting: true })
    expect(read(result.pages).sort()).toEqual([...ids].sort())
    // Four lanes, each ending on its own: as many pages as one lane would need, give or take one a lane.
    expect(result.pages.length).toBeLessThanOrEqual(Math.ceil(ids.length / 40) + 4)
  })

  it('reads every user when landmarks are unknown to the platform, repeated or out of order', async () => {
    const ids = platformIds()
    const [late, early] = [ids[Math.floor(ids.length * 0.7)]!, ids[Math.floor(ids.length * 0.3)]!]
    const odd = ['0123456789abcdef01234567', late, early, early, 'ffffffffffffffffffffffff']
    // More than asked for, too: the connector takes what it is given.
    const result = await pass({ landmarks: async () => odd })
    expect(result.done).toBe(true)
    expect(new Set(read(result.pages))).toEqual(new Set(ids))
  })

  it('resumes a pass cut off mid-lanes from its cursor, with another connector, and misses nobody', async () => {
    const ids = platformIds()
    const spread = [1, 2, 3].map((k) => ids[Math.floor((k * ids.length) / 4)]!)
    const first = await pass({ landmarks: every(spread), stopAfter: 7 })
    expect(first.done).toBe(false)
    expect(first.cursor).toMatchObject({ v: 2 })
    // The checkpoint goes through the database as JSON.
    const stored = JSON.parse(JSON.stringify(first.cursor)) as StreamCursor
    const rest = await pass({ cursor: stored, landmarks: async () => expect.fail('a resumed pass has its lanes') })
    expect(rest.done).toBe(true)
    expect(new Set([...read(first.pages), ...read(rest.pages)])).toEqual(new Set(ids))
  })

  it('hands every changed user to the sync, in whichever lane it is', async () => {
    const ids = platformIds()
    const spread = [1, 2, 3].map((k) => ids[Math.floor((k * ids.length) / 4)]!)
    // The cache holds every user as the platform lists it now, except these: one per lane, and the
    // users at the lanes' edges (a lane's stop is read by the lane before the next one starts).
    const changed = new Set([ids[0]!, ...spread, ids[ids.length - 1]!, ids[200]!, ids[Math.floor(ids.length / 2) + 1]!])
    const plain = await pass({})
    const stored = new Map(plain.pages.flatMap((p) => p.leads.map((lead) => [lead.remoteId, JSON.stringify(lead.raw)])))
    const result = await pass({
      landmarks: every(spread),
      unchanged: async (records) =>
        new Set(
          records.filter((r) => !changed.has(r.remoteId) && stored.get(r.remoteId) === r.rawJson).map((r) => r.remoteId)
        )
    })
    expect(new Set(read(result.pages))).toEqual(changed)
    expect(result.pages.reduce((n, p) => n + p.leads.length + (p.unchanged ?? 0), 0)).toBe(ids.length)
  })
})
