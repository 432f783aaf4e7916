import { existsSync } from 'node:fs'
import sqlite3 from 'sqlite3'
import { DatabaseTooNew, latestVersion, migrate } from './migrate'
import { MIGRATIONS, type Migration } from './migrations'
import { asStorageError, type StorageError } from './storage-errors'
import { makePrivateFile } from '../private-files'

export type SqlValue = string | number | bigint | null | Buffer
export type Row = Record<string, unknown>

/** Promise wrapper around one sqlite3 connection. */
export class Connection {
  constructor(private readonly raw: sqlite3.Database) {}

  static open(file: string, mode = sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const raw = new sqlite3.Database(file, mode, (err) => (err ? reject(err) : resolve(new Connection(raw))))
    })
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number; lastID: number }> {
    return new Promise((resolve, reject) => {
      this.raw.run(sql, params, function (err) {
        if (err) reject(err)
        else resolve({ changes: this.changes, lastID: this.lastID })
      })
    })
  }

  all<T = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return new Promise((resolve, reject) => {
      // The caller's T names the columns its SELECT returns; stores parse the JSON ones they hold.
      this.raw.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[])))
    })
  }

  get<T = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      // As in all(): T names the SELECT's columns.
      this.raw.get(sql, params, (err, row) => (err ? reject(err) : resolve(row as T | undefined)))
    })
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.raw.exec(sql, (err) => (err ? reject(err) : resolve())))
  }

  /**
   * One statement compiled once and run many times with new parameters (each run resets it): for
   * a long statement read page after page, whose compiling would otherwise be paid every page.
   */
  prepare(sql: string): Promise<Prepared> {
    return new Promise((resolve, reject) => {
      const statement = this.raw.prepare(sql, (err) => {
        if (err) return reject(err)
        resolve({
          get: <T = Row>(params: readonly SqlValue[]) =>
            new Promise<T | undefined>((res, rej) =>
              // As in get(): T names the SELECT's columns.
              statement.get(params, (e: Error | null, row: unknown) => (e ? rej(e) : res(row as T | undefined)))
            ),
          finalize: () => new Promise<void>((res) => statement.finalize(() => res()))
        })
      })
    })
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.raw.close((err) => (err ? reject(err) : resolve())))
  }
}

