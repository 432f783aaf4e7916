import { describeIssues } from '../../providers'
import { CHATBOT_COM } from '../../providers'
import type { ChatbotComLayout } from '../data/accounts'
import { ChatbotComGenerator, type Segment } from '../data/chatbot-com'
import { LayeredOrder, identityOrder, type OrderEntry } from '../order'
import { indexedUuid, type Rng } from '../random'
import {
  CHATBOT_COM_DEFAULT_ATTRIBUTES,
  cbCreateUserSchema,
  cbUpdateUserSchema,
  type ChatbotComUser,
  type ChatbotComUserDetails
} from '../schemas'
import { TokenRegistry } from '../tokens'
import { churnEach, type ChurnTotals } from './churn'
import { bearer, intParam, type ApiRequest, type ApiResponse, type PlatformApi, type PlatformContext } from './types'

const SORT_FIELDS = ['createdAt', 'lastSeen'] as const
type SortField = (typeof SORT_FIELDS)[number]
const SORT_ORDERS = ['asc', 'desc'] as const

/**
 * One account's users. Written attributes override a generated user in place (they do not move
 * it); a user whose lastSeen changes leaves its generated place in the lastSeen order only; a new
 * user is appended to both orders, since "now" sorts after every generated date.
 */
class AccountUsers {
  private readonly generator: ChatbotComGenerator
  private readonly orders: Record<SortField, LayeredOrder>
  /** Generated users that were written or churned, by id. */
  private readonly overrides = new Map<string, ChatbotComUser>()
  private readonly created = new Map<string, { user: ChatbotComUser; segments: Segment[] }>()
  private nextIndex: number

  constructor(
    private readonly ctx: PlatformContext,
    readonly layout: ChatbotComLayout
  ) {
    this.generator = new ChatbotComGenerator(ctx.seed, layout.ordinal, layout.users, (index) =>
      ctx.identities.chatbotCom(layout.ordinal, index)
    )
    this.orders = {
      createdAt: new LayeredOrder(identityOrder(layout.users)),
      lastSeen: new LayeredOrder(this.generator.lastSeenOrder)
    }
    this.nextIndex = layout.users
  }

  /** One page after the user `after` (exclusive); undefined if `after` is not a user here. */
  page(field: SortField, descending: boolean, limit: number, after: string | undefined): ChatbotComUser[] | undefined {
    const order = this.orders[field]
    let start = 0
    if (after !== undefined) {
      const rank = this.rankOf(order, after)
      if (rank === undefined) return undefined
      start = (descending ? order.length - 1 - rank : rank) + 1
    }
    const out: ChatbotComUser[] = []
    for (let n = start; n < Math.min(start + limit, order.length); n++) {
      out.push(this.resolve(descending ? order.atDescending(n) : order.at(n)))
    }
    return out
  }

  *all(): Iterable<ChatbotComUser> {
    const order = this.orders.createdAt
    for (let rank = order.length - 1; rank >= 0; rank--) yield this.resolve(order.at(rank))
  }

  private rankOf(order: LayeredOrder, id: string): number | undefined {
    const index = this.generator.indexOf(id)
    return (index === undefined ? undefined : order.rankOfBase(index)) ?? order.rankOfExtra(id)
  }

  private resolve(entry: OrderEntry | undefined): ChatbotComUser {
    if (entry === undefined) throw new Error('rank out of range')
    if ('base' in entry) {
      const written = this.overrides.size > 0 ? this.overrides.get(this.generator.id(entry.base)) : undefined
      return written ?? this.generator.user(entry.base)
    }
    const user = this.overrides.get(entry.extra) ?? this.created.get(entry.extra)?.user
    if (user === undefined) throw new Error(`lost user ${entry.extra}`)
    return user
  }

  /** The current user with this id, and its generated index if it has one. */
  private find(id: string): { user: ChatbotComUser; index?: number } | undefined {
    const created = this.created.get(id)
    if (created) return { user: created.user }
    const index = this.generator.indexOf(id)
    if (index === undefined) return undefined
    return { user: this.overrides.get(id) ?? this.generator.user(index), index }
  }

