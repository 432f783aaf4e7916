import { timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { z } from 'zod'
import { platformSchema, PLATFORMS } from '../../shared/contract/model'
import type { SandboxAccounts } from './data/accounts'
import { describeIssues } from '../providers'
import { faultPatchSchema } from './faults'
import { bearer, header } from './platforms/types'
import { isExpressChatType } from './schemas'
import type { SandboxState } from './state'

export type AdminResponse = { status: number; body: unknown } | { stream: Iterable<unknown> }

export interface AdminRequest {
  method: string
  /** Path below /__admin. */
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: unknown
}

const tokenAction = z.object({ platform: platformSchema, token: z.string().min(1) })
const churnAction = z.strictObject({
  platform: platformSchema,
  changed: z.number().min(0).max(1),
  inserted: z.number().min(0).max(1).default(0)
})

/**
 * The test and demo controls, on the sandbox's own port and guarded by the admin token:
 *   GET   /__admin/accounts                       the accounts JSON
 *   GET   /__admin/faults                         { <platform>: FaultSettings }
 *   PATCH /__admin/faults/:platform               partial FaultSettings → the platform's settings
 *   POST  /__admin/tokens/revoke|restore|issue    { platform, token } → { ok } / { token }
 *   GET   /__admin/writes[?platform=]             [{ platform, method, path, body, at }]
 *   GET   /__admin/requests                       { <platform>: API requests received since start or reset }
 *   GET   /__admin/limited                        { <platform>: of those, the ones answered 429 (rate limit) }
 *   POST  /__admin/reset                          back to the seeded state
 *   POST  /__admin/churn                          { platform, changed, inserted? } (fractions 0..1) → once, in
 *                                                 every account: that share changes, that share arrives new
 *   GET   /__admin/snapshot?platform=&account=[&type=]   NDJSON, one record per line, in list order
 */
export function handleAdmin(
  state: SandboxState,
  adminToken: string,
  accounts: SandboxAccounts,
  request: AdminRequest
): AdminResponse {
  const given = bearer(request.headers) ?? header(request.headers, 'x-admin-token')
  if (given === undefined || !sameSecret(given, adminToken)) return fail(401, 'missing or wrong admin token')
  const { method, path, query } = request
  const route = `${method} ${path}`

  if (route === 'GET /accounts') return ok(accounts)
  if (route === 'GET /faults') return ok(Object.fromEntries(PLATFORMS.map((p) => [p, state.faults[p].settings])))
  const faultPath = /^\/faults\/([a-z-]+)$/.exec(path)
  if (faultPath && method === 'PATCH') {
    const platform = platformSchema.safeParse(faultPath[1])
    if (!platform.success) return fail(404, `unknown platform ${faultPath[1]}`)
    const patch = faultPatchSchema.safeParse(request.body)
    if (!patch.success) return fail(400, describeIssues(patch.error))
    return ok(state.faults[platform.data].update(patch.data))
  }
  const tokenPath = /^\/tokens\/(revoke|restore|issue)$/.exec(path)
  if (tokenPath && method === 'POST') {
    const parsed = tokenAction.safeParse(request.body)
    if (!parsed.success) return fail(400, describeIssues(parsed.error))
    const tokens = state.platform(parsed.data.platform).tokens
    if (tokenPath[1] === 'issue') {
      const token = tokens.issue(parsed.data.token)
      return token === undefined ? fail(404, 'unknown token') : ok({ token })
    }
    const done = tokenPath[1] === 'revoke' ? tokens.revoke(parsed.data.token) : tokens.restore(parsed.data.token)
    return done ? ok({ ok: true }) : fail(404, `token is not ${tokenPath[1] === 'revoke' ? 'valid' : 'revoked'}`)
  }
  if (route === 'GET /writes') {
    const platform = query.get('platform')
    if (platform === null) return ok(state.writeLog.list())
    const parsed = platformSchema.safeParse(platform)
    return parsed.success ? ok(state.writeLog.list(parsed.data)) : fail(400, `unknown platform ${platform}`)
  }
  if (route === 'GET /requests') return ok({ ...state.requests })
  if (route === 'GET /limited') return ok({ ...state.limited })
  if (route === 'POST /reset') {
    state.reset()
    return ok({ ok: true })
  }
  if (route === 'POST /churn') {
    const parsed = churnAction.safeParse(request.body)
    if (!parsed.success) return fail(400, describeIssues(parsed.error))
    const { platform, changed, inserted } = parsed.data
    return ok(state.platform(platform).churnAll(changed, inserted, state.faults[platform].churnRng))
  }
  if (route === 'GET /snapshot') return snapshot(state, query)
  return fail(404, `no admin route ${route}`)
}

function snapshot(state: SandboxState, query: URLSearchParams): AdminResponse {
  const platform = platformSchema.safeParse(query.get('platform'))
  if (!platform.success) return fail(400, `platform must be one of ${PLATFORMS.join(', ')}`)
  const accountText = query.get('account') ?? '0'
  const account = /^\d+$/.test(accountText) ? Number(accountText) : accountText
  const type = query.get('type') ?? 'lead'
  if (!isExpressChatType(type)) return fail(400, 'type must be lead or non-lead')
  try {
    return { stream: state.platform(platform.data).snapshot(account, { type }) }
  } catch (error) {
    return fail(404, error instanceof Error ? error.message : String(error))
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

function ok(body: unknown): AdminResponse {
  return { status: 200, body }
}

function fail(status: number, message: string): AdminResponse {
  return { status, body: { message } }
}
