// The export's SQL: what it reads of the leads (through the query model's compiled selection) on a
// private read-only connection, and its own temp table there. No other file of src/main/csv holds SQL.
import type { ExportOptions } from '../../shared/contract/csv-export'
import type { ExportColumnId } from '../../shared/csv/columns'
import type { Connection, Database, Prepared, SqlValue } from '../db'
import { pageQuery } from './sql-cells'

/** Which leads, in which order: SQL with the leads as `l`, from the query model's compiler (never from a caller). */
export interface CompiledSelection {
  from: string
  where: string
  params: SqlValue[]
  orderBy: string
}

/** More keys than anyone picks columns from; the chooser says when there were more. */
const MAX_KEYS = 300

/** The distinct custom attribute keys among the leads a selection matches, sorted. */
export async function attributeKeys(
  db: Database,
  selection: Pick<CompiledSelection, 'from' | 'where' | 'params'>
): Promise<{ keys: string[]; truncated: boolean }> {
  // A scan of every matching lead: on a private connection, so the table's queries do not wait behind it.
  const conn = await db.openReader()
  try {
    const rows = await conn.all<{ key: string }>(
      `SELECT DISTINCT j.value ->> '$.key' AS key
       FROM leads AS l, json_each(l.attributes_json) AS j
       WHERE l.id IN (SELECT l.id FROM ${selection.from} WHERE ${selection.where})
         AND l.attributes_json <> '[]' AND key IS NOT NULL AND key <> ''
       ORDER BY key LIMIT ${MAX_KEYS + 1}`,
      selection.params
    )
    return { keys: rows.slice(0, MAX_KEYS).map((r) => String(r.key)), truncated: rows.length > MAX_KEYS }
  } finally {
    await conn.close()
  }
}

export interface ExportPage {
  chunk: Buffer | null
  n: number
}

/** Reads rows `first` to `first + count - 1` (from 1) of the snapshot as one page of CSV text. */
export type PageReader = (first: number, count: number) => Promise<ExportPage>

const SNAPSHOT_TABLE = 'CREATE TEMP TABLE export_rows (pos INTEGER PRIMARY KEY, lead_id INTEGER NOT NULL)'

/**
 * One export's read snapshot: the matching lead ids are copied, in order, into a temp table of a
 * private connection; pages are then position ranges of it, so any sort order pages cheaply and
 * the count is exact. Every page comes back as one string SQLite built (see sql-cells.ts).
 *
 * With more than one connection, pages are built on several threads at once. The connections'
 * read transactions share one snapshot (Database.openSnapshotReaders), and each collects the same
 * ordered ids into its own temp table: every connection reads the same leads at the same positions.
 */
export class ExportSnapshot {
  private statements: Prepared[] = []

  private constructor(private readonly conns: Connection[]) {}

  static async open(db: Database, readers = 1): Promise<ExportSnapshot> {
    const snapshot = new ExportSnapshot(await openConnections(db, readers))
    try {
      for (const conn of snapshot.conns) await conn.exec(SNAPSHOT_TABLE)
      return snapshot
    } catch (err) {
      await snapshot.close()
      throw err
    }
  }

  /**
   * Takes the leads `selection` matches, in its order; returns how many. Every connection runs the
   * same statement at once, on its own thread: on one snapshot, and with an order that is total
   * (the query model ends every sort on the lead id), they list the same leads at the same positions.
   */
  async collect(selection: CompiledSelection): Promise<number> {
    const { from, where, params, orderBy } = selection
    const counts = await Promise.all(
      this.conns.map(async (conn) => {
        const { changes } = await conn.run(
          `INSERT INTO temp.export_rows (lead_id) SELECT l.id FROM ${from} WHERE ${where} ORDER BY ${orderBy}`,
          params
        )
        return changes
      })
    )
    if (new Set(counts).size !== 1) throw new Error(`the export's connections disagree: ${counts.join(' ≠ ')} leads`)
    return counts[0]!
  }

  /**
   * One reader of pages per connection, each for rows of the same snapshot. The page query is long
   * (every cell's guard spelled out) and compiling it took milliseconds: it is prepared once each.
   */
  async pages(columns: readonly ExportColumnId[], options: ExportOptions): Promise<PageReader[]> {
    const page = pageQuery(columns, options, 'temp.export_rows')
    return Promise.all(
      this.conns.map(async (conn) => {
        const statement = await conn.prepare(page.sql)
        this.statements.push(statement)
        return async (first: number, count: number) =>
          (await statement.get<ExportPage>([...page.params, first, first + count - 1])) ?? { chunk: null, n: 0 }
      })
    )
  }

  async close(): Promise<void> {
    for (const statement of this.statements) await statement.finalize()
    this.statements = []
    for (const conn of this.conns) {
      await conn.exec('ROLLBACK').catch(() => undefined)
      await conn.close().catch(() => undefined)
    }
  }
}

/** Connections inside read transactions on one snapshot; one alone when several cannot be had (another program holds the write lock, say). */
async function openConnections(db: Database, readers: number): Promise<Connection[]> {
  if (readers > 1) {
    try {
      return await db.openSnapshotReaders(readers)
    } catch {
      // One connection still exports the same bytes, on one thread.
    }
  }
  const conn = await db.openReader()
  try {
    // A deferred transaction on a read-only connection: one snapshot from the first read to the end.
    await conn.exec('BEGIN')
    return [conn]
  } catch (err) {
    await conn.close().catch(() => undefined)
    throw err
  }
}
