import { PLATFORMS, type Platform } from '../../shared/contract/model'
import { layout, type Layout } from './data/accounts'
import { Identities } from './data/identities'
import { Clock } from './data/time'
import { PlatformFaults, type FaultConfig } from './faults'
import { ChatbotComPlatform } from './platforms/chatbot-com'
import { ChatzuriPlatform } from './platforms/chatzuri'
import { ExpressChatPlatform } from './platforms/express-chat'
import type { PlatformApi, PlatformContext } from './platforms/types'
import { WriteLog } from './write-log'

export interface SandboxDataOptions {
  seed: number
  /** Leads across all platforms (see data/accounts.ts for the split). */
  leads: number
  /** express-chat non-lead chats. */
  chats: number
  /** Fault switches in force at start and after a reset. */
  faults?: FaultConfig
  /** Seed of the fault dice and churn choices; defaults to `seed`. */
  faultSeed?: number
  /** Account tokens that start out revoked. */
  revokedTokens?: readonly string[]
}

/** Cap on --leads and --chats: keeps generated indices inside 32 bits with room to insert. */
export const MAX_RECORDS = 100_000_000

/** Everything the sandbox knows, without the HTTP: data, tokens, faults and the write log. */
export class SandboxState {
  readonly seed: number
  readonly layout: Layout
  readonly writeLog = new WriteLog()
  /** Platform API requests received since start or reset, faulted ones included. */
  readonly requests: Record<Platform, number> = { 'express-chat': 0, 'chatbot-com': 0, chatzuri: 0 }
  /** Of those, the ones turned away by the rate limit (429). */
  readonly limited: Record<Platform, number> = { 'express-chat': 0, 'chatbot-com': 0, chatzuri: 0 }
  readonly faults: Record<Platform, PlatformFaults>
  private readonly identities: Identities
  private readonly clock = new Clock()
  private platforms: Record<Platform, PlatformApi>

  constructor(private readonly options: SandboxDataOptions) {
    for (const name of ['leads', 'chats'] as const) {
      const value = options[name]
      if (!Number.isSafeInteger(value) || value < 0 || value > MAX_RECORDS)
        throw new RangeError(`${name} must be an integer from 0 to ${MAX_RECORDS}`)
    }
    if (!Number.isSafeInteger(options.seed)) throw new RangeError('seed must be an integer')
    this.seed = options.seed >>> 0
    this.layout = layout(this.seed, options.leads, options.chats)
    this.identities = new Identities(this.seed, this.layout)
    const faultSeed = (options.faultSeed ?? options.seed) >>> 0
    this.faults = {
      'express-chat': new PlatformFaults('express-chat', options.faults?.['express-chat'] ?? {}, faultSeed),
      'chatbot-com': new PlatformFaults('chatbot-com', options.faults?.['chatbot-com'] ?? {}, faultSeed),
      chatzuri: new PlatformFaults('chatzuri', options.faults?.chatzuri ?? {}, faultSeed)
    }
    this.platforms = this.build()
  }

  platform(name: Platform): PlatformApi {
    return this.platforms[name]
  }

  /** Back to the seeded data: writes, inserts, churn, issued and revoked tokens and faults all undone. */
  reset(): void {
    this.writeLog.clear()
    for (const platform of PLATFORMS) this.requests[platform] = 0
    for (const platform of PLATFORMS) this.limited[platform] = 0
    for (const platform of PLATFORMS) this.faults[platform].reset()
    this.platforms = this.build()
  }

  private build(): Record<Platform, PlatformApi> {
    const context = (platform: Platform): PlatformContext => ({
      seed: this.seed,
      layout: this.layout,
      identities: this.identities,
      clock: this.clock,
      faults: this.faults[platform],
      logWrite: (method, path, body) =>
        this.writeLog.add({ platform, method, path, body, at: new Date().toISOString() })
    })
    const platforms = {
      'express-chat': new ExpressChatPlatform(context('express-chat')),
      'chatbot-com': new ChatbotComPlatform(context('chatbot-com')),
      chatzuri: new ChatzuriPlatform(context('chatzuri'))
    }
    for (const token of this.options.revokedTokens ?? []) {
      if (!PLATFORMS.some((name) => platforms[name].tokens.revoke(token)))
        throw new Error(`cannot revoke unknown token ${token}`)
    }
    return platforms
  }
}
