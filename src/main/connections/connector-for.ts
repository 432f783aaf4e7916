import type { Connection } from '../../shared/contract'
import type { AppContext } from '../app-context'
import type { Connector } from '../providers/connector'
import { recordOf } from './settings'
import { loadToken } from './tokens'

/** A connector for a saved connection, with its token fetched from the keychain at the last moment. */
export async function connectorFor(ctx: AppContext, connection: Connection): Promise<Connector> {
  const { token, origin } = await loadToken(ctx.secrets, connection)
  return ctx.createConnector(recordOf(connection), token, origin)
}

export async function withTimeout<T>(controller: AbortController, ms: number, fn: () => Promise<T>): Promise<T> {
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${ms / 1000} s`)), ms)
  try {
    return await fn()
  } finally {
    clearTimeout(timer)
  }
}
