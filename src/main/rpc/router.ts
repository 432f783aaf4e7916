import type { z } from 'zod'
import { contract, isMethodName, type Handlers } from '../../shared/contract'
import { AppError, type RpcError, type RpcResult } from '../../shared/contract/errors'
import { clip } from '../../shared/contract/primitives'
import type { Logger } from '../logger'

export interface RouterOptions {
  /** Check every reply against the contract too; on in tests, where a drift should fail loudly. */
  validateOutput?: boolean
  logger: Logger
}

export type Dispatch = (method: unknown, input: unknown) => Promise<RpcResult<unknown>>

type Issue = z.core.$ZodIssue

/** What an issue says, quoting the caller's keys only in part: a 7 MB key must not come back whole. */
function messageOf(issue: Issue): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.slice(0, 3).map((key) => `"${clip(key)}"`)
    const more = issue.keys.length > 3 ? ` and ${issue.keys.length - 3} more` : ''
    return `unknown key${issue.keys.length === 1 ? '' : 's'} ${keys.join(', ')}${more}`
  }
  return clip(issue.message, 300)
}

/** For a union, the branch that came closest explains the failure best (fewest issues). */
function flatten(issues: readonly Issue[], prefix: PropertyKey[] = []): { path: PropertyKey[]; message: string }[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path]
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const fewest = Math.min(...issue.errors.map((branch) => branch.length))
      const closest = issue.errors.filter((branch) => branch.length === fewest && fewest > 0)
      if (closest.length === 1) return flatten(closest[0]!, path)
      if (closest.length > 1) {
        const either = closest.map((branch) => describe(flatten(branch, path))).join(' — or — ')
        return [{ path: [], message: either }]
      }
    }
    return [{ path, message: messageOf(issue) }]
  })
}

function describe(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map(({ path, message }) => (path.length ? `${path.map((p) => clip(String(p))).join('.')}: ${message}` : message))
    .join('; ')
}

function describeIssues(error: z.ZodError): string {
  return describe(flatten(error.issues))
}

/** One entry point for both transports: validate, call the domain handler, shape the error. */
export function createRouter(handlers: Handlers, options: RouterOptions): Dispatch {
  const route = routeTo(handlers, options)
  // A dispatch never rejects: the transports answer whatever it returns, and nothing else.
  return (method, input) =>
    route(method, input).catch((err: unknown) => ({
      ok: false as const,
      error: toRpcError(err, typeof method === 'string' ? method.slice(0, 80) : 'a call', options.logger)
    }))
}

function routeTo(handlers: Handlers, options: RouterOptions): Dispatch {
  return async (method, input) => {
    if (!isMethodName(method)) {
      const name = typeof method === 'string' ? clip(method) : typeof method
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `There is no method named "${name}".` } }
    }
    const spec = contract[method]
    const parsed = spec.input.safeParse(input === undefined ? {} : input)
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'INVALID_INPUT', message: `Invalid input for ${method}: ${describeIssues(parsed.error)}` }
      }
    }
    try {
      const handler = handlers[method] as (input: unknown) => Promise<unknown>
      const result = await handler(parsed.data)
      if (options.validateOutput) {
        const checked = spec.output.safeParse(result)
        if (!checked.success) {
          logSafely(options.logger, `reply of ${method} breaks the contract: ${describeIssues(checked.error)}`)
          return { ok: false, error: { code: 'INTERNAL', message: `The reply of ${method} broke the contract.` } }
        }
      }
      return { ok: true, result }
    } catch (err) {
      return { ok: false, error: toRpcError(err, method, options.logger) }
    }
  }
}

function toRpcError(err: unknown, method: string, logger: Logger): RpcError {
  if (err instanceof AppError) return { code: err.code, message: err.message }
  // Unexpected failures are logged in full here and cross the boundary as one plain sentence.
  logSafely(logger, `${method} failed`, err)
  return { code: 'INTERNAL', message: `${method} failed unexpectedly; the details are in the log.` }
}

/** A logger that throws must never replace the answer the caller is owed. */
function logSafely(logger: Logger, message: string, err?: unknown): void {
  try {
    logger.error(message, err)
  } catch {
    // The logger's own problem; the reply still goes out.
  }
}