  details(id: string): ChatbotComUserDetails | undefined {
    const created = this.created.get(id)
    if (created) return { ...created.user, sessionAttributes: {}, conversations: [], segments: created.segments }
    const found = this.find(id)
    return found?.index === undefined ? undefined : this.generator.details(found.index, found.user)
  }

  segmentsFor(ids: readonly string[]): Segment[] | string {
    const out: Segment[] = []
    for (const id of ids) {
      const segment = this.generator.segments.find((s) => s.id === id)
      if (segment === undefined) return `unknown segment ${id}`
      out.push(segment)
    }
    return out
  }

  create(userId: string | undefined, attributes: Record<string, string>, segments: Segment[]): string {
    const { index, id, date } = this.newSlot()
    const defaults = Object.fromEntries(CHATBOT_COM_DEFAULT_ATTRIBUTES.map((key) => [key, null]))
    this.insert(
      {
        id,
        userId: userId ?? indexedUuid(this.generator.key ^ 3, index),
        banned: false,
        // fromEntries forgets the keys: `defaults` is every default attribute, null.
        attributes: { ...(defaults as ChatbotComUser['attributes']), ...attributes },
        conversations: 0,
        createdAt: date,
        lastSeen: date
      },
      segments
    )
    return id
  }

  /** Index, id and date of a user created now. */
  private newSlot(): { index: number; id: string; date: string } {
    const now = this.ctx.clock.now()
    const index = this.nextIndex++
    return { index, id: this.generator.id(index, now), date: this.generator.dateText(now, index) }
  }

  private insert(user: ChatbotComUser, segments: Segment[]): void {
    this.created.set(user.id, { user, segments })
    this.orders.createdAt.pushExtra(user.id)
    this.orders.lastSeen.pushExtra(user.id)
  }

  /** Merges attributes into the user; false if there is no such user. */
  update(id: string, attributes: Record<string, string>): boolean {
    const found = this.find(id)
    if (found === undefined) return false
    this.store({ ...found.user, attributes: { ...found.user.attributes, ...attributes } })
    return true
  }

  private store(user: ChatbotComUser): void {
    const created = this.created.get(user.id)
    if (created) created.user = user
    else this.overrides.set(user.id, user)
  }

  get size(): number {
    return this.orders.createdAt.length
  }

  /** "Data changes while paging": `count` users come back (lastSeen = now), `inserted` new users sign up. */
  churn(count: number, rng: Rng, inserted = count): void {
    const order = this.orders.lastSeen
    for (let n = 0; n < count && order.length > 0; n++) {
      const entry = order.at(rng.int(order.length))
      const user = this.resolve(entry)
      const now = this.ctx.clock.now()
      this.store({ ...user, conversations: user.conversations + 1, lastSeen: this.generator.dateText(now, now) })
      if (entry && 'base' in entry) order.removeBase(entry.base)
      order.pushExtra(user.id)
    }
    for (let n = 0; n < inserted; n++) {
      const { index, id, date } = this.newSlot()
      this.insert({ ...this.generator.user(index), id, createdAt: date, lastSeen: date }, [])
    }
  }
}

export class ChatbotComPlatform implements PlatformApi {
  readonly platform = 'chatbot-com' as const
  readonly tokens: TokenRegistry<number>
  private readonly accounts: AccountUsers[]

  constructor(private readonly ctx: PlatformContext) {
    this.accounts = ctx.layout.chatbotCom.map((layout) => new AccountUsers(ctx, layout))
    this.tokens = new TokenRegistry(ctx.layout.chatbotCom.map((account) => [account.token, account.ordinal] as const))
  }

  errorBody(status: number, message: string): unknown {
    return { timestamp: new Date().toISOString(), status: { code: status, type: 'error', message } }
  }

  private error(status: number, message: string): ApiResponse {
    return { status, body: this.errorBody(status, message) }
  }

