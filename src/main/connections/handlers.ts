import { randomUUID } from 'node:crypto'
import type { Connection, Handlers } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import type { AppContext } from '../app-context'
import { connectorFor, withTimeout } from './connector-for'
import { findConnection, insertConnection, listConnections, updateConnectionRecord } from './repository'
import { recordOf, resolveConnection } from './settings'
import { originOf, saveToken } from './tokens'

type ConnectionHandlers = Pick<
  Handlers,
  'connections.list' | 'connections.create' | 'connections.update' | 'connections.test' | 'connections.remove'
>

export async function requireConnection(ctx: AppContext, id: string): Promise<Connection> {
  const connection = await findConnection(ctx.db, id)
  if (!connection) throw new AppError('NOT_FOUND', `There is no connection with id "${id}".`)
  return connection
}

export function connectionHandlers(ctx: AppContext): ConnectionHandlers {
  return {
    'connections.list': () => listConnections(ctx.db),

    'connections.create': async (draft) => {
      const record = resolveConnection(randomUUID(), draft)
      // The token goes to the keychain first: if it cannot, nothing is saved anywhere.
      await saveToken(ctx.secrets, record.id, draft.token, record.baseUrl)
      try {
        await ctx.db.write((tx) => insertConnection(tx, record, ctx.now()))
      } catch (err) {
        await ctx.secrets.delete(record.id).catch(() => undefined)
        throw err
      }
      ctx.logger.info(`connection ${record.id} (${record.platform}) created`)
      ctx.events.emit('data.changed', { entity: 'connections', connectionId: record.id })
      return (await findConnection(ctx.db, record.id))!
    },

    'connections.update': async (edit) => {
      const current = await requireConnection(ctx, edit.id)
      if (current.archived) throw new AppError('CONFLICT', 'This connection was removed; add it again instead.')
      const record = resolveConnection(current.id, { ...recordOf(current), ...stripUndefined(edit) }, current.isDemo)
      const [from, to] = [originOf(current.baseUrl), originOf(record.baseUrl)]
      if (from !== to && !edit.token) {
        throw new AppError(
          'INVALID_INPUT',
          `Moving this connection to ${to} needs its API token again: the saved token is only ever sent to ${from}. ` +
            'Enter the token in the token field.'
        )
      }
      if (edit.token) await saveToken(ctx.secrets, current.id, edit.token, record.baseUrl)
      // A new token is the fix for "needs a new token": let the next sync try again.
      const tokenFixed = Boolean(edit.token) && current.state === 'needs-token'
      await ctx.db.write(async (tx) => {
        await updateConnectionRecord(tx, record, ctx.now())
        if (tokenFixed) {
          await tx.run("UPDATE connections SET state = 'idle', state_message = NULL WHERE id = ?", [current.id])
        }
      })
      ctx.events.emit('data.changed', { entity: 'connections', connectionId: current.id })
      if (tokenFixed) {
        ctx.events.emit('connection.state', { connectionId: current.id, state: 'idle', message: null })
      }
      return (await findConnection(ctx.db, current.id))!
    },

    'connections.test': async (input) => {
      const controller = new AbortController()
      if ('draft' in input) {
        const record = resolveConnection('draft', input.draft)
        const connector = ctx.createConnector(record, input.draft.token)
        return withTimeout(controller, 20_000, () => connector.test(controller.signal))
      }
      const connection = await requireConnection(ctx, input.id)
      const connector = await connectorFor(ctx, connection)
      return withTimeout(controller, 20_000, () => connector.test(controller.signal))
    },

    'connections.remove': async ({ id, deleteData }) => {
      const connection = await requireConnection(ctx, id)
      await ctx.sync.forget(id)
      await ctx.secrets.delete(id).catch((err: unknown) => {
        if (err instanceof AppError) throw err
      })
      await ctx.db.write(async (tx) => {
        if (deleteData) {
          await tx.run('DELETE FROM connections WHERE id = ?', [id])
        } else {
          await tx.run(
            "UPDATE connections SET archived = 1, state = 'idle', state_message = NULL, updated_at = ? WHERE id = ?",
            [ctx.now(), id]
          )
          await tx.run('DELETE FROM sync_checkpoints WHERE connection_id = ?', [id])
        }
      })
      ctx.logger.info(`connection ${id} removed (${deleteData ? 'with' : 'keeping'} its cached data)`)
      ctx.events.emit('data.changed', { entity: 'connections', connectionId: connection.id })
      ctx.events.emit('data.changed', { entity: 'leads', connectionId: connection.id })
      return { ok: true as const }
    }
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
