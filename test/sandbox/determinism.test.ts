import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type RunningSandbox } from '../../src/main/sandbox'
import { CHATBOT_COM } from '../../src/main/providers/decisions'
import { LEAD_STATUSES } from '../../src/shared/contract/model'
import { bearer, call, xcPage } from './helpers'

/** The same requests against one sandbox, as JSON text. */
async function pages(sandbox: RunningSandbox): Promise<string> {
  const out: unknown[] = []
  for (const bot of sandbox.accounts.expressChat) {
    out.push(await xcPage(bot, 1), await xcPage(bot, 7), await xcPage(bot, 2, 'non-lead'))
  }
  const cb = sandbox.accounts.chatbotCom[0]!
  for (const query of ['limit=40', 'limit=40&sort[field]=lastSeen&sort[order]=asc']) {
    out.push((await call(`${cb.baseUrl}/users?${query}`, { headers: bearer(cb.token) })).body)
  }
  const first = (
    (await call(`${cb.baseUrl}/users?limit=1`, { headers: bearer(cb.token) })).body as { data: { id: string }[] }
  ).data[0]!
  out.push((await call(`${cb.baseUrl}/users/${first.id}`, { headers: bearer(cb.token) })).body)
  const cz = sandbox.accounts.chatzuri[0]!
  out.push(
    (await call(`${cz.baseUrl}/api/v1/get-leads?agentId=${cz.agentId}&page=2&size=50`, { headers: bearer(cz.token) }))
      .body
  )
  return JSON.stringify(out)
}

const withoutPort = (sandbox: RunningSandbox): string => JSON.stringify(sandbox.accounts).replaceAll(sandbox.url, 'URL')

describe('determinism', () => {
  it('gives the same accounts and pages for the same seed, and different ones for another seed', async () => {
    const [a, b, c] = await Promise.all([
      startSandbox({ seed: 99, leads: 3000, chats: 200 }),
      startSandbox({ seed: 99, leads: 3000, chats: 200 }),
      startSandbox({ seed: 100, leads: 3000, chats: 200 })
    ])
    try {
      expect(a.port).not.toBe(b.port)
      expect(withoutPort(a)).toBe(withoutPort(b))
      expect(withoutPort(a)).not.toBe(withoutPort(c))
      const pagesA = await pages(a)
      expect(await pages(b)).toBe(pagesA)
      expect(await pages(c)).not.toBe(pagesA)
    } finally {
      await Promise.all([a.close(), b.close(), c.close()])
    }
  })
})

describe('seeded data', () => {
  let sandbox: RunningSandbox
  let text: string
  let leads: Record<string, unknown>[]
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 7, leads: 2000, chats: 100 })
    leads = sandbox.accounts.expressChat.flatMap((_, i) => [...sandbox.snapshot('express-chat', i)]) as Record<
      string,
      unknown
    >[]
    text = JSON.stringify([leads, [...sandbox.snapshot('chatbot-com', 0)], [...sandbox.snapshot('chatzuri', 0)]])
  })
  afterAll(() => sandbox.close())

  it('has names in several scripts and emoji', () => {
    for (const script of [
      /\p{Script=Arabic}/u,
      /\p{Script=Devanagari}/u,
      /\p{Script=Han}/u,
      /\p{Script=Hangul}/u,
      /\p{Script=Cyrillic}/u,
      /\p{Extended_Pictographic}/u,
      /[À-ž]/u
    ]) {
      expect(text).toMatch(script)
    }
  })

  it('has values a spreadsheet would run as formulas', () => {
    for (const formula of ['=HYPERLINK(\\"http://x\\",\\"y\\")', '"+1 555"', '@SUM(A1)', '"-2+3"'])
      expect(text).toContain(formula)
  })

  it('has every status, 24-hex agents, dial codes, tags, notes and attributes', () => {
    for (const status of LEAD_STATUSES) expect(text).toContain(`"status":"${status}"`)
    expect(text).toMatch(/"_agentAssigned":"[0-9a-f]{24}"/)
    expect(text).toMatch(/"prefix":"971"/)
    expect(text).toMatch(/"tags":\["[^"]+/)
    expect(text).toMatch(/"notes":\[\{"_id"/)
    expect(text).toMatch(/"attributes":\[\{"key"/)
    expect(text).toContain(`"${CHATBOT_COM.leadAttributes.status}":`)
  })

  it('leaves fields out and sets others to null', () => {
    const missing = (key: string) => leads.filter((chat) => !(key in chat)).length
    const nulls = (key: string) => leads.filter((chat) => chat[key] === null).length
    for (const key of ['status', 'lastMessage', 'lastSeenAt', 'isOnline']) {
      expect(missing(key)).toBeGreaterThan(0)
      expect(nulls(key)).toBeGreaterThan(0)
    }
  })

  it('has the same person at two or three platforms', () => {
    const emails = (records: unknown[], read: (r: never) => string | null | undefined) =>
      new Set(records.map((r) => read(r as never)).filter((e): e is string => typeof e === 'string'))
    const xc = emails(
      leads,
      (c: { profile?: { userDetails?: { contact?: { email?: string } } } }) => c.profile?.userDetails?.contact?.email
    )
    const cb = emails(
      [...sandbox.snapshot('chatbot-com', 0)],
      (u: { attributes: { default_email: string | null } }) => u.attributes.default_email
    )
    const cz = emails([...sandbox.snapshot('chatzuri', 0)], (l: { email: string | null }) => l.email)
    const shared = (a: Set<string>, b: Set<string>) => [...a].filter((e) => b.has(e)).length
    expect(shared(xc, cb)).toBeGreaterThan(20)
    expect(shared(xc, cz)).toBeGreaterThan(10)
    expect(shared(cb, cz)).toBeGreaterThan(5)
  })

  it('keeps updatedAt strictly decreasing down the express-chat list', () => {
    for (let i = 0; i < sandbox.accounts.expressChat.length; i++) {
      const times = [...sandbox.snapshot('express-chat', i)].map((chat) => Date.parse(chat.updatedAt))
      for (let n = 1; n < times.length; n++) expect(times[n]).toBeLessThan(times[n - 1]!)
    }
  })
})

describe('scale', () => {
  // How fast is `npm run bench`'s business; here, that deep pages and cursors are right at that size.
  it('starts with 1,000,000 leads and serves the last page and a deep cursor correctly', async () => {
    const big = await startSandbox({ seed: 5, leads: 1_000_000, chats: 100_000 })
    try {
      const bot = big.accounts.expressChat[0]!
      const lastPage = Math.ceil(233_334 / 20)
      expect(await xcPage(bot, lastPage)).toHaveLength(233_334 - (lastPage - 1) * 20)
      expect(await xcPage(bot, lastPage + 1)).toEqual([])
      const cb = big.accounts.chatbotCom[0]!
      const oldest = (
        (await call(`${cb.baseUrl}/users?limit=40&sort[order]=asc`, { headers: bearer(cb.token) })).body as {
          data: { id: string }[]
        }
      ).data
      const deep = (await call(`${cb.baseUrl}/users?limit=40&after=${oldest[39]!.id}`, { headers: bearer(cb.token) }))
        .body as { count: number }
      expect(deep.count).toBe(39)
    } finally {
      await big.close()
    }
  })
})
