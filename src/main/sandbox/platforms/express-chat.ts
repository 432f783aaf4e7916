import { EXPRESS_CHAT } from '../../providers'
import { describeIssues } from '../../providers'
import type { ExpressChatBotLayout } from '../data/accounts'
import { ExpressChatGenerator } from '../data/express-chat'
import { MESSAGES } from '../data/pools'
import { iso } from '../data/time'
import { LayeredOrder, reversedOrder, type OrderEntry } from '../order'
import { Rng, hash32 } from '../random'
import {
  EXPRESS_CHAT_TYPES,
  isExpressChatType,
  xcLeadWriteSchema,
  type ExpressChatChat,
  type ExpressChatLeadWrite,
  type ExpressChatType,
  type ExpressChatUserDetails
} from '../schemas'
import { TokenRegistry } from '../tokens'
import { churnEach, type ChurnTotals } from './churn'
import {
  header,
  intParam,
  type ApiRequest,
  type ApiResponse,
  type PlatformApi,
  type PlatformContext,
  type SnapshotOptions
} from './types'

interface Located {
  type: ExpressChatType
  chat: ExpressChatChat
  /** Set while the chat still sits at its generated place. */
  base?: number
}

/**
 * One bot's chats. Generated chats stay virtual; a chat that is written (or churned) is stored
 * whole in `moved` and taken out of its generated place, so it is listed exactly once, on top.
 */
class BotChats {
  private readonly generators: Record<ExpressChatType, ExpressChatGenerator>
  private readonly orders: Record<ExpressChatType, LayeredOrder>
  private readonly moved = new Map<string, { type: ExpressChatType; chat: ExpressChatChat }>()
  private readonly nextIndex: Record<ExpressChatType, number>
  private writes = 0

  constructor(
    private readonly ctx: PlatformContext,
    readonly layout: ExpressChatBotLayout
  ) {
    const personOf = (index: number): number => ctx.identities.expressChat(layout.ordinal, index)
    const make = (type: ExpressChatType, size: number): ExpressChatGenerator =>
      new ExpressChatGenerator(ctx.seed, layout.ordinal, type, size, personOf)
    this.generators = { lead: make('lead', layout.leads), 'non-lead': make('non-lead', layout.chats) }
    // Ascending updatedAt puts generated index size-1 first and index 0 last.
    this.orders = {
      lead: new LayeredOrder(reversedOrder(layout.leads)),
      'non-lead': new LayeredOrder(reversedOrder(layout.chats))
    }
    this.nextIndex = { lead: layout.leads, 'non-lead': layout.chats }
  }

  page(type: ExpressChatType, page: number): ExpressChatChat[] {
    const order = this.orders[type]
    const first = (page - 1) * EXPRESS_CHAT.pageSize
    const out: ExpressChatChat[] = []
    for (let rank = first; rank < Math.min(first + EXPRESS_CHAT.pageSize, order.length); rank++) {
      out.push(this.resolve(type, order.atDescending(rank)))
    }
    return out
  }

  *all(type: ExpressChatType): Iterable<ExpressChatChat> {
    const order = this.orders[type]
    for (let rank = 0; rank < order.length; rank++) yield this.resolve(type, order.atDescending(rank))
  }

  private resolve(type: ExpressChatType, entry: OrderEntry | undefined): ExpressChatChat {
    if (entry === undefined) throw new Error('rank out of range')
    if ('base' in entry) return this.generators[type].chat(entry.base)
    const stored = this.moved.get(entry.extra)
    if (stored === undefined) throw new Error(`lost chat ${entry.extra}`)
    return stored.chat
  }

  private find(uuid: string): Located | undefined {
    const stored = this.moved.get(uuid)
    if (stored) return stored
    for (const type of EXPRESS_CHAT_TYPES) {
      const index = this.generators[type].indexOf(uuid)
      if (index !== undefined && this.orders[type].hasBase(index))
        return { type, chat: this.generators[type].chat(index), base: index }
    }
    return undefined
  }

