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
  archiveConnection,
  clearNeedsToken,
  deleteConnection,
  deleteDemoConnections,
  findConnection,
  insertConnection,
  listConnections,
  resetInterrupted,
  setConnectionState,
  setLastSynced,
  updateConnectionRecord,
  type ConnectionRecord
} from './store'
import { recordOf, resolveConnection, type ConnectionFields } from './settings'
import { loadToken, originOf, saveToken } from './tokens'

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
    await saveToken(secrets, record.id, draft.token, record.baseUrl)
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
    const [from, to] = [originOf(current.baseUrl), originOf(record.baseUrl)]
    if (from !== to && !edit.token) {
      throw new AppError(
        'INVALID_INPUT',
        `Moving this connection to ${to} needs its API token again: the saved token is only ever sent to ${from}. ` +
          'Enter the token in the token field.'
      )
    }
    if (edit.token) await saveToken(secrets, current.id, edit.token, record.baseUrl)
    // A new token is the fix for "needs a new token": let the next sync try again.
    const tokenFixed = Boolean(edit.token) && current.state === 'needs-token'
    await db.write(async (tx) => {
      await updateConnectionRecord(tx, record, clock.now())
      if (tokenFixed) await clearNeedsToken(tx, current.id)
    })
    events.emit('data.changed', { entity: 'connections', connectionId: current.id })
    if (tokenFixed) events.emit('connection.state', { connectionId: current.id, state: 'idle', message: null })
    return (await this.find(current.id))!
  }

  /**
   * Points a connection somewhere else with its token (the demo sandbox comes back on a new port after a
   * restart): a token is bound to the address it was saved for, so it is saved again for the new one.
   */
  async moveTo(connection: Connection, baseUrl: string, token: string): Promise<void> {
    await saveToken(this.deps.secrets, connection.id, token, baseUrl)
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

  /**
   * A connector for a saved connection, with its token fetched from the keychain at the last moment
   * and sent only to the address it was saved for.
   */
  async connectorFor(connection: Connection): Promise<Connector> {
    const { token, origin } = await loadToken(this.deps.secrets, connection)
    return this.connector(recordOf(connection), token, origin)
  }

  /** Saves what a sync says about a connection (the sync service shows it first, and announces it). */
  async saveState(id: string, state: ConnectionState, message: string | null, syncedAt?: string): Promise<void> {
    await this.deps.db.write(async (tx) => {
      await setConnectionState(tx, id, state, message, this.deps.clock.now())
      if (syncedAt) await setLastSynced(tx, id, syncedAt)
    })
  }

  /** After a restart nothing is syncing yet, and reachability is unknown until tried. */
  async resetInterrupted(): Promise<void> {
    await this.deps.db.write(resetInterrupted)
  }

  /**
   * Forgets the token; the cached leads stay (the connection is archived) unless `deleteData`.
   * Stop its sync first (the sync service also drops its checkpoints): this only removes.
   */
  async remove(id: string, deleteData: boolean): Promise<void> {
    const { db, secrets, clock, logger, events } = this.deps
    await secrets.delete(id).catch((err: unknown) => {
      if (err instanceof AppError) throw err
    })
    await db.write((tx) => (deleteData ? deleteConnection(tx, id) : archiveConnection(tx, id, clock.now())))
    logger.info(`connection ${id} removed (${deleteData ? 'with' : 'keeping'} its cached data)`)
    events.emit('data.changed', { entity: 'connections', connectionId: id })
    events.emit('data.changed', { entity: 'leads', connectionId: id })
  }

  /** Deletes every demo connection with its tokens and cached data. Stop their syncs first. */
  async removeDemo(): Promise<number> {
    const demos = (await this.list()).filter((c) => c.isDemo)
    for (const demo of demos) await this.deps.secrets.delete(demo.id).catch(() => undefined)
    await this.deps.db.write(deleteDemoConnections)
    this.deps.events.emit('data.changed', { entity: 'connections', connectionId: null })
    this.deps.events.emit('data.changed', { entity: 'leads', connectionId: null })
    return demos.length
  }

  /** `tokenOrigin`: where the token may go; the record's own address when absent (a draft). */
  private connector(record: ConnectionRecord, token: string, tokenOrigin?: string): Connector {
    return this.deps.connect({
      platform: record.platform,
      brand: record.brand,
      baseUrl: record.baseUrl,
      token,
      tokenOrigin,
      botId: record.botId,
      customerId: record.customerId,
      agentId: record.agentId
    })
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  const kept: Partial<T> = { ...value }
  for (const key in kept) if (kept[key] === undefined) delete kept[key]
  return kept
}
