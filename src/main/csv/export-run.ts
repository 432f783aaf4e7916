import { availableParallelism } from 'node:os'
import type { ExportOptions } from '../../shared/contract/csv-export'
import { encodeRow } from '../../shared/csv/cells'
import { headerOf, type ExportColumnId } from '../../shared/csv/columns'
import type { Database } from '../db'
import { ExportSnapshot, type CompiledSelection, type ExportPage } from './export-store'
import { pinLocalTimeZone } from './local-time'

export type { CompiledSelection } from './export-store'

export interface ExportPlan {
  selection: CompiledSelection
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
const MAX_PAGE_ROWS = 20_000
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

/** Two threads build pages where there are two cores; more gain little while the file is written on one. */
export function defaultReaders(): number {
  return Math.min(2, availableParallelism())
}

/**
 * Writes the whole export through `write`, page by page, from one read snapshot (see
 * ExportSnapshot). Each of the snapshot's connections builds a page at a time, in turn, while the
 * pages before are written in order: with two, SQLite builds on two threads and the file is
 * written meanwhile.
 */
export async function runExport(
  db: Database,
  plan: ExportPlan,
  write: WriteChunk,
  {
    signal,
    onProgress,
    readers = defaultReaders()
  }: { signal: AbortSignal; onProgress(progress: RunProgress): void; readers?: number }
): Promise<{ rows: number; bytes: number }> {
  if (plan.options.format === 'excel') pinLocalTimeZone()
  const snapshot = await ExportSnapshot.open(db, readers)
  // Pages asked for and not yet written, in position order; each names the connection that builds it.
  const pending: { page: Promise<ExportPage>; size: number; reader: number }[] = []
  try {
    onProgress({ phase: 'counting', rows: 0, total: null, bytes: 0 })
    const total = await snapshot.collect(plan.selection)
    if (signal.aborted) throw new ExportCancelled()

    const header = headerBytes(plan.columns, plan.options)
    await write(header)
    let bytes = header.length
    let rows = 0
    onProgress({ phase: 'writing', rows, total, bytes })

    const read = await snapshot.pages(plan.columns, plan.options)
    let position = 1
    let size = Math.min(FIRST_PAGE_ROWS, total)
    const ask = (reader: number): void => {
      if (position > total || signal.aborted) return
      const page = read[reader]!(position, size)
      // A page that fails while an earlier one is written is not yet awaited, and must not count
      // as an unhandled rejection (the loop awaits it in its turn).
      page.catch(() => undefined)
      pending.push({ page, size, reader })
      position += size
    }
    for (let reader = 0; reader < read.length; reader++) ask(reader)
    while (pending.length > 0) {
      const { page, size: asked, reader } = pending[0]!
      const { chunk, n } = await page
      pending.shift()
      size = nextPageRows(asked, chunk?.length ?? 0)
      // This connection is free again: it builds the next page while this one is written.
      ask(reader)
      if (signal.aborted) throw new ExportCancelled()
      if (chunk) {
        await write(chunk)
        bytes += chunk.length
      }
      rows += n
      onProgress({ phase: 'writing', rows, total, bytes })
    }
    if (rows !== total) throw new Error(`the export wrote ${rows} of ${total} rows`)
    return { rows, bytes }
  } finally {
    await Promise.all(pending.map(({ page }) => page.catch(() => undefined)))
    await snapshot.close()
  }
}
