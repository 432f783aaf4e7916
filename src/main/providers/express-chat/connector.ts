import { BRAND_LABELS, type ConnectionTestResult, type LeadPatch } from '../../../shared/contract'
import { connectionTest, plural, shortId } from '../connection-test'
import {
  ProviderError,
  type CreateOutcome,
  type LocalLead,
  type Connector,
  type ConnectorSettings,
  type Page,
  type PushOutcome,
  type PushTarget,
  type StreamCursor
} from '../connector'
import { EXPRESS_CHAT } from '../decisions'
import { endpoint, requestBody, requestJson, validated } from '../http'
import { pageRecords, ReadAhead, textOf } from '../read-ahead'
import { advance, passFrom } from './cursor'
import { createBody } from './create-body'
import { mapChat, type ExpressStream } from './mapping'
import { chatListSchema, chatSchema, writeResultSchema } from './schemas'
import { writeBody, type ChatAddress } from './write-body'

const STREAMS: readonly ExpressStream[] = ['lead', 'non-lead']
const OBJECT_ID = /^[0-9a-f]{24}$/i

export class ExpressChatConnector implements Connector {
  readonly platform = 'express-chat'
  readonly readOnly = false
  private readonly baseUrl: string
  private readonly tokenOrigin: string
  private readonly ahead = new ReadAhead()

  constructor(private readonly settings: ConnectorSettings) {
    this.baseUrl = settings.baseUrl || EXPRESS_CHAT.defaultBaseUrl
    this.tokenOrigin = settings.tokenOrigin ?? new URL(this.baseUrl).origin
  }

  streams(): readonly string[] {
    return STREAMS
  }

  async fetchPage(stream: string, cursor: StreamCursor | null, signal: AbortSignal): Promise<Page> {
    const type = asStream(stream)
    const pass = passFrom(cursor)
    const leads = await this.list(type, pass.page, signal, pass.since)
    const { next, done } = advance(
      pass,
      leads.map((lead) => lead.updatedAt)
    )
    return { leads, next, done, fraction: null }
  }

  test(signal: AbortSignal): Promise<ConnectionTestResult> {
    return connectionTest(async () => {
      const leads = await this.list('lead', 1, signal)
      const brand = this.settings.brand ? BRAND_LABELS[this.settings.brand] : 'express-chat'
      const { botId } = this.ids()
      return {
        sample: leads.length,
        message: `Connected to ${brand} bot ${shortId(botId)}: ${plural(leads.length, 'lead', 'leads')} on the first page.`
      }
    })
  }

  /**
   * A PUT of the same body leaves the chat as the first one did (an upsert by uuid, lists
   * replaced), so the outbox may repeat it after a lost response. A non-lead chat that receives
   * lead details becomes a lead: promotion is this same call.
   */
  async push(target: PushTarget, patch: LeadPatch, signal: AbortSignal): Promise<PushOutcome> {
    const address: ChatAddress = { uuid: uuidOf(target), ...this.ids() }
    await requestJson({
      method: 'PUT',
      url: endpoint(this.baseUrl, '/inbox/direct/lead'),
      auth: { header: 'x-bp-token', token: this.settings.token, origin: this.tokenOrigin },
      body: writeBody(address, patch),
      schema: writeResultSchema,
      signal,
      timeoutMs: this.settings.timeoutMs,
      fetch: this.settings.fetch
    })
    return { kind: 'delivered', remoteId: address.uuid }
  }

  /**
   * A local lead, created under the uuid the app chose: the PUT is an upsert by uuid, so sending
   * it again after a lost reply writes the same chat, never a second one.
   */
  async createLead(lead: LocalLead, signal: AbortSignal): Promise<CreateOutcome> {
    const { body, warning } = createBody({ uuid: lead.clientId, ...this.ids() }, lead)
    await requestJson({
      method: 'PUT',
      url: endpoint(this.baseUrl, '/inbox/direct/lead'),
      auth: { header: 'x-bp-token', token: this.settings.token, origin: this.tokenOrigin },
      body,
      schema: writeResultSchema,
      signal,
      timeoutMs: this.settings.timeoutMs,
      fetch: this.settings.fetch
    })
    return warning ? { remoteId: lead.clientId, warning } : { remoteId: lead.clientId }
  }

  /** A written chat moves to page 1 of its list (updatedAt descending): look there for the uuid. */
  async findCreated(clientId: string, _since: string, signal: AbortSignal): Promise<string | null> {
    for (const type of STREAMS) {
      const leads = await this.list(type, 1, signal)
      if (leads.some((lead) => lead.remoteId === clientId)) return clientId
    }
    return null
  }

  /**
   * One page of a list. With `since` (a sync's pass), a full page whose last chat is not older
   * than `since` means the pass goes on: the next page is requested before this one is mapped.
   */
  private async list(
    type: ExpressStream,
    page: number,
    signal: AbortSignal,
    since?: string | null
  ): Promise<Page['leads']> {
    const request = (n: number): { key: string; send: () => Promise<unknown> } => {
      const { botId, customerId } = this.ids()
      const url = endpoint(this.baseUrl, '/inbox/direct/chats', { botId, customerId, page: String(n), type })
      const send = (): Promise<unknown> =>
        requestBody({
          method: 'GET',
          url,
          auth: { header: 'x-bot-token', token: this.settings.token, origin: this.tokenOrigin },
          signal,
          timeoutMs: this.settings.timeoutMs,
          fetch: this.settings.fetch,
          notFoundMessage: `express-chat does not know bot ${botId} of customer ${customerId} (404)`
        })
      return { key: url.href, send }
    }
    const current = request(page)
    const json = await this.ahead.take(current.key, current.send)
    // One page ahead, sent only after this answer came back: the list moves while we page, and
    // pages served in order can make us read a chat twice but never skip one (see cursor.ts).
    if (since !== undefined && passGoesOn(json, since)) {
      const next = request(page + 1)
      this.ahead.start(next.key, next.send)
    }
    return validated(json, chatListSchema, this.settings.token).data.map((record) => mapChat(record, type))
  }

  private ids(): { botId: string; customerId: string } {
    const { botId, customerId } = this.settings
    if (!botId || !customerId) {
      throw new ProviderError(
        'bad-request',
        'The bot id and customer id are missing: paste the bot page URL or the widget script'
      )
    }
    return { botId, customerId }
  }
}

/** A full page, its last chat not older than `since` (a guess from the raw JSON; a wrong one costs a request). */
function passGoesOn(json: unknown, since: string | null): boolean {
  const data = pageRecords(json)
  if (data === null || data.length < EXPRESS_CHAT.pageSize) return false
  const last = textOf(data[data.length - 1], 'updatedAt')
  return since === null || (last !== null && last >= since)
}

function asStream(stream: string): ExpressStream {
  const found = STREAMS.find((known) => known === stream)
  if (!found) throw new ProviderError('bad-request', `express-chat has no stream "${stream}"`)
  return found
}

/**
 * Writes address a chat by uuid, and the PUT is an upsert: sending a record's _id as a uuid would
 * create a new chat, so a record known only by its _id cannot be written.
 */
function uuidOf(target: PushTarget): string {
  const parsed = chatSchema.safeParse(target.raw)
  if (parsed.success) {
    if (parsed.data.uuid) return parsed.data.uuid
    throw new ProviderError('bad-request', 'This chat has no uuid, so express-chat cannot update it')
  }
  if (OBJECT_ID.test(target.remoteId)) {
    throw new ProviderError('bad-request', 'This chat has no uuid, so express-chat cannot update it')
  }
  return target.remoteId
}
