import { z } from 'zod'
import type { ConnectionTestResult, LeadPatch } from '../../../shared/contract'
import { connectionTest, plural } from '../connection-test'
import {
  ProviderError,
  type CreateOutcome,
  type LocalLead,
  type Connector,
  type ConnectorSettings,
  type NormalizedLead,
  type Page,
  type PushOutcome,
  type PushTarget,
  type RemoteConversation,
  type StreamCursor,
  type UnchangedFilter
} from '../connector'
import { toIsoUtc } from '../dates'
import { CHATBOT_COM } from '../decisions'
import { endpoint, requestBody, requestJson, validated, type HttpRequest } from '../http'
import { pageRecords, ReadAhead, textOf } from '../read-ahead'
import { recordsToMap, withRawJson } from '../unchanged'
import { createAttributes } from './create-attributes'
import { mapUser } from './mapping'
import { createResultSchema, updateResultSchema, userDetailsSchema, userListSchema } from './schemas'
import { assertWritable, patchToAttributes } from './write-attributes'

const STREAMS = ['users'] as const
/** How far back a read-back looks: clocks differ, and other users are created meanwhile. */
const FIND_CREATED_SLACK_MS = 10 * 60_000
const FIND_CREATED_PAGES = 25

/*
 * Keyset paging: sorted by createdAt ascending, `after` = the id of the last user read, so users
 * created during a pass land after us and are read; the pass ends on a short page (one that did not
 * fill the limit), not only an empty one: users who keep signing up while we page would otherwise
 * keep every page non-empty and the pass would never end. Those are read next time. Without an
 * updatedAt nothing tells us which users changed, so every sync re-reads them all (the engine
 * skips unchanged rows) and the resting cursor starts the next pass from the beginning.
 */
const cursorSchema = z.object({ v: z.literal(1), after: z.string().min(1).nullable() })
type UsersCursor = z.infer<typeof cursorSchema>
const RESTING: UsersCursor & { resting: true } = { v: 1, after: null, resting: true }

export class ChatbotComConnector implements Connector {
  readonly platform = 'chatbot-com'
  readonly readOnly = false
  private readonly baseUrl: string
  private readonly tokenOrigin: string
  private readonly ahead = new ReadAhead()

  constructor(private readonly settings: ConnectorSettings) {
    this.baseUrl = settings.baseUrl || CHATBOT_COM.defaultBaseUrl
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
    if (stream !== 'users') throw new ProviderError('bad-request', `ChatBot.com has no stream "${stream}"`)
    const parsed = cursorSchema.safeParse(cursor)
    const after = parsed.success ? parsed.data.after : null
    const { leads, read, lastId, skipped } = await this.page(after, signal, unchanged)
    const tail = skipped > 0 ? { unchanged: skipped } : {}
    if (lastId === null || read < CHATBOT_COM.maxLimit) {
      return { leads, next: { ...RESTING }, done: true, fraction: null, ...tail }
    }
    const next: UsersCursor = { v: 1, after: lastId }
    return { leads, next, done: false, fraction: null, ...tail }
  }

  test(signal: AbortSignal): Promise<ConnectionTestResult> {
    return connectionTest(async () => {
      const users = await this.list(null, signal)
      return {
        sample: users.length,
        message: `Connected to ChatBot.com: ${plural(users.length, 'user', 'users')} on the first page.`
      }
    })
  }

  /** Setting the same attributes again leaves the user as the first PUT did: safe to repeat. */
  async push(target: PushTarget, patch: LeadPatch, signal: AbortSignal): Promise<PushOutcome> {
    const { attributes, warning } = patchToAttributes(patch, target.raw)
    assertWritable(attributes)
    await requestJson(
      this.request({
        method: 'PUT',
        url: endpoint(this.baseUrl, `/users/${encodeURIComponent(target.remoteId)}`),
        body: { attributes },
        schema: updateResultSchema,
        signal,
        notFoundMessage: `ChatBot.com has no user ${target.remoteId} (404)`
      })
    )
    return warning
      ? { kind: 'delivered', remoteId: target.remoteId, warning }
      : { kind: 'delivered', remoteId: target.remoteId }
  }

  /** GET /users/:id: the conversations the user had, as ChatBot.com lists them. */
  async conversations(remoteId: string, signal: AbortSignal): Promise<RemoteConversation[]> {
    const details = await requestJson(
      this.request({
        method: 'GET',
        url: endpoint(this.baseUrl, `/users/${encodeURIComponent(remoteId)}`),
        schema: userDetailsSchema,
        signal,
        notFoundMessage: `ChatBot.com has no user ${remoteId} (404)`
      })
    )
    return (details.conversations ?? []).map((c) => ({
      id: c.id,
      startedAt: toIsoUtc(c.date),
      firstMessage: c.firstMessage ?? null
    }))
  }

  /**
   * POST /users, for leads created in the app. Pass a stable `userId` (e.g. the local lead's id):
   * a retried create then names the same user instead of making a second one. Without one,
   * ChatBot.com requires `default_email`.
   */
  async createUser(
    attributes: Record<string, string>,
    signal: AbortSignal,
    userId?: string
  ): Promise<{ remoteId: string }> {
    assertWritable(attributes)
    if (userId === undefined && attributes.default_email === undefined) {
      throw new ProviderError('bad-request', 'ChatBot.com needs a userId or an email to create a user')
    }
    const created = await requestJson(
      this.request({
        method: 'POST',
        url: endpoint(this.baseUrl, '/users'),
        body: userId === undefined ? { attributes } : { userId, attributes },
        schema: createResultSchema,
        signal
      })
    )
    const [first] = created
    if (!first) throw new ProviderError('malformed', 'ChatBot.com answered the create without an id')
    return { remoteId: first.id }
  }