  /** Takes the chat out of its place and puts it on top of `type`'s list (updatedAt = now). */
  private place(from: Located | undefined, type: ExpressChatType, chat: ExpressChatChat): void {
    if (from?.base !== undefined) this.orders[from.type].removeBase(from.base)
    else if (from) this.orders[from.type].removeExtra(chat.uuid)
    this.moved.set(chat.uuid, { type, chat })
    this.orders[type].pushExtra(chat.uuid)
  }

  upsert(write: ExpressChatLeadWrite): void {
    const now = this.ctx.clock.now()
    const found = this.find(write.uuid)
    // Copy, never mutate: records handed out earlier (snapshots, in-process callers) must not change.
    const chat = found ? structuredClone(found.chat) : this.newChat(write.uuid, now)
    applyWrite(chat, write, new Rng(hash32(this.generators.lead.key, ++this.writes)))
    chat.updatedAt = iso(now)
    const becomesLead = EXPRESS_CHAT.leadDetailFields.some(
      (field) => typeof write[field] === 'string' && write[field] !== ''
    )
    this.place(found, found?.type === 'lead' || becomesLead ? 'lead' : 'non-lead', chat)
  }

  private newChat(uuid: string, now: number): ExpressChatChat {
    const index = this.nextIndex['non-lead']++
    return {
      _id: this.generators['non-lead'].objectId(index, now),
      uuid,
      createdAt: iso(now),
      updatedAt: iso(now),
      isOnline: false,
      lastSeenAt: iso(now),
      websiteVisits: 1,
      status: 'OPEN',
      _agentAssigned: null
    }
  }

  get leadCount(): number {
    return this.orders.lead.length
  }

  /** "Data changes while paging": `count` chats of the list get a new message, `inserted` new chats arrive. */
  churn(type: ExpressChatType, count: number, rng: Rng, inserted = count): void {
    const order = this.orders[type]
    for (let n = 0; n < count && order.length > 0; n++) {
      const entry = order.atDescending(rng.int(order.length))
      const chat = structuredClone(this.resolve(type, entry))
      const at = iso(this.ctx.clock.now())
      chat.updatedAt = at
      chat.lastMessage = { at, by: 'user', text: rng.pick(MESSAGES) }
      this.place(entry && 'base' in entry ? { type, chat, base: entry.base } : { type, chat }, type, chat)
    }
    for (let n = 0; n < inserted; n++) {
      const chat = this.generators[type].chat(this.nextIndex[type]++)
      const at = iso(this.ctx.clock.now())
      Object.assign(chat, { createdAt: at, updatedAt: at, lastSeenAt: at, isOnline: true })
      if (chat.lastMessage) chat.lastMessage.at = at
      this.place(undefined, type, chat)
    }
  }
}

type Profile = NonNullable<ExpressChatChat['profile']>
type Contact = NonNullable<ExpressChatUserDetails['contact']>

function applyWrite(chat: ExpressChatChat, write: ExpressChatLeadWrite, ids: Rng): void {
  if (write.status !== undefined) chat.status = write.status
  if (write.agentId !== undefined) chat._agentAssigned = write.agentId
  const profile = (): Profile => (chat.profile ??= {})
  const details = (): ExpressChatUserDetails => (profile().userDetails ??= {})
  const contact = (): Contact => (details().contact ??= {})
  const phone = (): NonNullable<Contact['phone']> => (contact().phone ??= {})
  if (write.picture !== undefined) details().picture = write.picture
  if (write.name !== undefined) details().name = write.name
  if (write.email !== undefined) contact().email = write.email
  if (write.phone !== undefined) phone().number = write.phone
  // Sent as "+91", listed as "91".
  if (write.dialCode !== undefined) phone().prefix = write.dialCode === null ? null : write.dialCode.slice(1)
  if (write.notes !== undefined)
    profile().notes = write.notes.map(({ title, description }) => ({ _id: ids.hex(24), title, description }))
  if (write.tags !== undefined) details().tags = [...write.tags]
  if (write.attributes !== undefined) details().attributes = write.attributes.map(({ key, value }) => ({ key, value }))
}

