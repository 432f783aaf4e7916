import type { IncomingHttpHeaders } from 'node:http'
import type { Platform } from '../../../shared/contract/model'
import type { Identities } from '../data/identities'
import type { Rng } from '../random'
import type { ChurnTotals } from './churn'
import type { Layout } from '../data/accounts'
import type { Clock } from '../data/time'
import type { PlatformFaults } from '../faults'
import type { TokenRegistry } from '../tokens'

/** A request below a platform's path prefix, body already read. */
export interface ApiRequest {
  method: string
  /** Path below the prefix, e.g. `/users/5b7f…`. */
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  /** Parsed JSON body; undefined when there was none. */
  body: unknown
  /** Set when a body was sent but is not JSON. */
  bodyError?: string
}

export interface ApiResponse {
  status: number
  body: unknown
  /** Runs after the body is serialised: list churn must not alter the page being sent. */
  afterSend?: () => void
}

export interface PlatformContext {
  seed: number
  layout: Layout
  identities: Identities
  clock: Clock
  faults: PlatformFaults
  logWrite(method: string, path: string, body: unknown): void
}

export interface SnapshotOptions {
  /** express-chat only: which list (default `lead`). */
  type?: 'lead' | 'non-lead'
}

/** One imitated platform: its routes, its error body, its tokens and its current data. */
export interface PlatformApi {
  readonly platform: Platform
  readonly tokens: TokenRegistry<number>
  handle(request: ApiRequest): ApiResponse
  errorBody(status: number, message: string): unknown
  /**
   * Once, in every account (express-chat: its lead lists): that fraction of the records change and
   * that fraction arrive new. The "1 % changed" re-sync of `npm run bench`.
   */
  churnAll(changed: number, inserted: number, rng: Rng): ChurnTotals
  /** Every record of one account in list order; `account` is its index in the accounts JSON or its id. */
  snapshot(account: number | string, options?: SnapshotOptions): Iterable<unknown>
}

/** The one header value, whatever node made of repeats. */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

export function bearer(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header(headers, 'authorization') ?? '')
  return match?.[1]
}

/** A decimal integer in [min, max], or undefined. */
export function intParam(text: string | null, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (text === null || !/^\d+$/.test(text)) return undefined
  const value = Number(text)
  return value >= min && value <= max ? value : undefined
}
