import { asStorageError, buildDeferredIndex, deferredIndexCount, type Database, type Tx } from '../db'
import {
  deferLeadIndexes,
  leadTotal,
  prepareLeads,
  REBUILD_MIN_ROWS,
  rebuildPays,
  writePreparedLeads,
  type PreparedLeads
} from '../leads'
import type { NormalizedLead, StreamCursor } from '../providers'
import { saveCheckpoint } from './checkpoint-store'

export interface SyncWriterOptions {
  /**
   * Rows handed over but not yet written, above which a lane waits before handing over more:
   * with the group being written, what bounds a sync's memory whatever the number of leads.
   */
  maxWaitingRows: number
  /** Rows written together at most (one group of statements): what the writer holds in memory at once. */
  maxGroupRows: number
  /**
   * How long a transaction stays open, group after group, before it commits: how much a crash can
   * take back (the sync resumes from the last commit), and how long the leads being synced stay
   * out of sight of readers. Another write (an edit) does not wait for it: it ends the
   * transaction after the group under way.
   */
  maxTransactionMs: number
  /** With nothing waiting, how long an open transaction waits for the next batch before it commits. */
  lingerMs: number
  /**
   * Rows written while syncs run from which the leads indexes may be dropped and built once the
   * syncs end (deferLeadIndexes), by the import's rule (rebuildPays).
   */
  deferIndexesFrom: number
}

const DEFAULTS: SyncWriterOptions = {
  maxWaitingRows: 1000,
  maxGroupRows: 4000,
  maxTransactionMs: 60_000,
  lingerMs: 200,
  deferIndexesFrom: REBUILD_MIN_ROWS
}

/** One batch of a lane: its rows, and the cursor that follows them, stored in the same transaction. */
interface Batch {
  lane: WriterLane
  stream: string
  /** Made ready when handed over, while SQLite writes what was handed over before (see prepareLeads). */
  leads: PreparedLeads
  /** Records in `leads` (what bounds memory). */
  rows: number
  cursor: StreamCursor
  done: Deferred
}

/**
 * Writes the batches of every connection being synced, in few transactions (group commit): a
 * transaction takes what is waiting, writes it, then goes on with what was handed over meanwhile,
 * group after group, and commits after `maxTransactionMs`, when another write waits, when a lane
 * asks for its rows (flush, discard), or when nothing more comes. A commit costs SQLite far more than
 * the rows in it: it writes every page the transaction touched to the WAL, and the checkpoint that
 * follows copies them back and syncs the file; a lead touches a page in each of a dozen indexes and
 * the FTS index, so a transaction of a few thousand rows touches most index pages of a large cache
 * and each commit rewrites them. At 100,000 leads, one commit every 2,500 rows spent 10 s of a 47 s
 * sync in COMMIT (measured), and the cost grows with the cache.
 * The rows of a group are let go once written, so the memory held is the group and what waits.
 *
 * Each batch's cursor is stored in the transaction that stores its rows, so a killed process resumes
 * after the last committed batch of each stream. A batch counts as written (its `done`) only once
 * committed. A group that fails is undone alone (a savepoint) and tried again lane by lane, so a
 * failure is not blamed on a lane it may not be about; a lane that fails writes nothing more: its
 * cursor must never move past rows that were not stored. A transaction that fails as a whole (the
 * commit, a storage failure such as a full disk, or an error that ends it) fails every lane it held.
 */
export class SyncWriter {
  private waiting: Batch[] = []
  private waitingRows = 0
  private writing = false
  private roomWaiters: (() => void)[] = []
  /** Wakes an open transaction waiting for the next batch. */
  private wake: (() => void) | null = null
  /** Lanes not yet flushed or discarded: the syncs under way. */
  private readonly open = new Set<WriterLane>()
  /**
   * Rows handed to SQLite since the writer last had no lane, and the leads the cache held once they
   * reached `deferIndexesFrom` (read then, not at every group).
   */
  private burst: { rows: number; cacheHeld: number | null } = { rows: 0, cacheHeld: null }
  /** The leads indexes are dropped (or being dropped, by the transaction under way) until the syncs end. */
  private indexesDeferred = false
  private building: Promise<void> | null = null
  private stopping = false
  private readonly options: SyncWriterOptions

