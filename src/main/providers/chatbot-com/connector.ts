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
  type Landmarks,
  type StreamCursor,
  type UnchangedFilter
} from '../connector'
import { toIsoUtc } from '../dates'
import { CHATBOT_COM } from '../decisions'
import { endpoint, parseJson, requestJson, requestText, validated, type HttpRequest } from '../http'
import { leadingId, splitPage } from '../json-split'
import { pageRecords, ReadAhead, textOf } from '../read-ahead'
import { recordsToMap, recordTextsToMap, withRawJson, type RecordText } from '../unchanged'
import { createAttributes } from './create-attributes'
import { advance, cursorOf, lanesFrom, mergeRefused, passOf, type Lane } from './lanes'
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
 * skips unchanged rows) and the resting cursor starts the next pass from the beginning. A re-scan
 * reads in lanes (see lanes.ts), a first sync in one.
 */
const RESTING: { v: 1; after: null; resting: true } = { v: 1, after: null, resting: true }
/** Lanes of a re-scan: the requests in flight at once (the platform publishes no rate limit). */
const LANES = 4

export class ChatbotComConnector implements Connector {
  readonly platform = 'chatbot-com'
  readonly readOnly = false
  private readonly baseUrl: string
  private readonly tokenOrigin: string
  /** Pages as text: a re-scan splits them before it parses anything (see `page`). */
  private readonly ahead = new ReadAhead<string>()

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
    unchanged?: UnchangedFilter,
    landmarks?: Landmarks
  ): Promise<Page> {
    if (stream !== 'users') throw new ProviderError('bad-request', `ChatBot.com has no stream "${stream}"`)
    let pass = passOf(cursor) ?? { lanes: lanesFrom(landmarks ? await landmarks(LANES - 1) : []), turn: 0 }
    for (;;) {
      for (const lane of pass.lanes) {
        const ahead = this.pageRequest(lane.after, signal)
        this.ahead.start(ahead.key, ahead.send)
      }
      const index = pass.turn % pass.lanes.length
      const lane = pass.lanes[index]!
      const current = this.pageRequest(lane.after, signal)
      let text: string
      try {
        text = await this.ahead.take(current.key, current.send)
      } catch (error) {
        const merged = mergeRefused(pass, index, error)
        if (merged === null) throw error
        pass = merged
        continue
      }
      const { leads, step, skipped } = await this.page(text, lane, signal, unchanged)
      const tail = skipped > 0 ? { unchanged: skipped } : {}
      const lanes = pass.lanes.slice()
      if (step.done) lanes.splice(index, 1)
      else lanes[index] = { after: step.after, stop: lane.stop }
      if (lanes.length === 0) return { leads, next: { ...RESTING }, done: true, fraction: null, ...tail }
      const turn = (step.done ? index : index + 1) % lanes.length
      return { leads, next: cursorOf({ lanes, turn }), done: false, fraction: null, ...tail }
    }
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
    const json = parseJson(await this.ahead.take(current.key, current.send))
    return validated(json, userListSchema, this.settings.token).data.map(mapUser)
  }

  /**
   * One page of a lane: the lane's next page is requested before this one is checked and mapped.
   * Users past the lane's stop are left to the lane that reads them. With `unchanged`, the page is
   * split into its users' texts (see json-split.ts) and those the cache holds as they are are
   * neither parsed, checked nor mapped.
   */
  private async page(
    text: string,
    lane: Lane,
    signal: AbortSignal,
    unchanged?: UnchangedFilter
  ): Promise<{ leads: NormalizedLead[]; step: Step; skipped: number }> {
    const split = unchanged ? splitPage(text, 'data', 'id') : null
    if (unchanged && split !== null) {
      try {
        const rest = parseJson(split.rest)
        const records = split.records.map(recordText)
        const step = this.advance(
          lane,
          records.map(({ id }) => id),
          signal
        )
        const toMap = await recordTextsToMap(records.slice(0, step.take), 'lead', unchanged)
        // The page's own shape (count included) is checked as before, its records only where they changed.
        const page = validated({ ...envelopeOf(rest), data: toMap.records }, userListSchema, this.settings.token)
        return { leads: withRawJson(page.data.map(mapUser), toMap.rawJsons), step, skipped: toMap.unchanged }
      } catch (error) {
        // Not split where the records are (see json-split.ts), or a record is malformed: parsed whole, it says which.
        if (!(error instanceof ProviderError) || error.kind !== 'malformed') throw error
      }
    }
    return this.parsedPage(parseJson(text), lane, signal, unchanged)
  }

  /** `page` for a page parsed whole: a first sync's, or one whose text is not the usual shape. */
  private async parsedPage(
    json: unknown,
    lane: Lane,
    signal: AbortSignal,
    unchanged?: UnchangedFilter
  ): Promise<{ leads: NormalizedLead[]; step: Step; skipped: number }> {
    const data = pageRecords(json)
    // Without records the page is refused by its schema, as any malformed page.
    if (data === null) {
      return { leads: validated(json, userListSchema, this.settings.token).data.map(mapUser), step: END, skipped: 0 }
    }
    const step = this.advance(
      lane,
      data.map((user) => textOf(user, 'id')),
      signal
    )
    const taken = step.take === data.length ? data : data.slice(0, step.take)
    if (!unchanged) {
      const page = validated({ ...envelopeOf(json), data: taken }, userListSchema, this.settings.token)
      return { leads: page.data.map(mapUser), step, skipped: 0 }
    }
    const toMap = await recordsToMap(taken, (user) => textOf(user, 'id'), 'lead', unchanged)
    const page = validated({ ...envelopeOf(json), data: toMap.records }, userListSchema, this.settings.token)
    return { leads: withRawJson(page.data.map(mapUser), toMap.rawJsons), step, skipped: toMap.unchanged }
  }

  /** Where the page leaves its lane; the lane's next page is asked for at once. */
  private advance(lane: Lane, ids: readonly (string | null)[], signal: AbortSignal): Step {
    const step = advance(lane, ids, CHATBOT_COM.maxLimit)
    if (!step.done) {
      const next = this.pageRequest(step.after, signal)
      this.ahead.start(next.key, next.send)
    }
    return step
  }

  private pageRequest(from: string | null, signal: AbortSignal): { key: string; send: () => Promise<string> } {
    const query: Record<string, string> = {
      limit: String(CHATBOT_COM.maxLimit),
      'sort[field]': 'createdAt',
      'sort[order]': 'asc'
    }
    if (from !== null) query.after = from
    const url = endpoint(this.baseUrl, '/users', query)
    return { key: url.href, send: () => requestText(this.request({ method: 'GET', url, signal })) }
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

type Step = ReturnType<typeof advance>
/** A page without records ends its lane (its schema refuses it first). */
const END: Step = { take: 0, done: true, after: null }

/** A user's text and id: read from its opening when it starts with it, else parsed for. */
function recordText(text: string): RecordText {
  const id = leadingId(text, 'id')
  if (id !== null) return { text, id }
  const parsed = parseJson(text)
  return { text, id: textOf(parsed, 'id'), parsed }
}

/** The page's fields other than its records (a page is an object when it has records). */
function envelopeOf(json: unknown): object {
  return typeof json === 'object' && json !== null ? json : {}
}
