import type { Connection } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import type { AppContext } from '../app-context'
import type { Connector } from '../providers/connector'
import { recordOf } from './settings'

/** A connector for a saved connection, with its token fetched from the keychain at the last moment. */
export async function connectorFor(ctx: AppContext, connection: Connection): Promise<Connector> {
  const token = await ctx.secrets.get(connection.id)
  if (!token) {
    throw new AppError('UNAUTHORIZED', `The keychain holds no token for "${connection.name}": enter it again.`)
  }
  return ctx.createConnector(recordOf(connection), token)
}

export async function withTimeout<T>(controller: AbortController, ms: number, fn: () => Promise<T>): Promise<T> {
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${ms / 1000} s`)), ms)
  try {
    return await fn()
  } finally {
    clearTimeout(timer)
  }
}
