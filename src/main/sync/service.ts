import type { Connection, ConnectionState, SyncProgress, SyncStatus } from '../../shared/contract'
import { AppError, type StorageErrorCode } from '../../shared/contract/errors'
import type { Clock } from '../clock'
import type { ConnectionService } from '../connections'
import { isStorageError, type Database } from '../db'
import type { EventBus } from '../events'
import { connectionsWithEditsToSend, outboxCounts, requeueSending } from '../leads'
import type { Logger } from '../logger'
import type { SettingsStore } from '../settings'
import { AutoRetry } from './auto-retry'
import { describeFailure } from './failure'
import { clearCheckpoints } from './checkpoint-store'
import { pull } from './pull'
import { SyncWriter } from './sync-writer'
import type { NetworkMonitor } from './network'
import { pushOutbox } from './push'
import { pushProgress } from './push-progress'

type Task = 'sync' | 'push'

interface Lane {
  controller: AbortController
  task: Task
  done: Promise<void>
  /** An automatic retry: it shows nothing (the card keeps its error) until the platform answers. */
  quiet: boolean
  /** Makes a quiet lane show itself (the platform answered, or the user asked for this sync). */
  announce(): void
}

interface SavedState {
  state: ConnectionState
  message: string | null
}

export interface SyncDeps {
  db: Database
  connections: ConnectionService
  network: NetworkMonitor
  events: EventBus
  logger: Logger
  clock: Clock
  /** Where the sync interval is kept. */
  settings: SettingsStore
}

const SETTINGS_INTERVAL_KEY = 'syncIntervalMinutes'
const DEFAULT_INTERVAL_MINUTES = 15

/**
 * Runs syncs: one lane per connection, so a pull and a push of the same connection never overlap,
 * while different connections sync concurrently. Nothing it starts in the background can reject
 * unhandled: each failure is logged, shown on its connection, and retried or stopped.
 */
export class SyncService {
  private readonly lanes = new Map<string, Lane>()
  private readonly progress = new Map<string, SyncProgress>()
  /** States not (yet) in the database: shown at once, and kept when the database cannot be written. */
  private readonly unsaved = new Map<string, SavedState>()
  private readonly retries = new AutoRetry((id) => this.background(this.startTasks('sync', id, { quiet: true })))
  /** The storage problem the last failed sync met, until a sync succeeds. */
  private storageProblem: { code: StorageErrorCode; message: string } | null = null
  private intervalTimer: NodeJS.Timeout | null = null
  private pushTimer: NodeJS.Timeout | null = null
  /** Settles when the scheduled push has started (or was dropped at stop), so idle() can wait for it. */
  private pushDue: { promise: Promise<void>; settle: () => void } | null = null
  /** Tasks between being asked for and having their lanes: they await the database first. */
  private readonly starting = new Set<Promise<unknown>>()
  private stopped = false
  /** One for every connection, so that connections syncing at once share their transactions. */
  private readonly writer: SyncWriter

  constructor(private readonly deps: SyncDeps) {
    this.writer = new SyncWriter(deps.db)
  }

  /**
   * `firstRunAfter`: the sync on start waits for it (browser mode: the first page of leads served),
   * so that its keychain process and requests do not compete with the start itself.
   */
  async start({ schedule, firstRunAfter }: { schedule: boolean; firstRunAfter?: Promise<void> }): Promise<void> {
    // A killed process leaves these behind: an edit in flight is sent again (idempotent), and no
    // connection is really syncing yet.
    await this.deps.db.write((tx) => requeueSending(tx, null, this.deps.clock.now()))
    await this.deps.connections.resetInterrupted()
    // Indexes a killed sync left dropped (SyncWriter): built in the background, one per write.
    this.background(
      this.writer
        .buildDeferredIndexes()
        .catch((err: unknown) => this.deps.logger.error('indexes a stopped sync dropped could not be built', err))
    )
    if (schedule) {
      await this.reschedule()
      const firstRun = (): void => {
        if (this.stopped) return
        // Said in the log: after it, nothing syncs by itself until the interval (tests wait for it).
        this.background(this.run().then((started) => this.deps.logger.info(`sync on start: ${started.length} started`)))
      }
      if (firstRunAfter) void firstRunAfter.then(firstRun)
      else firstRun()
    }
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.writer.stop()
    this.retries.stop()
    for (const timer of [this.intervalTimer, this.pushTimer]) if (timer) clearTimeout(timer)
    this.pushDue?.settle()
    await Promise.all([...this.lanes.values()].map((lane) => (lane.controller.abort(new Error('stopping')), lane.done)))
  }

