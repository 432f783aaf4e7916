import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { PLATFORMS, type Platform } from '../../shared/contract/model'
import { handleAdmin } from './admin'
import { PLATFORM_PATHS, accountsFor, type SandboxAccounts } from './data/accounts'
import type { FaultPatch, FaultSettings } from './faults'
import { BodyTooLarge, malformed, readBody, sendBytes, sendJson, sendNdjson, sendTruncated } from './http'
import type { ApiRequest, PlatformApi, SnapshotOptions } from './platforms/types'
import type { ChatbotComUser, ChatzuriLead, ExpressChatChat } from './schemas'
import { SandboxState, type SandboxDataOptions } from './state'
import type { WriteLogEntry } from './write-log'

export const SANDBOX_HOST = '127.0.0.1'
export const ADMIN_PATH = '/__admin'

export interface SandboxOptions extends SandboxDataOptions {
  /** 0 or absent: a free port. */
  port?: number
  /** Guards /__admin; a random one when absent. */
  adminToken?: string
  /** How a request waits out `latencyMs`; a timer unless a test holds requests itself, clock-free. */
  delay?: (ms: number) => Promise<unknown>
}

export interface RunningSandbox {
  /** http://127.0.0.1:<port>, without a platform prefix. */
  url: string
  port: number
  accounts: SandboxAccounts
  adminToken: string
  /** The admin endpoints' base URL, http://127.0.0.1:<port>/__admin. */
  adminUrl: string
  faults(): Record<Platform, FaultSettings>
  setFaults(platform: Platform, patch: FaultPatch): FaultSettings
  /** False if the token was not valid. */
  revokeToken(platform: Platform, token: string): boolean
  /** False if the token was not revoked. */
  restoreToken(platform: Platform, token: string): boolean
  /** A new token for the account of `token`; undefined if `token` was never an account token. */
  issueToken(platform: Platform, token: string): string | undefined
  writes(platform?: Platform): WriteLogEntry[]
  /** Every record of one account in list order, read lazily; `account` = index in `accounts` or botId/token/agentId. */
  snapshot(platform: 'express-chat', account: number | string, options?: SnapshotOptions): Iterable<ExpressChatChat>
  snapshot(platform: 'chatbot-com', account: number | string): Iterable<ChatbotComUser>
  snapshot(platform: 'chatzuri', account: number | string): Iterable<ChatzuriLead>
  snapshot(platform: Platform, account: number | string, options?: SnapshotOptions): Iterable<unknown>
  reset(): void
  close(): Promise<void>
}

