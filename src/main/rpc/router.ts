import type { z } from 'zod'
import { contract, isMethodName, type Handlers } from '../../shared/contract'
import { AppError, type RpcError, type RpcResult } from '../../shared/contract/errors'
import type { Logger } from '../logger'

export interface RouterOptions {
  /** Check every reply against the contract too; on in tests, where a drift should fail loudly. */
  validateOutput?: boolean
  logger: Logger
}

export type Dispatch = (method: unknown, input: unknown) => Promise<RpcResult<unknown>>

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`)
    .join('; ')
}

/** One entry point for both transports: validate, call the domain handler, shape the error. */
export function createRouter(handlers: Handlers, options: RouterOptions): Dispatch {
  return async (method, input) => {
    if (!isMethodName(method)) {
      const name = typeof method === 'string' ? method.slice(0, 80) : typeof method
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
          options.logger.error(`reply of ${method} breaks the contract: ${describeIssues(checked.error)}`)
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
  logger.error(`${method} failed`, err)
  return { code: 'INTERNAL', message: `${method} failed unexpectedly; the details are in the log.` }
}
