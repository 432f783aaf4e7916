import { CHATZURI } from '../../providers'
import type { ChatzuriLayout } from '../data/accounts'
import { ChatzuriGenerator } from '../data/chatzuri'
import { person } from '../data/people'
import { hash32, type Rng } from '../random'
import type { ChatzuriLead } from '../schemas'
import { TokenRegistry } from '../tokens'
import { churnEach, type ChurnTotals } from './churn'
import { bearer, intParam, type ApiRequest, type ApiResponse, type PlatformApi, type PlatformContext } from './types'

const DAY_MS = 86_400_000

/**
 * One agent's leads, in page order (created_at ascending, then id): the generated leads, then the
 * ones that arrived while the sandbox ran. Churned edits replace a lead where it stands.
 */
class AgentLeads {
  private readonly generator: ChatzuriGenerator
  private readonly overrides = new Map<number, ChatzuriLead>()
  private readonly arrived: ChatzuriLead[] = []

  constructor(
    private readonly ctx: PlatformContext,
    readonly layout: ChatzuriLayout
  ) {
    this.generator = new ChatzuriGenerator(
      ctx.seed,
      layout.ordinal,
      layout.leads,
      layout.agentId,
      layout.ownerId,
      (index) => ctx.identities.chatzuri(layout.ordinal, index)
    )
  }

  /** Leads created in [fromMs, toMs), one page of them. */
  page(fromMs: number, toMs: number, page: number, size: number): ChatzuriLead[] {
    const first = this.generator.firstAtOrAfter(fromMs)
    const end = this.generator.firstAtOrAfter(toMs)
    const out: ChatzuriLead[] = []
    let skip = (page - 1) * size
    if (skip < end - first) {
      for (let index = first + skip; index < end && out.length < size; index++) out.push(this.lead(index))
      skip = 0
    } else {
      skip -= end - first
    }
    for (const lead of this.arrived) {
      if (out.length >= size) break
      const at = Date.parse(lead.created_at)
      if (at < fromMs || at >= toMs) continue
      if (skip > 0) skip--
      else out.push(lead)
    }
    return out
  }

  *all(): Iterable<ChatzuriLead> {
    for (let index = 0; index < this.generator.size; index++) yield this.lead(index)
    yield* this.arrived
  }

  private lead(index: number): ChatzuriLead {
    return this.overrides.get(index) ?? this.generator.lead(index)
  }

  get size(): number {
    return this.generator.size + this.arrived.length
  }

  /** "Data changes while paging": `count` leads get a new email and phone, `inserted` new ones arrive (at the end). */
  churn(count: number, rng: Rng, inserted = count): void {
    const total = this.generator.size + this.arrived.length
    for (let n = 0; n < count && total > 0; n++) {
      const pick = rng.int(total)
      const who = person(this.ctx.seed, hash32(0xc2a, pick, rng.int(1 << 30)))
      if (pick < this.generator.size) {
        this.overrides.set(pick, { ...this.lead(pick), email: who.email, phone: who.phone })
      } else {
        const at = pick - this.generator.size
        const lead = this.arrived[at]
        if (lead) this.arrived[at] = { ...lead, email: who.email, phone: who.phone }
      }
    }
    for (let n = 0; n < inserted; n++) {
      this.arrived.push(this.generator.lead(this.generator.size + this.arrived.length, this.ctx.clock.now()))
    }
  }
}

export class ChatzuriPlatform implements PlatformApi {
  readonly platform = 'chatzuri' as const
  readonly tokens: TokenRegistry<number>
  private readonly agents: AgentLeads[]

  constructor(private readonly ctx: PlatformContext) {
    this.agents = ctx.layout.chatzuri.map((layout) => new AgentLeads(ctx, layout))
    // One secret key per owner; the key opens that owner's agents only.
    this.tokens = new TokenRegistry(ctx.layout.chatzuri.map((account) => [account.token, account.ordinal] as const))
  }

  errorBody(_status: number, message: string): unknown {
    return { message }
  }

  private error(status: number, message: string): ApiResponse {
    return { status, body: { message } }
  }

  handle(request: ApiRequest): ApiResponse {
    if (request.path !== '/api/v1/get-leads' || request.method !== 'GET')
      return this.error(404, `no route ${request.method} ${request.path}`)
    const check = this.tokens.check(bearer(request.headers))
    if (!check.ok) return this.error(401, check.message)
    const { query } = request
    const agentId = query.get('agentId') || null
    const chatbotId = query.get('chatbotId') || null
    if (agentId === null && chatbotId === null) return this.error(400, 'agentId is required')
    if (agentId !== null && chatbotId !== null && agentId !== chatbotId)
      return this.error(400, 'agentId and chatbotId differ')
    const from = dayStart(query.get('startDate'), 0)
    const to = dayStart(query.get('endDate'), Number.MAX_SAFE_INTEGER - DAY_MS)
    if (from === undefined) return this.error(400, 'startDate must be a date written YYYY-MM-DD')
    if (to === undefined) return this.error(400, 'endDate must be a date written YYYY-MM-DD')
    // (ours) A range that ends before it starts is one of the "invalid dates".
    if (to < from) return this.error(400, 'startDate is after endDate')
    const page = query.has('page') ? intParam(query.get('page'), 1) : 1
    if (page === undefined) return this.error(400, 'page must be an integer from 1')
    const size = query.has('size') ? intParam(query.get('size'), 1, CHATZURI.maxSize) : CHATZURI.defaultSize
    if (size === undefined) return this.error(400, `size must be an integer from 1 to ${CHATZURI.maxSize}`)
    const id = agentId ?? chatbotId
    const agent = this.agents.find((a) => a.layout.agentId === id && a.layout.ordinal === check.account)
    if (agent === undefined) return this.error(404, `agent ${id} not found`)
    const data = agent.page(from, to + DAY_MS, page, size)
    const churn = this.ctx.faults.settings.churnPerRequest
    return {
      status: 200,
      body: { data },
      afterSend: churn > 0 ? () => agent.churn(churn, this.ctx.faults.churnRng) : undefined
    }
  }

  churnAll(changed: number, inserted: number, rng: Rng): ChurnTotals {
    return churnEach(
      this.agents,
      (agent) => agent.size,
      changed,
      inserted,
      (agent, c, i) => agent.churn(c, rng, i)
    )
  }

  snapshot(account: number | string): Iterable<ChatzuriLead> {
    const found =
      typeof account === 'number' ? this.agents[account] : this.agents.find((a) => a.layout.agentId === account)
    if (found === undefined) throw new Error(`no chatzuri account ${account}`)
    return found.all()
  }
}

/** Midnight UTC of a zero-padded YYYY-MM-DD that is a real date; `absent` when not given. */
function dayStart(text: string | null, absent: number): number | undefined {
  if (text === null) return absent
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined
  const ms = Date.parse(`${text}T00:00:00.000Z`)
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text ? undefined : ms
}
