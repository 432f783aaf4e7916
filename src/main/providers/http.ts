import type { z } from 'zod'
import { clip } from '../../shared/contract/primitives'
import { scrubToken } from '../secrets'
import { ProviderError } from './connector'
import { describeIssues } from './schema-helpers'
import { fetchRequest, nodeRequest, TruncatedBody, type RawRequest, type RawResponse } from './transport'

export const DEFAULT_TIMEOUT_MS = 30_000

export interface HttpRequest {
  method: 'GET' | 'PUT' | 'POST'
  url: URL
  /**
   * The header carrying the secret; kept apart so every message can be scrubbed of it. `origin` is
   * the one origin the token was entered for: a request anywhere else is refused before it is sent.
   */
  auth: { header: string; token: string; scheme?: 'Bearer'; origin: string }
  body?: unknown
  signal: AbortSignal
  timeoutMs?: number
  fetch?: typeof fetch
  /** Replaces the default wording of a 404, e.g. "Chatzuri does not know agent X (404)". */
  notFoundMessage?: string
}

export interface JsonRequest<T> extends HttpRequest {
  /** The expected response; a 2xx body that fails it is 'malformed'. */
  schema: z.ZodType<T>
}

/**
 * The one HTTP call every connector makes. Reads the whole body before answering, so a cut-off
 * response is an error and never a partial page, and classifies every failure as a ProviderError.
 * No retries here: the sync engine retries retryable kinds with backoff. If the caller's signal
 * aborts, its reason is thrown as-is (a cancel is not a failure to classify).
 */
export async function requestJson<T>(request: JsonRequest<T>): Promise<T> {
  return validated(await requestBody(request), request.schema, request.auth.token)
}

/** `requestJson` without the schema: the parsed JSON of a 2xx answer (see `validated`). */
export async function requestBody(request: HttpRequest): Promise<unknown> {
  const { text, status } = await answer(request)
  return parseJson(text, status)
}

/** A 2xx answer's text, not yet parsed (see `parseJson`): the errors are `requestBody`'s. */
export async function requestText(request: HttpRequest): Promise<string> {
  return (await answer(request)).text
}

async function answer(request: HttpRequest): Promise<{ text: string; status: number }> {
  const { url, auth, signal } = request
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const timeout = AbortSignal.timeout(timeoutMs)
  // Masked before it is cut, so no partial spelling of the token survives at the cut.
  const scrub = (message: string): string => clip(scrubToken(message, auth.token), 500)

  if (url.origin !== auth.origin) {
    throw new ProviderError(
      'unauthorized',
      `The token was entered for ${auth.origin}; it is not sent to ${url.origin}. Enter the token again for that address.`
    )
  }
  const secret = auth.scheme ? `${auth.scheme} ${auth.token}` : auth.token
  const headers: Record<string, string> = { accept: 'application/json', [auth.header]: secret }
  if (request.body !== undefined) headers['content-type'] = 'application/json'

  let response: RawResponse
  try {
    const raw: RawRequest = {
      method: request.method,
      url,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.any([signal, timeout])
    }
    response = request.fetch ? await fetchRequest(request.fetch, raw) : await nodeRequest(raw)
  } catch (error) {
    signal.throwIfAborted()
    if (timeout.aborted) {
      throw new ProviderError('network', `Could not reach ${url.origin}: no answer within ${timeoutMs / 1000} s`)
    }
    throw new ProviderError('network', scrub(describeNetworkFailure(url, error)))
  }
  const text = response.text

  if (response.status < 200 || response.status > 299) {
    throw statusError(response, text, url, request.notFoundMessage, scrub)
  }
  return { text, status: response.status }
}

/** The JSON of a 2xx answer's text (or of a part of it); 'malformed' if it is not JSON. */
export function parseJson(text: string, status?: number): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new ProviderError('malformed', `The server's answer is not valid JSON (${text.length} characters)`, status)
  }
}