/** Starts the provider sandbox on 127.0.0.1. Data is generated lazily, so even 1M leads start at once. */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const state = new SandboxState(options)
  const adminToken = options.adminToken || randomBytes(16).toString('hex')
  let accounts: SandboxAccounts = accountsFor(state.layout, '')
  const delay = options.delay ?? sleep

  const server = createServer((request, response) => {
    serve(state, adminToken, accounts, delay, request, response).catch((error: unknown) => {
      console.error('sandbox: request failed', error)
      if (!response.headersSent) sendJson(response, 500, { message: 'sandbox error' })
      else response.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, SANDBOX_HOST, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('The sandbox is not listening on a TCP port.')
  const port = address.port
  // eslint-disable-next-line @microsoft/sdl/no-insecure-url -- loopback only: SANDBOX_HOST is 127.0.0.1
  const url = `http://${SANDBOX_HOST}:${port}`
  accounts = accountsFor(state.layout, url)

  return {
    url,
    port,
    accounts,
    adminToken,
    adminUrl: url + ADMIN_PATH,
    faults: () => ({
      'express-chat': { ...state.faults['express-chat'].settings },
      'chatbot-com': { ...state.faults['chatbot-com'].settings },
      chatzuri: { ...state.faults.chatzuri.settings }
    }),
    setFaults: (platform, patch) => state.faults[platform].update(patch),
    revokeToken: (platform, token) => state.platform(platform).tokens.revoke(token),
    restoreToken: (platform, token) => state.platform(platform).tokens.restore(token),
    issueToken: (platform, token) => state.platform(platform).tokens.issue(token),
    writes: (platform) => state.writeLog.list(platform),
    // The overloads name each platform's record type; every platform's snapshot yields its own records.
    snapshot: ((platform: Platform, account: number | string, snapshotOptions?: SnapshotOptions) =>
      state.platform(platform).snapshot(account, snapshotOptions)) as RunningSandbox['snapshot'],
    reset: () => state.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
  }
}

async function serve(
  state: SandboxState,
  adminToken: string,
  accounts: SandboxAccounts,
  delay: (ms: number) => Promise<unknown>,
  request: IncomingMessage,
  response: ServerResponse
): Promise<void> {
  // eslint-disable-next-line @microsoft/sdl/no-insecure-url -- a base to parse the path against, never fetched
  const url = new URL(request.url ?? '/', `http://${SANDBOX_HOST}`)
  const method = request.method ?? 'GET'
  const isAdmin = url.pathname === ADMIN_PATH || url.pathname.startsWith(ADMIN_PATH + '/')
  const platform = isAdmin ? undefined : PLATFORMS.find((p) => url.pathname.startsWith(PLATFORM_PATHS[p] + '/'))
  if (!isAdmin && platform === undefined) return sendJson(response, 404, { message: `no platform at ${url.pathname}` })
  const api = platform === undefined ? undefined : state.platform(platform)

  let text: string
  try {
    text = await readBody(request)
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error
    return sendJson(response, 413, api ? api.errorBody(413, error.message) : { message: error.message })
  }
  let body: unknown
  let bodyError: string | undefined
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text)
    } catch {
      bodyError = 'request body is not valid JSON'
    }
  }

  if (api === undefined || platform === undefined) {
    const path = url.pathname.slice(ADMIN_PATH.length) || '/'
    if (bodyError !== undefined) return sendJson(response, 400, { message: bodyError })
    const result = handleAdmin(state, adminToken, accounts, {
      method,
      path,
      query: url.searchParams,
      headers: request.headers,
      body
    })
    if ('stream' in result) return sendNdjson(response, result.stream)
    return sendJson(response, result.status, result.body)
  }

  state.requests[platform]++
  const faults = state.faults[platform]
  if (faults.settings.latencyMs > 0) await delay(faults.settings.latencyMs)
  const retryAfter = faults.retryAfter(Date.now())
  if (retryAfter !== undefined) {
    state.limited[platform]++
    return sendJson(response, 429, api.errorBody(429, 'rate limit exceeded'), { 'retry-after': String(retryAfter) })
  }
  const dice = faults.roll()
  if (dice.serverError) return sendJson(response, 500, api.errorBody(500, 'internal server error (sandbox fault)'))

  const apiRequest: ApiRequest = {
    method,
    path: url.pathname.slice(PLATFORM_PATHS[platform].length),
    query: url.searchParams,
    headers: request.headers,
    body,
    bodyError
  }
  const result = answer(api, apiRequest)
  const payload = Buffer.from(JSON.stringify(result.body))
  result.afterSend?.()
  if (result.status === 200 && dice.bodyFault === 'malformed') return sendBytes(response, 200, malformed(payload))
  if (result.status === 200 && dice.bodyFault === 'truncated') return sendTruncated(response, 200, payload)
  sendBytes(response, result.status, payload)
}

/** A bug in a handler still answers in the platform's own error body. */
function answer(api: PlatformApi, request: ApiRequest): ReturnType<PlatformApi['handle']> {
  try {
    return api.handle(request)
  } catch (error) {
    console.error(`sandbox: ${api.platform} ${request.method} ${request.path} failed`, error)
    return { status: 500, body: api.errorBody(500, 'internal server error') }
  }
}
