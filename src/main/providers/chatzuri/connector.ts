import { z } from 'zod'
import type { ConnectionTestResult } from '../../../shared/contract'
import { connectionTest, plural, shortId } from '../connection-test'
import {
  ProviderError,
  type Connector,
  type ConnectorSettings,
  type NormalizedLead,
  type Page,
  type PushOutcome,
  type StreamCursor,
  type UnchangedFilter
} from '../connector'
import { toIsoUtc, utcDay } from '../dates'
import { CHATZURI } from '../decisions'
import { endpoint, requestBody, validated } from '../http'
import { pageRecords, ReadAhead, textOf } from '../read-ahead'
import { recordsToMap, withRawJson } from '../unchanged'
import { mapLead } from './mapping'
import { leadListSchema } from './schemas'

const STREAMS = ['leads'] as const
/** Pages requested ahead of the one being read. */
const READ_AHEAD_PAGES = 3

/*
 * Page numbers over leads in created_at order, from 1 until a short page (fewer than `size`: leads
 * that keep arriving at the end would otherwise make every page non-empty); leads created during a
 * pass are appended, so they are read. Chatzuri has no updated-at, so a lead changed on the
 * platform is only seen by reading it again: every sync re-reads the whole list (the engine skips
 * unchanged rows). `since` stays in the cursor for a pass limited by date. No endDate: the server's
 * "today" decides.
 */
const passSchema = z.object({
  v: z.literal(1),
  page: z.number().int().min(1),
  /** startDate of this pass, YYYY-MM-DD; null for a full pass. */
  since: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  /** Newest created_at day seen so far. */
  latest: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable()
})
type PassCursor = z.infer<typeof passSchema>
const restingSchema = z.object({ v: z.literal(1), resting: z.literal(true), since: passSchema.shape.since })

export class ChatzuriConnector implements Connector {
  readonly platform = 'chatzuri'
  /** Chatzuri has no write API: edits stay local and the UI says so. */
  readonly readOnly = true
  private readonly baseUrl: string
  private readonly tokenOrigin: string
  private readonly ahead = new ReadAhead()

  constructor(private readonly settings: ConnectorSettings) {
    this.baseUrl = settings.baseUrl || CHATZURI.defaultBaseUrl
    this.tokenOrigin = settings.tokenOrigin ?? new URL(this.baseUrl).origin
  }

  streams(): readonly string[] {
    return STREAMS
  }

  async fetchPage(
    stream: string,
    cursor: StreamCursor | null,
    signal: AbortSignal,
    unchanged?: UnchangedFilter
  ): Promise<Page> {
    if (stream !== 'leads') throw new ProviderError('bad-request', `Chatzuri has no stream "${stream}"`)
    const pass = passFrom(cursor)
    const { leads, read, created, skipped } = await this.list(pass.page, pass.since, signal, true, unchanged)
    const tail = skipped > 0 ? { unchanged: skipped } : {}
    const latest = created.reduce<string | null>((max, at) => {
      const day = at ? utcDay(at) : null
      return day !== null && (max === null || day > max) ? day : max
    }, pass.latest)
    if (read < CHATZURI.maxSize) {
      return { leads, next: { v: 1, resting: true, since: null }, done: true, fraction: null, ...tail }
    }
    const next: PassCursor = { ...pass, page: pass.page + 1, latest }
    return { leads, next, done: false, fraction: null, ...tail }
  }

  test(signal: AbortSignal): Promise<ConnectionTestResult> {
    return connectionTest(async () => {
      const { leads } = await this.list(1, null, signal)
      return {
        sample: leads.length,
        message: `Connected to Chatzuri agent ${shortId(this.agentId())}: ${plural(leads.length, 'lead', 'leads')} on the first page.`
      }
    })
  }

  async push(): Promise<PushOutcome> {
    return { kind: 'read-only' }
  }

  /**
   * One page; with `readAhead`, a full page has the next one requested before it is mapped; with
   * `unchanged`, the leads the cache holds unchanged are neither checked nor mapped (`read` counts
   * them, `skipped` is how many).
   */
  private async list(
    page: number,
    since: string | null,
    signal: AbortSignal,
    readAhead = false,
    unchanged?: UnchangedFilter
  ): Promise<{ leads: NormalizedLead[]; read: number; created: (string | null)[]; skipped: number }> {
    const request = (n: number): { key: string; send: () => Promise<unknown> } => {
      const agentId = this.agentId()
      // Older docs call the agent chatbotId: send both names.
      const query: Record<string, string> = { agentId, chatbotId: agentId }
      if (since !== null) query.startDate = since
      query.page = String(n)
      query.size = String(CHATZURI.maxSize)
      const url = endpoint(this.baseUrl, '/api/v1/get-leads', query)
      const send = (): Promise<unknown> =>
        requestBody({
          method: 'GET',
          url,
          auth: { header: 'authorization', scheme: 'Bearer', token: this.settings.token, origin: this.tokenOrigin },
          signal,
          timeoutMs: this.settings.timeoutMs,
          fetch: this.settings.fetch,
          notFoundMessage: `Chatzuri does not know agent ${agentId} (404)`
        })
      return { key: url.href, send }
    }
    const current = request(page)
    const json = await this.ahead.take(current.key, current.send)
    const data = pageRecords(json)
    // Leads keep their place (changes are made in place, new leads go at the end), so pages may be
    // served in any order: several are asked for ahead, and the platform is never left waiting.
    if (readAhead && data !== null && data.length >= CHATZURI.maxSize) {
      for (let ahead = 1; ahead <= READ_AHEAD_PAGES; ahead++) {
        const next = request(page + ahead)
        this.ahead.start(next.key, next.send)
      }
    }
    if (!unchanged || data === null) {
      const leads = validated(json, leadListSchema, this.settings.token).data.map(mapLead)
      return { leads, read: leads.length, created: leads.map((lead) => lead.createdAt), skipped: 0 }
    }
    const toMap = await recordsToMap(data, idOf, 'lead', unchanged)
    const checked = validated({ data: toMap.records }, leadListSchema, this.settings.token)
    return {
      leads: withRawJson(checked.data.map(mapLead), toMap.rawJsons),
      read: data.length,
      // Every lead's, unchanged ones included, as mapLead reads it (created_at is a string or nothing).
      created: data.map((lead) => toIsoUtc(textOf(lead, 'created_at'))),
      skipped: toMap.unchanged
    }
  }

  private agentId(): string {
    if (!this.settings.agentId) throw new ProviderError('bad-request', 'The Chatzuri agent id is missing')
    return this.settings.agentId
  }
}

/** A raw lead's id as mapLead makes its remote id (a number or a string of digits); null without one. */
function idOf(record: unknown): string | null {
  const id: unknown = typeof record === 'object' && record !== null ? Reflect.get(record, 'id') : null
  return typeof id === 'number' || typeof id === 'string' ? String(id) : null
}

function passFrom(stored: StreamCursor | null): PassCursor {
  const pass = passSchema.safeParse(stored)
  if (pass.success) return pass.data
  const resting = restingSchema.safeParse(stored)
  const since = resting.success ? resting.data.since : null
  return { v: 1, page: 1, since, latest: since }
}