  /** A local lead as a new user, its client id as `userId`, which ChatBot.com keeps and lists. */
  async createLead(lead: LocalLead, signal: AbortSignal): Promise<CreateOutcome> {
    const { attributes, warning } = createAttributes(lead)
    const { remoteId } = await this.createUser(attributes, signal, lead.clientId)
    return warning ? { remoteId, warning } : { remoteId }
  }

  /**
   * POST /users is not idempotent: after a lost reply, look for our userId among the newest users
   * (createdAt descending) before creating again. Stops at users created well before `since`.
   */
  async findCreated(clientId: string, since: string, signal: AbortSignal): Promise<string | null> {
    const horizon = Date.parse(since) - FIND_CREATED_SLACK_MS
    let after: string | null = null
    for (let page = 0; page < FIND_CREATED_PAGES; page++) {
      const query: Record<string, string> = {
        limit: String(CHATBOT_COM.maxLimit),
        'sort[field]': 'createdAt',
        'sort[order]': 'desc'
      }
      if (after !== null) query.after = after
      const body = await requestJson(
        this.request({ method: 'GET', url: endpoint(this.baseUrl, '/users', query), schema: userListSchema, signal })
      )
      for (const { value: user } of body.data) if (user.userId === clientId) return user.id
      const last = body.data[body.data.length - 1]?.value
      const lastCreated = Date.parse(toIsoUtc(last?.createdAt) ?? '')
      if (!last || body.data.length < CHATBOT_COM.maxLimit || lastCreated < horizon) return null
      after = last.id
    }
    return null
  }

  /** One page after `after`, without read-ahead or filter (connection test, nothing else follows). */
  private async list(after: string | null, signal: AbortSignal): Promise<NormalizedLead[]> {
    const current = this.pageRequest(after, signal)
    const json = await this.ahead.take(current.key, current.send)
    return validated(json, userListSchema, this.settings.token).data.map(mapUser)
  }

  /**
   * One page of a sync's pass: a full page has the next one requested before it is checked and
   * mapped; with `unchanged`, the users the cache holds unchanged are neither checked nor mapped.
   * `read` and `lastId` count every user of the page, for the cursor.
   */
  private async page(
    after: string | null,
    signal: AbortSignal,
    unchanged?: UnchangedFilter
  ): Promise<{ leads: NormalizedLead[]; read: number; lastId: string | null; skipped: number }> {
    const current = this.pageRequest(after, signal)
    const json = await this.ahead.take(current.key, current.send)
    const data = pageRecords(json)
    // Keyset paging: the next page's `after` is this page's last id, so one page ahead at most.
    const last = data === null || data.length < CHATBOT_COM.maxLimit ? null : lastIdOf(data)
    if (last !== null) {
      const next = this.pageRequest(last, signal)
      this.ahead.start(next.key, next.send)
    }
    if (!unchanged || data === null) {
      const leads = validated(json, userListSchema, this.settings.token).data.map(mapUser)
      return { leads, read: leads.length, lastId: leads[leads.length - 1]?.remoteId ?? null, skipped: 0 }
    }
    const toMap = await recordsToMap(data, (user) => textOf(user, 'id'), 'lead', unchanged)
    // The page's own shape (count included) is checked as before, its records only where they changed.
    const page = validated({ ...envelopeOf(json), data: toMap.records }, userListSchema, this.settings.token)
    const lastId = data.length === 0 ? null : lastIdOf(data)
    return {
      leads: withRawJson(page.data.map(mapUser), toMap.rawJsons),
      read: data.length,
      lastId,
      skipped: toMap.unchanged
    }
  }

  private pageRequest(from: string | null, signal: AbortSignal): { key: string; send: () => Promise<unknown> } {
    const query: Record<string, string> = {
      limit: String(CHATBOT_COM.maxLimit),
      'sort[field]': 'createdAt',
      'sort[order]': 'asc'
    }
    if (from !== null) query.after = from
    const url = endpoint(this.baseUrl, '/users', query)
    return { key: url.href, send: () => requestBody(this.request({ method: 'GET', url, signal })) }
  }

  private request<R extends Omit<HttpRequest, 'auth' | 'fetch' | 'timeoutMs'>>(
    request: R
  ): R & Pick<HttpRequest, 'auth' | 'fetch' | 'timeoutMs'> {
    return {
      ...request,
      auth: { header: 'authorization', scheme: 'Bearer', token: this.settings.token, origin: this.tokenOrigin },
      fetch: this.settings.fetch,
      timeoutMs: this.settings.timeoutMs
    }
  }
}

/** The id of a page's last user (the next page's `after`), from the raw JSON; null if it has none. */
function lastIdOf(data: readonly unknown[]): string | null {
  const id = textOf(data[data.length - 1], 'id')
  return id === '' ? null : id
}

/** The page's fields other than its records (a page is an object when it has records). */
function envelopeOf(json: unknown): object {
  return typeof json === 'object' && json !== null ? json : {}
}