  constructor(
    private readonly db: Database,
    options: Partial<SyncWriterOptions> = {}
  ) {
    this.options = { ...DEFAULTS, ...options }
  }

  /** A lane for one pull of one connection: its batches are written in the order handed over. */
  lane(connectionId: string): WriterLane {
    const lane = new WriterLane(this, connectionId)
    this.open.add(lane)
    return lane
  }

  /**
   * Builds the indexes a write dropped and listed (deferLeadIndexes), one per transaction, so an edit
   * waits at most one build: after the syncs that dropped them, and on start for those a killed
   * process left dropped. Stops between builds once the app stops; the list keeps the rest.
   */
  buildDeferredIndexes(onBuilding?: () => void): Promise<void> {
    this.building ??= (async () => {
      // Read first: a start with nothing listed (nearly always) takes no write.
      let listed = (await deferredIndexCount(this.db)) > 0
      if (listed && !this.stopping) onBuilding?.()
      while (listed && !this.stopping) listed = await this.db.write((tx) => buildDeferredIndex(tx))
      if (!listed && this.open.size === 0) this.indexesDeferred = false
    })().finally(() => {
      this.building = null
    })
    return this.building
  }

  /** The app stops: no index is built from now on (the next start builds them). */
  stop(): void {
    this.stopping = true
  }

  /**
   * @internal (WriterLane): the lane will hand over nothing more. The last lane of a burst of syncs
   * builds the indexes they dropped before its pull ends, so a sync ends with the cache whole.
   */
  async ended(lane: WriterLane, onBuilding?: () => void): Promise<void> {
    if (!this.open.delete(lane) || this.open.size > 0) return
    this.burst = { rows: 0, cacheHeld: null }
    if (this.indexesDeferred) await this.buildDeferredIndexes(onBuilding)
  }

  /** @internal (WriterLane) */
  enqueue(batch: Batch): void {
    this.waiting.push(batch)
    this.waitingRows += batch.rows
    this.wake?.()
    this.kick()
  }

