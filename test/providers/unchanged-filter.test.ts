import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createConnector } from '../../src/main/providers'
import type {
  ConnectorSettings,
  NormalizedLead,
  Page,
  ReceivedRecord,
  StreamCursor,
  UnchangedFilter
} from '../../src/main/providers/connector'
import { startSandbox, type RunningSandbox } from '../../src/main/sandbox'

/*
 * ChatBot.com and Chatzuri re-read every record each sync: given an UnchangedFilter, a page leaves
 * out what the cache holds unchanged before checking and mapping it, and pages exactly as before.
 */

const signal = new AbortController().signal
let sandbox: RunningSandbox

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 7, leads: 3000, chats: 0 })
})
afterAll(() => sandbox.close())

const platforms: Record<'chatbot-com' | 'chatzuri', { stream: string; settings: () => ConnectorSettings }> = {
  'chatbot-com': {
    stream: 'users',
    settings: () => {
      const account = sandbox.accounts.chatbotCom[0]!
      return { platform: 'chatbot-com', baseUrl: account.baseUrl, token: account.token }
    }
  },
  chatzuri: {
    stream: 'leads',
    settings: () => {
      const account = sandbox.accounts.chatzuri[0]!
      return { platform: 'chatzuri', baseUrl: account.baseUrl, token: account.token, agentId: account.agentId }
    }
  }
}

/** A full pass from the start: every page as returned, and every record the filter was asked about. */
async function pass(settings: ConnectorSettings, stream: string, filter?: UnchangedFilter) {
  const connector = createConnector(settings)
  const pages: Page[] = []
  const asked: ReceivedRecord[] = []
  const asking: UnchangedFilter | undefined = filter
    ? (records) => {
        asked.push(...records)
        return filter(records)
      }
    : undefined
  let cursor: StreamCursor | null = null
  for (let n = 0; n < 500; n++) {
    const page = await connector.fetchPage(stream, cursor, signal, asking)
    pages.push(page)
    cursor = page.next
    if (page.done) return { pages, asked }
  }
  throw new Error('never done')
}

describe.each(Object.entries(platforms))('%s with an unchanged filter', (_platform, { stream, settings }) => {
  it('leaves out what the cache holds unchanged, and pages as without it', async () => {
    const plain = await pass(settings(), stream)
    const all = plain.pages.flatMap((page) => page.leads)
    expect(plain.pages.length).toBeGreaterThan(2)
    expect(plain.pages.every((page) => page.unchanged === undefined)).toBe(true)
    const stored = new Map(all.map((lead) => [lead.remoteId, JSON.stringify(lead.raw)]))
    // Every third record changed since the cache last saw it; the rest are as stored.
    const changed = new Set(all.filter((_, n) => n % 3 === 0).map((lead) => lead.remoteId))
    const filtered = await pass(settings(), stream, async (records) => {
      const same = new Set<string>()
      for (const r of records)
        if (!changed.has(r.remoteId) && stored.get(r.remoteId) === r.rawJson) same.add(r.remoteId)
      return same
    })

    // Asked about every record once, as the cache stores it.
    expect(filtered.asked.map((r) => [r.remoteId, r.kind, r.rawJson])).toEqual(
      all.map((lead) => [lead.remoteId, lead.kind, stored.get(lead.remoteId)])
    )
    // The same pages and cursors; each page's records split into mapped and left out.
    expect(filtered.pages.map((p) => [p.next, p.done])).toEqual(plain.pages.map((p) => [p.next, p.done]))
    filtered.pages.forEach((page, n) => {
      const expected = plain.pages[n]!.leads.filter((lead) => changed.has(lead.remoteId))
      const strip = (lead: NormalizedLead) => ({ ...lead, raw: null, rawJson: undefined })
      expect(page.leads.map(strip)).toEqual(expected.map(strip))
      // Mapped records carry the text already made for the comparison, not the parsed tree.
      expect(page.leads.map((lead) => lead.rawJson)).toEqual(expected.map((lead) => JSON.stringify(lead.raw)))
      expect(page.leads.every((lead) => lead.raw === null)).toBe(true)
      expect((page.unchanged ?? 0) + page.leads.length).toBe(plain.pages[n]!.leads.length)
    })
  })

  it('still refuses a page whose changed records break the schema', async () => {
    const broken: typeof fetch = async (input, init) => {
      const response = await fetch(input, init)
      const body = (await response.json()) as { data: Record<string, unknown>[] }
      body.data[0]!.id = { not: 'an id' }
      return new Response(JSON.stringify(body), { status: response.status, headers: response.headers })
    }
    const connector = createConnector({ ...settings(), fetch: broken })
    await expect(connector.fetchPage(stream, null, signal, async () => new Set())).rejects.toMatchObject({
      kind: 'malformed'
    })
  })
})
