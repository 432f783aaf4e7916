import { z } from 'zod'
import { PLATFORMS, type Platform } from '../../shared/contract/model'
import { Rng, hash32 } from './random'

/** The fault switches of one platform. All zero = a well-behaved service. */
export interface FaultSettings {
  /** Added to every request, in milliseconds. */
  latencyMs: number
  /** Requests per second accepted (sliding one-second window); the rest get 429 + Retry-After. 0 = no limit. */
  rate: number
  /** Probability that a request fails with 500 before it is handled (a write is not applied). */
  errorRate: number
  /** Probability that a 200 response is sent as broken JSON (a write is applied). */
  malformedRate: number
  /** Probability that a 200 response stops mid-body: full Content-Length, half the bytes, socket destroyed. */
  truncateRate: number
  /** After each list request: this many existing records are updated and as many new ones inserted. */
  churnPerRequest: number
}

export const FAULT_NAMES = [
  'latencyMs',
  'rate',
  'errorRate',
  'malformedRate',
  'truncateRate',
  'churnPerRequest'
] as const satisfies ReadonlyArray<keyof FaultSettings>

export const NO_FAULTS: Readonly<FaultSettings> = Object.freeze({
  latencyMs: 0,
  rate: 0,
  errorRate: 0,
  malformedRate: 0,
  truncateRate: 0,
  churnPerRequest: 0
})

const probability = z.number().min(0).max(1)
export const faultPatchSchema = z
  .strictObject({
    latencyMs: z.number().int().min(0).max(60_000),
    rate: z.number().int().min(0),
    errorRate: probability,
    malformedRate: probability,
    truncateRate: probability,
    churnPerRequest: z.number().int().min(0).max(10_000)
  })
  .partial()
export type FaultPatch = z.infer<typeof faultPatchSchema>
export type FaultConfig = Partial<Record<Platform, FaultPatch>>

/** Parses a CLI switch such as `express-chat.latencyMs=200` into `{ platform, patch }`. */
export function parseFaultSwitch(text: string): { platform: Platform; patch: FaultPatch } {
  const match = /^([a-z-]+)\.([A-Za-z]+)=(.+)$/.exec(text)
  if (!match) throw new Error(`--fault wants platform.name=value, got "${text}"`)
  const [, platform, name, value] = match
  const known = PLATFORMS.find((p) => p === platform)
  if (!known) throw new Error(`--fault: unknown platform "${platform}" (${PLATFORMS.join(', ')})`)
  if (!(FAULT_NAMES as readonly string[]).includes(name ?? ''))
    throw new Error(`--fault: unknown fault "${name}" (${FAULT_NAMES.join(', ')})`)
  const parsed = faultPatchSchema.safeParse({ [name as string]: Number(value) })
  if (!parsed.success) throw new Error(`--fault ${text}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`)
  return { platform: known, patch: parsed.data }
}

export type BodyFault = 'malformed' | 'truncated' | undefined

/**
 * The faults of one platform at run time. Dice come from a PRNG seeded with the fault seed, one
 * stream per platform, and every request within the rate limit rolls twice whatever the settings,
 * so a given request sequence meets the same faults on every run.
 */
export class PlatformFaults {
  settings: FaultSettings = { ...NO_FAULTS }
  private dice!: Rng
  churnRng!: Rng
  private accepted: number[] = []

  constructor(
    private readonly platform: Platform,
    private readonly initial: FaultPatch,
    private readonly faultSeed: number
  ) {
    this.reset()
  }

  reset(): void {
    const salt = PLATFORMS.indexOf(this.platform)
    this.settings = { ...NO_FAULTS, ...this.initial }
    this.dice = new Rng(hash32(this.faultSeed, 0xfa17, salt))
    this.churnRng = new Rng(hash32(this.faultSeed, 0xc4c4, salt))
    this.accepted = []
  }

  update(patch: FaultPatch): FaultSettings {
    this.settings = { ...this.settings, ...patch }
    if (patch.rate !== undefined) this.accepted = []
    return { ...this.settings }
  }

  /** Seconds to wait if this request is over the rate limit, else undefined (and the request counts). */
  retryAfter(now: number): number | undefined {
    const { rate } = this.settings
    if (rate <= 0) return undefined
    while (this.accepted.length > 0 && (this.accepted[0] as number) <= now - 1000) this.accepted.shift()
    if (this.accepted.length >= rate) {
      return Math.max(1, Math.ceil(((this.accepted[0] as number) + 1000 - now) / 1000))
    }
    this.accepted.push(now)
    return undefined
  }

  /** Both dice of one request, rolled together so the sequence depends on nothing but the request count. */
  roll(): { serverError: boolean; bodyFault: BodyFault } {
    const serverError = this.dice.next() < this.settings.errorRate
    const body = this.dice.next()
    const { malformedRate, truncateRate } = this.settings
    return {
      serverError,
      bodyFault: body < malformedRate ? 'malformed' : body < malformedRate + truncateRate ? 'truncated' : undefined
    }
  }
}