/** A 2xx answer's JSON checked against its schema; 'malformed' (token scrubbed) when it does not fit. */
export function validated<T>(json: unknown, schema: z.ZodType<T>, token: string): T {
  const parsed = schema.safeParse(json)
  if (!parsed.success) {
    throw new ProviderError(
      'malformed',
      scrubToken(`The server's answer does not have the expected shape: ${describeIssues(parsed.error)}`, token)
    )
  }
  return parsed.data
}

function statusError(
  response: RawResponse,
  text: string,
  url: URL,
  notFoundMessage: string | undefined,
  scrub: (message: string) => string
): ProviderError {
  const status = response.status
  const said = platformMessage(text)
  const suffix = said ? `: ${said}` : ''
  if (status === 401 || status === 403) {
    return new ProviderError('unauthorized', scrub(`The token was refused (${status})${suffix}`), status)
  }
  if (status === 429) {
    const retryAfter = parseRetryAfter(response.header('retry-after'))
    const wait = retryAfter === null ? '' : `, retry in ${retryAfter} s`
    return new ProviderError('rate-limited', scrub(`Rate limited (429)${wait}${suffix}`), status, retryAfter)
  }
  if (status >= 500) return new ProviderError('server', scrub(`The server answered ${status}${suffix}`), status)
  if (status === 404) {
    return new ProviderError(
      'not-found',
      scrub(notFoundMessage ?? `Nothing at ${url.origin}${url.pathname} (404)${suffix}`),
      status
    )
  }
  if (status >= 300 && status < 400) {
    const location = response.header('location') ?? 'elsewhere'
    return new ProviderError(
      'bad-request',
      scrub(`The server redirected to ${location} (${status}); check the base URL`),
      status
    )
  }
  return new ProviderError('bad-request', scrub(`The request was refused (${status})${suffix}`), status)
}

/** The platforms' own words from an error body: `{message}` (express-chat, Chatzuri) or `{status:{message}}` (ChatBot.com). */
function platformMessage(text: string): string | null {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return null
  }
  const candidates = [
    field(body, 'message'),
    field(field(body, 'status'), 'message'),
    field(body, 'error'),
    field(field(body, 'error'), 'message')
  ]
  const found = candidates.find((value): value is string => typeof value === 'string' && value.trim().length > 0)
  return found === undefined ? null : found.trim()
}

function field(value: unknown, key: string): unknown {
  // `value` is parsed JSON: its fields are its own enumerable properties.
  return typeof value === 'object' && value !== null ? Object.entries(value).find(([k]) => k === key)?.[1] : undefined
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (DNS lookup failed)',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection closed before the answer was complete',
  UND_ERR_HEADERS_TIMEOUT: 'no answer',
  UND_ERR_BODY_TIMEOUT: 'the answer stalled'
}

function describeNetworkFailure(url: URL, error: unknown): string {
  const code = errorCode(error)
  const what =
    (code && NETWORK_CODES[code]) ??
    (isTerminated(error) ? NETWORK_CODES.UND_ERR_SOCKET : code ? `network error ${code}` : 'network error')
  return `Could not reach ${url.origin}: ${what}`
}

/** undici wraps the system error: TypeError('fetch failed', {cause: {code}}), sometimes twice. */
function errorCode(error: unknown): string | null {
  for (let current = error, depth = 0; current && depth < 4; current = field(current, 'cause'), depth++) {
    const code = field(current, 'code')
    if (typeof code === 'string') return code
  }
  return null
}

function isTerminated(error: unknown): boolean {
  return error instanceof TruncatedBody || (error instanceof TypeError && error.message === 'terminated')
}

/** `Retry-After` as seconds from now: either delay-seconds or an HTTP-date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed))
  if (!/[a-z]/i.test(trimmed)) return null
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000))
}

/** `path` under `baseUrl`, keeping any path the base has (a sandbox may mount a platform under one). */
export function endpoint(baseUrl: string, path: string, query?: Record<string, string>): URL {
  const url = new URL(path.replace(/^\/+/, ''), baseUrl.replace(/\/+$/, '') + '/')
  if (query) url.search = new URLSearchParams(query).toString()
  return url
}