/** A lone surrogate's escape in JSON.stringify's output (which escapes only those), not after an escaped backslash. */
const LONE_SURROGATE = /(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/g

/**
 * A value as JSON text for SQLite's JSON functions (a batch of rows passed as one parameter).
 * SQLite would turn a lone surrogate's escape into bytes that are not UTF-8; the driver binds one
 * as U+FFFD, and so does this.
 */
export function sqlJson(value: unknown): string {
  const json = JSON.stringify(value)
  return json.includes('\\ud') ? json.replace(LONE_SURROGATE, '$1\\ufffd') : json
}

/**
 * A private scratch database for work too big for memory (an import's keys seen so far): SQLite's
 * own temporary file (empty name), unlinked as it opens, so it leaves nothing behind when closed
 * or when the process is killed. Not the cache: nothing in it needs to survive, hence no journal.
 */
export async function openScratch(cacheKib: number): Promise<Connection> {
  const scratch = await Connection.open('')
  await scratch.exec(
    `PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -${Math.floor(cacheKib)};`
  )
  return scratch
}

/** A prepared statement of a Connection; finalize it before the connection closes. */
export interface Prepared {
  /** Binds `params` (resetting the statement) and returns the first row. */
  get<T = Row>(params: readonly SqlValue[]): Promise<T | undefined>
  finalize(): Promise<void>
}

/** What a write transaction may do. Only ever handed out inside `Database.write`. */
export type Tx = Pick<Connection, 'run' | 'all' | 'get' | 'exec'>

/**
 * The writer's settings; `npm run bench` gives the sqlite3 shell the same ones for its baseline.
 * 32 MB of page cache (the default is 2 MB): a lead touches a leaf of every index, and at a million
 * leads those are spread over hundreds of MB, so a small cache turns each batch into reads and
 * spills. Memory, not correctness: it bounds the writer's share of the process.
 */
export const WRITER_PRAGMAS = `
  PRAGMA journal_mode = WAL;
  PRAGMA synchronous = NORMAL;
  PRAGMA foreign_keys = ON;
  PRAGMA busy_timeout = 10000;
  PRAGMA cache_size = -32768;
`

/** The storage problem the last write met, until a write succeeds again. */
export type StorageProblem = Pick<StorageError, 'code' | 'message' | 'sqliteCode'>

/**
 * The cache. Writes go through one queue on the writer connection: the sqlite3 driver is
 * asynchronous, so two callers would otherwise interleave statements inside one transaction.
 * Reads use a second connection, so they never see another caller's uncommitted rows (WAL).
 * A full disk, a lock held by another program or a damaged file comes out as a StorageError.
 */
export class Database {
  private queue: Promise<unknown> = Promise.resolve()
  /** Writes queued and not yet begun. */
  private queued = 0
  private closed = false
  private storageProblem: StorageProblem | null = null
  private readonly problemListeners = new Set<(problem: StorageProblem | null) => void>()

  private constructor(
    private readonly writer: Connection,
    private readonly reader: Connection,
    readonly file: string
  ) {}

  static async open(file: string, migrations: readonly Migration[] = MIGRATIONS): Promise<Database> {
    // A database from a newer version is refused before anything (journal mode, migrations) touches it.
    if (existsSync(file)) await refuseIfNewer(file, latestVersion(migrations))
    makePrivateFile(file, [`${file}-wal`, `${file}-shm`])
    const writer = await Connection.open(file)
    try {
      await writer.exec(WRITER_PRAGMAS)
      await migrate(writer, migrations)
      const reader = await Connection.open(file)
      await reader.exec('PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA query_only = ON;')
      return new Database(writer, reader, file)
    } catch (err) {
      await writer.close().catch(() => undefined)
      throw err
    }
  }

  /** Runs `fn` in one IMMEDIATE transaction, after every write queued before it. */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('database is closed'))
    this.queued++
    const next = this.queue.then(async () => {
      this.queued--
      try {
        await this.writer.exec('BEGIN IMMEDIATE')
        let result: T
        try {
          result = await fn(this.writer)
          await this.writer.exec('COMMIT')
        } catch (err) {
          await this.writer.exec('ROLLBACK').catch(() => undefined)
          throw err
        }
        this.setProblem(null)
        return result
      } catch (err) {
        const storage = asStorageError(err)
        if (!storage) throw err
        this.setProblem(storage)
        throw storage
      }
    })
    this.queue = next.catch(() => undefined)
    return next
  }

  /** Writes waiting for the one under way: a long transaction (a sync's) commits early for them. */
  get writesWaiting(): number {
    return this.queued
  }

  all<T = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.reader.all<T>(sql, params).catch(rethrowAsStorage)
  }

  get<T = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return this.reader.get<T>(sql, params).catch(rethrowAsStorage)
  }

  /** The storage problem the last write met (null once a write succeeds again). */
  get problem(): StorageProblem | null {
    return this.storageProblem
  }

  onProblemChange(listener: (problem: StorageProblem | null) => void): () => void {
    this.problemListeners.add(listener)
    return () => this.problemListeners.delete(listener)
  }

  private setProblem(problem: StorageError | null): void {
    const next = problem && { code: problem.code, message: problem.message, sqliteCode: problem.sqliteCode }
    if (next?.code === this.storageProblem?.code) return
    this.storageProblem = next
    for (const listener of this.problemListeners) {
      try {
        listener(next)
      } catch {
        // A listener's failure must not turn into the write's.
      }
    }
  }

  /**
   * A private read-only connection for one long read, such as an export: its snapshot and its temp
   * tables are its own, and the shared reader stays free for the UI meanwhile. The caller closes it.
   */
  async openReader(): Promise<Connection> {
    if (this.closed) throw new Error('database is closed')
    const conn = await Connection.open(this.file, sqlite3.OPEN_READONLY)
    await conn.exec('PRAGMA busy_timeout = 10000')
    return conn
  }

  /**
   * `count` private read-only connections, each inside a read transaction, all on one snapshot:
   * their transactions begin while this connection holds the write lock (an empty IMMEDIATE
   * transaction on the queue), so no commit, from this process or another, can fall between them.
   * For one long read split over several threads. The caller ends them (ROLLBACK) and closes them.
   */
  async openSnapshotReaders(count: number): Promise<Connection[]> {
    const readers: Connection[] = []
    try {
      for (let i = 0; i < count; i++) readers.push(await this.openReader())
      await this.write(async () => {
        for (const reader of readers) {
          await reader.exec('BEGIN')
          // A read transaction takes its snapshot at its first read of the file, not at BEGIN.
          await reader.get('SELECT 1 FROM sqlite_schema LIMIT 1')
        }
      })
      return readers
    } catch (err) {
      for (const reader of readers) {
        await reader.exec('ROLLBACK').catch(() => undefined)
        await reader.close().catch(() => undefined)
      }
      throw err
    }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.queue
    await this.reader.close()
    await this.writer.exec('PRAGMA optimize').catch(() => undefined)
    await this.writer.close()
  }
}

function rethrowAsStorage(err: unknown): never {
  throw asStorageError(err) ?? err
}

async function refuseIfNewer(file: string, latest: number): Promise<void> {
  const reader = await Connection.open(file, sqlite3.OPEN_READONLY)
  try {
    const row = await reader.get<{ user_version: number }>('PRAGMA user_version')
    const current = row?.user_version ?? 0
    if (current > latest) throw new DatabaseTooNew(current, latest)
  } finally {
    await reader.close().catch(() => undefined)
  }
}

/**
 * Multi-row INSERT in chunks that stay under SQLite's bound-parameter limit: one statement per
 * chunk rather than per row is what makes bulk writes fast with this driver. Returns the rows the
 * statements changed (SQLite's changes(): an upsert that skips a row does not count it).
 */
export async function insertMany(
  tx: Tx,
  head: string,
  columnCount: number,
  rows: readonly (readonly SqlValue[])[],
  tail = '',
  maxParams = 30_000
): Promise<number> {
  const perChunk = Math.max(1, Math.floor(maxParams / columnCount))
  const tuple = `(${new Array(columnCount).fill('?').join(',')})`
  let changes = 0
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk)
    const sql = `${head} VALUES ${new Array(chunk.length).fill(tuple).join(',')} ${tail}`
    changes += (await tx.run(sql, chunk.flat())).changes
  }
  return changes
}