const LIST_PARAMS = ['botId', 'customerId', 'page', 'type'] as const
const NOT_THIS_BOT = 'API token is not valid for this botId and customerId'

export class ExpressChatPlatform implements PlatformApi {
  readonly platform = 'express-chat' as const
  readonly tokens: TokenRegistry<number>
  private readonly bots: BotChats[]

  constructor(private readonly ctx: PlatformContext) {
    this.bots = ctx.layout.expressChat.map((layout) => new BotChats(ctx, layout))
    this.tokens = new TokenRegistry(ctx.layout.expressChat.map((bot) => [bot.token, bot.ordinal] as const))
  }

  errorBody(status: number, message: string): unknown {
    return { success: false, message, code: status }
  }

  private error(status: number, message: string): ApiResponse {
    return { status, body: this.errorBody(status, message) }
  }

  handle(request: ApiRequest): ApiResponse {
    if (request.path === '/inbox/direct/chats' && request.method === 'GET') return this.list(request)
    if (request.path === '/inbox/direct/lead' && request.method === 'PUT') return this.write(request)
    return this.error(404, `no route ${request.method} ${request.path}`)
  }

  /** The token's bot, if it is the bot named in the request. */
  private botFor(account: number, botId: string | null, customerId: string | null): BotChats | undefined {
    const bot = this.bots[account]
    return bot !== undefined && bot.layout.botId === botId && bot.layout.customerId === customerId ? bot : undefined
  }

  private list(request: ApiRequest): ApiResponse {
    const check = this.tokens.check(header(request.headers, 'x-bot-token'))
    if (!check.ok) return this.error(401, check.message)
    const { query } = request
    for (const name of LIST_PARAMS) {
      if (!query.get(name)) return this.error(400, `${name} is required`)
    }
    const page = intParam(query.get('page'), 1)
    if (page === undefined) return this.error(400, 'page must be an integer from 1')
    const type = query.get('type')
    if (!isExpressChatType(type)) return this.error(400, 'type must be "lead" or "non-lead"')
    const bot = this.botFor(check.account, query.get('botId'), query.get('customerId'))
    if (bot === undefined) return this.error(401, NOT_THIS_BOT)
    const data = bot.page(type, page)
    const churn = this.ctx.faults.settings.churnPerRequest
    return {
      status: 200,
      body: { success: true, message: 'ok', code: 200, data },
      afterSend: churn > 0 ? () => bot.churn(type, churn, this.ctx.faults.churnRng) : undefined
    }
  }

  private write(request: ApiRequest): ApiResponse {
    const check = this.tokens.check(header(request.headers, 'x-bp-token'))
    if (!check.ok) return this.error(401, check.message)
    if (request.bodyError !== undefined) return this.error(400, request.bodyError)
    const parsed = xcLeadWriteSchema.safeParse(request.body)
    if (!parsed.success) return this.error(400, describeIssues(parsed.error))
    const bot = this.botFor(check.account, parsed.data.botId, parsed.data.customerId)
    if (bot === undefined) return this.error(401, NOT_THIS_BOT)
    bot.upsert(parsed.data)
    this.ctx.logWrite(request.method, request.path, request.body)
    return { status: 200, body: { success: true, message: 'ok', code: 200 } }
  }

  churnAll(changed: number, inserted: number, rng: Rng): ChurnTotals {
    return churnEach(
      this.bots,
      (bot) => bot.leadCount,
      changed,
      inserted,
      (bot, c, i) => bot.churn('lead', c, rng, i)
    )
  }

  snapshot(account: number | string, options: SnapshotOptions = {}): Iterable<ExpressChatChat> {
    const bot = typeof account === 'number' ? this.bots[account] : this.bots.find((b) => b.layout.botId === account)
    if (bot === undefined) throw new Error(`no express-chat account ${account}`)
    return bot.all(options.type ?? 'lead')
  }
}
