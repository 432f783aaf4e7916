import type { ExportOptions } from '../../shared/contract/csv-export'
import { encodeRow } from '../../shared/csv/cells'
import { headerOf, type ExportColumnId } from '../../shared/csv/columns'
import type { Database, SqlValue } from '../db'
import { pinLocalTimeZone } from './local-time'
import { pageQuery } from './sql-cells'

/** Which leads, in which order: SQL with the leads as `l`, from the query model's compiler (never from a caller). */
export interface CompiledSelection {
  from: string
  where: string
  params: SqlValue[]
  orderBy: string
}

export interface ExportPlan {
  selection: CompiledSelection
  /** Only these leads among those the selection matches. */
  ids?: readonly number[]
  columns: readonly ExportColumnId[]
  options: ExportOptions
}

export interface RunProgress {
  phase: 'counting' | 'writing'
  rows: number
  total: number | null
  bytes: number
}

export type WriteChunk = (chunk: Buffer) => Promise<void>

export class ExportCancelled extends Error {
  constructor() {
    super('The export was cancelled.')
    this.name = 'ExportCancelled'
  }
}

// Pages aim at a few MB of text: big enough that a page costs one round trip per few thousand
// rows, small enough that a run of leads with megabyte notes does not balloon memory.
const FIRST_PAGE_ROWS = 500
const MAX_PAGE_ROWS = 5000
const TARGET_PAGE_BYTES = 4 * 2 ** 20

export function newlineOf(options: ExportOptions): string {
  return options.format === 'excel' ? '\r\n' : '\n'
}

/** The BOM (Excel format only) and the header line. */
export function headerBytes(columns: readonly ExportColumnId[], options: ExportOptions): Buffer {
  const bom = options.format === 'excel' ? '\uFEFF' : ''
  return Buffer.from(bom + encodeRow(columns.map(headerOf), options) + newlineOf(options), 'utf8')
}

function nextPageRows(rows: number, bytes: number): number {
  if (bytes === 0) return MAX_PAGE_ROWS
  return Math.max(1, Math.min(MAX_PAGE_ROWS, Math.floor((rows * TARGET_PAGE_BYTES) / bytes)))
}

/**
 * Writes the whole export through `write`, page by page, from one read snapshot: the matching lead
 * ids are first copied, in order, into a temp table of a private connection; pages are then
 * position ranges of it, so any sort order pages cheaply and the count is exact. The next page is
 * read while the current one is written.
 */
export async function runExport(
  db: Database,
  plan: ExportPlan,
  write: WriteChunk,
  { signal, onProgress }: { signal: AbortSignal; onProgress(progress: RunProgress): void }
): Promise<{ rows: number; bytes: number }> {
  if (plan.options.format === 'excel') pinLocalTimeZone()
  const conn = await db.openReader()
  type Page = { chunk: Buffer | null; n: number } | undefined
  let pending: Promise<Page> | null = null
  let begun = false
  try {
    // A deferred transaction on a read-only connection: one snapshot from the first read to the end.
    await conn.exec('BEGIN')
    begun = true
    await conn.exec('CREATE TEMP TABLE export_rows (pos INTEGER PRIMARY KEY, lead_id INTEGER NOT NULL)')
    onProgress({ phase: 'counting', rows: 0, total: null, bytes: 0 })
    const { from, where, params, orderBy } = plan.selection
    const onlyIds = plan.ids ? ' AND l.id IN (SELECT value FROM json_each(?))' : ''
    const { changes: total } = await conn.run(
      `INSERT INTO temp.export_rows (lead_id) SELECT l.id FROM ${from} WHERE (${where})${onlyIds} ORDER BY ${orderBy}`,
      plan.ids ? [...params, JSON.stringify(plan.ids)] : params
    )
    if (signal.aborted) throw new ExportCancelled()

    const header = headerBytes(plan.columns, plan.options)
    await write(header)
    let bytes = header.length
    let rows = 0
    onProgress({ phase: 'writing', rows, total, bytes })

    const page = pageQuery(plan.columns, plan.options, 'temp.export_rows')
    const fetch = (first: number, count: number): Promise<Page> =>
      conn.get<{ chunk: Buffer | null; n: number }>(page.sql, [...page.params, first, first + count - 1])
    let position = 1
    let size = Math.min(FIRST_PAGE_ROWS, total)
    pending = total > 0 ? fetch(position, size) : null
    while (pending) {
      const result = await pending
      pending = null
      position += size
      const chunk = result?.chunk ?? null
      size = nextPageRows(size, chunk?.length ?? 0)
      if (position <= total && !signal.aborted) pending = fetch(position, size)
      if (signal.aborted) throw new ExportCancelled()
      if (chunk) {
        await write(chunk)
        bytes += chunk.length
      }
      rows += result?.n ?? 0
      onProgress({ phase: 'writing', rows, total, bytes })
    }
    if (rows !== total) throw new Error(`the export wrote ${rows} of ${total} rows`)
    return { rows, bytes }
  } finally {
    await pending?.catch(() => undefined)
    if (begun) await conn.exec('ROLLBACK').catch(() => undefined)
    await conn.close().catch(() => undefined)
  }
}
