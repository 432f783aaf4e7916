import sqlite3 from 'sqlite3'
import { migrate } from './migrate'
import { MIGRATIONS, type Migration } from './migrations'

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
      this.raw.run(sql, params as SqlValue[], function (err) {
        if (err) reject(err)
        else resolve({ changes: this.changes, lastID: this.lastID })
      })
    })
  }

  all<T = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return new Promise((resolve, reject) => {
      this.raw.all(sql, params as SqlValue[], (err, rows) => (err ? reject(err) : resolve(rows as T[])))
    })
  }

  get<T = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      this.raw.get(sql, params as SqlValue[], (err, row) => (err ? reject(err) : resolve(row as T | undefined)))
    })
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.raw.exec(sql, (err) => (err ? reject(err) : resolve())))
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.raw.close((err) => (err ? reject(err) : resolve())))
  }
}

/** What a write transaction may do. Only ever handed out inside `Database.write`. */
export type Tx = Pick<Connection, 'run' | 'all' | 'get' | 'exec'>

/** The writer's settings; `npm run bench` gives the sqlite3 shell the same ones for its baseline. */
export const WRITER_PRAGMAS = `
  PRAGMA journal_mode = WAL;
  PRAGMA synchronous = NORMAL;
  PRAGMA foreign_keys = ON;
  PRAGMA busy_timeout = 10000;
`

/**
 * The cache. Writes go through one queue on the writer connection: the sqlite3 driver is
 * asynchronous, so two callers would otherwise interleave statements inside one transaction.
 * Reads use a second connection, so they never see another caller's uncommitted rows (WAL).
 */
export class Database {
  private queue: Promise<unknown> = Promise.resolve()
  private closed = false

  private constructor(
    private readonly writer: Connection,
    private readonly reader: Connection,
    readonly file: string
  ) {}

  static async open(file: string, migrations: readonly Migration[] = MIGRATIONS): Promise<Database> {
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
    const next = this.queue.then(async () => {
      await this.writer.exec('BEGIN IMMEDIATE')
      try {
        const result = await fn(this.writer)
        await this.writer.exec('COMMIT')
        return result
      } catch (err) {
        await this.writer.exec('ROLLBACK').catch(() => undefined)
        throw err
      }
    })
    this.queue = next.catch(() => undefined)
    return next
  }

  all<T = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.reader.all<T>(sql, params)
  }

  get<T = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return this.reader.get<T>(sql, params)
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
