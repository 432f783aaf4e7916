import type { Connection, ConnectionState, SyncProgress, SyncStatus } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import type { AppContext } from '../app-context'
import { connectorFor } from '../connections/connector-for'
import { findConnection, listConnections, setConnectionState } from '../connections/repository'
import { ProviderError } from '../providers/connector'
import { pull } from './pull'
import { pushOutbox } from './push'
import { asProviderError } from './retry'

// Other domains that talk to platforms (the CSV import's push) retry the same way.
export { asProviderError, backoffMs, DEFAULT_RETRY, sleep } from './retry'

type Task = 'sync' | 'push'

interface Lane {
  controller: AbortController
  task: Task
  done: Promise<void>
}

const SETTINGS_INTERVAL_KEY = 'syncIntervalMinutes'
const DEFAULT_INTERVAL_MINUTES = 15

/**
 * Runs syncs: one lane per connection, so a pull and a push of the same connection never overlap,
 * while different connections sync concurrently.
 */
export class SyncService {
  private readonly lanes = new Map<string, Lane>()
  private readonly progress = new Map<string, SyncProgress>()
  private intervalTimer: NodeJS.Timeout | null = null
  private offlineTimer: NodeJS.Timeout | null = null
  private pushTimer: NodeJS.Timeout | null = null
  private stopped = false

  constructor(private readonly ctx: AppContext) {}

  async start({ schedule }: { schedule: boolean }): Promise<void> {
    // A killed process leaves these behind: an edit in flight is sent again (idempotent), and no
    // connection is really syncing yet.
    await this.ctx.db.write(async (tx) => {
      await tx.run("UPDATE outbox SET state = 'pending' WHERE state = 'sending'")
      await tx.run("UPDATE connections SET state = 'idle', state_message = NULL WHERE state IN ('syncing', 'offline')")
    })
    if (schedule) {
      await this.reschedule()
      this.run()
    }
  }

  async stop(): Promise<void> {
    this.stopped = true
    for (const timer of [this.intervalTimer, this.offlineTimer, this.pushTimer]) if (timer) clearTimeout(timer)
    await Promise.all([...this.lanes.values()].map((lane) => (lane.controller.abort(new Error('stopping')), lane.done)))
  }

  async intervalMinutes(): Promise<number> {
    const row = await this.ctx.db.get<{ value_json: string }>('SELECT value_json FROM settings WHERE key = ?', [
      SETTINGS_INTERVAL_KEY
    ])
    return row ? (JSON.parse(row.value_json) as number) : DEFAULT_INTERVAL_MINUTES
  }

  async setIntervalMinutes(minutes: number): Promise<void> {
    await this.ctx.db.write((tx) =>
      tx.run(
        'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json',
        [SETTINGS_INTERVAL_KEY, JSON.stringify(minutes)]
      )
    )
    if (this.intervalTimer) await this.reschedule()
  }

  private async reschedule(): Promise<void> {
    if (this.intervalTimer) clearInterval(this.intervalTimer)
    this.intervalTimer = null
    const minutes = await this.intervalMinutes()
    if (minutes > 0 && !this.stopped) {
      this.intervalTimer = setInterval(() => this.run(), minutes * 60_000)
      this.intervalTimer.unref()
    }
  }

  /** Starts a sync of one connection or of all; returns the ids actually started. */
  run(connectionId?: string): Promise<string[]> {
    return this.startTasks('sync', connectionId)
  }