  /** @internal (WriterLane): resolves once waiting rows are under the bound again. */
  async room(lane: WriterLane): Promise<void> {
    while (this.waitingRows > this.options.maxWaitingRows && lane.failure === null && !lane.discarded) {
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve))
    }
  }

  /** @internal (WriterLane): a lane now waits for its rows; an open transaction waiting for more commits instead. */
  commitSoon(): void {
    this.wake?.()
  }

  /** @internal (WriterLane): batches of `lane` not yet written are dropped, unwritten. */
  drop(lane: WriterLane, reason: unknown): void {
    const kept: Batch[] = []
    for (const batch of this.waiting) {
      if (batch.lane !== lane) kept.push(batch)
      else {
        this.waitingRows -= batch.rows
        batch.done.reject(reason)
      }
    }
    this.waiting = kept
    this.wakeRoomWaiters()
  }

  private kick(): void {
    if (this.writing || this.waiting.length === 0) return
    this.writing = true
    // The first group is taken at once: what is handed over until the transaction begins joins the next.
    void this.transaction(this.takeGroup()).finally(() => {
      this.writing = false
      this.kick()
    })
  }

  /** The waiting batches that fit in one group (at least one). */
  private takeGroup(): Batch[] {
    let taken = 0
    let rows = 0
    for (const batch of this.waiting) {
      if (taken > 0 && rows + batch.rows > this.options.maxGroupRows) break
      taken++
      rows += batch.rows
    }
    const group = this.waiting.slice(0, taken)
    this.waiting = this.waiting.slice(taken)
    this.waitingRows -= rows
    this.wakeRoomWaiters()
    return group
  }

  private wakeRoomWaiters(): void {
    const waiters = this.roomWaiters
    this.roomWaiters = []
    for (const wake of waiters) wake()
  }

  /** One transaction: groups while they come, then the commit that makes them written. */
  private async transaction(first: Batch[]): Promise<void> {
    // Batches taken for the transaction: written only once it commits, failed if it never does.
    const held: Batch[] = [...first]
    let deferredHere = false
    try {
      await this.db.write(async (tx) => {
        const started = Date.now()
        let group = first
        while (group.length > 0) {
          if (await this.deferIfLarge(tx, group)) deferredHere = true
          for (const failed of await this.writeGroup(tx, group)) held.splice(held.indexOf(failed), 1)
          // Another write (an edit, a state) waits behind this one: it goes first, the sync after it.
          if (Date.now() - started >= this.options.maxTransactionMs || awaited(held) || this.db.writesWaiting > 0) break
          if (this.waiting.length === 0 && !(await this.more(started, held))) break
          group = this.takeGroup()
          held.push(...group)
        }
      })
    } catch (error) {
      // Rolled back with the rows: the indexes are there again.
      if (deferredHere) this.indexesDeferred = false
      return this.failed(held, error)
    }
    for (const batch of held) batch.done.resolve()
  }

  /**
   * Drops the leads indexes, in this transaction, once the rows of this burst of syncs (this group's
   * included) reach `deferIndexesFrom` and half as many as the cache holds: a first sync of a large
   * account. True if it dropped them.
   */
  private async deferIfLarge(tx: Tx, group: Batch[]): Promise<boolean> {
    this.burst.rows += group.reduce((sum, batch) => sum + batch.rows, 0)
    if (this.indexesDeferred || this.building || this.burst.rows < this.options.deferIndexesFrom) return false
    this.burst.cacheHeld ??= await leadTotal(tx)
    if (!rebuildPays(this.burst.rows, this.burst.cacheHeld, this.options.deferIndexesFrom)) return false
    await deferLeadIndexes(tx)
    this.indexesDeferred = true
    return true
  }

  /**
   * With nothing waiting: true once a batch is handed over, false when it is time to commit instead
   * (the linger is over, a lane waits for its rows, or another write waits: looked at every 50 ms).
   */
  private async more(started: number, held: Batch[]): Promise<boolean> {
    const until = Date.now() + Math.min(this.options.lingerMs, this.options.maxTransactionMs - (Date.now() - started))
    while (this.waiting.length === 0 && !awaited(held) && this.db.writesWaiting === 0) {
      const wait = Math.min(50, until - Date.now())
      if (wait <= 0) return false
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait)
        this.wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      this.wake = null
    }
    return this.waiting.length > 0 && !awaited(held) && this.db.writesWaiting === 0
  }

  /**
   * Writes a group in a savepoint; if it fails, undoes it and tries each lane's batches alone.
   * Returns the batches that failed (their lanes are failed). Throws when the transaction itself
   * is lost (SQLite ended it), which fails everything it held.
   */
  private async writeGroup(tx: Tx, group: Batch[]): Promise<Batch[]> {
    const lanes = new Set(group.map((batch) => batch.lane))
    let failure: unknown
    try {
      await inSavepoint(tx, () => writeBatches(tx, group))
      return release(group)
    } catch (error) {
      throwIfNotTheRows(error)
      failure = error
    }
    if (lanes.size === 1) {
      this.failed(group, failure)
      return group
    }
    const failed: Batch[] = []
    for (const lane of lanes) {
      const own = group.filter((batch) => batch.lane === lane)
      try {
        await inSavepoint(tx, () => writeBatches(tx, own))
        release(own)
      } catch (error) {
        throwIfNotTheRows(error)
        this.failed(own, error)
        failed.push(...own)
      }
    }
    return failed
  }

  private failed(batches: Batch[], error: unknown): void {
    for (const batch of batches) {
      batch.lane.failure ??= { error }
      batch.done.reject(error)
    }
    for (const lane of new Set(batches.map((batch) => batch.lane))) this.drop(lane, error)
  }
}

/** Some lane waits for batches the transaction holds (a flush, a discard): it should commit now. */
function awaited(held: Batch[]): boolean {
  return held.some((batch) => batch.lane.flushing || batch.lane.discarded)
}

/** A group's rows are in the transaction: the writer need not hold them until the commit. */
function release(batches: Batch[]): Batch[] {
  for (const batch of batches)
    batch.leads = { connectionId: batch.lane.connectionId, latest: new Map(), statements: [] }
  return []
}

/**
 * A failure that is not about the rows written: the transaction was lost, or the storage failed (a
 * full disk, a lock, I/O). Thrown out of the transaction, which fails every lane it held with the
 * storage error the database reports.
 */
