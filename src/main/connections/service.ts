import { randomUUID } from 'node:crypto'
import type { Connection, ConnectionState, ConnectionTestResult, MethodInput } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import type { Clock } from '../clock'
import type { Database } from '../db'
import type { EventBus } from '../events'
import type { Logger } from '../logger'
import type { Connector, ConnectorSettings } from '../providers'
import type { SecretStore } from '../secrets'
import {
  findConnection,
  insertConnection,
  listConnections,
  setConnectionState,
  updateConnectionRecord,
  type ConnectionRecord
} from './repository'
import { recordOf, resolveConnection, type ConnectionFields } from './settings'

export interface ConnectionDeps {
  db: Database
  secrets: SecretStore
  events: EventBus
  logger: Logger
  clock: Clock
  /** Builds a platform connector (providers' createConnector). */
  connect(settings: ConnectorSettings): Connector
}

const TEST_TIMEOUT_MS = 20_000

/** The saved connections and their tokens: the only code that reads or writes a token in the keychain. */
export class ConnectionService {
  constructor(private readonly deps: ConnectionDeps) {}

  list(): Promise<Connection[]> {
    return listConnections(this.deps.db)
  }

  find(id: string): Promise<Connection | null> {
    return findConnection(this.deps.db, id)
  }

  async require(id: string): Promise<Connection> {
    const connection = await this.find(id)
    if (!connection) throw new AppError('NOT_FOUND', `There is no connection with id "${id}".`)
    return connection
  }

  /** Saves a new connection; the token goes to the keychain first, so if it cannot, nothing is saved. */
  async create(draft: ConnectionFields & { token: string }, isDemo = false): Promise<Connection> {
    const { db, secrets, clock, logger, events } = this.deps
    const record = resolveConnection(randomUUID(), draft, isDemo)
    await secrets.set(record.id, draft.token)
    try {
      await db.write((tx) => insertConnection(tx, record, clock.now()))
    } catch (err) {
      await secrets.delete(record.id).catch(() => undefined)
      throw err
    }
    logger.info(`connection ${record.id} (${record.platform}) created`)
    events.emit('data.changed', { entity: 'connections', connectionId: record.id })
    return (await this.find(record.id))!
  }

  async update(edit: MethodInput<'connections.update'>): Promise<Connection> {
    const { db, secrets, clock, events } = this.deps
    const current = await this.require(edit.id)
    if (current.archived) throw new AppError('CONFLICT', 'This connection was removed; add it again instead.')
    const record = resolveConnection(current.id, { ...recordOf(current), ...stripUndefined(edit) }, current.isDemo)
    if (edit.token) await secrets.set(current.id, edit.token)
    // A new token is the fix for "needs a new token": let the next sync try again.
    const tokenFixed = Boolean(edit.token) && current.state === 'needs-token'
    await db.write(async (tx) => {
      await updateConnectionRecord(tx, record, clock.now())
      if (tokenFixed) {
        await tx.run("UPDATE connections SET state = 'idle', state_message = NULL WHERE id = ?", [current.id])
      }
    })
    events.emit('data.changed', { entity: 'connections', connectionId: current.id })
    if (tokenFixed) events.emit('connection.state', { connectionId: current.id, state: 'idle', message: null })
    return (await this.find(current.id))!
  }

  /** Points a connection somewhere else (the demo sandbox comes back on a new port after a restart). */
  async moveTo(connection: Connection, baseUrl: string): Promise<void> {
    await this.deps.db.write((tx) =>
      updateConnectionRecord(tx, { ...recordOf(connection), baseUrl }, this.deps.clock.now())
    )
  }

  /** Asks the platform, with the saved token or with the token of a draft that is not saved yet. */
  async test(input: MethodInput<'connections.test'>): Promise<ConnectionTestResult> {
    const connector =
      'draft' in input
        ? this.connector(resolveConnection('draft', input.draft), input.draft.token)
        : await this.connectorFor(await this.require(input.id))
    const controller = new AbortController()
    const timer = setTimeout(
      () => controller.abort(new Error(`no answer within ${TEST_TIMEOUT_MS / 1000} s`)),
      TEST_TIMEOUT_MS
    )
    try {
      return await connector.test(controller.signal)
    } finally {
      clearTimeout(timer)
    }
  }

  /** A connector for a saved connection, with its token fetched from the keychain at the last moment. */
  async connectorFor(connection: Connection): Promise<Connector> {
    const token = await this.deps.secrets.get(connection.id)
    if (!token) {
      throw new AppError('UNAUTHORIZED', `The keychain holds no token for "${connection.name}": enter it again.`)
    }
    return this.connector(recordOf(connection), token)
  }

  async setState(id: string, state: ConnectionState, message: string | null): Promise<void> {
    await this.deps.db.write((tx) => setConnectionState(tx, id, state, message, this.deps.clock.now()))
    this.deps.events.emit('connection.state', { connectionId: id, state, message })
  }

  /** A sync (or push) ended well; a sync also moves "last synced". */
  async succeeded(id: string, synced: boolean): Promise<void> {
    await this.deps.db.write((tx) =>
      tx.run(
        `UPDATE connections SET state = 'ok', state_message = NULL${synced ? ', last_synced_at = ?' : ''} WHERE id = ?`,
        synced ? [this.deps.clock.now(), id] : [id]
      )
    )
    this.deps.events.emit('connection.state', { connectionId: id, state: 'ok', message: null })
  }

  /** After a restart nothing is syncing yet, and reachability is unknown until tried. */
  async resetInterrupted(): Promise<void> {
    await this.deps.db.write((tx) =>
      tx.run("UPDATE connections SET state = 'idle', state_message = NULL WHERE state IN ('syncing', 'offline')")
    )
  }

  /**
   * Forgets the token; the cached leads stay (the connection is archived) unless `deleteData`.
   * Stop its sync first: this only removes.
   */
  async remove(id: string, deleteData: boolean): Promise<void> {
    const { db, secrets, clock, logger, events } = this.deps
    await secrets.delete(id).catch((err: unknown) => {
      if (err instanceof AppError) throw err
    })
    await db.write(async (tx) => {
      if (deleteData) {
        await tx.run('DELETE FROM connections WHERE id = ?', [id])
      } else {
        await tx.run(
          "UPDATE connections SET archived = 1, state = 'idle', state_message = NULL, updated_at = ? WHERE id = ?",
          [clock.now(), id]
        )
        await tx.run('DELETE FROM sync_checkpoints WHERE connection_id = ?', [id])
      }
    })
    logger.info(`connection ${id} removed (${deleteData ? 'with' : 'keeping'} its cached data)`)
    events.emit('data.changed', { entity: 'connections', connectionId: id })
    events.emit('data.changed', { entity: 'leads', connectionId: id })
  }

  /** Deletes every demo connection with its tokens and cached data. Stop their syncs first. */
  async removeDemo(): Promise<number> {
    const demos = (await this.list()).filter((c) => c.isDemo)
    for (const demo of demos) await this.deps.secrets.delete(demo.id).catch(() => undefined)
    await this.deps.db.write((tx) => tx.run('DELETE FROM connections WHERE is_demo = 1'))
    this.deps.events.emit('data.changed', { entity: 'connections', connectionId: null })
    this.deps.events.emit('data.changed', { entity: 'leads', connectionId: null })
    return demos.length
  }

  private connector(record: ConnectionRecord, token: string): Connector {
    return this.deps.connect({
      platform: record.platform,
      brand: record.brand,
      baseUrl: record.baseUrl,
      token,
      botId: record.botId,
      customerId: record.customerId,
      agentId: record.agentId
    })
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
