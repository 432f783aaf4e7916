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

/**
 * One export's read snapshot: the matching lead ids are copied, in order, into a temp table of a
 * private connection; pages are then position ranges of it, so any sort order pages cheaply and
 * the count is exact. Every page comes back as one string SQLite built (see sql-cells.ts).
 */
export class ExportSnapshot {
  private begun = false
  private statement: Prepared | null = null

  private constructor(private readonly conn: Connection) {}

  static async open(db: Database): Promise<ExportSnapshot> {
    const snapshot = new ExportSnapshot(await db.openReader())
    try {
      // A deferred transaction on a read-only connection: one snapshot from the first read to the end.
      await snapshot.conn.exec('BEGIN')
      snapshot.begun = true
      await snapshot.conn.exec('CREATE TEMP TABLE export_rows (pos INTEGER PRIMARY KEY, lead_id INTEGER NOT NULL)')
      return snapshot
    } catch (err) {
      await snapshot.close()
      throw err
    }
  }

  /** Takes the leads `selection` matches, in its order; returns how many. */
  async collect(selection: CompiledSelection): Promise<number> {
    const { from, where, params, orderBy } = selection
    const { changes } = await this.conn.run(
      `INSERT INTO temp.export_rows (lead_id) SELECT l.id FROM ${from} WHERE ${where} ORDER BY ${orderBy}`,
      params
    )
    return changes
  }

  /**
   * A reader of pages: rows `first` to `first + count - 1` (from 1) as CSV text. The page query is
   * long (every cell's guard spelled out) and compiling it took milliseconds: it is prepared once.
   */
  async pages(
    columns: readonly ExportColumnId[],
    options: ExportOptions
  ): Promise<(first: number, count: number) => Promise<ExportPage>> {
    const page = pageQuery(columns, options, 'temp.export_rows')
    const statement = await this.conn.prepare(page.sql)
    this.statement = statement
    return async (first, count) =>
      (await statement.get<ExportPage>([...page.params, first, first + count - 1])) ?? { chunk: null, n: 0 }
  }

  async close(): Promise<void> {
    await this.statement?.finalize()
    this.statement = null
    if (this.begun) await this.conn.exec('ROLLBACK').catch(() => undefined)
    this.begun = false
    await this.conn.close().catch(() => undefined)
  }
}