function throwIfNotTheRows(error: unknown): void {
  if (error instanceof TransactionLost) throw error.error
  if (asStorageError(error)) throw error
}

/** The savepoint could not be undone: SQLite rolled the whole transaction back (a full disk, I/O). */
class TransactionLost extends Error {
  constructor(readonly error: unknown) {
    super('the transaction was rolled back')
  }
}

/** `fn` in a savepoint: on failure, what it wrote is undone and its error thrown. */
async function inSavepoint(tx: Tx, fn: () => Promise<void>): Promise<void> {
  await tx.exec('SAVEPOINT sync_group')
  try {
    await fn()
  } catch (error) {
    try {
      await tx.exec('ROLLBACK TO sync_group; RELEASE sync_group')
    } catch {
      throw new TransactionLost(error)
    }
    throw error
  }
  await tx.exec('RELEASE sync_group')
}

/** The batches' rows, in the order handed over, then the last cursor of each stream. */
async function writeBatches(tx: Tx, batches: Batch[]): Promise<void> {
  const now = new Date().toISOString()
  const cursors = new Map<string, { connectionId: string; stream: string; cursor: StreamCursor }>()
  for (const batch of batches) {
    const connectionId = batch.lane.connectionId
    cursors.set(`${connectionId}\0${batch.stream}`, { connectionId, stream: batch.stream, cursor: batch.cursor })
  }
  await writePreparedLeads(
    tx,
    batches.map((batch) => batch.leads),
    now
  )
  for (const { connectionId, stream, cursor } of cursors.values()) {
    await saveCheckpoint(tx, connectionId, stream, cursor, now)
  }
}

/** One pull's side of the writer. */
export class WriterLane {
  /** The first failure of a transaction holding this lane's rows; set, the lane writes nothing more. */
  failure: { error: unknown } | null = null
  discarded = false
  /** Waiting in `flush` for everything handed over to be committed. */
  flushing = false
  private last: Promise<void> = Promise.resolve()
  /** Batches handed over and not yet committed or refused. */
  private readonly outstanding = new Set<Promise<void>>()

  constructor(
    private readonly writer: SyncWriter,
    readonly connectionId: string
  ) {}

  /**
   * Hands over rows and the cursor that follows them; resolves once the writer can take more (not
   * when they are committed: see `flush`). Throws the lane's failure, if a transaction failed.
   */
  async write(stream: string, rows: NormalizedLead[], cursor: StreamCursor): Promise<void> {
    this.throwIfFailed()
    // Built here, on the JS thread, while SQLite writes the batches handed over before.
    const leads = prepareLeads(this.connectionId, rows)
    const done = deferred()
    this.last = done.promise
    this.outstanding.add(done.promise)
    void done.promise.finally(() => this.outstanding.delete(done.promise)).catch(() => undefined)
    this.writer.enqueue({ lane: this, stream, leads, rows: rows.length, cursor, done })
    await this.writer.room(this)
    this.throwIfFailed()
  }

  /**
   * Resolves when everything handed over is committed and, if this was the last lane, the indexes
   * the syncs dropped are built again (`onBuilding` is told when that begins); throws the lane's failure.
   */
  async flush(onBuilding?: () => void): Promise<void> {
    this.flushing = true
    this.writer.commitSoon()
    try {
      await this.last
    } finally {
      this.flushing = false
    }
    this.throwIfFailed()
    await this.writer.ended(this, onBuilding)
  }

  /** Drops what is not yet written (a cancelled pull), then waits for the transaction under way to commit. */
  async discard(reason: unknown): Promise<void> {
    this.discarded = true
    this.writer.drop(this, reason)
    this.writer.commitSoon()
    await Promise.allSettled([...this.outstanding])
    await this.writer.ended(this)
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error
  }
}

interface Deferred {
  promise: Promise<void>
  resolve(): void
  reject(reason: unknown): void
}

function deferred(): Deferred {
  let resolve!: () => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  // Seen by flush() or the lane's next write; never an unhandled rejection meanwhile.
  promise.catch(() => undefined)
  return { promise, resolve, reject }
}