  private success(): { timestamp: string; status: { code: 200; type: 'success' } } {
    return { timestamp: new Date().toISOString(), status: { code: 200, type: 'success' } }
  }

  handle(request: ApiRequest): ApiResponse {
    const check = this.tokens.check(bearer(request.headers))
    if (!check.ok) return this.error(401, check.message)
    const account = this.accounts[check.account]
    if (account === undefined) return this.error(401, 'invalid API token')
    if (request.path === '/users') {
      if (request.method === 'GET') return this.list(account, request.query)
      if (request.method === 'POST') return this.create(account, request)
    }
    const userPath = /^\/users\/([^/]+)$/.exec(request.path)
    if (userPath) {
      const id = decodeURIComponent(userPath[1] as string)
      if (request.method === 'GET') {
        const user = account.details(id)
        return user ? { status: 200, body: user } : this.error(404, `user ${id} not found`)
      }
      if (request.method === 'PUT') return this.update(account, id, request)
    }
    return this.error(404, `no route ${request.method} ${request.path}`)
  }

  private list(account: AccountUsers, query: URLSearchParams): ApiResponse {
    const limitText = query.get('limit')
    const limit = limitText === null ? CHATBOT_COM.defaultLimit : intParam(limitText, 1, CHATBOT_COM.maxLimit)
    if (limit === undefined) return this.error(400, `limit must be an integer from 1 to ${CHATBOT_COM.maxLimit}`)
    const field = query.get('sort[field]') ?? 'createdAt'
    if (!isOneOf(SORT_FIELDS, field)) return this.error(400, 'sort[field] must be createdAt or lastSeen')
    const order = query.get('sort[order]') ?? 'desc'
    if (!isOneOf(SORT_ORDERS, order)) return this.error(400, 'sort[order] must be asc or desc')
    const after = query.get('after') ?? undefined
    const data = account.page(field, order === 'desc', limit, after)
    if (data === undefined) return this.error(400, `after: no user ${after}`)
    const churn = this.ctx.faults.settings.churnPerRequest
    return {
      status: 200,
      body: { data, count: data.length },
      afterSend: churn > 0 ? () => account.churn(churn, this.ctx.faults.churnRng) : undefined
    }
  }

  private create(account: AccountUsers, request: ApiRequest): ApiResponse {
    if (request.bodyError !== undefined) return this.error(400, request.bodyError)
    const parsed = cbCreateUserSchema.safeParse(request.body)
    if (!parsed.success) return this.error(400, describeIssues(parsed.error))
    const { userId, attributes } = parsed.data
    const segmentIds = parsed.data.segments === undefined ? [] : [parsed.data.segments].flat()
    const segments = account.segmentsFor(segmentIds)
    if (typeof segments === 'string') return this.error(400, segments)
    const id = account.create(userId, attributes, segments)
    this.ctx.logWrite(request.method, request.path, request.body)
    return { status: 200, body: [{ id, ...this.success() }] }
  }

  private update(account: AccountUsers, id: string, request: ApiRequest): ApiResponse {
    if (request.bodyError !== undefined) return this.error(400, request.bodyError)
    const parsed = cbUpdateUserSchema.safeParse(request.body)
    if (!parsed.success) return this.error(400, describeIssues(parsed.error))
    if (!account.update(id, parsed.data.attributes)) return this.error(404, `user ${id} not found`)
    this.ctx.logWrite(request.method, request.path, request.body)
    return { status: 200, body: this.success() }
  }

  churnAll(changed: number, inserted: number, rng: Rng): ChurnTotals {
    return churnEach(
      this.accounts,
      (account) => account.size,
      changed,
      inserted,
      (account, c, i) => account.churn(c, rng, i)
    )
  }

  snapshot(account: number | string): Iterable<ChatbotComUser> {
    const found =
      typeof account === 'number' ? this.accounts[account] : this.accounts.find((a) => a.layout.token === account)
    if (found === undefined) throw new Error(`no chatbot-com account ${account}`)
    return found.all()
  }
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value)
}