  /** Soon after an edit: push queued edits of every connection that is not busy. */
  pushSoon(): void {
    if (this.pushTimer || this.stopped) return
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null
      void this.startTasks('push')
    }, 200)
  }

  cancel(connectionId?: string): string[] {
    const cancelled: string[] = []
    for (const [id, lane] of this.lanes) {
      if (connectionId && id !== connectionId) continue
      lane.controller.abort(new Error('cancelled'))
      cancelled.push(id)
    }
    return cancelled
  }

  /** Waits for whatever is running now (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.lanes.size > 0) await Promise.all([...this.lanes.values()].map((lane) => lane.done))
  }

  async forget(connectionId: string): Promise<void> {
    const lane = this.lanes.get(connectionId)
    if (lane) {
      lane.controller.abort(new Error('connection removed'))
      await lane.done
    }
    this.progress.delete(connectionId)
    this.ctx.network.forget(connectionId)
  }

  async status(): Promise<SyncStatus> {
    const connections = await listConnections(this.ctx.db)
    const counts = await this.ctx.db.all<{ connection_id: string; pending: number; conflicts: number }>(
      `SELECT connection_id, sum(state IN ('pending', 'sending', 'failed')) AS pending, sum(state = 'conflict') AS conflicts
       FROM outbox WHERE state IN ('pending', 'sending', 'failed', 'conflict') GROUP BY connection_id`
    )
    const byId = new Map(counts.map((c) => [c.connection_id, c]))
    return {
      online: this.ctx.network.online,
      connections: connections
        .filter((c) => !c.archived)
        .map((c) => ({
          connectionId: c.id,
          state: c.state,
          message: c.stateMessage,
          progress: this.progress.get(c.id) ?? null,
          pendingEdits: byId.get(c.id)?.pending ?? 0,
          conflicts: byId.get(c.id)?.conflicts ?? 0
        }))
    }
  }

  private async startTasks(task: Task, connectionId?: string): Promise<string[]> {
    if (this.stopped) return []
    let targets: Connection[]
    if (connectionId) {
      const connection = await findConnection(this.ctx.db, connectionId)
      if (!connection) throw new AppError('NOT_FOUND', `There is no connection with id "${connectionId}".`)
      if (connection.archived) throw new AppError('CONFLICT', 'This connection was removed.')
      targets = [connection]
    } else {
      targets = (await listConnections(this.ctx.db)).filter((c) => !c.archived && c.state !== 'needs-token')
    }
    if (task === 'push') {
      const withEdits = await this.ctx.db.all<{ connection_id: string }>(
        "SELECT DISTINCT connection_id FROM outbox WHERE state = 'pending'"
      )
      const ids = new Set(withEdits.map((r) => r.connection_id))
      targets = targets.filter((c) => ids.has(c.id) && !c.readOnly && c.state !== 'offline')
    }
    const started: string[] = []
    for (const connection of targets) {
      if (this.lanes.has(connection.id)) continue
      const controller = new AbortController()
      const lane: Lane = { controller, task, done: Promise.resolve() }
      lane.done = this.runLane(connection, task, controller.signal).finally(() => this.lanes.delete(connection.id))
      this.lanes.set(connection.id, lane)
      started.push(connection.id)
    }
    return started
  }

  private async runLane(connection: Connection, task: Task, signal: AbortSignal): Promise<void> {
    const id = connection.id
    const emitProgress = (progress: Omit<SyncProgress, 'connectionId'>): void => {
      const full = { connectionId: id, ...progress }
      this.progress.set(id, full)
      this.ctx.events.emit('sync.progress', full)
    }
    try {
      const connector = await connectorFor(this.ctx, connection)
      if (task === 'sync') {
        await this.setState(id, 'syncing', null)
        emitProgress({
          phase: 'starting',
          pages: 0,
          records: 0,
          ratePerSecond: 0,
          etaSeconds: null,
          fraction: null,
          message: null
        })
        await pull({
          db: this.ctx.db,
          connectionId: id,
          connector,
          signal,
          logger: this.ctx.logger,
          expectedRecords: connection.leadCount,
          onProgress: (p) => {
            emitProgress(p.phase === 'done' ? { ...p, phase: 'pulling', fraction: 1 } : p)
            if (p.phase !== 'done') this.ctx.events.emit('data.changed', { entity: 'leads', connectionId: id })
          }
        })
      }
      const pushed = await pushOutbox(this.ctx.db, id, connector, signal, this.ctx.logger)
      const last = this.progress.get(id)
      emitProgress({
        phase: 'done',
        pages: last?.pages ?? 0,
        records: last?.records ?? 0,
        ratePerSecond: last?.ratePerSecond ?? 0,
        etaSeconds: 0,
        fraction: 1,
        message:
          [pushed.failed ? `${pushed.failed} edit(s) were refused by the platform.` : '', ...new Set(pushed.warnings)]
            .filter(Boolean)
            .join(' ') || null
      })
      this.ctx.network.reachable(id)
      await this.ctx.db.write((tx) =>
        tx.run(
          `UPDATE connections SET state = 'ok', state_message = NULL${task === 'sync' ? ', last_synced_at = ?' : ''} WHERE id = ?`,
          task === 'sync' ? [this.ctx.now(), id] : [id]
        )
      )
      this.ctx.events.emit('connection.state', { connectionId: id, state: 'ok', message: null })
    } catch (err) {
      await this.failed(id, err, signal)
    } finally {
      this.ctx.events.emit('data.changed', { entity: 'leads', connectionId: id })
      this.ctx.events.emit('data.changed', { entity: 'outbox', connectionId: id })
      this.ctx.events.emit('data.changed', { entity: 'connections', connectionId: id })
    }
  }

  private async failed(id: string, err: unknown, signal: AbortSignal): Promise<void> {
    const last = this.progress.get(id)
    const base = {
      pages: last?.pages ?? 0,
      records: last?.records ?? 0,
      ratePerSecond: 0,
      etaSeconds: null,
      fraction: null
    }
    if (signal.aborted) {
      if (this.stopped) return
      this.ctx.events.emit('sync.progress', {
        connectionId: id,
        phase: 'cancelled',
        ...base,
        message: 'Sync cancelled.'
      })
      await this.setState(id, 'idle', null).catch(() => undefined)
      return
    }
    if (err instanceof AppError && err.code === 'UNAUTHORIZED') {
      await this.setState(id, 'needs-token', err.message)
      return
    }
    const error = err instanceof AppError ? new ProviderError('bad-request', err.message) : asProviderError(err)
    let state: ConnectionState = 'error'
    let message = `Sync failed: ${error.message}`
    if (error.kind === 'unauthorized') {
      state = 'needs-token'
      message = `The platform refused the token${error.status ? ` (${error.status})` : ''}. Enter a new token to sync again.`
    } else if (error.kind === 'network') {
      state = 'offline'
      message = `Cannot reach the platform (${error.message}). Edits wait in the outbox; retrying automatically.`
      this.ctx.network.unreachableNow(id)
      this.scheduleOfflineRetry()
    }
    if (!(err instanceof ProviderError) && !(err instanceof AppError))
      this.ctx.logger.error(`sync of ${id} failed`, err)
    else this.ctx.logger.warn(`sync of ${id}: ${state}: ${error.message}`)
    this.ctx.events.emit('sync.progress', { connectionId: id, phase: 'failed', ...base, message })
    await this.setState(id, state, message)
  }

  private scheduleOfflineRetry(): void {
    if (this.offlineTimer || this.stopped) return
    this.offlineTimer = setTimeout(
      () => {
        this.offlineTimer = null
        for (const id of this.ctx.network.offlineConnections) void this.run(id).catch(() => this.ctx.network.forget(id))
      },
      Number(process.env.LEADS_OFFLINE_RETRY_MS ?? 15_000)
    )
    this.offlineTimer.unref()
  }

  private async setState(id: string, state: ConnectionState, message: string | null): Promise<void> {
    await this.ctx.db.write((tx) => setConnectionState(tx, id, state, message, this.ctx.now()))
    this.ctx.events.emit('connection.state', { connectionId: id, state, message })
  }
}
