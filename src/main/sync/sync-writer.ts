import type { Database, Tx } from '../db'
import { upsertLeads } from '../leads'
import type { NormalizedLead, StreamCursor } from '../providers'
import { saveCheckpoint } from './checkpoint-store'

export interface SyncWriterOptions {
  /**
   * Rows handed over but not yet in a transaction, above which a lane waits before handing over
   * more: with the batches being written, what bounds a sync's memory whatever the number of leads.
   */
  maxWaitingRows: number
  /**
   * Rows per transaction at most: what a transaction holds in memory while it is written, and how
   * long another write (an edit) may wait behind it.
   */
  maxTransactionRows: number
}

const DEFAULTS: SyncWriterOptions = { maxWaitingRows: 1000, maxTransactionRows: 4000 }

/** One batch of a lane: its rows, and the cursor that follows them, stored in the same transaction. */
interface Batch {
  lane: WriterLane
  stream: string
  rows: NormalizedLead[]
  cursor: StreamCursor
  done: Deferred
}

/**
 * Writes the batches of every connection being synced, several in one transaction (group commit):
 * while one transaction is written, the batches handed over meanwhile wait, and the next
 * transaction takes them all. A commit costs SQLite far more than the rows in it when they are few:
 * each one rewrites the index leaves it touched (a lead touches one in each of a dozen indexes and
 * the FTS index), so ten 1,000-row commits cost about 1.5× one 10,000-row commit (measured), and at a
 * million leads, with indexes far larger than the page cache, much more. Lanes keep reading while
 * their rows are written; they wait only when too many rows are waiting (memory).
 *
 * Each batch's cursor is stored in the transaction that stores its rows, so a killed process resumes
 * after the last committed batch of each stream. A transaction that fails fails every lane it held,
 * and such a lane's later batches are refused: its cursor must never move past rows that were not
 * stored. A failure is not blamed on a lane it may not be about: a transaction of several lanes
 * that fails is tried again lane by lane.
 */
export class SyncWriter {
  private waiting: Batch[] = []
  private waitingRows = 0
  private writing = false
  private roomWaiters: (() => void)[] = []

  constructor(
    private readonly db: Database,
    private readonly options: SyncWriterOptions = DEFAULTS
  ) {}

  /** A lane for one pull of one connection: its batches are written in the order handed over. */
  lane(connectionId: string): WriterLane {
    return new WriterLane(this, connectionId)
  }

  /** @internal (WriterLane) */
  enqueue(batch: Batch): void {
    this.waiting.push(batch)
    this.waitingRows += batch.rows.length
    this.kick()
  }

  /** @internal (WriterLane): resolves once waiting rows are under the bound again. */
  async room(lane: WriterLane): Promise<void> {
    while (this.waitingRows > this.options.maxWaitingRows && lane.failure === null && !lane.discarded) {
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve))
    }
  }

  /** @internal (WriterLane): batches of `lane` not yet in a transaction are dropped, unwritten. */
  drop(lane: WriterLane, reason: unknown): void {
    const kept: Batch[] = []
    for (const batch of this.waiting) {
      if (batch.lane !== lane) kept.push(batch)
      else {
        this.waitingRows -= batch.rows.length
        batch.done.reject(reason)
      }
    }
    this.waiting = kept
    this.wakeRoomWaiters()
  }

  private kick(): void {
    if (this.writing || this.waiting.length === 0) return
    this.writing = true
    // At least one batch; more while they fit.
    let taken = 0
    let rows = 0
    for (const batch of this.waiting) {
      if (taken > 0 && rows + batch.rows.length > this.options.maxTransactionRows) break
      taken++
      rows += batch.rows.length
    }
    const batches = this.waiting.slice(0, taken)
    this.waiting = this.waiting.slice(taken)
    this.waitingRows -= rows
    this.wakeRoomWaiters()
    void this.commit(batches).finally(() => {
      this.writing = false
      this.kick()
    })
  }

  private wakeRoomWaiters(): void {
    const waiters = this.roomWaiters
    this.roomWaiters = []
    for (const wake of waiters) wake()
  }

  private async commit(batches: Batch[]): Promise<void> {
    try {
      await this.db.write((tx) => writeBatches(tx, batches))
      for (const batch of batches) batch.done.resolve()
      return
    } catch (error) {
      const lanes = new Set(batches.map((batch) => batch.lane))
      if (lanes.size === 1) return this.failed(batches, error)
    }
    // Several lanes: which one's rows failed is unknown, so each lane's batches are tried alone.
    for (const lane of new Set(batches.map((batch) => batch.lane))) {
      const own = batches.filter((batch) => batch.lane === lane)
      try {
        await this.db.write((tx) => writeBatches(tx, own))
        for (const batch of own) batch.done.resolve()
      } catch (error) {
        this.failed(own, error)
      }
    }
  }

  private failed(batches: Batch[], error: unknown): void {
    for (const batch of batches) {
      batch.lane.failure ??= { error }
      batch.done.reject(error)
    }
    for (const lane of new Set(batches.map((batch) => batch.lane))) this.drop(lane, error)
  }
}

/** Rows grouped by connection (in the order handed over), then the last cursor of each stream. */
async function writeBatches(tx: Tx, batches: Batch[]): Promise<void> {
  const now = new Date().toISOString()
  const rows = new Map<string, NormalizedLead[]>()
  const cursors = new Map<string, { connectionId: string; stream: string; cursor: StreamCursor }>()
  for (const batch of batches) {
    const connectionId = batch.lane.connectionId
    let list = rows.get(connectionId)
    if (!list) rows.set(connectionId, (list = []))
    for (const row of batch.rows) list.push(row)
    cursors.set(`${connectionId}\0${batch.stream}`, { connectionId, stream: batch.stream, cursor: batch.cursor })
  }
  for (const [connectionId, list] of rows) await upsertLeads(tx, connectionId, list, now)
  for (const { connectionId, stream, cursor } of cursors.values()) {
    await saveCheckpoint(tx, connectionId, stream, cursor, now)
  }
}

/** One pull's side of the writer. */
export class WriterLane {
  /** The first failure of a transaction holding this lane's rows; set, the lane writes nothing more. */
  failure: { error: unknown } | null = null
  discarded = false
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
    const done = deferred()
    this.last = done.promise
    this.outstanding.add(done.promise)
    void done.promise.finally(() => this.outstanding.delete(done.promise)).catch(() => undefined)
    this.writer.enqueue({ lane: this, stream, rows, cursor, done })
    await this.writer.room(this)
    this.throwIfFailed()
  }

  /** Resolves when everything handed over is committed; throws the lane's failure. */
  async flush(): Promise<void> {
    await this.last
    this.throwIfFailed()
  }

  /** Drops what is not yet in a transaction (a cancelled pull), then waits for the one under way. */
  async discard(reason: unknown): Promise<void> {
    this.discarded = true
    this.writer.drop(this, reason)
    await Promise.allSettled([...this.outstanding])
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