  async intervalMinutes(): Promise<number> {
    const saved = await this.deps.settings.get(SETTINGS_INTERVAL_KEY)
    return typeof saved === 'number' ? saved : DEFAULT_INTERVAL_MINUTES
  }

  async setIntervalMinutes(minutes: number): Promise<void> {
    await this.deps.settings.set(SETTINGS_INTERVAL_KEY, minutes)
    if (this.intervalTimer) await this.reschedule()
  }

  private async reschedule(): Promise<void> {
    if (this.intervalTimer) clearInterval(this.intervalTimer)
    this.intervalTimer = null
    const minutes = await this.intervalMinutes()
    if (minutes > 0 && !this.stopped) {
      this.intervalTimer = setInterval(() => this.background(this.run()), minutes * 60_000)
      this.intervalTimer.unref()
    }
  }

  /** Starts a sync of one connection or of all; returns the ids actually started. */
  run(connectionId?: string): Promise<string[]> {
    return this.startTasks('sync', connectionId, { quiet: false })
  }

  /** A sync nobody waits for (scheduler, demo): its failure is logged, never left unhandled. */
  runInBackground(connectionId?: string): void {
    this.background(this.run(connectionId))
  }

  /** Soon after an edit: push queued edits of every connection that is not busy. */
  pushSoon(): void {
    if (this.pushTimer || this.stopped) return
    let settle = (): void => {}
    const promise = new Promise<void>((resolve) => (settle = resolve))
    this.pushDue = { promise, settle }
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null
      this.pushDue = null
      this.background(this.startTasks('push', undefined, { quiet: true }))
      settle()
    }, 200)
  }

  /**
   * After a bulk edit: push once `ms` have passed since the last one, so its Undo can still take
   * it back before anything is sent, and bulk edits made one after another go out merged, one
   * request per lead. Until then single edits wait with them; a sync started by hand pushes at
   * once. idle() does not wait for this grace: it is a deliberate delay, not work under way.
   */
  pushLater(ms: number): void {
    if (this.stopped) return
    if (this.pushTimer) clearTimeout(this.pushTimer)
    this.pushDue?.settle()
    this.pushDue = null
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null
      this.background(this.startTasks('push', undefined, { quiet: true }))
    }, ms)
  }

  /** The user asked for these connections' edits to go now, whatever their last sync said. */
  pushNow(connectionIds: readonly string[]): void {
    for (const id of connectionIds) this.background(this.startTasks('push', id, { quiet: true }))
  }

  cancel(connectionId?: string): string[] {
    const cancelled: string[] = []
    for (const [id, lane] of this.lanes) {
      if (connectionId && id !== connectionId) continue
      lane.controller.abort(new Error('cancelled'))
      cancelled.push(id)
    }
    for (const id of cancelled) this.retries.cancel(id)
    if (connectionId) this.retries.cancel(connectionId)
    return cancelled
  }

  /**
   * Waits for whatever is running or about to run (tests, shutdown): the push an edit scheduled,
   * tasks still looking up their connections, and every lane. A loaded machine can take longer
   * than the push delay to start a task, so waiting only on lanes could return before it began.
   */
  async idle(): Promise<void> {
    for (;;) {
      const waits: Promise<unknown>[] = [...this.starting, ...[...this.lanes.values()].map((lane) => lane.done)]
      if (this.pushDue) waits.push(this.pushDue.promise)
      if (waits.length === 0) return
      await Promise.all(waits)
    }
  }

  async forget(connectionId: string): Promise<void> {
    this.retries.succeeded(connectionId)
    const lane = this.lanes.get(connectionId)
    if (lane) {
      lane.controller.abort(new Error('connection removed'))
      await lane.done
    }
    this.progress.delete(connectionId)
    this.unsaved.delete(connectionId)
    this.deps.network.forget(connectionId)
    await this.deps.db.write((tx) => clearCheckpoints(tx, connectionId))
  }

  async status(): Promise<SyncStatus> {
    const connections = await this.deps.connections.list()
    const byId = await outboxCounts(this.deps.db)
    const storage = this.storageProblem ?? this.deps.db.problem
    return {
      online: this.deps.network.online,
      storage: storage ? { code: storage.code, message: storage.message } : null,
      connections: connections
        .filter((c) => !c.archived)
        .map((c) => {
          const saved = this.unsaved.get(c.id)
          return {
            connectionId: c.id,
            state: saved?.state ?? c.state,
            message: saved ? saved.message : c.stateMessage,
            progress: this.progress.get(c.id) ?? null,
            pendingEdits: byId.get(c.id)?.pending ?? 0,
            failedEdits: byId.get(c.id)?.failed ?? 0,
            conflicts: byId.get(c.id)?.conflicts ?? 0,
            nextRetryAt: this.retries.nextAt(c.id)
          }
        })
    }
  }

  private background(task: Promise<unknown>): void {
    const tracked = task
      .catch((err: unknown) => this.deps.logger.error('a background sync could not start', err))
      .finally(() => this.starting.delete(tracked))
    this.starting.add(tracked)
  }

  private async startTasks(
    task: Task,
    connectionId: string | undefined,
    { quiet }: { quiet: boolean }
  ): Promise<string[]> {
    if (this.stopped) return []
    let targets: Connection[]
    if (connectionId) {
      const connection = await this.deps.connections.find(connectionId)
      if (!connection) throw new AppError('NOT_FOUND', `There is no connection with id "${connectionId}".`)
      if (connection.archived) throw new AppError('CONFLICT', 'This connection was removed.')
      targets = [connection]
    } else {
      targets = (await this.deps.connections.list()).filter((c) => !c.archived && c.state !== 'needs-token')
    }
    if (task === 'push') {
      const ids = await connectionsWithEditsToSend(this.deps.db)
      // An edit does not wake a connection that cannot be reached: its automatic retry sends it.
      targets = targets.filter((c) => ids.has(c.id) && !c.readOnly && (connectionId || this.stateOf(c) !== 'offline'))
    }
    const started: string[] = []
    for (const connection of targets) {
      const running = this.lanes.get(connection.id)
      if (running) {
        if (!quiet) running.announce()
        continue
      }
      const controller = new AbortController()
      const lane: Lane = { controller, task, quiet, done: Promise.resolve(), announce: () => undefined }
      lane.done = this.runLane(connection, lane)
        .catch((err: unknown) => this.deps.logger.error(`sync of ${connection.id} ended unexpectedly`, err))
        .finally(() => this.lanes.delete(connection.id))
      this.lanes.set(connection.id, lane)
      started.push(connection.id)
    }
    return started
  }

  private stateOf(connection: Connection): ConnectionState {
    return this.unsaved.get(connection.id)?.state ?? connection.state
  }

  private async runLane(connection: Connection, lane: Lane): Promise<void> {
    const id = connection.id
    const signal = lane.controller.signal
    const before: SavedState = this.unsaved.get(id) ?? { state: connection.state, message: connection.stateMessage }
    const emitProgress = (progress: Omit<SyncProgress, 'connectionId'>): void => {
      const full = { connectionId: id, ...progress }
      this.progress.set(id, full)
      this.deps.events.emit('sync.progress', full)
    }
    let visible = false
    const show = async (): Promise<void> => {
      if (visible || lane.task !== 'sync') return
      visible = true
      emitProgress({
        phase: 'starting',
        pages: 0,
        records: 0,
        ratePerSecond: 0,
        etaSeconds: null,
        fraction: null,
        message: null
      })
      await this.setState(id, 'syncing', null)
    }
    lane.announce = () =>
      void show().catch((err: unknown) => this.deps.logger.warn(`sync of ${id}: state not saved`, err))
    try {
      const connector = await this.deps.connections.connectorFor(connection)
      if (lane.task === 'sync') {
        if (!lane.quiet) await show()
        await pull({
          db: this.deps.db,
          connectionId: id,
          connector,
          signal,
          logger: this.deps.logger,
          writer: this.writer,
          expectedRecords: connection.leadCount,
          onProgress: (p) => {
            if (!visible && p.pages > 0) lane.announce()
            if (!visible) return
            emitProgress(p.phase === 'done' ? { ...p, phase: 'pulling', fraction: 1 } : p)
            if (p.phase !== 'done') this.deps.events.emit('data.changed', { entity: 'leads', connectionId: id })
          }
        })
      }
      const counts = pushProgress(
        this.deps.db,
        id,
        (progress) => this.deps.events.emit('push.progress', progress),
        this.deps.logger
      )
      await counts.start()
      const pushed = await pushOutbox(this.deps.db, id, connector, signal, this.deps.logger, (r) =>
        counts.update(r)
      ).finally(() => counts.finish())
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
      this.deps.network.reachable(id)
      this.setStorageProblem(null)
      if (lane.task === 'sync') {
        await this.setState(id, 'ok', null, this.deps.clock.now())
        this.retries.succeeded(id)
      } else if (before.state !== 'error' && before.state !== 'offline') {
        // Edits went out; a sync that failed before still has to succeed before the card says so.
        await this.setState(id, 'ok', null)
      }
    } catch (err) {
      await this.failed(id, err, signal, before)
    } finally {
      this.deps.events.emit('data.changed', { entity: 'leads', connectionId: id })
      this.deps.events.emit('data.changed', { entity: 'outbox', connectionId: id })
      this.deps.events.emit('data.changed', { entity: 'connections', connectionId: id })
    }
  }

  /** Says why a sync stopped, on its connection, and retries it when the cause may pass by itself. */
  private async failed(id: string, err: unknown, signal: AbortSignal, before: SavedState): Promise<void> {
    let retry = false
    try {
      const last = this.progress.get(id)
      const ended = (phase: 'cancelled' | 'failed', message: string): void => {
        const progress: SyncProgress = {
          connectionId: id,
          phase,
          pages: last?.pages ?? 0,
          records: last?.records ?? 0,
          ratePerSecond: 0,
          etaSeconds: null,
          fraction: null,
          message
        }
        this.progress.set(id, progress)
        this.deps.events.emit('sync.progress', progress)
      }
      if (signal.aborted) {
        if (this.stopped) return
        ended('cancelled', 'Sync cancelled.')
        // Cancelling a sync does not make an earlier problem go away: the card keeps saying it.
        const keep = before.state === 'error' || before.state === 'offline' || before.state === 'needs-token'
        await this.setState(id, keep ? before.state : 'idle', keep ? before.message : null)
        return
      }
      const failure = describeFailure(err)
      retry = failure.retry
      if (failure.reachable === true) this.deps.network.reachable(id)
      if (failure.reachable === false) this.deps.network.unreachable(id)
      if (isStorageError(err)) this.setStorageProblem({ code: err.code, message: err.message })
      if (failure.unexpected) this.deps.logger.error(`sync of ${id} failed`, err)
      else this.deps.logger.warn(`sync of ${id}: ${failure.state}: ${failure.message}`)
      ended('failed', failure.message)
      await this.setState(id, failure.state, failure.message)
    } catch (inner) {
      // The database could not take the state: it is kept in memory and shown from there.
      this.deps.logger.warn(`sync of ${id}: could not save why it stopped`, inner)
    } finally {
      // Scheduled once this lane is over, so the retry is not turned away as "already running".
      if (retry) this.retries.schedule(id)
    }
  }

  private setStorageProblem(problem: { code: StorageErrorCode; message: string } | null): void {
    if (problem?.code === this.storageProblem?.code) return
    this.storageProblem = problem
    this.deps.events.emit('data.changed', { entity: 'connections', connectionId: null })
  }

  /** Shown at once (status and event), then saved; kept in memory if the database refuses it. */
  private async setState(id: string, state: ConnectionState, message: string | null, syncedAt?: string): Promise<void> {
    const entry: SavedState = { state, message }
    this.unsaved.set(id, entry)
    this.deps.events.emit('connection.state', { connectionId: id, state, message })
    await this.deps.connections.saveState(id, state, message, syncedAt)
    if (this.unsaved.get(id) === entry) this.unsaved.delete(id)
  }
}
